package azure

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
)

// Name limits of the resources whose names are global or scoped wider than the queue.
const (
	maxResourceGroupName = 90
	maxVaultName         = 24
	maxNamespaceName     = 50
	// maxStackPrefix keeps "<stack>-<queue>-audit" within a workspace name's 63 characters.
	maxStackPrefix = 16
)

// resourceNames are the physical names of the queue's resources. They are explicit so that the offline
// preview, the policies and the functions see the names the cloud will use. The vault and the namespace
// need names unique across Azure: theirs end in a hash of the subscription, project, stack and queue, so two
// stacks (or two organisations with the same stack names) never collide, and each stays readable. Names
// scoped to a resource group start with the stack, so two stacks can share a given group.
type resourceNames struct {
	stack                                                  string
	group, key, workspace, cmkIdentity, alert, diagnostics string
	vault, namespace                                       pulumi.StringOutput
}

// local names a resource inside the queue's resource group: "<stack>-<queue>-<parts...>".
func (n resourceNames) local(parts ...string) string {
	return strings.Join(append([]string{n.stack}, parts...), "-")
}

func namesFor(ctx *pulumi.Context, spec components.QueueSpec, subscription pulumi.StringOutput) resourceNames {
	unique := func(prefixLen, hashLen int) pulumi.StringOutput {
		return subscription.ApplyT(func(sub string) string {
			sum := sha256.Sum256([]byte(strings.Join([]string{sub, ctx.Project(), ctx.Stack(), spec.Name}, "/")))
			return fmt.Sprintf("pq-%s-%s", truncate(spec.Name, prefixLen), hex.EncodeToString(sum[:])[:hashLen])
		}).(pulumi.StringOutput)
	}
	stack := truncate(strings.Trim(nonNameChars.ReplaceAllString(ctx.Stack(), "-"), "-"), maxStackPrefix)
	if stack == "" {
		stack = "stack"
	}
	n := resourceNames{
		stack:       stack,
		group:       strings.TrimRight(truncate(fmt.Sprintf("pciqueue-%s-%s", ctx.Stack(), spec.Name), maxResourceGroupName), "."),
		key:         spec.Name + "-cmk",
		diagnostics: "pciqueue-" + spec.Name + "-audit",
		// "pq-" + name + "-" + hash stays within each limit.
		vault:     unique(maxVaultName-3-1-6, 6),
		namespace: unique(maxNamespaceName-3-1-8, 8),
	}
	n.workspace = n.local(spec.Name, "audit")
	n.cmkIdentity = n.local(spec.Name, "cmk")
	n.alert = n.local(spec.Name, "dead-letters")
	return n
}

// nonNameChars are the characters a stack name may have that Azure names of identities and workspaces may not.
var nonNameChars = regexp.MustCompile(`[^A-Za-z0-9-]+`)

// truncate shortens s to at most n bytes without leaving a trailing hyphen, so that joining it with another
// hyphenated part never produces "--", which vault names forbid.
func truncate(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.TrimRight(s, "-")
}
