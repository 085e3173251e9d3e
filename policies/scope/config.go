package scope

import (
	"fmt"
	"slices"
	"strings"
)

// PolicyName is the policy whose configuration holds the scope settings.
const PolicyName = "pci-12.5.2-scope-tags"

// Mode says how the CDE is delimited.
type Mode string

const (
	// All puts every resource in the CDE.
	All Mode = "all"
	// Tagged puts in the CDE only resources marked in scope, plus every
	// resource whose marking cannot be read.
	Tagged Mode = "tagged"
)

// Config is the scope configuration.
type Config struct {
	Mode Mode
	// Tag is the tag or label key that marks scope.
	Tag string
	// Values are the tag values that put a resource in scope (case-insensitive).
	Values []string
}

// Default returns the configuration used when none is given: all resources in
// scope, marked with "pci-scope".
func Default() Config {
	return Config{Mode: All, Tag: "pci-scope", Values: []string{"cde", "connected", "security-impacting"}}
}

// Configuration keys, as they appear in the policy configuration.
const (
	KeyMode   = "cde"
	KeyTag    = "scopeTag"
	KeyValues = "scopeValues"
)

// Schema is the JSON schema of the scope configuration properties.
func Schema() map[string]map[string]any {
	d := Default()
	return map[string]map[string]any{
		KeyMode: {
			"type": "string", "enum": []any{string(All), string(Tagged)}, "default": string(d.Mode),
			"description": "all: every resource is in the cardholder-data environment; tagged: only resources whose scope tag carries an in-scope value (and every resource whose marking cannot be read).",
		},
		KeyTag: {
			"type": "string", "default": d.Tag,
			"description": "Tag (AWS, Azure) or label (Google Cloud) key that marks PCI scope.",
		},
		KeyValues: {
			"type": "array", "items": map[string]any{"type": "string"}, "default": toAny(d.Values),
			"description": "Scope tag values that put a resource in the cardholder-data environment.",
		},
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Parse reads the scope configuration from policy configuration properties
// (as encoding/json decodes them). Missing keys keep their defaults.
func Parse(props map[string]any) (Config, error) {
	c := Default()
	if v, ok := props[KeyMode]; ok && v != nil {
		s, ok := v.(string)
		if !ok || (Mode(s) != All && Mode(s) != Tagged) {
			return Default(), fmt.Errorf("reading scope configuration: %q is %v; set it to %q or %q", KeyMode, v, All, Tagged)
		}
		c.Mode = Mode(s)
	}
	if v, ok := props[KeyTag]; ok && v != nil {
		s, ok := v.(string)
		if !ok || strings.TrimSpace(s) == "" {
			return Default(), fmt.Errorf("reading scope configuration: %q is %v; set it to a non-empty tag key such as %q", KeyTag, v, "pci-scope")
		}
		c.Tag = s
	}
	if v, ok := props[KeyValues]; ok && v != nil {
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return Default(), fmt.Errorf("reading scope configuration: %q is %v; set it to a non-empty list of tag values", KeyValues, v)
		}
		c.Values = nil
		for _, e := range list {
			s, ok := e.(string)
			if !ok || s == "" {
				return Default(), fmt.Errorf("reading scope configuration: %q holds %v; every value must be a non-empty string", KeyValues, e)
			}
			c.Values = append(c.Values, s)
		}
	}
	return c, nil
}

// InScopeValue reports whether a scope tag value puts a resource in scope.
func (c Config) InScopeValue(v string) bool {
	return slices.ContainsFunc(c.Values, func(s string) bool { return strings.EqualFold(s, strings.TrimSpace(v)) })
}
