package report

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/internal/level"
)

// Report is a built evidence report, ready to be written as Markdown or HTML.
type Report struct {
	stack, cloud, date string
	dryRun             bool
	provenance         provenanceView
	summary            Summary
	rules              []Rule
	rows               []row
	responsibilities   []responsibility
	findings           []findingView
	diagram            diagram
	inventory          []inventoryGroup
	// timestamps says the inventory has a last-changed column: the resources come from a deployment.
	timestamps bool
	// driftCompared and drift are the comparison of the deployed state with the program's plan.
	driftCompared bool
	drift         []Drift
}

// Summary counts what a report shows.
type Summary struct {
	// Resources counts every registered resource; Components and Providers count those among them that are
	// component resources and provider instances.
	Resources, Components, Providers int
	// Rules counts the rules that judged at least one type the stack registered; PackRules counts all
	// rules given.
	Rules, PackRules int
	// Requirements counts the rows of the requirement matrix, Failed those whose result is FAIL and
	// NotChecked those no enabled policy judged.
	Requirements, Failed, NotChecked int
	// Disabled counts the pack's rules the policy configuration disabled.
	Disabled int
	// Findings by kind: mandatory and advisory violations, findings that could not be verified because a
	// value was unknown, and fixes proposed by remediation policies.
	Mandatory, Advisory, Unverified, Remediated int
}

// Result is the outcome of a requirement in the matrix.
type Result string

// The results, worst first.
const (
	ResultFail        Result = "FAIL"
	ResultNotChecked  Result = "NOT CHECKED"
	ResultNotVerified Result = "NOT VERIFIED"
	ResultAdvisory    Result = "PASS WITH ADVISORIES"
	ResultPass        Result = "PASS"
)

// group is the resources one component created, or the stack's own resources.
type group struct {
	URN, Name, Type string
	Resources       []enginetest.Resource
}

// inventoryGroup lists, for the report's appendix, the resources of one group.
type inventoryGroup struct {
	Name, Type string
	Resources  []inventoryItem
}

type inventoryItem struct {
	Name, Type string
	Protect    bool
	// Modified is when the deployed resource last changed, or "".
	Modified string
}

// findingView is a finding as printed.
type findingView struct {
	Kind                         string
	Rule, Requirement            string
	ResourceName, ResourceType   string
	Message, Fix                 string
	severity                     int
	mandatory, unverified, fixes bool
}

// Build validates in and builds its report. It reads nothing but in.
func Build(in Input) (*Report, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	resources := sortResources(in.Resources)
	rules := withLevels(in.Rules, in.Provenance.Policies)
	slices.SortFunc(rules, func(a, b Rule) int {
		if c := compareIDs(a.Requirement, b.Requirement); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	r := &Report{
		stack:            clean(in.Stack),
		cloud:            in.Cloud,
		date:             in.Date.UTC().Format("2006-01-02"),
		dryRun:           in.DryRun,
		provenance:       newProvenanceView(in.Provenance, in.DryRun),
		responsibilities: responsibilities,
	}
	gs := groups(resources)
	findings := normalise(in.Findings, rules, resources)
	r.rules = applicable(rules, resources, findings)
	r.rows = matrix(r.rules, resources, findings)
	r.findings = views(findings, rules, r.dryRun)
	r.diagram = newDiagram(gs, findings)
	r.inventory = inventory(gs, in.Modified)
	r.timestamps = len(in.Modified) > 0
	r.driftCompared = in.DriftCompared
	for _, d := range in.Drift {
		r.drift = append(r.drift, Drift{Type: clean(d.Type), Name: clean(d.Name), Property: clean(d.Property), Planned: clean(d.Planned), Deployed: clean(d.Deployed)})
	}
	r.summary = summarise(resources, rules, r)
	return r, nil
}

// Summary returns the report's counts.
func (r *Report) Summary() Summary { return r.summary }

// Result returns the matrix result of a requirement, and false when the matrix has no row for it.
func (r *Report) Result(requirement string) (Result, bool) {
	for _, row := range r.rows {
		if row.ID == requirement {
			return row.Result, true
		}
	}
	return "", false
}

// WriteFiles writes <dir>/<stack>.md and <dir>/<stack>.html, creating dir when needed.
func WriteFiles(dir string, r *Report) (mdPath, htmlPath string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("creating report directory %s: %w", dir, err)
	}
	mdPath = filepath.Join(dir, r.stack+".md")
	htmlPath = filepath.Join(dir, r.stack+".html")
	if err := writeFile(mdPath, r.Markdown); err != nil {
		return "", "", err
	}
	if err := writeFile(htmlPath, r.HTML); err != nil {
		return "", "", err
	}
	return mdPath, htmlPath, nil
}

// Remove deletes the report files of stack in dir, so that a run that failed leaves no report behind
// that it did not confirm. Files that do not exist are not an error.
func Remove(dir, stack string) error {
	if !stackName.MatchString(stack) {
		return fmt.Errorf("removing the report of stack %q: not a stack name", stack)
	}
	var errs []error
	for _, ext := range []string{".md", ".html"} {
		if err := os.Remove(filepath.Join(dir, stack+ext)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("removing the stale report: %w", err))
		}
	}
	return errors.Join(errs...)
}

