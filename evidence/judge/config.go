package judge

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/pciqueue/pciqueue/policies/analyzer"
)

// ReadPolicyConfig reads a policy pack configuration file in the format of `pulumi preview
// --policy-pack-config`: each key is a policy name (or "all"), each value either an enforcement level or an
// object with "enforcementLevel" and the policy's properties.
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
	for name, v := range raw {
		var level string
		if json.Unmarshal(v, &level) == nil {
			out[name] = analyzer.PolicyConfig{Level: analyzer.Level(level)}
			continue
		}
		var props map[string]any
		if err := json.Unmarshal(v, &props); err != nil {
			return nil, fmt.Errorf("policy pack config %s: %q must be an enforcement level or an object", path, name)
		}
		pc := analyzer.PolicyConfig{Properties: props}
		if l, ok := props["enforcementLevel"].(string); ok {
			pc.Level = analyzer.Level(l)
			delete(props, "enforcementLevel")
		}
		out[name] = pc
	}
	return out, nil
}
