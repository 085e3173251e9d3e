// Command preview runs a committed stack offline, without cloud credentials or the Pulumi CLI: it prints the
// resources `pulumi preview` would create with their security-relevant properties, runs the PCI DSS 4.0
// policy pack over them as `pulumi preview --policy-pack ./policies` would, prints every violation with its
// resource, rule, requirement and fix, and writes the evidence report for the assessor.
//
//	go run ./cmd/preview -stack aws-dev
//	go run ./cmd/preview -state aws-dev.json   # the file `pulumi stack export` wrote
//
// With -state it judges what is deployed instead, as `pulumi up` would, and the report says "deployed
// state"; the stack config is then optional.
//
// It exits 1 on an invalid stack config or policy configuration (with the validation message), on any
// mandatory violation and on any other failure, after removing the stack's previous report. On SIGINT or
// SIGTERM it stops the pack, removes its temporary build and exits 130 or 143.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/pciqueue/pciqueue/evidence/judge"
	"github.com/pciqueue/pciqueue/evidence/offline"
)

func main() {
	o := offline.Options{Date: time.Now().UTC(), Tool: offline.ToolVersion("preview")}
	flag.StringVar(&o.Stack, "stack", "aws-dev", "stack to preview: the name in stacks/Pulumi.<stack>.yaml")
	flag.StringVar(&o.StacksDir, "dir", "stacks", "directory holding the stack configs")
	flag.StringVar(&o.PoliciesDir, "policies", "policies", "directory of the policy pack")
	flag.StringVar(&o.PolicyConfig, "policy-config", "", "policy pack configuration file (the format of pulumi preview --policy-pack-config)")
	flag.StringVar(&o.State, "state", "", "judge the deployed stack in this file (written by pulumi stack export) instead of a preview")
	flag.StringVar(&o.ReportDir, "report", "preview-out", "directory the evidence report is written to; empty for none")
	flag.Parse()
	os.Exit(run(o))
}

// run previews with a context that SIGINT and SIGTERM cancel, and cleans up on every path out.
func run(o offline.Options) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	go func() {
		if s, ok := <-signals; ok {
			cancel(interrupted{s.(syscall.Signal)})
		}
	}()
	defer judge.Cleanup()

	out, err := offline.Preview(ctx, o, os.Stdout)
	var sig interrupted
	if err != nil && errors.As(context.Cause(ctx), &sig) {
		fmt.Fprintf(os.Stderr, "preview interrupted by %s: stopped the policy pack, removed its build and the stale report\n", sig.Signal)
		return 128 + int(sig.Signal)
	}
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

// interrupted is the cause of a cancellation by a signal.
type interrupted struct{ syscall.Signal }

func (i interrupted) Error() string { return "interrupted by " + i.Signal.String() }
