package report_test

import (
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/evidence/report"
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/rules/aws"
	"github.com/pciqueue/pciqueue/policies/rules/common"
)

// withLevels sets the effective level of the named policies, dropping the findings a disabled policy
// could not have reported.
func withLevels(in report.Input, levels map[string]level.Level) report.Input {
	in.Provenance.Policies = nil
	for _, rl := range in.Rules {
		l, ok := levels[rl.Name]
		if !ok {
			l = rl.Level
		}
		in.Provenance.Policies = append(in.Provenance.Policies, report.PolicySetting{Name: rl.Name, Level: l})
	}
	var kept []report.Finding
	for _, f := range in.Findings {
		if levels[f.Rule] != level.Disabled {
			kept = append(kept, f)
		}
	}
	in.Findings = kept
	return in
}

func results(t *testing.T, r *report.Report, reqs ...string) map[string]report.Result {
	t.Helper()
	out := map[string]report.Result{}
	for _, id := range reqs {
		res, ok := r.Result(id)
		if !ok {
			t.Fatalf("the matrix has no row %s", id)
		}
		out[id] = res
	}
	return out
}

func TestMatrix_passMeansAnEnabledPolicyJudgedSomething(t *testing.T) {
	all := map[string]level.Level{common.ScopeTags.Name: level.Disabled, aws.QueueCMK.Name: level.Disabled, aws.KeyRotation.Name: level.Disabled}
	for _, tc := range []struct {
		name       string
		levels     map[string]level.Level
		dryRun     bool
		want       map[string]report.Result
		disabled   int
		notChecked int
	}{
		{"defaults", nil, true, map[string]report.Result{"3.5.1": report.ResultNotVerified, "3.7.4": report.ResultFail, "12.5.2": report.ResultPass}, 0, 0},
		{"all disabled", all, true, map[string]report.Result{"3.5.1": report.ResultNotChecked, "3.7.4": report.ResultNotChecked, "12.5.2": report.ResultNotChecked}, 3, 3},
		{"some disabled", map[string]level.Level{aws.KeyRotation.Name: level.Disabled}, true,
			map[string]report.Result{"3.5.1": report.ResultNotVerified, "3.7.4": report.ResultNotChecked, "12.5.2": report.ResultPass}, 1, 1},
		{"advisory only", map[string]level.Level{common.ScopeTags.Name: level.Advisory}, true,
			map[string]report.Result{"12.5.2": report.ResultPass}, 0, 0},
		{"deployed state", nil, false, map[string]report.Result{"3.5.1": report.ResultNotVerified, "3.7.4": report.ResultFail, "12.5.2": report.ResultPass}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := withLevels(awsDev(t), tc.levels)
			in.DryRun = tc.dryRun
			r := build(t, in)
			ids := make([]string, 0, len(tc.want))
			for id := range tc.want {
				ids = append(ids, id)
			}
			got := results(t, r, ids...)
			for id, want := range tc.want {
				if got[id] != want {
					t.Errorf("requirement %s = %s, want %s", id, got[id], want)
				}
			}
			s := r.Summary()
			if s.Disabled != tc.disabled || s.NotChecked != tc.notChecked {
				t.Errorf("summary disabled = %d, not checked = %d; want %d, %d", s.Disabled, s.NotChecked, tc.disabled, tc.notChecked)
			}
			md, html := render(t, r)
			for _, text := range []string{md, html} {
				if strings.Contains(text, "policies are disabled") != (tc.disabled > 0) {
					t.Errorf("the report's top says disabled policies = %v, want %v", strings.Contains(text, "policies are disabled"), tc.disabled > 0)
				}
				if tc.disabled == 3 && strings.Contains(text, ">PASS<") || tc.disabled == 3 && strings.Contains(text, "**PASS**") {
					t.Error("a report with every policy disabled shows PASS")
				}
			}
			if !tc.dryRun && (strings.Contains(md, "IN PREVIEW") || !strings.Contains(md, "deployed state")) {
				t.Error("a deployed-state report speaks of a preview or does not say it is the deployed state")
			}
		})
	}
}

func TestMatrix_advisoryFindingPassesWithAdvisories(t *testing.T) {
	in := awsDev(t)
	in.Findings = append(in.Findings, report.Finding{Rule: common.ScopeTags.Name, URN: find(t, in.Resources, keyType, "payments-key"), Level: level.Advisory, Message: "m"})
	in = withLevels(in, map[string]level.Level{common.ScopeTags.Name: level.Advisory})
	if got := results(t, build(t, in), "12.5.2")["12.5.2"]; got != report.ResultAdvisory {
		t.Fatalf("12.5.2 = %s, want %s", got, report.ResultAdvisory)
	}
}

func TestMatrix_disabledPolicyIsListedAsNotRun(t *testing.T) {
	in := withLevels(awsDev(t), map[string]level.Level{aws.KeyRotation.Name: level.Disabled})
	md, html := render(t, build(t, in))
	for _, text := range []string{md, html} {
		if !strings.Contains(text, "disabled: not run") {
			t.Error("the matrix does not say the disabled policy did not run")
		}
	}
}
