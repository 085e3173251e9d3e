package pack

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/pciqueue/pciqueue/policies/fixture"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// dictionary holds the property names and string values the fixtures use, so
// that generated property maps reach the paths rules read.
var dictionary = sync.OnceValues(func() ([]string, []string) {
	keys, strs := map[string]bool{}, map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				keys[k] = true
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case string:
			strs[x] = true
			var inner any
			if json.Unmarshal([]byte(x), &inner) == nil {
				walk(inner)
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(testdata, "*", "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var v any
		if json.Unmarshal(data, &v) == nil {
			walk(v)
		}
	}
	ks, ss := make([]string, 0, len(keys)), make([]string, 0, len(strs))
	for k := range keys {
		ks = append(ks, k)
	}
	for s := range strs {
		ss = append(ss, s)
	}
	slices.Sort(ks)
	slices.Sort(ss)
	return ks, ss
})

// gen turns fuzz bytes into property values of every kind: nulls, bools,
// numbers (including NaN and infinities), strings, computed values, secrets,
// arrays and maps, nested.
type gen struct {
	data       []byte
	keys, strs []string
}

func (g *gen) next() int {
	if len(g.data) == 0 {
		return 0
	}
	b := g.data[0]
	g.data = g.data[1:]
	return int(b)
}

func (g *gen) value(depth int) property.Value {
	switch k := g.next() % 10; {
	case k == 0:
		return property.New(property.Null)
	case k == 1:
		return property.New(g.next()%2 == 0)
	case k == 2:
		return property.New([]float64{0, -1, 1, 30, 365, 1e308, math.NaN(), math.Inf(1), 2.5, 300}[g.next()%10])
	case k == 3 && len(g.strs) > 0:
		return property.New(g.strs[(g.next()<<8|g.next())%len(g.strs)])
	case k == 4:
		n := g.next() % 24
		s := make([]byte, 0, n)
		for range n {
			s = append(s, byte(g.next()))
		}
		return property.New(string(s))
	case k == 5:
		return property.New(property.Computed)
	case k == 6 && depth > 0:
		return g.value(depth - 1).WithSecret(true)
	case k == 7 && depth > 0:
		n := g.next() % 4
		arr := make([]property.Value, 0, n)
		for range n {
			arr = append(arr, g.value(depth-1))
		}
		return property.New(arr)
	case k >= 8 && depth > 0:
		return property.New(g.object(depth - 1))
	default:
		return property.New("")
	}
}

func (g *gen) object(depth int) property.Map {
	n := g.next() % 8
	m := make(map[string]property.Value, n)
	for range n {
		m[g.keys[(g.next()<<8|g.next())%len(g.keys)]] = g.value(depth)
	}
	return property.NewMap(m)
}

type discard struct{}

func (discard) ReportViolation(string, string) {}

// FuzzRules feeds generated property maps to every rule, directly (a panic
// fails) and through the policyx policies (an error fails).
func FuzzRules(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{8, 5, 0, 1, 5, 0, 2, 9, 6, 7, 3, 0, 0})
	f.Add([]byte{9, 7, 0, 3, 8, 9, 2, 6, 6, 5, 4, 3, 200, 1})
	for _, fx := range loadFixtures(f) {
		data, err := os.ReadFile(fx.File)
		if err == nil {
			f.Add(data[:min(len(data), 64)])
		}
	}
	keys, strs := dictionary()
	rules := Rules()
	policies, err := rule.NewRuntime(true).Policies(rules)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &gen{data: data, keys: keys, strs: strs}
		provider := g.object(2)
		var stack []rule.Resource
		for _, r := range rules {
			c, _ := rule.NewConfig(r, nil)
			for i, typ := range r.Types {
				res := rule.Resource{
					Type: typ, Name: "r" + string(rune('a'+i%26)), URN: fixture.URNFor(typ, "r"+string(rune('a'+i%26))),
					Properties: g.object(3), Provider: rule.Provider{Properties: provider},
				}
				if len(stack) > 0 {
					res.PropertyDependencies = map[string][]string{keys[g.next()%len(keys)]: {stack[g.next()%len(stack)].URN}}
				}
				stack = append(stack, res)
				if r.Check != nil {
					r.Check(res, c)
				}
				if r.Remediate != nil {
					r.Remediate(res, c)
				}
			}
		}
		for _, r := range rules {
			if r.CheckStack != nil {
				c, _ := rule.NewConfig(r, nil)
				r.CheckStack(rule.NewStack(stack, scope.Default()), c)
			}
		}
		analyzed := make([]policyx.AnalyzerResource, 0, len(stack))
		for _, res := range stack {
			a := policyx.AnalyzerResource{Type: res.Type, Name: res.Name, URN: res.URN, Properties: res.Properties,
				Provider: policyx.AnalyzerProviderResource{Properties: provider}, PropertyDependencies: res.PropertyDependencies}
			analyzed = append(analyzed, a)
			for _, p := range policies {
				switch p := p.(type) {
				case policyx.ResourceValidationPolicy:
					if err := p.Validate(context.Background(), policyx.ResourceValidationArgs{Manager: discard{}, Resource: a}); err != nil {
						t.Fatalf("policy %q returned an error: %v", p.Name(), err)
					}
				case policyx.ResourceRemediationPolicy:
					if _, err := p.Remediate(context.Background(), policyx.ResourceRemediationArgs{Resource: a}); err != nil {
						t.Fatalf("policy %q returned an error: %v", p.Name(), err)
					}
				}
			}
		}
		for _, p := range policies {
			if sp, ok := p.(policyx.StackValidationPolicy); ok {
				if err := sp.Validate(context.Background(), policyx.StackValidationArgs{Manager: discard{}, Resources: analyzed}); err != nil {
					t.Fatalf("policy %q returned an error: %v", sp.Name(), err)
				}
			}
		}
	})
}
