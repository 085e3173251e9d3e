package docs_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// layer is a top-level directory of the module and the layers its code may import, as architecture.md
// states them. Packages of one layer may import each other, except that a cloud's package never imports
// another cloud's (see cloudSiblings).
type layer struct {
	name string
	may  []string
	// testsToo applies the rule to test files as well: a layer whose tests may not reach further than its
	// code either.
	testsToo bool
}

var layers = []layer{
	{name: "internal", testsToo: true},
	{name: "providers", may: []string{"internal"}},
	{name: "components", may: []string{"providers", "internal"}},
	{name: "stacks", may: []string{"components", "providers", "internal"}},
	{name: "policies", may: []string{"internal"}, testsToo: true},
	{name: "lambdas", may: []string{"internal"}, testsToo: true},
	{name: "evidence", may: []string{"stacks", "components", "providers", "policies", "lambdas", "internal"}},
	{name: "conformance", may: []string{"evidence", "stacks", "components", "providers", "policies", "lambdas", "internal"}},
	{name: "cmd", may: []string{"evidence", "stacks", "components", "providers", "policies", "lambdas", "internal"}},
	{name: "docs", may: []string{"conformance", "evidence", "stacks", "components", "providers", "policies", "lambdas", "internal"}},
}

// cloudSiblings are the directories whose children are one cloud each: a child may import its parent but
// never a sibling, so a cloud stays one package that nothing else of another cloud reaches into.
var cloudSiblings = []string{"components", "policies/rules"}

// cloudLinks are the packages that exist to name the built-in clouds, importing each for its registration:
// they are no cloud, so the sibling rule does not apply to them.
var cloudLinks = []string{"components/clouds"}

func layerOf(dir string) string {
	top, _, _ := strings.Cut(dir, "/")
	return top
}

func findLayer(name string) (layer, bool) {
	i := slices.IndexFunc(layers, func(l layer) bool { return l.name == name })
	if i < 0 {
		return layer{}, false
	}
	return layers[i], true
}

// sibling returns the cloud child of parent that dir belongs to, or "".
func sibling(parent, dir string) string {
	rest, ok := strings.CutPrefix(dir, parent+"/")
	if !ok {
		return ""
	}
	child, _, _ := strings.Cut(rest, "/")
	return child
}

// violations lists every import that breaks the dependency direction.
func violations(pkgs []pkg) []string {
	var out []string
	for _, p := range pkgs {
		l, known := findLayer(layerOf(p.dir))
		if !known {
			out = append(out, fmt.Sprintf("%s is in no layer of architecture.md; add %q to the layers there and in this test",
				p.dir, layerOf(p.dir)))
			continue
		}
		check := func(imports []string, what string) {
			for _, imp := range imports {
				to := layerOf(imp)
				if to != l.name && !slices.Contains(l.may, to) {
					out = append(out, fmt.Sprintf("%s %s %s: %s may import only %v", p.dir, what, imp, l.name, l.may))
				}
				for _, parent := range cloudSiblings {
					from, into := sibling(parent, p.dir), sibling(parent, imp)
					if from != "" && into != "" && from != into && !slices.Contains(cloudLinks, p.dir) {
						out = append(out, fmt.Sprintf("%s %s %s: one cloud's package never imports another's", p.dir, what, imp))
					}
				}
			}
		}
		check(p.imports, "imports")
		if l.testsToo {
			check(p.testImports, "has tests importing")
		}
	}
	return out
}

func TestArchitecture_dependencyDirection(t *testing.T) {
	for _, v := range violations(modulePackages(t)) {
		t.Error(v)
	}
}

func TestArchitecture_layersAreClosedUnderImport(t *testing.T) {
	// A layer may import another only if it may also import everything that one may: otherwise the table
	// would allow, through an intermediary, what it forbids directly.
	for _, l := range layers {
		for _, m := range l.may {
			other, ok := findLayer(m)
			if !ok {
				t.Errorf("layer %s may import %s, which is not a layer", l.name, m)
				continue
			}
			for _, mm := range other.may {
				if mm != l.name && !slices.Contains(l.may, mm) {
					t.Errorf("layer %s may import %s, which may import %s, but %s may not", l.name, m, mm, l.name)
				}
			}
		}
	}
}

func TestArchitecture_violationsAreFound(t *testing.T) {
	for _, c := range []struct {
		name string
		pkg  pkg
		want string
	}{
		{"policies importing a component", pkg{dir: "policies/rules/aws", imports: []string{"components"}}, "policies may import only"},
		{"lambdas importing a cloud's component", pkg{dir: "lambdas/producer", imports: []string{"components/aws"}}, "lambdas may import only"},
		{"lambdas tests importing a component", pkg{dir: "lambdas/vault", testImports: []string{"components"}}, "has tests importing"},
		{"internal importing a package outside internal", pkg{dir: "internal/enginetest", imports: []string{"components"}}, "internal may import only"},
		{"internal importing lambdas", pkg{dir: "internal/pan", imports: []string{"lambdas/card"}}, "internal may import only"},
		{"components importing the stack program", pkg{dir: "components/aws", imports: []string{"stacks/program"}}, "components may import only"},
		{"providers importing components", pkg{dir: "providers", imports: []string{"components"}}, "providers may import only"},
		{"evidence importing the test suite", pkg{dir: "evidence/report", imports: []string{"conformance/harness"}}, "evidence may import only"},
		{"one cloud importing another", pkg{dir: "components/gcp", imports: []string{"components/aws"}}, "never imports another's"},
		{"one cloud's rules importing another's", pkg{dir: "policies/rules/azure", imports: []string{"policies/rules/gcp"}}, "never imports another's"},
		{"a package outside every layer", pkg{dir: "tools/gen"}, "in no layer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := violations([]pkg{c.pkg})
			if !slices.ContainsFunc(got, func(v string) bool { return strings.Contains(v, c.want) }) {
				t.Errorf("violations = %q, want one containing %q", got, c.want)
			}
		})
	}
	allowed := []pkg{
		{dir: "components/aws", imports: []string{"components", "providers", "internal/pan"}},
		{dir: "stacks/program", imports: []string{"components", "components/aws", "providers"}},
		{dir: "stacks/program", testImports: []string{"evidence/offline"}},
		{dir: "conformance/harness", imports: []string{"components/aws", "components/gcp", "internal/enginetest"}},
		{dir: "policies/pack", imports: []string{"policies/rules/aws", "policies/rules/gcp", "internal/pan"}},
		{dir: "internal/enginetest", imports: []string{"internal/tokens"}},
	}
	if got := violations(allowed); len(got) > 0 {
		t.Errorf("allowed imports reported: %q", got)
	}
}