func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing report %s: %w", path, err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("writing report %s: %w", path, cerr)
		}
	}()
	if err := write(f); err != nil {
		return fmt.Errorf("writing report %s: %w", path, err)
	}
	return nil
}

// withLevels returns the rules at the levels the policy configuration set.
func withLevels(rules []Rule, settings []PolicySetting) []Rule {
	out := slices.Clone(rules)
	for i, rl := range out {
		for _, s := range settings {
			if s.Name == rl.Name {
				out[i].Level = s.Level
			}
		}
	}
	return out
}

// resultLabel is how a result is printed: a value unknown in a preview is "not verified in preview".
func (r *Report) resultLabel(res Result) string {
	if res == ResultNotVerified && r.dryRun {
		return string(res) + " IN PREVIEW"
	}
	return string(res)
}

func isProvider(r enginetest.Resource) bool { return strings.HasPrefix(r.Type, "pulumi:providers:") }

func isComponent(r enginetest.Resource) bool { return !r.Custom && !isProvider(r) }

// component returns the URN of the nearest component that is an ancestor of r, or "".
func component(r enginetest.Resource, byURN map[string]enginetest.Resource) string {
	for p, ok := byURN[r.Parent]; ok; p, ok = byURN[p.Parent] {
		if isComponent(p) {
			return p.URN
		}
	}
	return ""
}

// sortResources orders resources by type and name whatever order the program's goroutines registered
// them in.
func sortResources(in []enginetest.Resource) []enginetest.Resource {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b enginetest.Resource) int {
		if c := strings.Compare(a.Type, b.Type); c != 0 {
			return c
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.URN, b.URN)
	})
	return out
}

// groups puts the cloud resources under the component that created them; the stack's own group (providers
// and resources outside any component) comes first.
func groups(rs []enginetest.Resource) []group {
	byURN := map[string]enginetest.Resource{}
	for _, r := range rs {
		byURN[r.URN] = r
	}
	stack := group{Name: "stack", Type: "resources outside any component"}
	var comps []group
	index := map[string]int{}
	for _, r := range rs {
		if isComponent(r) {
			index[r.URN] = len(comps)
			comps = append(comps, group{URN: r.URN, Name: clean(r.Name), Type: clean(r.Type)})
		}
	}
	for _, r := range rs {
		if isComponent(r) {
			continue
		}
		if i, ok := index[component(r, byURN)]; ok {
			comps[i].Resources = append(comps[i].Resources, r)
			continue
		}
		stack.Resources = append(stack.Resources, r)
	}
	slices.SortStableFunc(comps, func(a, b group) int { return strings.Compare(a.Name, b.Name) })
	if len(stack.Resources) == 0 {
		return comps
	}
	return append([]group{stack}, comps...)
}

func inventory(gs []group, modified map[string]time.Time) []inventoryGroup {
	out := make([]inventoryGroup, len(gs))
	for i, g := range gs {
		out[i] = inventoryGroup{Name: g.Name, Type: g.Type}
		for _, r := range g.Resources {
			it := inventoryItem{Name: clean(r.Name), Type: clean(r.Type), Protect: r.Protect}
			if at, ok := modified[r.URN]; ok {
				it.Modified = at.UTC().Format(time.RFC3339)
			}
			out[i].Resources = append(out[i].Resources, it)
		}
	}
	return out
}

