package docs_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// documents are the design documents; the README links to each.
var documents = []string{"contract.md", "architecture.md", "crypto-model.md", "pci-coverage.md"}

var (
	// testFunc matches a test, fuzz target or benchmark a document names.
	testFunc = regexp.MustCompile(`\b(?:Test|Fuzz|Benchmark)[A-Z][A-Za-z0-9_]*`)
	// declaredTest matches one declared in a _test.go file.
	declaredTest = regexp.MustCompile(`(?m)^func ((?:Test|Fuzz|Benchmark)[A-Z][A-Za-z0-9_]*)\(`)
	// repoPath matches a file of the repository a document names in backticks.
	repoPath = regexp.MustCompile("`((?:[a-z0-9_.-]+/)+[A-Za-z0-9_.-]+\\.(?:go|md|yaml|tmpl)|[A-Za-z0-9_-]+\\.(?:md|yaml))`")
)

// declaredTests lists every test function of the module, by name.
func declaredTests(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range declaredTest.FindAllStringSubmatch(string(b), -1) {
			out[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing the module's tests: %v", err)
	}
	return out
}

func TestDocuments_nameOnlyTestsThatExist(t *testing.T) {
	tests := declaredTests(t)
	for _, doc := range documents {
		for _, name := range testFunc.FindAllString(readDoc(t, doc), -1) {
			if !tests[name] {
				t.Errorf("docs/%s names %s, which no _test.go file of the module declares", doc, name)
			}
		}
	}
}

func TestDocuments_nameOnlyFilesThatExist(t *testing.T) {
	for _, doc := range append([]string{"../README.md"}, documents...) {
		for _, m := range repoPath.FindAllStringSubmatch(readDoc(t, doc), -1) {
			p := m[1]
			if first, _, _ := strings.Cut(p, "/"); strings.Contains(p, "/") && skipDir(first) {
				continue // generated output, such as the preview's report under preview-out/
			}
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err == nil {
				continue
			}
			// A bare file name may belong to the package the sentence is about; it must exist somewhere.
			if !strings.Contains(p, "/") && foundAnywhere(t, p) {
				continue
			}
			t.Errorf("%s names %s, which is not in the repository", doc, p)
		}
	}
}

// foundAnywhere reports whether a file of that name exists anywhere in the module.
func foundAnywhere(t *testing.T, name string) bool {
	t.Helper()
	found := false
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipAll
		}
		if d.IsDir() && path != root && skipDir(d.Name()) {
			return filepath.SkipDir
		}
		found = !d.IsDir() && d.Name() == name
		return nil
	})
	return found
}

func TestReadme_linksEveryDocument(t *testing.T) {
	readme := readDoc(t, "../README.md")
	for _, doc := range documents {
		if !strings.Contains(readme, "(docs/"+doc+")") {
			t.Errorf("README.md does not link docs/%s; add [..](docs/%s)", doc, doc)
		}
	}
}
