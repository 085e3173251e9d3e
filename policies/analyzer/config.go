package analyzer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/pciqueue/pciqueue/internal/level"
)

// AllPolicies is the configuration key that sets the level of every policy its own entry does not set.
const AllPolicies = "all"

// Effective computes the configuration the engine sends for user configuration cfg: every policy, with its
// level (its own entry, else "all", else the policy's default) and its properties (the schema's defaults
// overlaid with the user's values). It refuses, naming the policy, the value and what is allowed: a policy
// the pack does not have, a level outside the four, properties on "all", a property the policy's schema
// does not declare, and a value its schema rejects. Every problem is reported, not only the first.
func Effective(info Info, cfg map[string]PolicyConfig) (map[string]Setting, error) {
	byName := make(map[string]PolicyInfo, len(info.Policies))
	for _, p := range info.Policies {
		byName[p.Name] = p
	}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(cfg)) {
		c := cfg[name]
		if c.Level != nil && !c.Level.Valid() {
			errs = append(errs, fmt.Errorf("policy %q: %w", name, invalidLevel(*c.Level)))
		}
		if name == AllPolicies {
			if len(c.Properties) > 0 {
				errs = append(errs, fmt.Errorf("policy %q takes only an enforcement level, not properties (%s); set properties on the policy they belong to",
					AllPolicies, strings.Join(slices.Sorted(maps.Keys(c.Properties)), ", ")))
			}
			continue
		}
		p, ok := byName[name]
		if !ok {
			errs = append(errs, fmt.Errorf("no policy named %q in pack %s; use %q or one of: %s", name, info.Name, AllPolicies, strings.Join(names(info), ", ")))
			continue
		}
		errs = append(errs, checkProperties(p, c.Properties)...)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("configuring policy pack %s: %w", info.Name, err)
	}
	out := make(map[string]Setting, len(info.Policies))
	for _, p := range info.Policies {
		eff := Setting{Level: p.Level, Properties: map[string]any{}}
		if all, ok := cfg[AllPolicies]; ok && all.Level != nil {
			eff.Level = *all.Level
		}
		for k, schema := range p.ConfigSchema {
			if m, ok := schema.(map[string]any); ok {
				if d, ok := m["default"]; ok {
					eff.Properties[k] = d
				}
			}
		}
		if own, ok := cfg[p.Name]; ok {
			if own.Level != nil {
				eff.Level = *own.Level
			}
			maps.Copy(eff.Properties, own.Properties)
		}
		out[p.Name] = eff
	}
	return out, nil
}

func invalidLevel(l level.Level) error {
	_, err := level.Parse(l.String())
	return err
}

func names(info Info) []string {
	out := make([]string, len(info.Policies))
	for i, p := range info.Policies {
		out[i] = p.Name
	}
	slices.Sort(out)
	return out
}

// checkProperties validates a policy's properties against the JSON schema of each one the policy declares.
func checkProperties(p PolicyInfo, props map[string]any) []error {
	var errs []error
	declared := slices.Sorted(maps.Keys(p.ConfigSchema))
	for _, k := range slices.Sorted(maps.Keys(props)) {
		schema, ok := p.ConfigSchema[k]
		if !ok {
			allowed := "it takes no properties, only enforcementLevel"
			if len(declared) > 0 {
				allowed = "its properties are " + strings.Join(declared, ", ")
			}
			errs = append(errs, fmt.Errorf("policy %q has no property %q; %s", p.Name, k, allowed))
			continue
		}
		if err := validate(schema, props[k]); err != nil {
			errs = append(errs, fmt.Errorf("policy %q: property %q is %s; want %s (%v)", p.Name, k, show(props[k]), describe(schema), err))
		}
	}
	return errs
}

func validate(schema, value any) error {
	doc, err := json.Marshal(schema)
	if err != nil {
		return fmt.Errorf("encoding the schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("property.json", bytes.NewReader(doc)); err != nil {
		return fmt.Errorf("loading the schema: %w", err)
	}
	s, err := c.Compile("property.json")
	if err != nil {
		return fmt.Errorf("compiling the schema: %w", err)
	}
	var ve *jsonschema.ValidationError
	if err := s.Validate(value); errors.As(err, &ve) {
		return errors.New(strings.TrimSpace(leaf(ve).Message))
	} else if err != nil {
		return err
	}
	return nil
}

// leaf is the most specific cause of a validation error: the one that names the offending value.
func leaf(ve *jsonschema.ValidationError) *jsonschema.ValidationError {
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	return ve
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// describe says in words what a property schema allows: its type, enum and bounds.
func describe(schema any) string {
	m, ok := schema.(map[string]any)
	if !ok {
		return "a value the schema accepts"
	}
	var parts []string
	if enum, ok := m["enum"].([]any); ok {
		vals := make([]string, len(enum))
		for i, e := range enum {
			vals[i] = show(e)
		}
		parts = append(parts, "one of "+strings.Join(vals, ", "))
	} else if t, ok := m["type"].(string); ok {
		word := map[string]string{"number": "a number", "integer": "an integer", "string": "a string", "boolean": "true or false", "array": "a list", "object": "an object"}[t]
		if word == "" {
			word = t
		}
		if t == "array" {
			if items, ok := m["items"].(map[string]any); ok {
				if it, ok := items["type"].(string); ok {
					word = "a list of " + it + "s"
				}
			}
			if n, ok := m["minItems"]; ok {
				word += fmt.Sprintf(" with at least %v entries", n)
			}
		}
		parts = append(parts, word)
	}
	if lo, ok := m["minimum"]; ok {
		parts = append(parts, fmt.Sprintf("at least %v", lo))
	}
	if hi, ok := m["maximum"]; ok {
		parts = append(parts, fmt.Sprintf("at most %v", hi))
	}
	if len(parts) == 0 {
		return "a value the schema accepts"
	}
	return strings.Join(parts, ", ")
}

// Describe is what a policyx pack answers to GetAnalyzerInfo, read in-process, so that a configuration can
// be validated against the pack before any pack process starts.
func Describe(p policyx.PolicyPack) Info {
	info := Info{Name: p.Name(), Version: p.Version().String()}
	for _, pol := range p.Policies() {
		pi := PolicyInfo{Name: pol.Name(), Description: pol.Description(), Level: fromRPC(pulumirpc.EnforcementLevel(pol.EnforcementLevel()))}
		if s := pol.ConfigSchema(); s != nil && len(s.Properties) > 0 {
			pi.ConfigSchema = map[string]any{}
			for k, v := range s.Properties {
				pi.ConfigSchema[k] = normalise(v)
			}
		}
		info.Policies = append(info.Policies, pi)
	}
	slices.SortFunc(info.Policies, func(a, b PolicyInfo) int { return strings.Compare(a.Name, b.Name) })
	return info
}

// normalise gives a schema the shape it has after the protocol's JSON round trip (numbers as float64),
// so that Describe and GetAnalyzerInfo agree.
func normalise(v map[string]any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return v
	}
	return out
}
