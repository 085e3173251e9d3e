package cmd_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// providerModule is the component provider's module directory, relative to this package.
const providerModule = "pulumi-resource-pciqueue"

// providerInputs are the files and directories the provider module builds from: its own, and the root
// module's packages it imports (replaced by ../.. in its go.mod), relative to this package.
var providerInputs = []string{providerModule, "../go.mod", "../go.sum", "../components", "../internal", "../providers"}

// TestProviderModule_vetsAndPasses runs the provider module's vet and tests, which build the plugin, start it
// and drive it over gRPC. Its first build links pulumi/pkg/v3 and takes minutes, so -short skips it.
func TestProviderModule_vetsAndPasses(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the provider module links pulumi/pkg/v3; run without -short (as .ci/run does)")
	}
	openInputs(t)
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	for _, args := range [][]string{
		{"vet", "./..."},
		{"test", "-count=1", "./..."},
	} {
		cmd := exec.Command(goCmd, args...)
		cmd.Dir = providerModule
		// The module resolves on its own go.mod and go.sum, whatever workspace the caller has.
		cmd.Env = append(os.Environ(), "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %v in cmd/%s: %v\n%s", args, providerModule, err, out)
		}
	}
}

// openInputs opens every file the provider module builds from. go test caches a passing result until a file
// the test opened changes, and it cannot see what the go command run here reads: without this, an edit to
// the provider or to a component it serves would be answered from the cache.
func openInputs(t *testing.T) {
	t.Helper()
	for _, root := range providerInputs {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			return f.Close()
		})
		if err != nil {
			t.Fatalf("listing the provider module's inputs: %v", err)
		}
	}
}
