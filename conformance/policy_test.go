package conformance_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/conformance/mutation"
	"github.com/pciqueue/pciqueue/conformance/queuetest"
	"github.com/pciqueue/pciqueue/evidence/judge"
	"github.com/pciqueue/pciqueue/evidence/offline"
	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/policies/analyzer"
	"github.com/pciqueue/pciqueue/policies/external"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/scope"
)

func TestMain(m *testing.M) {
	code := m.Run()
	judge.Cleanup()
	os.Exit(code)
}

func pack(t *testing.T) *judge.Pack {
	t.Helper()
	p, err := judge.Build(context.Background(), "../policies")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func describe(ds []analyzer.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\n  [%s] %s on %s: %s", d.Level, d.PolicyName, d.URN, d.Message)
	}
	return b.String()
}

// Every committed stack passes the pack with zero mandatory violations, in preview and on update.
func TestPolicyConformance_committedStacks(t *testing.T) {
	p := pack(t)
	stacks, err := offline.Stacks("../stacks")
	if err != nil || len(stacks) < 3 {
		t.Fatalf("stacks = %v, %v", stacks, err)
	}
	for _, stack := range stacks {
		for _, dryRun := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/dryRun=%v", stack, dryRun), func(t *testing.T) {
				cfg, err := offline.StackConfig("../stacks", stack)
				if err != nil {
					t.Fatal(err)
				}
				rs, err := offline.RunConfig(stack, cfg, dryRun)
				if err != nil {
					t.Fatal(err)
				}
				v, err := p.Judge(context.Background(), offline.Project, stack, cfg, rs, dryRun)
				if err != nil {
					t.Fatal(err)
				}
				if m := v.Mandatory(); len(m) > 0 {
					t.Errorf("%d mandatory violations:%s", len(m), describe(m))
				}
				if !dryRun {
					for _, d := range v.Diagnostics {
						if judge.Unverified(d) {
							t.Errorf("unverified on update, where every value is known: %s", d.Message)
						}
					}
				}
			})
		}
	}
}

// Every spec of the conformance table passes the pack on every cloud. A bring-your-own-key case is judged
// as its user would run the pack: with the brought key declared in externalKeys, and the pack must say
// that the key is to be evidenced where it lives.
func TestPolicyConformance_everySpecOnEveryCloud(t *testing.T) {
	p := pack(t)
	for _, h := range harnesses {
		for _, c := range queuetest.Cases() {
			t.Run(string(h.Cloud())+"/"+c.Name, func(t *testing.T) {
				rs, err := h.Deploy(c)
				if err != nil {
					t.Fatal(err)
				}
				judged := p
				if c.BringYourOwnKey {
					judged = p.WithPolicies(map[string]analyzer.PolicyConfig{
						scope.PolicyName: {Properties: map[string]any{external.KeyKeys: []any{h.BroughtKey()}}},
					})
				}
				v, err := judged.Judge(context.Background(), "pciqueue", "conformance", nil, rs, false)
				if err != nil {
					t.Fatal(err)
				}
				if m := v.Mandatory(); len(m) > 0 {
					t.Errorf("%d mandatory violations:%s", len(m), describe(m))
				}
				if c.BringYourOwnKey && !slices.ContainsFunc(v.Diagnostics, func(d analyzer.Diagnostic) bool { return d.PolicyName == rule.OutsideStackPolicy }) {
					t.Errorf("the brought key passed without a %s notice", rule.OutsideStackPolicy)
				}
			})
		}
	}
}

// compliantStack is the recorded stack every mutation of a cloud starts from: the committed dev stack.
func compliantStack(t *testing.T, cloud components.Cloud) ([]enginetest.Resource, map[string]string) {
	t.Helper()
	stack := string(cloud) + "-dev"
	cfg, err := offline.StackConfig("../stacks", stack)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := offline.RunConfig(stack, cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	return rs, cfg
}

// Every weakening of a compliant stack produces at least one mandatory violation, among them each rule the
// mutation names.
func TestMutationSuite_everyWeakeningIsCaught(t *testing.T) {
	p := pack(t)
	for _, cloud := range components.Clouds() {
		t.Run(string(cloud), func(t *testing.T) {
			muts := mutation.For(cloud)
			if len(muts) == 0 {
				t.Fatalf("no mutations for %s", cloud)
			}
			base, cfg := compliantStack(t, cloud)
			var survivors []string
			for _, m := range muts {
				rs, err := m.Apply(base)
				if err != nil {
					t.Errorf("mutation %q does not apply: %v", m.Name, err)
					continue
				}
				v, err := p.Judge(context.Background(), offline.Project, string(cloud)+"-dev", cfg, rs, false)
				if err != nil {
					t.Errorf("mutation %q: %v", m.Name, err)
					continue
				}
				if len(v.Mandatory()) == 0 {
					survivors = append(survivors, m.Name)
					continue
				}
				for _, r := range m.Rules {
					if !slices.ContainsFunc(v.Mandatory(), func(d analyzer.Diagnostic) bool { return d.PolicyName == r }) {
						t.Errorf("mutation %q breaks %s but %s does not report it as mandatory:%s", m.Name, m.Guarantee, r, describe(v.Mandatory()))
					}
				}
			}
			killed := len(muts) - len(survivors)
			t.Logf("%s: killed %d of %d mutations (%.0f%%)", cloud, killed, len(muts), 100*float64(killed)/float64(len(muts)))
			if len(survivors) > 0 {
				t.Errorf("%d mutations survive the pack on %s:\n  %s", len(survivors), cloud, strings.Join(survivors, "\n  "))
			}
		})
	}
}

// A weakening of the project's hardening beyond PCI DSS passes with no mandatory violation, and is reported by
// the advisory policy that covers it.
func TestMutationSuite_hardeningBeyondPCIIsAdvisory(t *testing.T) {
	p := pack(t)
	for _, cloud := range components.Clouds() {
		t.Run(string(cloud), func(t *testing.T) {
			base, cfg := compliantStack(t, cloud)
			for _, h := range mutation.HardeningFor(cloud) {
				t.Run(h.Name, func(t *testing.T) {
					rs, err := h.Apply(base)
					if err != nil {
						t.Fatalf("does not apply: %v", err)
					}
					v, err := p.Judge(context.Background(), offline.Project, string(cloud)+"-dev", cfg, rs, false)
					if err != nil {
						t.Fatal(err)
					}
					if m := v.Mandatory(); len(m) > 0 {
						t.Errorf("PCI DSS is still met (%s), yet %d mandatory violations:%s", h.Reason, len(m), describe(m))
					}
					if h.Policy != "" && !slices.ContainsFunc(v.Diagnostics, func(d analyzer.Diagnostic) bool { return d.PolicyName == h.Policy }) {
						t.Errorf("advisory policy %s did not report it", h.Policy)
					}
				})
			}
		})
	}
}
