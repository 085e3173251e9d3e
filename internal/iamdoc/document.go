package iamdoc

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Document is a normalised IAM policy document.
type Document struct {
	Version    string
	Statements []Statement
}

// Statement is one normalised statement.
type Statement struct {
	Sid          string
	Effect       string // "Allow" or "Deny", as written
	Principal    *Principal
	NotPrincipal *Principal
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	// Condition maps operator → condition key → values, all as strings.
	Condition map[string]map[string][]string
}

// Principal is a normalised Principal or NotPrincipal member.
type Principal struct {
	// Wildcard is true for Principal "*" and for {"AWS": "*"}.
	Wildcard      bool
	AWS           []string
	Service       []string
	Federated     []string
	CanonicalUser []string
}

// ParseJSON parses a policy document held as a JSON string.
func ParseJSON(s string) (Document, error) {
	var raw any
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return Document{}, fmt.Errorf("parsing IAM policy document: %w", err)
	}
	return Parse(raw)
}

// Parse normalises a policy document already decoded by encoding/json (or
// by props.JSON).
func Parse(raw any) (Document, error) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return Document{}, fmt.Errorf("parsing IAM policy document: want a JSON object, got %s", kind(raw))
	}
	var doc Document
	if v, ok := obj["Version"].(string); ok {
		doc.Version = v
	}
	var stmts []any
	switch s := obj["Statement"].(type) {
	case nil:
		return Document{}, errors.New("parsing IAM policy document: member Statement is missing")
	case map[string]any:
		stmts = []any{s}
	case []any:
		stmts = s
	default:
		return Document{}, fmt.Errorf("parsing IAM policy document: member Statement must be an object or an array, got %s", kind(s))
	}
	for i, s := range stmts {
		st, err := parseStatement(s)
		if err != nil {
			return Document{}, fmt.Errorf("parsing IAM policy document: Statement[%d]: %w", i, err)
		}
		doc.Statements = append(doc.Statements, st)
	}
	return doc, nil
}

func parseStatement(raw any) (Statement, error) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return Statement{}, fmt.Errorf("want an object, got %s", kind(raw))
	}
	var st Statement
	var err error
	st.Sid, _ = obj["Sid"].(string)
	effect, ok := obj["Effect"].(string)
	if !ok {
		return Statement{}, fmt.Errorf("member Effect must be a string")
	}
	st.Effect = effect
	for _, f := range []struct {
		name string
		dst  *[]string
	}{
		{"Action", &st.Action}, {"NotAction", &st.NotAction},
		{"Resource", &st.Resource}, {"NotResource", &st.NotResource},
	} {
		if *f.dst, err = stringList(obj[f.name]); err != nil {
			return Statement{}, fmt.Errorf("member %s: %w", f.name, err)
		}
	}
	if st.Principal, err = parsePrincipal(obj["Principal"]); err != nil {
		return Statement{}, fmt.Errorf("member Principal: %w", err)
	}
	if st.NotPrincipal, err = parsePrincipal(obj["NotPrincipal"]); err != nil {
		return Statement{}, fmt.Errorf("member NotPrincipal: %w", err)
	}
	if st.Condition, err = parseCondition(obj["Condition"]); err != nil {
		return Statement{}, fmt.Errorf("member Condition: %w", err)
	}
	return st, nil
}

func parsePrincipal(raw any) (*Principal, error) {
	switch p := raw.(type) {
	case nil:
		return nil, nil
	case string:
		if p != "*" {
			return nil, fmt.Errorf("a string principal must be \"*\", got %q", p)
		}
		return &Principal{Wildcard: true}, nil
	case map[string]any:
		out := &Principal{}
		for _, key := range slices.Sorted(maps.Keys(p)) {
			vals, err := stringList(p[key])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			switch key {
			case "AWS":
				out.AWS = vals
				if slices.Contains(vals, "*") {
					out.Wildcard = true
				}
			case "Service":
				out.Service = vals
			case "Federated":
				out.Federated = vals
			case "CanonicalUser":
				out.CanonicalUser = vals
			default:
				return nil, fmt.Errorf("unknown principal type %q", key)
			}
		}
		return out, nil
	default:
		return nil, fmt.Errorf("want \"*\" or an object, got %s", kind(raw))
	}
}

func parseCondition(raw any) (map[string]map[string][]string, error) {
	if raw == nil {
		return nil, nil
	}
	ops, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want an object, got %s", kind(raw))
	}
	out := make(map[string]map[string][]string, len(ops))
	for op, body := range ops {
		keys, ok := body.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: want an object, got %s", op, kind(body))
		}
		out[op] = make(map[string][]string, len(keys))
		for k, v := range keys {
			vals, err := scalarList(v)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", op, k, err)
			}
			out[op][k] = vals
		}
	}
	return out, nil
}

// stringList accepts a string or a list of strings.
func stringList(raw any) ([]string, error) {
	switch v := raw.(type) {
	case nil:
		return nil, nil
	case string:
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("want strings, got %s", kind(e))
			}
			out = append(out, s)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("want a string or a list of strings, got %s", kind(raw))
	}
}

// scalarList accepts condition values: strings, numbers, bools, or a list.
func scalarList(raw any) ([]string, error) {
	one := func(e any) (string, error) {
		switch s := e.(type) {
		case string:
			return s, nil
		case float64, bool:
			return fmt.Sprint(s), nil
		default:
			return "", fmt.Errorf("want a string, number or bool, got %s", kind(e))
		}
	}
	if list, ok := raw.([]any); ok {
		out := make([]string, 0, len(list))
		for _, e := range list {
			s, err := one(e)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, err := one(raw)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a bool"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// IsAllow reports whether the statement's effect is Allow (IAM is
// case-sensitive here, but a mis-cased Allow is treated as Allow so that a rule
// errs toward judging it).
func (s Statement) IsAllow() bool { return strings.EqualFold(s.Effect, "Allow") }

// IsDeny reports whether the statement's effect is Deny.
func (s Statement) IsDeny() bool { return strings.EqualFold(s.Effect, "Deny") }

// HasCondition reports whether the statement carries any condition.
func (s Statement) HasCondition() bool { return len(s.Condition) > 0 }

// ConditionValues returns the values of condition key under any operator whose
// name contains op (so "StringEquals" also finds "StringEqualsIgnoreCase" and
// "ForAnyValue:StringEquals"). Keys compare case-insensitively, as IAM does.
func (s Statement) ConditionValues(op, key string) []string {
	var out []string
	for o, keys := range s.Condition {
		if !strings.Contains(strings.ToLower(o), strings.ToLower(op)) {
			continue
		}
		for k, vals := range keys {
			if strings.EqualFold(k, key) {
				out = append(out, vals...)
			}
		}
	}
	return out
}
