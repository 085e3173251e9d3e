package gcp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
)

const (
	// maxLogNameLength is the Cloud Logging limit on log bucket IDs and sink names.
	maxLogNameLength = 100
	// maxPerimeterNameLength keeps a perimeter's short name as short as access level names must be, so it
	// stays readable in the console and the audit logs; a longer stack name is shortened with a hash.
	maxPerimeterNameLength = 50
	accountIDHashLength    = 6
)

var (
	pubsubNamePattern    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$`)
	perimeterUnsafeChars = regexp.MustCompile(`[^A-Za-z0-9_]`)
)

// resourceNames are the physical names of a queue's resources. They are explicit because the alert, the
// audit sink's filter and the stack's outputs refer to them, and each carries the stack so that two stacks
// sharing a project do not collide. The key ring is the exception: Cloud KMS never deletes a key ring, so it
// is auto-named and a destroyed stack can be deployed again.
type resourceNames struct {
	topic, deadLetterTopic, subscription, deadLetterSubscription, logBucket, logSink, key string
}

func namesFor(ctx *pulumi.Context, spec components.QueueSpec) (resourceNames, error) {
	base := fmt.Sprintf("%s-%s", ctx.Stack(), spec.Name)
	n := resourceNames{
		topic:                  base,
		deadLetterTopic:        base + "-dlq",
		subscription:           base,
		deadLetterSubscription: base + "-dlq",
		logBucket:              base + "-audit",
		logSink:                base + "-audit",
		key:                    spec.Name,
	}
	if !pubsubNamePattern.MatchString(n.deadLetterTopic) || strings.HasPrefix(n.topic, "goog") {
		return n, fmt.Errorf("naming Pub/Sub topics for %q: %q is not a Pub/Sub name (3–255 characters starting with a letter, not \"goog\"): use a stack name that starts with a letter",
			spec.Name, n.topic)
	}
	if len(n.logBucket) > maxLogNameLength {
		return n, fmt.Errorf("naming the audit log bucket for %q: %q is %d characters, over the Cloud Logging limit of %d: shorten the stack name or the queue name",
			spec.Name, n.logBucket, len(n.logBucket), maxLogNameLength)
	}
	return n, nil
}

// accountID derives a service account ID (6–30 characters, [a-z][-a-z0-9]*[a-z0-9]) for one declared identity.
// The readable part is truncated to fit; the hash of the full declaration keeps IDs distinct across stacks,
// queues and roles in one project and the same on every run. The untruncated declaration is recorded in the
// account's description (see IdentityDeclaration).
func accountID(pulumiProject, stack, queue, role, name string) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{pulumiProject, stack, queue, role, name}, "/")))
	hash := hex.EncodeToString(sum[:])[:accountIDHashLength]
	return fmt.Sprintf("%s-%s-%s-%s", truncate(queue, 10), role[:1], truncate(name, 8), hash)
}

func truncate(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.TrimRight(s, "-")
}

// perimeterShortName is the perimeter's name inside its access policy: letters, digits and underscores,
// starting with a letter, one per stack.
func perimeterShortName(pulumiProject, stack string) string {
	name := "pciqueue_" + perimeterUnsafeChars.ReplaceAllString(stack, "_")
	if len(name) <= maxPerimeterNameLength {
		return name
	}
	sum := sha256.Sum256([]byte(pulumiProject + "/" + stack))
	return name[:maxPerimeterNameLength-9] + "_" + hex.EncodeToString(sum[:])[:8]
}
