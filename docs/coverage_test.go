package docs_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/pack"
	"github.com/pciqueue/pciqueue/policies/rule"
)

const coverageDoc = "pci-coverage.md"

// policyName matches a policy name as the pack spells them: pci-<requirement>-<what>.
var policyName = regexp.MustCompile("`(pci-[0-9]+(?:\\.[0-9]+)*-[a-z0-9]+(?:-[a-z0-9]+)*|pci-[a-z]+(?:-[a-z]+)*)`( \\*\\(advisory\\)\\*)?")

// indexHeading starts the rule index, the one table that lists every rule with its level and clouds.
const indexHeading = "## Rule index"

func readDoc(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("reading docs/%s: %v", name, err)
	}
	return string(b)
}

func levelName(l level.Level) string { return l.String() }

func kindName(r rule.Rule) string {
	if r.IsStack() {
		return "stack"
	}
	return "resource"
}

func cloudNames(r rule.Rule) string {
	var out []string
	for _, c := range r.Clouds() {
		out = append(out, string(c))
	}
	return strings.Join(out, ", ")
}

// policies maps every policy name the pack can report to the rule behind it: each rule, its remediation
// policy, and the reporters every rule shares (nil rule).
func policies() map[string]*rule.Rule {
	out := map[string]*rule.Rule{
		rule.UnverifiedPolicy:      nil,
		rule.UnverifiedStackPolicy: nil,
		rule.OutsideStackPolicy:    nil,
	}
	for _, r := range pack.Rules() {
		out[r.Name] = &r
		if r.Remediate != nil {
			out[r.Name+"-fix"] = &r
		}
	}
	return out
}

func TestCoverage_indexListsEveryRuleAsTheCodeDefinesIt(t *testing.T) {
	doc := readDoc(t, coverageDoc)
	_, index, ok := strings.Cut(doc, indexHeading)
	if !ok {
		t.Fatalf("docs/%s has no %q section", coverageDoc, indexHeading)
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(index, "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) != 5 || !strings.HasPrefix(strings.TrimSpace(cells[0]), "`pci-") {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		name := strings.Trim(cells[0], "`")
		if _, dup := rows[name]; dup {
			t.Errorf("the rule index lists %s twice", name)
		}
		rows[name] = cells[1:]
	}
	for _, r := range pack.Rules() {
		got, listed := rows[r.Name]
		if !listed {
			t.Errorf("rule %s is registered in the pack but missing from the rule index of docs/%s; add the row | `%s` | %s | %s | %s | %s |",
				r.Name, coverageDoc, r.Name, r.Requirement, levelName(r.Level), kindName(r), cloudNames(r))
			continue
		}
		want := []string{r.Requirement, levelName(r.Level), kindName(r), cloudNames(r)}
		if !slices.Equal(got, want) {
			t.Errorf("the rule index row of %s says %q, the code says %q", r.Name, got, want)
		}
		delete(rows, r.Name)
	}
	for name := range rows {
		t.Errorf("the rule index of docs/%s lists %s, which the pack does not register", coverageDoc, name)
	}
}

func TestCoverage_everyNamedPolicyExistsWithItsLevel(t *testing.T) {
	doc := readDoc(t, coverageDoc)
	body, _, _ := strings.Cut(doc, indexHeading)
	known := policies()
	mentioned := map[string]bool{}
	for _, m := range policyName.FindAllStringSubmatch(body, -1) {
		name, markedAdvisory := m[1], m[2] != ""
		r, ok := known[name]
		if !ok {
			t.Errorf("docs/%s names %s, which is no policy of the pack", coverageDoc, name)
			continue
		}
		mentioned[name] = true
		if r == nil || strings.HasSuffix(name, "-fix") {
			if markedAdvisory {
				t.Errorf("docs/%s marks %s advisory; only rules carry a level", coverageDoc, name)
			}
			continue
		}
		if advisory := r.Level == level.Advisory; advisory != markedAdvisory {
			t.Errorf("docs/%s: %s is %s in the code; mark it *(advisory)* exactly when it is advisory", coverageDoc, name, levelName(r.Level))
		}
	}
	for _, r := range pack.Rules() {
		if !mentioned[r.Name] {
			t.Errorf("docs/%s never says which check rule %s covers; name it in a coverage table", coverageDoc, r.Name)
		}
	}
}
