package rule

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

// Covering is a resource policy that knows which resource types it can
// report on or fix. A server may skip it for every other type: for them it
// reports nothing and changes nothing.
type Covering interface {
	CoversType(typ string) bool
}

// Escalating is a policy whose findings may be reported at a level above
// the one configured for it: LevelFor returns the level of a finding
// reported now, given the configured level. policyx.Main cannot do this; a
// server that asks reports it.
type Escalating interface {
	LevelFor(configured policyx.EnforcementLevel) policyx.EnforcementLevel
}

// coveringValidation is a resource validation policy of a rule, with the
// rule's coverage and escalation.
type coveringValidation struct {
	policyx.ResourceValidationPolicy
	covers   func(typ string) bool
	escalate func(policyx.EnforcementLevel) policyx.EnforcementLevel
}

// LevelFor implements Escalating.
func (p coveringValidation) LevelFor(l policyx.EnforcementLevel) policyx.EnforcementLevel {
	return p.escalate(l)
}

// CoversType implements Covering.
func (p coveringValidation) CoversType(typ string) bool { return p.covers(typ) }

// coveringRemediation is a rule's remediation policy, with the rule's
// coverage.
type coveringRemediation struct {
	policyx.ResourceRemediationPolicy
	covers func(typ string) bool
}

// CoversType implements Covering.
func (p coveringRemediation) CoversType(typ string) bool { return p.covers(typ) }

func everyType(string) bool { return true }
