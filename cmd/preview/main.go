// Command preview runs a committed stack offline, without cloud credentials or the Pulumi CLI: it prints the
// resources `pulumi preview` would create with their security-relevant properties, runs the PCI DSS 4.0
// policy pack over them as `pulumi preview --policy-pack ./policies` would, prints every violation with its
// resource, rule, requirement and fix, and writes the evidence report for the assessor.
//
//	go run ./cmd/preview -stack aws-dev
//
// It exits 1 on an invalid stack config (with the validation message) and on any mandatory violation.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/pciqueue/pciqueue/evidence/judge"
	"github.com/pciqueue/pciqueue/evidence/offline"
)

func main() {
	o := offline.Options{Date: time.Now().UTC()}
	flag.StringVar(&o.Stack, "stack", "aws-dev", "stack to preview: the name in stacks/Pulumi.<stack>.yaml")
	flag.StringVar(&o.StacksDir, "dir", "stacks", "directory holding the stack configs")
	flag.StringVar(&o.PoliciesDir, "policies", "policies", "directory of the policy pack")
	flag.StringVar(&o.PolicyConfig, "policy-config", "", "policy pack configuration file (the format of pulumi preview --policy-pack-config)")
	flag.StringVar(&o.ReportDir, "report", "preview-out", "directory the evidence report is written to; empty for none")
	flag.Parse()
	code := run(o)
	judge.Cleanup()
	os.Exit(code)
}

func run(o offline.Options) int {
	out, err := offline.Preview(context.Background(), o, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "preview failed:", err)
		return 1
	}
	if out.Mandatory > 0 {
		fmt.Fprintf(os.Stderr, "preview failed: %d mandatory policy violations\n", out.Mandatory)
		return 1
	}
	return 0
}
