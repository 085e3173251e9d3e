package rule

import (
	"fmt"
	"maps"
	"math"
)

// Config is a rule's configuration: its Params' defaults overlaid with the
// policy configuration the engine sent.
type Config struct {
	values map[string]any
}

// NewConfig builds the configuration of r from policy configuration
// properties (as encoding/json decodes them). A value of the wrong JSON type
// is an error naming the parameter; the default is kept for it.
func NewConfig(r Rule, given map[string]any) (Config, error) {
	c := Config{values: map[string]any{}}
	for _, p := range r.Params {
		c.values[p.Name] = p.Default
	}
	var err error
	for _, p := range r.Params {
		v, ok := given[p.Name]
		if !ok || v == nil {
			continue
		}
		if fmt.Sprintf("%T", v) != fmt.Sprintf("%T", p.Default) {
			err = fmt.Errorf("configuring policy %q: %q is %v (%T); set it to a value like %v", r.Name, p.Name, v, v, p.Default)
			continue
		}
		c.values[p.Name] = v
	}
	for k, v := range given {
		if _, declared := c.values[k]; !declared {
			c.values[k] = v
		}
	}
	return c, err
}

// Raw returns every configuration value.
func (c Config) Raw() map[string]any { return maps.Clone(c.values) }

// Number returns a numeric parameter (0 when unset).
func (c Config) Number(name string) float64 {
	n, _ := c.values[name].(float64)
	if math.IsNaN(n) {
		return 0
	}
	return n
}

// Strings returns a list-of-strings parameter; non-string entries are skipped.
func (c Config) Strings(name string) []string {
	list, _ := c.values[name].([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
