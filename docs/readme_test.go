package docs_test

// The README's Go snippets and the examples module are what a program outside this module sees: both must
// build against the components as they are now.

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// offlineGo runs the go command in dir with the module cache only: no test may reach the internet, and
// -mod=mod lets a nested module resolve the replaced pciqueue module's requirements from the cache.
func offlineGo(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s in %s: %v\n%s\n(after a change to the root go.mod, merge its go.sum into examples/go.sum and run go mod tidy in examples/)",
			strings.Join(args, " "), dir, err, out)
	}
}

func TestExamplesModule_buildsAndPassesItsTestsOffline(t *testing.T) {
	offlineGo(t, filepath.Join("..", "examples"), "vet", "./...")
	offlineGo(t, filepath.Join("..", "examples"), "test", "-count=1", "./...")
}

var goSnippet = regexp.MustCompile("(?s)```go\n(.*?)```")

func TestReadme_goSnippetsBuild(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	snippets := goSnippet.FindAllSubmatch(readme, -1)
	if len(snippets) == 0 {
		t.Fatal("README.md has no Go snippet to build")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join("..", "examples", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join("..", "examples", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	// The snippets build as a module of their own that requires pciqueue as the examples module does.
	gomod := strings.Replace(string(mod), "module github.com/pciqueue/pciqueue/examples", "module readmesnippets", 1)
	gomod = strings.Replace(gomod, "=> ..", "=> "+root, 1)
	dir := t.TempDir()
	for name, body := range map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range snippets {
		src := string(m[1])
		if !strings.HasPrefix(src, "package ") {
			t.Errorf("README Go snippet %d is not a complete file (it must start with a package clause):\n%s", i+1, src)
			continue
		}
		pkg := filepath.Join(dir, "snippet"+string(rune('a'+i)))
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(pkg, "main.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	offlineGo(t, dir, "vet", "./...")
}
