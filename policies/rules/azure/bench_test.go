package azure

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/policies/fixture"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// BenchmarkStackRules judges a stack of about 1,000 resources (copies of
// the component stack fixture) with every Azure stack rule.
func BenchmarkStackRules(b *testing.B) {
	stack := replicated(b, "../../testdata/pci-7.2.2-servicebus-access-declared/azure-allowed-component-stack.json", 1000)
	rules := []rule.Rule{CMKUnpinned, CMKKeyInStack, CMKIdentity, AuditSink, QueueAccessDeclared}
	b.ResetTimer()
	for b.Loop() {
		for _, r := range rules {
			c, _ := rule.NewConfig(r, nil)
			r.CheckStack(stack, c)
		}
	}
}

// replicated loads a stack fixture and copies its resources until the stack
// holds at least n resources. Each copy renames every "orders" in the fixture
// (URNs, names, ids, tags), so the copies are distinct queues as in a real
// stack.
func replicated(b *testing.B, file string, n int) *rule.Stack {
	b.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	var out []rule.Resource
	for i := 0; len(out) < n; i++ {
		copyFile := filepath.Join(b.TempDir(), filepath.Base(file))
		if err := os.WriteFile(copyFile, []byte(strings.ReplaceAll(string(raw), "orders", fmt.Sprintf("orders%d", i))), 0o600); err != nil {
			b.Fatal(err)
		}
		fx, err := fixture.Load(copyFile)
		if err != nil {
			b.Fatal(err)
		}
		for _, fr := range fx.Resources {
			r, err := fr.Rule()
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, r)
		}
	}
	return rule.NewStack(out, scope.Default())
}
