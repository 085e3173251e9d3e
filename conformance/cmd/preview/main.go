// Command preview runs a committed stack offline, without cloud credentials or the Pulumi CLI, and prints
// the resources `pulumi preview` would create with their security-relevant properties.
//
//	go run ./conformance/cmd/preview -stack aws-dev
//
// It exits 1 with the validation message when the stack config is invalid.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/pciqueue/pciqueue/conformance/offline"
)

func main() {
	stack := flag.String("stack", "aws-dev", "stack to preview: the name in stacks/Pulumi.<stack>.yaml")
	dir := flag.String("dir", "stacks", "directory holding the stack configs")
	flag.Parse()
	if err := run(*dir, *stack); err != nil {
		fmt.Fprintln(os.Stderr, "preview failed:", err)
		os.Exit(1)
	}
}

func run(dir, stack string) error {
	rs, err := offline.Run(dir, stack, true)
	if err != nil {
		return err
	}
	return offline.Render(os.Stdout, stack, rs)
}
