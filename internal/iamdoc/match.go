package iamdoc

import "strings"

// Match reports whether value matches an IAM pattern with "*" (any run of
// characters) and "?" (one character), case-insensitively.
func Match(pattern, value string) bool {
	return match(strings.ToLower(pattern), strings.ToLower(value))
}

func match(p, v string) bool {
	// Iterative wildcard match with single-star backtracking: linear enough for
	// IAM patterns and free of recursion on hostile input.
	pi, vi, star, mark := 0, 0, -1, 0
	for vi < len(v) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == v[vi]):
			pi++
			vi++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, vi
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			vi = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// AllowsAction reports whether an Allow statement grants action: listed under
// Action by a matching pattern, or not excluded by NotAction.
func (s Statement) AllowsAction(action string) bool {
	if !s.IsAllow() {
		return false
	}
	return s.CoversAction(action)
}

// CoversAction reports whether the statement (of either effect) applies to
// action.
func (s Statement) CoversAction(action string) bool {
	if len(s.NotAction) > 0 {
		for _, p := range s.NotAction {
			if Match(p, action) {
				return false
			}
		}
		return true
	}
	for _, p := range s.Action {
		if Match(p, action) {
			return true
		}
	}
	return false
}

// WildcardAction reports whether the statement grants every action ("*"), or
// every action of a service ("sqs:*"), or uses NotAction (which grants all
// but a list). service is matched case-insensitively; an empty service asks
// only about "*".
func (s Statement) WildcardAction(service string) bool {
	if len(s.NotAction) > 0 {
		return true
	}
	for _, a := range s.Action {
		if a == "*" {
			return true
		}
		if service != "" && strings.EqualFold(a, service+":*") {
			return true
		}
	}
	return false
}

// AnyServiceWildcard reports whether any action is "svc:*" for some service,
// or "*".
func (s Statement) AnyServiceWildcard() bool {
	for _, a := range s.Action {
		if a == "*" || strings.HasSuffix(a, ":*") {
			return true
		}
	}
	return len(s.NotAction) > 0
}

// WildcardResource reports whether the statement applies to every resource
// ("*" or NotResource).
func (s Statement) WildcardResource() bool {
	if len(s.NotResource) > 0 {
		return true
	}
	for _, r := range s.Resource {
		if r == "*" {
			return true
		}
	}
	return false
}
