package aws

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/pciqueue/pciqueue/internal/iamdoc"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// document reads the IAM policy document at path of r. A computed document
// adds an Unverified finding and a malformed one a Violation; in both cases,
// and when the document is absent, the returned status is not Ok.
func document(r rule.Resource, path string, f *rule.Findings) (iamdoc.Document, props.Status) {
	raw, st := props.JSON(r.Properties, path)
	if f.Unreadable(st, path) || !st.Ok() {
		return iamdoc.Document{}, st
	}
	doc, err := iamdoc.Parse(raw)
	if err != nil {
		f.Violation(path, "%s is not a valid IAM policy document (%v); fix the document", path, err)
		return iamdoc.Document{}, props.WrongKind
	}
	return doc, st
}

// namedDocument is a policy document with the property path it came from.
type namedDocument struct {
	path string
	doc  iamdoc.Document
}

// documents returns the policy documents a resource carries: "policy" on
// policies, role policies, queue policies, keys and key policies, and every
// inlinePolicies[i].policy of a role.
func documents(r rule.Resource, f *rule.Findings) []namedDocument {
	var out []namedDocument
	if r.Type == Role {
		list, st := props.Array(r.Properties, "inlinePolicies")
		if f.Unreadable(st, "inlinePolicies") {
			return nil
		}
		for i := range list {
			path := "inlinePolicies[" + strconv.Itoa(i) + "].policy"
			if doc, st := document(r, path, f); st.Ok() {
				out = append(out, namedDocument{path, doc})
			}
		}
		return out
	}
	if doc, st := document(r, "policy", f); st.Ok() {
		out = append(out, namedDocument{"policy", doc})
	}
	return out
}

// restrictingKeys are condition keys that pin a wildcard principal to an
// account, organisation, source resource or network path.
var restrictingKeys = []string{
	"aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner", "aws:SourceOrgID", "aws:SourceOrgPaths",
	"aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
	"aws:SourceVpce", "aws:SourceVpc", "kms:CallerAccount",
}

// restricted reports whether a statement's conditions pin its principal.
func restricted(s iamdoc.Statement) bool {
	for _, keys := range s.Condition {
		for k := range keys {
			for _, rk := range restrictingKeys {
				if strings.EqualFold(k, rk) {
					return true
				}
			}
		}
	}
	return false
}

var accountRootRE = regexp.MustCompile(`^(arn:aws[a-z-]*:iam::[0-9]{12}:root|[0-9]{12})$`)

// isAccountRoot reports whether an AWS principal is an account (its root
// principal), which delegates to the account's IAM policies.
func isAccountRoot(p string) bool { return accountRootRE.MatchString(p) }

// openPrincipal reports whether an Allow statement admits anyone: a wildcard
// principal (or NotPrincipal) without a condition that pins it.
func openPrincipal(s iamdoc.Statement) bool {
	if !s.IsAllow() {
		return false
	}
	if s.NotPrincipal != nil {
		return !restricted(s)
	}
	return s.Principal != nil && s.Principal.Wildcard && !restricted(s)
}
