package report

import "github.com/pciqueue/pciqueue/internal/level"

// provenanceView is the provenance block as printed: labelled facts, then the effective policy
// configuration.
type provenanceView struct {
	Facts    []fact
	Policies []policySettingView
	// Disabled counts the policies the configuration disabled.
	Disabled int
}

type fact struct {
	ID, Label, Value string
}

type policySettingView struct {
	Name, Level, Properties string
	Disabled                bool
}

// unknownProvenance is printed for a fact the caller could not establish, rather than leaving it out.
const unknownProvenance = "unknown"

func newProvenanceView(p Provenance, dryRun bool) provenanceView {
	or := func(s, otherwise string) string {
		if s == "" {
			return otherwise
		}
		return clean(s)
	}
	source := "deployed state (a pulumi stack export, judged as an update)"
	if dryRun {
		source = "preview (dry run of the stack program)"
	}
	pack := unknownProvenance
	if p.Pack != "" {
		pack = clean(p.Pack + " " + p.PackVersion)
	}
	v := provenanceView{Facts: []fact{
		{"source", "Evidence from", source},
		{"pack", "Policy pack", pack},
		{"revision", "Program revision", or(p.Revision, unknownProvenance)},
		{"stack-config", "Stack config (sha256)", or(p.StackConfig, "none: resources read from the deployed state only")},
	}}
	if !dryRun {
		v.Facts = append(v.Facts, fact{"state", "Deployment export (sha256)", or(p.State, unknownProvenance)})
	}
	v.Facts = append(v.Facts, fact{"tool", "Tool", or(p.Tool, unknownProvenance)})
	for _, s := range p.Policies {
		props := s.Properties
		if props == "" {
			props = "-"
		}
		v.Policies = append(v.Policies, policySettingView{Name: clean(s.Name), Level: s.Level.String(), Properties: clean(props), Disabled: s.Level == level.Disabled})
		if s.Level == level.Disabled {
			v.Disabled++
		}
	}
	return v
}
