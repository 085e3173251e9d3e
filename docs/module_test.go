package docs_test

import (
	"bufio"
	"errors"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// root is the module root, relative to this package's directory (where go test runs).
const root = ".."

// modulePath reads the module path from go.mod.
func modulePath(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatalf("reading go.mod: %v", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if p, ok := strings.CutPrefix(strings.TrimSpace(s.Text()), "module "); ok {
			return strings.TrimSpace(p)
		}
	}
	t.Fatal("go.mod has no module line")
	return ""
}

// pkg is one package of the module: its directory relative to the root and the packages of the module it
// imports, also as root-relative directories.
type pkg struct {
	dir         string
	imports     []string
	testImports []string
}

// skipDir reports directories that hold no package of the module: VCS data, test data, generated output.
func skipDir(name string) bool {
	return name == "testdata" || name == "vendor" || name == "preview-out" ||
		strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// modulePackages lists every package of the module with its imports of other module packages, reading the
// files go build would compile for this platform (build constraints apply), without running the go command.
func modulePackages(t *testing.T) []pkg {
	t.Helper()
	module := modulePath(t)
	ours := func(paths []string) []string {
		var out []string
		for _, p := range paths {
			if p == module {
				out = append(out, ".")
			} else if rel, ok := strings.CutPrefix(p, module+"/"); ok {
				out = append(out, rel)
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	var pkgs []pkg
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != root && skipDir(d.Name()) {
			return filepath.SkipDir
		}
		// A directory with a go.mod of its own (examples/) is another module, not a package of this one.
		if _, err := os.Stat(filepath.Join(path, "go.mod")); path != root && err == nil {
			return filepath.SkipDir
		}
		bp, err := build.Default.ImportDir(path, 0)
		if err != nil {
			var none *build.NoGoError
			if errors.As(err, &none) {
				return nil
			}
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		pkgs = append(pkgs, pkg{
			dir:         filepath.ToSlash(rel),
			imports:     ours(bp.Imports),
			testImports: ours(append(slices.Clone(bp.TestImports), bp.XTestImports...)),
		})
		return nil
	})
	if err != nil {
		t.Fatalf("listing the module's packages: %v", err)
	}
	if len(pkgs) == 0 {
		t.Fatal("found no package in the module")
	}
	return pkgs
}
