package aws

import (
	"regexp"
	"slices"
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

// restricted reports whether a statement's conditions pin its principal: a
// restricting key under a positive operator (not a negation, not IfExists,
// which passes callers that lack the key) with a value that names something
// (not a wildcard that matches every account).
func restricted(s iamdoc.Statement) bool {
	for op, keys := range s.Condition {
		lop := strings.ToLower(op)
		if strings.Contains(lop, "not") || strings.HasSuffix(lop, "ifexists") || lop == "null" {
			continue
		}
		for k, vals := range keys {
			if !slices.ContainsFunc(restrictingKeys, func(rk string) bool { return strings.EqualFold(k, rk) }) {
				continue
			}
			if len(vals) > 0 && !slices.ContainsFunc(vals, matchesAnyAccount) {
				return true
			}
		}
	}
	return false
}

// matchesAnyAccount reports whether a pinning condition value admits callers
// of every account: only wildcards, or an ARN whose account is a wildcard.
func matchesAnyAccount(v string) bool {
	v = strings.TrimSpace(v)
	if strings.Trim(v, "*?") == "" {
		return true
	}
	if parts := strings.SplitN(v, ":", 6); len(parts) == 6 && strings.EqualFold(parts[0], "arn") {
		return strings.ContainsAny(parts[4], "*?") || (parts[4] == "" && strings.ContainsAny(parts[5], "*?") && strings.Trim(parts[5], "*?") == "")
	}
	return false
}

// anyAccountPrincipal reports whether a principal admits callers of every
// account: "*", or an AWS principal ARN whose account is a wildcard
// (arn:aws:iam::*:role/x names a role of that name in any account).
func anyAccountPrincipal(p *iamdoc.Principal) bool {
	if p == nil {
		return false
	}
	return p.Wildcard || slices.ContainsFunc(p.AWS, func(a string) bool {
		parts := strings.SplitN(a, ":", 6)
		return len(parts) == 6 && strings.ContainsAny(parts[4], "*?")
	})
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
	return anyAccountPrincipal(s.Principal) && !restricted(s)
}
