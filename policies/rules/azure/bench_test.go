package azure

import (
	"testing"

	"github.com/pciqueue/pciqueue/policies/fixture"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// BenchmarkStackRules judges a stack of about 1,000 resources (copies of
// the component stack fixture) with every Azure stack rule.
func BenchmarkStackRules(b *testing.B) {
	resources, err := fixture.Replicate("../../testdata/pci-7.2.2-servicebus-access-declared/azure-allowed-component-stack.json", 1000, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	stack := rule.NewStack(resources, scope.Default())
	rules := []rule.Rule{CMKUnpinned, CMKKeyInStack, CMKIdentity, AuditSink, QueueAccessDeclared}
	b.ResetTimer()
	for b.Loop() {
		for _, r := range rules {
			c, _ := rule.NewConfig(r, nil)
			r.CheckStack(stack, c)
		}
	}
}
