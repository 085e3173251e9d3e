package pack

import (
	"fmt"
	"testing"

	"github.com/pciqueue/pciqueue/policies/fixture"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// The labelled real-world corpus: every hardened configuration passes every
// rule at the mandatory level, and every labelled failure is caught by the
// rule its label names. The figures are logged with -v.
func TestCorpus_hardenedConfigurationsPassAndLabelledFailuresAreCaught(t *testing.T) {
	cases, err := fixture.LoadCorpus(testdata + "/corpus")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 30 {
		t.Fatalf("%d corpus cases, want at least 30", len(cases))
	}
	byName := rulesByName()
	var total, right, falseAlarms, misses int
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			for name, want := range c.Verdicts {
				r, ok := byName[name]
				if !ok {
					t.Fatalf("verdict for unknown rule %q", name)
				}
				got, fs, err := c.Judge(r)
				if err != nil {
					t.Fatal(err)
				}
				total++
				switch {
				case got == want:
					right++
				case got == fixture.Fail:
					falseAlarms++
					t.Errorf("false alarm: %s %s, want %s (%s; %s):%s", name, got, want, c.Source, c.Reason, describeFindings(fs))
				case want == fixture.Fail:
					misses++
					t.Errorf("miss: %s %s, want fail (%s; %s)", name, got, c.Source, c.Reason)
				default:
					t.Errorf("%s %s, want %s (%s)", name, got, want, c.Source)
				}
			}
			if !c.Hardened {
				return
			}
			total++
			var alarms []string
			for _, r := range Rules() {
				if _, listed := c.Verdicts[r.Name]; listed || r.IsStack() {
					continue
				}
				if got, fs, err := c.Judge(r); err != nil {
					t.Fatal(err)
				} else if got == fixture.Fail {
					alarms = append(alarms, r.Name+describeFindings(fs))
				}
			}
			if len(alarms) > 0 {
				falseAlarms++
				t.Errorf("false alarm on a hardened configuration (%s): %v", c.Source, alarms)
				return
			}
			right++
		})
	}
	t.Logf("corpus: %d of %d verdicts right, %d false alarms, %d misses (%d cases)", right, total, falseAlarms, misses, len(cases))
}

func describeFindings(fs rule.Findings) string {
	out := ""
	for _, f := range fs {
		out += fmt.Sprintf("\n    %s: %s", f.Path, f.Message)
	}
	return out
}
