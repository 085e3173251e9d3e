package offline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pciqueue/pciqueue/evidence/judge"
	"github.com/pciqueue/pciqueue/evidence/report"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/level"
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
	// State is a file `pulumi stack export` wrote: the pack then judges the deployed resources, as on
	// update, instead of a preview of the program.
	State string
	// Tool is the version of the command, printed in the report's provenance.
	Tool string
	// Revision is the program's revision for the report's provenance; empty asks git in StacksDir.
	Revision string
}

// Outcome is what a preview found.
type Outcome struct {
	Mandatory, Advisory, Unverified int
	ReportMarkdown, ReportHTML      string
}

// Preview runs the stack program as a preview (or, with Options.State, reads what is deployed), prints
// the resources, runs the PCI policy pack over them exactly as `pulumi preview --policy-pack` (or `pulumi
// up`) would, prints every violation with its resource, rule, requirement and fix, and writes the evidence
// report.
//
// The policy configuration is checked against the pack before anything runs. On any error the stack's
// previous report is removed, so that no report outlives a run that could not confirm it.
func Preview(ctx context.Context, o Options, w io.Writer) (out Outcome, err error) {
	stack := o.Stack
	defer func() {
		if err != nil && o.ReportDir != "" {
			if rerr := report.Remove(o.ReportDir, stack); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
	}()
	var policies map[string]analyzer.PolicyConfig
	if o.PolicyConfig != "" {
		if policies, err = judge.ReadPolicyConfig(o.PolicyConfig); err != nil {
			return out, err
		}
	}
	if _, _, err := judge.Validate(policies); err != nil {
		return out, err
	}
	in, err := load(o)
	if err != nil {
		return out, err
	}
	stack = in.stack
	if err := in.render(w); err != nil {
		return out, err
	}
	p, err := judge.Build(ctx, o.PoliciesDir)
	if err != nil {
		return out, err
	}
	verdict, err := p.WithPolicies(policies).Judge(ctx, in.project, in.stack, in.config, in.resources, in.dryRun)
	if err != nil {
		return out, err
	}

	rules := map[string]rule.Rule{}
	for _, r := range pack.Rules() {
		rules[r.Name] = r
	}
	names := map[string]string{}
	for _, r := range in.resources {
		names[r.URN] = r.Type + " " + r.Name
	}
	findings := make([]report.Finding, 0, len(verdict.Diagnostics))
	for _, d := range verdict.Diagnostics {
		f := report.Finding{Rule: d.PolicyName, URN: d.URN, Level: d.Level, Message: d.Message, Unverified: judge.Unverified(d)}
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
		case d.Level == level.Mandatory:
			out.Mandatory++
		case !f.Unverified:
			out.Advisory++
		}
		findings = append(findings, f)
	}
	printViolations(w, verdict.Diagnostics, rules, names, len(verdict.Info.Policies))

	if o.ReportDir != "" {
		prov, err := in.provenance(ctx, o, verdict)
		if err != nil {
			return out, err
		}
		rep, err := report.Build(report.Input{
			Stack: in.stack, Cloud: in.cloud, Date: o.Date, DryRun: in.dryRun,
			Resources: in.resources, Rules: report.RulesFrom(pack.Rules()), Findings: findings, Provenance: prov,
			Modified: in.modified, DriftCompared: in.driftCompared, Drift: in.drift,
		})
		if err != nil {
			return out, fmt.Errorf("building the evidence report of %s: %w", in.stack, err)
		}
		if out.ReportMarkdown, out.ReportHTML, err = report.WriteFiles(o.ReportDir, rep); err != nil {
			return out, fmt.Errorf("writing the evidence report of %s: %w", in.stack, err)
		}
		fmt.Fprintf(w, "\nPCI evidence report: %s\n                     %s\n", out.ReportMarkdown, out.ReportHTML)
	}
	return out, nil
}

// Namespace is the config namespace whose cloud key names the stack's cloud.
const Namespace = "pciqueue"

func printViolations(w io.Writer, ds []analyzer.Diagnostic, rules map[string]rule.Rule, names map[string]string, policies int) {
	sorted := append([]analyzer.Diagnostic(nil), ds...)
	rank := map[level.Level]int{level.Mandatory: 0, level.Advisory: 1}
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
