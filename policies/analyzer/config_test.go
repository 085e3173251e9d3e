package analyzer

import (
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/pack"
)

var testInfo = Info{Name: "p", Policies: []PolicyInfo{
	{Name: "a", Level: level.Mandatory, ConfigSchema: map[string]any{
		"max":  map[string]any{"type": "number", "default": 365.0, "minimum": 90.0, "maximum": 365.0},
		"mode": map[string]any{"type": "string", "enum": []any{"all", "tagged"}},
		"ids":  map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
	}},
	{Name: "b", Level: level.Mandatory},
}}

func TestEffective_mergesDefaultsAllAndOwnEntries(t *testing.T) {
	eff, err := Effective(testInfo, map[string]PolicyConfig{
		"all": {Level: new(level.Advisory)},
		"a":   {Properties: map[string]any{"mode": "tagged"}},
		"b":   {Level: new(level.Disabled)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if eff["a"].Level != level.Advisory || eff["a"].Properties["max"] != 365.0 || eff["a"].Properties["mode"] != "tagged" || eff["b"].Level != level.Disabled {
		t.Errorf("got %+v", eff)
	}
}

func TestEffective_rejectsBadConfigNamingPolicyValueAndAllowed(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  map[string]PolicyConfig
		want []string
	}{
		{"unknown policy", map[string]PolicyConfig{"pci-does-not-exist": {Level: new(level.Mandatory)}},
			[]string{`no policy named "pci-does-not-exist"`, `"all" or one of: a, b`}},
		{"invalid level", map[string]PolicyConfig{"all": {Level: new(level.Level(7))}},
			[]string{`policy "all"`, "level(7)", "mandatory, advisory, remediate, disabled"}},
		{"wrong type", map[string]PolicyConfig{"a": {Properties: map[string]any{"max": "abc"}}},
			[]string{`policy "a"`, `property "max" is "abc"`, "a number, at least 90, at most 365"}},
		{"out of range", map[string]PolicyConfig{"a": {Properties: map[string]any{"max": 400.0}}},
			[]string{`policy "a"`, `property "max" is 400`, "at most 365"}},
		{"not in enum", map[string]PolicyConfig{"a": {Properties: map[string]any{"mode": "some"}}},
			[]string{`property "mode" is "some"`, `one of "all", "tagged"`}},
		{"wrong item type", map[string]PolicyConfig{"a": {Properties: map[string]any{"ids": []any{1.0}}}},
			[]string{`property "ids" is [1]`, "a list of strings"}},
		{"unknown property", map[string]PolicyConfig{"a": {Properties: map[string]any{"maxDays": 30.0}}},
			[]string{`policy "a" has no property "maxDays"`, "its properties are ids, max, mode"}},
		{"property on a policy without any", map[string]PolicyConfig{"b": {Properties: map[string]any{"x": true}}},
			[]string{`policy "b" has no property "x"`, "takes no properties"}},
		{"properties on all", map[string]PolicyConfig{"all": {Properties: map[string]any{"max": 1.0}}},
			[]string{`policy "all" takes only an enforcement level`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Effective(testInfo, tc.cfg)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestEffective_reportsEveryProblemAtOnce(t *testing.T) {
	_, err := Effective(testInfo, map[string]PolicyConfig{
		"typo": {}, "a": {Properties: map[string]any{"max": "abc"}},
	})
	if err == nil || !strings.Contains(err.Error(), "typo") || !strings.Contains(err.Error(), `"abc"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestDescribe_matchesWhatThePackAnswersOverTheProtocol(t *testing.T) {
	p, err := pack.Build(true)
	if err != nil {
		t.Fatal(err)
	}
	got := Describe(p)
	want := start(t, true, nil).Info()
	if got.Name != want.Name || got.Version != want.Version || len(got.Policies) != len(want.Policies) {
		t.Fatalf("Describe = %s@%s with %d policies, protocol = %s@%s with %d", got.Name, got.Version, len(got.Policies), want.Name, want.Version, len(want.Policies))
	}
	for i := range got.Policies {
		g, w := got.Policies[i], want.Policies[i]
		if g.Name != w.Name || g.Level != w.Level || show(g.ConfigSchema) != show(w.ConfigSchema) {
			t.Errorf("policy %d: Describe %+v, protocol %+v", i, g, w)
		}
	}
}

func TestStart_badConfigFailsWithoutPanicAndStopsThePack(t *testing.T) {
	before := children(t)
	c, err := Start(t.Context(), Config{
		Binary: packBinary, PackDir: "..", DryRun: true,
		Policies: map[string]PolicyConfig{"pci-does-not-exist": {Level: new(level.Mandatory)}},
		Stack:    StackInfo{Stack: "aws-dev", Project: "pciqueue"},
	})
	if err == nil || c != nil || !strings.Contains(err.Error(), `no policy named "pci-does-not-exist"`) {
		t.Fatalf("Start = %v, %v", c, err)
	}
	if after := children(t); len(after) != len(before) {
		t.Fatalf("child processes before %v, after a failed start %v", before, after)
	}
}

func TestClose_isSafeOnNilAndTwice(t *testing.T) {
	var c *Client
	c.Close()
	started := start(t, true, nil)
	started.Close()
	started.Close()
}
