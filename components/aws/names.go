package aws

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// maxQueueNameLength is SQS's limit on a queue name, including the .fifo suffix.
const maxQueueNameLength = 80

// maxAliasLength is KMS's limit on an alias name, including the alias/ prefix.
const maxAliasLength = 256

var (
	// SQS queue names: letters, digits, hyphens and underscores, plus the .fifo suffix of a FIFO queue.
	sqsNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.fifo)?$`)
	// KMS alias names: alias/ then letters, digits, '/', '_' and '-'; alias/aws/ is reserved for AWS.
	aliasPattern = regexp.MustCompile(`^alias/[A-Za-z0-9/_-]+$`)
)

// resourceNames are the physical names of the queue's resources. They are explicit rather than
// auto-generated because the functions, the alarm, the key policy and the trail refer to them before the
// resources exist, and because two stacks in one account must not collide: each name carries the stack.
type resourceNames struct {
	queue, dlq, keyAlias string
}

// namesFor derives the queue's physical names and checks them against the rules of SQS and KMS, so a stack
// name the cloud would reject fails the preview instead of the deployment.
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
	stack := cardnum.Scrub(ctx.Stack())
	switch {
	case !sqsNamePattern.MatchString(n.dlq):
		return n, fmt.Errorf("naming SQS queues for %q: stack %q gives %q, which SQS rejects: use a stack name of letters, digits, hyphens and underscores",
			spec.Name, stack, cardnum.Scrub(n.dlq))
	case len(n.dlq) > maxQueueNameLength:
		return n, fmt.Errorf("naming SQS queues for %q: %q is %d characters, over the SQS limit of %d: shorten the stack name or the queue name",
			spec.Name, cardnum.Scrub(n.dlq), len(n.dlq), maxQueueNameLength)
	case !aliasPattern.MatchString(n.keyAlias) || len(n.keyAlias) > maxAliasLength:
		return n, fmt.Errorf("naming the KMS alias of %q: stack %q gives %q, which KMS rejects: use a stack name of letters, digits, hyphens and underscores",
			spec.Name, stack, cardnum.Scrub(n.keyAlias))
	}
	return n, nil
}
