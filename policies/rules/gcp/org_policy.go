package gcp

import (
	"strconv"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// Organization policy resource types.
const (
	ProjectOrgPolicy = "gcp:projects/organizationPolicy:OrganizationPolicy"
	FolderOrgPolicy  = "gcp:folder/organizationPolicy:OrganizationPolicy"
	OrgPolicyV2      = "gcp:orgpolicy/policy:Policy"
)

// keyConstraints are the boolean constraints that keep service account keys
// from being created or uploaded.
var keyConstraints = []string{"iam.disableServiceAccountKeyCreation", "iam.disableServiceAccountKeyUpload"}

// KeyCreationConstraint requires the service-account-key guardrails a stack
// manages to be enforced.
var KeyCreationConstraint = rule.Rule{
	Name:        "pci-8.6.2-gcp-key-creation-constraint",
	Requirement: "8.6.2",
	Description: "An organization policy the stack manages for iam.disableServiceAccountKeyCreation or iam.disableServiceAccountKeyUpload is enforced, so nobody can mint a long-lived service account key outside the stack either: a projects or folder OrganizationPolicy has booleanPolicy.enforced true (not restorePolicy), an orgpolicy Policy has every spec rule enforce \"TRUE\" and no reset. Fix: set booleanPolicy {enforced: true} (or spec.rules [{enforce: \"TRUE\"}]).",
	Types:       []string{ProjectOrgPolicy, FolderOrgPolicy, OrgPolicyV2},
	Check:       checkKeyCreationConstraint,
}

func isKeyConstraint(name string) bool {
	for _, c := range keyConstraints {
		if name == c || strings.HasSuffix(name, "/"+c) {
			return true
		}
	}
	return false
}

func checkKeyCreationConstraint(r rule.Resource, _ rule.Config) (f rule.Findings) {
	if r.Type == OrgPolicyV2 {
		name, st := props.String(r.Properties, "name")
		if f.Unreadable(st, "name") || !isKeyConstraint(name) {
			return f
		}
		if reset, st := props.Bool(r.Properties, "spec.reset"); !f.Unreadable(st, "spec.reset") && st.Ok() && reset {
			f.Violation("spec.reset", "the policy resets %s to Google's default, which allows service account keys; remove reset and enforce it", name)
		}
		rules, st := props.Array(r.Properties, "spec.rules")
		if f.Unreadable(st, "spec.rules") {
			return f
		}
		if len(rules) == 0 {
			f.Violation("spec.rules", "the policy for %s has no rule; add {enforce: \"TRUE\"}", name)
		}
		for i := range rules {
			p := "spec.rules[" + strconv.Itoa(i) + "].enforce"
			v, st := props.String(r.Properties, p)
			if !f.Unreadable(st, p) && !strings.EqualFold(v, "TRUE") {
				f.Violation(p, "%s is not enforced; set enforce to \"TRUE\"", name)
			}
		}
		return f
	}
	c, st := props.String(r.Properties, "constraint")
	if f.Unreadable(st, "constraint") || !isKeyConstraint(c) {
		return f
	}
	if on, st := props.Bool(r.Properties, "booleanPolicy.enforced"); !f.Unreadable(st, "booleanPolicy.enforced") && !(st.Ok() && on) {
		f.Violation("booleanPolicy.enforced", "%s is not enforced, so service account keys can be created; set booleanPolicy.enforced to true", c)
	}
	return f
}