// normalise fills each finding's requirement and resource from the rules and the recorded resources.
func normalise(fs []Finding, rules []Rule, rs []enginetest.Resource) []Finding {
	out := make([]Finding, len(fs))
	for i, f := range fs {
		if f.Requirement == "" {
			if rl, ok := ruleNamed(rules, f.Rule); ok {
				f.Requirement = rl.Requirement
			}
		}
		for _, r := range rs {
			if f.URN != "" && r.URN == f.URN {
				if f.ResourceType == "" {
					f.ResourceType = r.Type
				}
				if f.ResourceName == "" {
					f.ResourceName = r.Name
				}
			}
		}
		out[i] = f
	}
	return out
}

// ruleNamed finds a rule by its policy name, or by the name of its remediation policy.
func ruleNamed(rules []Rule, name string) (Rule, bool) {
	for _, r := range rules {
		if r.Name == name || r.Name+"-fix" == name {
			return r, true
		}
	}
	return Rule{}, false
}

// applicable returns the rules that judged something in this stack: a type the stack registered, or a
// finding of theirs.
func applicable(rules []Rule, rs []enginetest.Resource, fs []Finding) []Rule {
	types := map[string]bool{}
	for _, r := range rs {
		types[r.Type] = true
	}
	var out []Rule
	for _, rl := range rules {
		used := slices.ContainsFunc(slices.Collect(maps.Keys(types)), rl.judges) ||
			slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == rl.Name || f.Rule == rl.Name+"-fix" })
		if used {
			out = append(out, Rule{
				Name: clean(rl.Name), Requirement: clean(rl.Requirement), Description: clean(rl.Description),
				Fix: clean(rl.Fix), Level: rl.Level, Types: rl.Types, covers: rl.covers,
			})
		}
	}
	return out
}

// views orders findings worst first and prepares them for printing.
func views(fs []Finding, rules []Rule, dryRun bool) []findingView {
	out := make([]findingView, 0, len(fs))
	for _, f := range fs {
		v := findingView{
			Rule:         clean(f.Rule),
			Requirement:  clean(f.Requirement),
			ResourceName: clean(f.ResourceName),
			ResourceType: clean(f.ResourceType),
			Message:      clean(f.Message),
		}
		if rl, ok := ruleNamed(rules, f.Rule); ok {
			v.Fix = clean(rl.Fix)
		}
		switch {
		case f.Unverified:
			v.Kind, v.severity, v.unverified = "not verified", 1, true
			if dryRun {
				v.Kind = "not verified in preview"
			}
		case f.Level == level.Mandatory:
			v.Kind, v.severity, v.mandatory = "mandatory violation", 0, true
		case f.Level == level.Advisory:
			v.Kind, v.severity = "advisory", 2
		default:
			v.Kind, v.severity, v.fixes = "remediated by the pack", 3, true
		}
		out = append(out, v)
	}
	slices.SortStableFunc(out, func(a, b findingView) int {
		if a.severity != b.severity {
			return a.severity - b.severity
		}
		if c := compareIDs(a.Requirement, b.Requirement); c != 0 {
			return c
		}
		if c := strings.Compare(a.Rule, b.Rule); c != 0 {
			return c
		}
		return strings.Compare(a.ResourceName, b.ResourceName)
	})
	return out
}

func summarise(rs []enginetest.Resource, packRules []Rule, r *Report) Summary {
	s := Summary{Resources: len(rs), PackRules: len(packRules), Requirements: len(r.rows)}
	for _, rl := range r.rules {
		if rl.Level != level.Disabled {
			s.Rules++
		}
	}
	for _, rl := range packRules {
		if rl.Level == level.Disabled {
			s.Disabled++
		}
	}
	for _, res := range rs {
		switch {
		case isProvider(res):
			s.Providers++
		case isComponent(res):
			s.Components++
		}
	}
	for _, row := range r.rows {
		switch row.Result {
		case ResultFail:
			s.Failed++
		case ResultNotChecked:
			s.NotChecked++
		}
	}
	for _, f := range r.findings {
		switch {
		case f.unverified:
			s.Unverified++
		case f.mandatory:
			s.Mandatory++
		case f.fixes:
			s.Remediated++
		default:
			s.Advisory++
		}
	}
	return s
}
