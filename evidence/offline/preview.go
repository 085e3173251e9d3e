package offline

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pciqueue/pciqueue/evidence/judge"
	"github.com/pciqueue/pciqueue/evidence/report"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/policies/analyzer"
	"github.com/pciqueue/pciqueue/policies/pack"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// Options say what the offline preview runs and where it writes the evidence report.
type Options struct {
	StacksDir, PoliciesDir, Stack string
	// ReportDir receives <stack>.md and <stack>.html; empty writes no report.
	ReportDir string
	// Date is the day the report is about.
	Date time.Time
	// PolicyConfig is a policy pack configuration file, as `pulumi preview --policy-pack-config` takes.
	PolicyConfig string
}

// Outcome is what a preview found.
type Outcome struct {
	Mandatory, Advisory, Unverified int
	ReportMarkdown, ReportHTML      string
}

// Preview runs the stack program as a preview, prints what would be created, runs the PCI policy pack
// over it exactly as `pulumi preview --policy-pack` would, prints every violation with its resource, rule,
// requirement and fix, and writes the evidence report.
func Preview(ctx context.Context, o Options, w io.Writer) (Outcome, error) {
	var out Outcome
	cfg, err := StackConfig(o.StacksDir, o.Stack)
	if err != nil {
		return out, err
	}
	rs, err := RunConfig(o.Stack, cfg, true)
	if err != nil {
		return out, err
	}
	if err := Render(w, o.Stack, rs); err != nil {
		return out, err
	}
	p, err := judge.Build(ctx, o.PoliciesDir)
	if err != nil {
		return out, err
	}
	if o.PolicyConfig != "" {
		policies, err := judge.ReadPolicyConfig(o.PolicyConfig)
		if err != nil {
			return out, err
		}
		p = p.WithPolicies(policies)
	}
	verdict, err := p.Judge(ctx, Project, o.Stack, cfg, rs, true)
	if err != nil {
		return out, err
	}

	rules := map[string]rule.Rule{}
	for _, r := range pack.Rules() {
		rules[r.Name] = r
	}
	names := map[string]string{}
	for _, r := range rs {
		names[r.URN] = r.Type + " " + r.Name
	}
	findings := make([]report.Finding, 0, len(verdict.Diagnostics))
	for _, d := range verdict.Diagnostics {
		f := report.Finding{Rule: d.PolicyName, URN: d.URN, Level: report.Level(d.Level), Message: d.Message, Unverified: judge.Unverified(d)}
		if _, known := rules[d.PolicyName]; !known {
			// Pack-level policies (unverified in preview, evidence outside the stack) speak for a rule:
			// "<rule> (PCI DSS <req>): ...". The finding belongs to that rule's requirement.
			name, req := attribution(detail(d.Message))
			if _, ok := rules[name]; ok {
				f.Rule = name
			} else {
				f.Requirement = req
			}
		}
		if f.Unverified {
			out.Unverified++
		}
		switch {
		case d.Level == analyzer.Mandatory:
			out.Mandatory++
		case !f.Unverified:
			out.Advisory++
		}
		findings = append(findings, f)
	}
	printViolations(w, verdict.Diagnostics, rules, names, len(verdict.Info.Policies))

	if o.ReportDir != "" {
		rep, err := report.Build(report.Input{
			Stack: o.Stack, Cloud: cfg[Namespace+":cloud"], Date: o.Date, DryRun: true,
			Resources: rs, Rules: report.RulesFrom(pack.Rules()), Findings: findings,
		})
		if err != nil {
			return out, fmt.Errorf("building the evidence report of %s: %w", o.Stack, err)
		}
		if out.ReportMarkdown, out.ReportHTML, err = report.WriteFiles(o.ReportDir, rep); err != nil {
			return out, fmt.Errorf("writing the evidence report of %s: %w", o.Stack, err)
		}
		fmt.Fprintf(w, "\nPCI evidence report: %s\n                     %s\n", out.ReportMarkdown, out.ReportHTML)
	}
	return out, nil
}

// Namespace is the config namespace whose cloud key names the stack's cloud.
const Namespace = "pciqueue"

func printViolations(w io.Writer, ds []analyzer.Diagnostic, rules map[string]rule.Rule, names map[string]string, policies int) {
	sorted := append([]analyzer.Diagnostic(nil), ds...)
	rank := map[analyzer.Level]int{analyzer.Mandatory: 0, analyzer.Advisory: 1}
	sort.SliceStable(sorted, func(i, j int) bool {
		if rank[sorted[i].Level] != rank[sorted[j].Level] {
			return rank[sorted[i].Level] < rank[sorted[j].Level]
		}
		return sorted[i].PolicyName < sorted[j].PolicyName
	})
	fmt.Fprintf(w, "\nPolicy pack %s: %d policies, %d findings\n", pack.Name, policies, len(ds))
	if len(ds) == 0 {
		fmt.Fprintln(w, "  no violations")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LEVEL\tRULE\tREQUIREMENT\tRESOURCE\tFINDING")
	for _, d := range sorted {
		req := "-"
		if r, ok := rules[d.PolicyName]; ok {
			req = "PCI DSS " + r.Requirement
		}
		res := names[d.URN]
		if res == "" {
			res = "(stack)"
		}
		msg := strings.Join(strings.Fields(detail(d.Message)), " ")
		if _, fix, found := strings.Cut(d.Message, "Fix:"); found && !strings.Contains(msg, "Fix:") {
			fix, _, _ = strings.Cut(fix, "\n")
			msg += " Fix:" + fix
		}
		// A finding may quote the value it judged; a card number in it is masked before it reaches a terminal.
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.Level, d.PolicyName, req, cardnum.Scrub(res), cardnum.Scrub(msg))
	}
	tw.Flush()
}

// detail is the finding itself: the pack sends the policy's description, a newline, then what it found.
func detail(message string) string {
	if _, found, ok := strings.Cut(message, "\n"); ok {
		return found
	}
	return message
}

// attribution reads "<rule> (PCI DSS <req>): ..." at the start of a finding; req is "unattributed" when the
// finding names no requirement, so it is still reported rather than dropped.
func attribution(finding string) (rule, requirement string) {
	name, rest, ok := strings.Cut(finding, " (PCI DSS ")
	if !ok {
		return "", "unattributed"
	}
	req, _, ok := strings.Cut(rest, ")")
	if !ok {
		return name, "unattributed"
	}
	return name, req
}
