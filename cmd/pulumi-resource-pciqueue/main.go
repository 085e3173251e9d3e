// Command pulumi-resource-pciqueue is pciqueue's component provider: a Pulumi plugin that serves the Go
// components over the provider protocol, so TypeScript, Python, C# and YAML programs use the same queues,
// with the same validation, as Go programs. `pulumi package add` builds it from PulumiPlugin.yaml and
// generates a local SDK from the schema it serves.
//
// The provider is an adapter and nothing more: each served component decodes its inputs into the Go args
// type (args.go, the only mapping) and calls the Go constructor, which validates, applies the defaults and
// registers the children exactly as it does for a Go program.
//
// It is a Go module of its own: pulumi-go-provider needs pulumi/pkg/v3, whose requirements would raise the
// root module's gocloud.dev to a version without the docstore driver lambdas/ uses. The plugin imports
// components/ and internal/ of the root module (replaced by ../.. in go.mod), never lambdas/; the root
// module's cmd package test runs this module's vet and tests.
//
// # What differs by cloud
//
// Components whose Go args hold another component are not served yet: the Google Cloud SecureQueue (its
// project's *ProjectControls), the AWS AuditControls (the stack's []*SecureQueue) and a shared Azure
// Namespace (SecureQueueArgs.Namespace). The Go constructors use unexported fields of those components, which
// a resource reference across the plugin boundary cannot carry; an Azure queue served here has its own
// namespace.
package main

import (
	"context"
	"fmt"
	"os"

	p "github.com/pulumi/pulumi-go-provider"
)

// Name is the package name the schema and the plugin binary carry.
const Name = "pciqueue"

// version is set by the release build (-ldflags "-X main.version=..."); local builds serve 0.0.0-dev.
var version = "0.0.0-dev"

func main() {
	prov, err := newProvider()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building the %s provider: %v\n", Name, err)
		os.Exit(1)
	}
	if err := p.RunProvider(context.Background(), Name, version, prov); err != nil {
		fmt.Fprintf(os.Stderr, "running the %s provider: %v\n", Name, err)
		os.Exit(1)
	}
}
