package report

import (
	"slices"

	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/internal/level"
)

// row is one requirement of the matrix: what evidences it, which policies checked it, and the result.
type row struct {
	ID, Title string
	Result    Result
	Policies  []policyRef
	Evidence  []evidence
	// Mandatory, Unverified and Advisory count the requirement's findings of each kind.
	Mandatory, Unverified, Advisory int
}

// policyRef names a policy that checked a requirement.
type policyRef struct {
	Name        string
	Level       level.Level
	Description string
}

// LevelText is how a policy's level is printed in the matrix: a disabled policy did not run.
func (p policyRef) LevelText() string {
	if p.Level == level.Disabled {
		return "disabled: not run"
	}
	return p.Level.String()
}

// evidence is one resource that evidences a requirement, with the properties that do.
type evidence struct {
	Name, Type string
	Props      []prop
	Result     Result
}

// prop is one property value as printed.
type prop struct {
	Path, Value string
}

// matrix builds one row per requirement that an applicable rule checks or a finding names, in
// requirement order.
func matrix(rules []Rule, rs []enginetest.Resource, fs []Finding) []row {
	var ids []string
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, rl := range rules {
		add(rl.Requirement)
	}
	for _, f := range fs {
		add(f.Requirement)
	}
	slices.SortFunc(ids, compareIDs)

	rows := make([]row, 0, len(ids))
	for _, id := range ids {
		req, _ := lookup(id)
		rw := row{ID: id, Title: req.Title}
		types := map[string]bool{}
		var mineRules []Rule
		for _, rl := range rules {
			if rl.Requirement != id {
				continue
			}
			mineRules = append(mineRules, rl)
			rw.Policies = append(rw.Policies, policyRef{Name: clean(rl.Name), Level: rl.Level, Description: clean(rl.Description)})
			for _, t := range rl.Types {
				types[t] = true
			}
		}
		checked := slices.ContainsFunc(rs, func(r enginetest.Resource) bool { return judgedBy(mineRules, r.Type) })
		var mine []Finding
		for _, f := range fs {
			if f.Requirement == id {
				mine = append(mine, f)
				switch {
				case f.Unverified:
					rw.Unverified++
				case f.Level == level.Mandatory:
					rw.Mandatory++
				case f.Level == level.Advisory:
					rw.Advisory++
				}
			}
		}
		rw.Result = result(mine, checked)
		for _, r := range rs {
			if !types[r.Type] {
				continue
			}
			ev := evidence{Name: clean(r.Name), Type: clean(r.Type), Result: result(about(mine, r.URN), judgedBy(mineRules, r.Type))}
			for _, p := range req.evidencePaths(r.Type) {
				if v, ok := property(r, p); ok {
					ev.Props = append(ev.Props, prop{Path: p, Value: v})
				}
			}
			rw.Evidence = append(rw.Evidence, ev)
		}
		rows = append(rows, rw)
	}
	return rows
}

// judge is the result of a set of findings: FAIL on any mandatory violation, else NOT VERIFIED when a
// value was unknown, else PASS WITH ADVISORIES on an advisory violation, else PASS. A fix proposed by a
// remediation policy does not change the result: the pack applies it before the resource is created.
func judge(fs []Finding) Result {
	res := ResultPass
	for _, f := range fs {
		switch {
		case f.Unverified:
			res = ResultNotVerified
		case f.Level == level.Mandatory:
			return ResultFail
		case f.Level == level.Advisory:
			if res == ResultPass {
				res = ResultAdvisory
			}
		}
	}
	return res
}

// result is a requirement's (or one resource's) result: FAIL on any mandatory violation; otherwise NOT
// CHECKED unless an enabled policy judged something, since a disabled policy reports nothing and its
// silence is no pass; otherwise the findings' result.
func result(fs []Finding, checked bool) Result {
	res := judge(fs)
	if res != ResultFail && !checked {
		return ResultNotChecked
	}
	return res
}

// judgedBy reports whether an enabled rule among rules judges resources of type typ.
func judgedBy(rules []Rule, typ string) bool {
	return slices.ContainsFunc(rules, func(rl Rule) bool { return rl.Level != level.Disabled && rl.judges(typ) })
}

func about(fs []Finding, urn string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.URN == urn {
			out = append(out, f)
		}
	}
	return out
}
