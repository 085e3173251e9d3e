package aws

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
)

// maxQueueNameLength is SQS's limit on a queue name, including the .fifo suffix.
const maxQueueNameLength = 80

// resourceNames are the physical names of the queue's resources. They are explicit rather than
// auto-generated because the functions, the alarm, the key policy and the trail refer to them before the
// resources exist, and because two stacks in one account must not collide: each name carries the stack.
type resourceNames struct {
	queue, dlq, keyAlias string
}

func namesFor(ctx *pulumi.Context, spec components.QueueSpec) (resourceNames, error) {
	base := fmt.Sprintf("%s-%s", ctx.Stack(), spec.Name)
	suffix := ""
	if spec.Ordered {
		suffix = ".fifo"
	}
	n := resourceNames{
		queue:    base + suffix,
		dlq:      base + "-dlq" + suffix,
		keyAlias: fmt.Sprintf("alias/pciqueue/%s/%s", ctx.Stack(), spec.Name),
	}
	if len(n.dlq) > maxQueueNameLength {
		return n, fmt.Errorf("naming SQS queues for %q: %q is %d characters, over the SQS limit of %d: shorten the stack name or the queue name",
			spec.Name, n.dlq, len(n.dlq), maxQueueNameLength)
	}
	return n, nil
}
