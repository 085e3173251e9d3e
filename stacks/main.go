// Command stacks is the pciqueue Pulumi program: `pulumi up` runs it with the selected stack's config
// (stacks/Pulumi.<stack>.yaml). The program itself lives in stacks/program so the offline preview and the
// tests run exactly the same code.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/stacks/program"
)

func main() {
	pulumi.Run(program.Run)
}
