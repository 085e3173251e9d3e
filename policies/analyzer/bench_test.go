package analyzer

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// BenchmarkAnalyzeResource measures one Analyze call over gRPC (every policy
// of the pack judging one queue).
func BenchmarkAnalyzeResource(b *testing.B) {
	c := start(b, false, nil)
	var q Resource
	for _, r := range loadStack(b, "aws-allowed-hardened-stack.json") {
		if r.Name == "orders" {
			q = r
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.AnalyzeResource(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeResourceOneRulePack measures the same Analyze call against a
// pack of one policy on the same SDK (testdata/onerule), the baseline for
// BenchmarkAnalyzeResource.
func BenchmarkAnalyzeResourceOneRulePack(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "onerule")
	if err := Build(context.Background(), "testdata/onerule", bin); err != nil {
		b.Fatal(err)
	}
	c, err := Start(context.Background(), Config{Binary: bin, PackDir: "testdata/onerule"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.Close)
	var q Resource
	for _, r := range loadStack(b, "aws-allowed-hardened-stack.json") {
		if r.Name == "orders" {
			q = r
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.AnalyzeResource(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeStack1000 measures AnalyzeStack over gRPC for a stack of
// 1,000 resources: copies of the hardened queue stack, each linked within
// itself by property dependencies and values.
func BenchmarkAnalyzeStack1000(b *testing.B) {
	c := start(b, false, nil)
	rs := replicate(loadStack(b, "aws-allowed-hardened-stack.json"), 1000)
	b.ReportAllocs()
	for b.Loop() {
		ds, err := c.AnalyzeStack(ctx, rs)
		if err != nil {
			b.Fatal(err)
		}
		if len(ds) != 0 {
			b.Fatalf("the replicated hardened stack must pass, got %d diagnostics, first %+v", len(ds), ds[0])
		}
	}
}

// replicate copies base until n resources exist, renaming every copy (URNs,
// names, ARNs, URLs, key ids and tag declarations) so that copies link only
// within themselves.
func replicate(base []Resource, n int) []Resource {
	names := []string{
		"1234abcd-12ab-34cd-56ef-1234567890ab", "9999abcd-12ab-34cd-56ef-1234567890ab",
		"orders-dlq-policy", "orders-consumer", "orders-producer", "orders-policy", "orders-dlq", "orders-key",
		"pciqueue-audit", "producer-policy", "consumer-policy", "consumer-fn", "audit-key", "producer", "consumer",
		"orders", "audit",
	}
	// "producer" and "consumer" are role names in URNs only; in properties
	// they are the declared parts, which stay as they are.
	parts := []string{"producer", "consumer"}
	values := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return slices.Contains(parts, n) })
	token := func(list []string) *regexp.Regexp {
		return regexp.MustCompile(`(^|[^A-Za-z0-9-])(` + strings.Join(list, "|") + `)($|[^A-Za-z0-9-])`)
	}
	urnToken, valueToken := token(names), token(values)
	out := make([]Resource, 0, n)
	for i := 0; len(out) < n; i++ {
		suffix := fmt.Sprintf("-%d", i)
		renamer := func(re *regexp.Regexp) func(string) string {
			return func(s string) string {
				// Twice, because a match consumes the boundary a neighbour needs.
				for range 2 {
					s = re.ReplaceAllString(s, "${1}${2}"+suffix+"${3}")
				}
				return s
			}
		}
		rename, renameValue := renamer(urnToken), renamer(valueToken)
		for _, r := range base {
			if len(out) == n {
				break
			}
			c := r
			c.Name = rename(r.Name)
			c.URN = rename(r.URN)
			c.Properties = renameProps(r.Properties, renameValue)
			c.PropertyDependencies = map[string][]string{}
			for k, urns := range r.PropertyDependencies {
				for _, u := range urns {
					c.PropertyDependencies[k] = append(c.PropertyDependencies[k], rename(u))
				}
			}
			c.Dependencies = nil
			for _, u := range r.Dependencies {
				c.Dependencies = append(c.Dependencies, rename(u))
			}
			out = append(out, c)
		}
	}
	return out
}

func renameProps(pm resource.PropertyMap, rename func(string) string) resource.PropertyMap {
	out := maps.Clone(pm)
	for k, v := range out {
		out[k] = renameValue(v, rename)
	}
	return out
}

func renameValue(v resource.PropertyValue, rename func(string) string) resource.PropertyValue {
	switch {
	case v.IsString():
		return resource.NewProperty(rename(v.StringValue()))
	case v.IsObject():
		return resource.NewObjectProperty(renameProps(v.ObjectValue(), rename))
	case v.IsArray():
		arr := make([]resource.PropertyValue, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			arr[i] = renameValue(e, rename)
		}
		return resource.NewProperty(arr)
	default:
		return v
	}
}
