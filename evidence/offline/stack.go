package offline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"gopkg.in/yaml.v3"

	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/stacks/program"
)

// Project is the Pulumi project name from Pulumi.yaml.
const Project = "pciqueue"

// StackConfig reads stacks/Pulumi.<stack>.yaml from dir and returns the config as the engine hands it to a
// program: full keys, plain strings for scalars and JSON for lists and objects.
func StackConfig(dir, stack string) (map[string]string, error) {
	path := filepath.Join(dir, fmt.Sprintf("Pulumi.%s.yaml", stack))
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading stack config %s: %w (stacks are named by their Pulumi.<stack>.yaml file)", path, err)
	}
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("parsing stack config %s: %w", path, err)
	}
	out := make(map[string]string, len(file.Config))
	for k, v := range file.Config {
		if m, ok := v.(map[string]any); ok {
			if _, secure := m["secure"]; secure && len(m) == 1 {
				return nil, fmt.Errorf("stack config %s: %s is encrypted (secure:), which only the Pulumi CLI can decrypt: the offline preview runs stacks without secrets", path, k)
			}
		}
		switch t := v.(type) {
		case string:
			out[k] = t
		case map[string]any, []any:
			b, err := json.Marshal(t)
			if err != nil {
				return nil, fmt.Errorf("stack config %s: encoding %s: %w", path, k, err)
			}
			out[k] = string(b)
		default:
			out[k] = fmt.Sprint(t)
		}
	}
	return out, nil
}

// Stacks lists the stack names that have a config file in dir.
func Stacks(dir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("listing stack configs in %s: %w", dir, err)
	}
	var out []string
	for _, m := range matches {
		base := filepath.Base(m)
		out = append(out, base[len("Pulumi."):len(base)-len(".yaml")])
	}
	sort.Strings(out)
	return out, nil
}

// Run runs the stack program for one stack under the recording engine. dryRun chooses preview (true) or
// update (false) answers.
func Run(dir, stack string, dryRun bool) ([]enginetest.Resource, error) {
	cfg, err := StackConfig(dir, stack)
	if err != nil {
		return nil, err
	}
	return RunConfig(stack, cfg, dryRun)
}

// RunConfig runs the stack program with an explicit config.
func RunConfig(stack string, cfg map[string]string, dryRun bool) ([]enginetest.Resource, error) {
	eng := enginetest.New(Project, stack, dryRun)
	if err := eng.Run(program.Run, cfg); err != nil {
		return eng.Resources(), fmt.Errorf("running stack %s: %w", stack, err)
	}
	return eng.Resources(), nil
}
