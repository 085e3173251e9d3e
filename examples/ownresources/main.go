// Command ownresources is a platform team's Pulumi program in a Go module of its own: it creates its own KMS
// key, SNS topic, network and administrator role, and passes their outputs into the pciqueue components.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/examples/ownresources/program"
)

func main() { pulumi.Run(program.Run) }
