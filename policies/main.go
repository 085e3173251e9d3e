// Command policies is the pciqueue PCI DSS 4.0 policy pack. The Pulumi engine
// starts it (pulumi preview --policy-pack ./policies) and drives it over the
// analyzer gRPC protocol; see package pack for the rules.
package main

import (
	"fmt"
	"os"

	"github.com/pciqueue/pciqueue/policies/pack"
	"github.com/pciqueue/pciqueue/policies/server"
)

func main() {
	if err := server.Main(pack.New); err != nil {
		fmt.Fprintf(os.Stderr, "running policy pack %s: %v\n", pack.Name, err)
		os.Exit(1)
	}
}
