package judge

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/analyzer"
	"github.com/pciqueue/pciqueue/policies/pack"
)

// ReadPolicyConfig reads a policy pack configuration file in the format of `pulumi preview
// --policy-pack-config`: each key is a policy name (or "all"), each value either an enforcement level or an
// object with "enforcementLevel" and the policy's properties. A level outside the four is an error naming
// the policy; whether the policies and properties exist is Validate's job.
func ReadPolicyConfig(path string) (map[string]analyzer.PolicyConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading policy pack config %s: %w", path, err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("parsing policy pack config %s: want a JSON object of policy names: %w", path, err)
	}
	out := make(map[string]analyzer.PolicyConfig, len(raw))
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		pc, err := policyConfig(raw[name])
		if err != nil {
			errs = append(errs, fmt.Errorf("policy %q: %w", name, err))
			continue
		}
		out[name] = pc
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("policy pack config %s: %w", path, err)
	}
	return out, nil
}

func policyConfig(v json.RawMessage) (analyzer.PolicyConfig, error) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		l, err := level.Parse(s)
		return analyzer.PolicyConfig{Level: &l}, err
	}
	var props map[string]any
	if err := json.Unmarshal(v, &props); err != nil || props == nil {
		return analyzer.PolicyConfig{}, fmt.Errorf("is %s; want an enforcement level or an object of enforcementLevel and properties", v)
	}
	pc := analyzer.PolicyConfig{Properties: props}
	if raw, ok := props["enforcementLevel"]; ok {
		s, isString := raw.(string)
		if !isString {
			return pc, fmt.Errorf("enforcementLevel is %v; want one of mandatory, advisory, remediate, disabled", raw)
		}
		l, err := level.Parse(s)
		if err != nil {
			return pc, err
		}
		pc.Level = &l
		delete(props, "enforcementLevel")
	}
	return pc, nil
}

// Describe is what the pack says of itself (its name, version, policies, default levels and configuration
// schemas), read in-process from the code the pack binary is built from, so that a configuration is
// checked before any pack is built or started.
func Describe() (analyzer.Info, error) {
	p, err := pack.Build(true)
	if err != nil {
		return analyzer.Info{}, err
	}
	return analyzer.Describe(p), nil
}

// Validate checks a policy pack configuration against the pack and returns the effective configuration
// the pack will be given: every policy's level and properties.
func Validate(cfg map[string]analyzer.PolicyConfig) (analyzer.Info, map[string]analyzer.Setting, error) {
	info, err := Describe()
	if err != nil {
		return analyzer.Info{}, nil, err
	}
	eff, err := analyzer.Effective(info, cfg)
	return info, eff, err
}
