package offline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/pciqueue/pciqueue/evidence/judge"
	"github.com/pciqueue/pciqueue/evidence/report"
	"github.com/pciqueue/pciqueue/evidence/state"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// source is what one run judges: a preview of the stack program, or a deployed state.
type source struct {
	stack, project, cloud string
	// config is the stack config as the engine hands it to a program and a pack; configSHA256 hashes
	// its file, "" when the run had none.
	config       map[string]string
	configSHA256 string
	resources    []enginetest.Resource
	dryRun       bool
	// stateSHA256 hashes the deployment export of a deployed state; modified holds its resources' last
	// changes.
	stateSHA256 string
	modified    map[string]time.Time
	// driftCompared says the deployed state was compared with the program's plan; drift is what differs.
	driftCompared bool
	drift         []report.Drift
}

// load reads the stack config and runs the program (a preview), or reads the deployment export
// (Options.State). With an export the stack config is optional: the stack, project and cloud then come
// from the state.
func load(o Options) (*source, error) {
	if o.State == "" {
		cfg, sum, err := readConfig(o.StacksDir, o.Stack)
		if err != nil {
			return nil, err
		}
		rs, err := RunConfig(o.Stack, cfg, true)
		if err != nil {
			return nil, err
		}
		return &source{stack: o.Stack, project: Project, cloud: cfg[Namespace+":cloud"], config: cfg, configSHA256: sum, resources: rs, dryRun: true}, nil
	}
	dep, err := state.Read(o.State)
	if err != nil {
		return nil, err
	}
	s := &source{stack: dep.Stack, project: dep.Project, resources: dep.Resources, stateSHA256: dep.SHA256, modified: dep.Modified, cloud: cloudOf(dep.Resources)}
	cfg, sum, err := readConfig(o.StacksDir, dep.Stack)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		s.config, s.configSHA256 = cfg, sum
		if c := cfg[Namespace+":cloud"]; c != "" && c != s.cloud {
			return nil, fmt.Errorf("deployment export %s holds %s resources but stack config %s says %s:cloud is %s", o.State, s.cloud, configPath(o.StacksDir, dep.Stack), Namespace, c)
		}
		planned, err := RunConfig(dep.Stack, cfg, false)
		if err != nil {
			return nil, fmt.Errorf("planning stack %s to compare it with what is deployed: %w", dep.Stack, err)
		}
		s.driftCompared, s.drift = true, drift(planned, dep.Resources)
	}
	return s, nil
}

func configPath(dir, stack string) string {
	return filepath.Join(dir, fmt.Sprintf("Pulumi.%s.yaml", stack))
}

func readConfig(dir, stack string) (map[string]string, string, error) {
	data, err := os.ReadFile(configPath(dir, stack))
	if err != nil {
		return nil, "", fmt.Errorf("reading stack config %s: %w (stacks are named by their Pulumi.<stack>.yaml file)", configPath(dir, stack), err)
	}
	cfg, err := StackConfig(dir, stack)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(data)
	return cfg, hex.EncodeToString(sum[:]), nil
}

// cloudOf names the cloud of a deployed stack from the package of its provider resources.
func cloudOf(rs []enginetest.Resource) string {
	for _, r := range rs {
		for _, c := range []string{"aws", "azure-native", "gcp"} {
			if r.Type == "pulumi:providers:"+c {
				return strings.TrimSuffix(c, "-native")
			}
		}
	}
	return ""
}

func (s *source) render(w io.Writer) error {
	if s.dryRun {
		return Render(w, s.stack, s.resources)
	}
	if err := renderDeployed(w, s.stack, s.resources); err != nil {
		return err
	}
	if s.driftCompared {
		fmt.Fprintf(w, "\nDrift from what the program plans: %d differences\n", len(s.drift))
		for _, d := range s.drift {
			fmt.Fprintln(w, cardnum.Scrub(fmt.Sprintf("  %s %s %s: planned %s, deployed %s", d.Type, d.Name, d.Property, d.Planned, d.Deployed)))
		}
	}
	return nil
}

// provenance says what produced the report: the pack and the configuration it ran with, the program's
// revision, the hashes of the inputs and the tool.
func (s *source) provenance(ctx context.Context, o Options, v judge.Verdict) (report.Provenance, error) {
	p := report.Provenance{
		Pack: v.Info.Name, PackVersion: v.Info.Version, StackConfig: s.configSHA256, State: s.stateSHA256,
		Tool: o.Tool, Revision: o.Revision,
	}
	if p.Revision == "" {
		p.Revision = Revision(ctx, o.StacksDir)
	}
	for _, n := range slices.Sorted(maps.Keys(v.Effective)) {
		e := v.Effective[n]
		ps := report.PolicySetting{Name: n, Level: e.Level}
		if len(e.Properties) > 0 {
			b, err := jsonText(e.Properties)
			if err != nil {
				return p, fmt.Errorf("recording the configuration of policy %q: %w", n, err)
			}
			ps.Properties = b
		}
		p.Policies = append(p.Policies, ps)
	}
	return p, nil
}

// Revision is the git commit of the tree holding dir, with " (dirty)" when it has uncommitted changes,
// else the revision the binary was built from, else "unknown". It never fails: a missing git says
// unknown.
func Revision(ctx context.Context, dir string) string {
	git := func(args ...string) (string, bool) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err == nil
	}
	if commit, ok := git("rev-parse", "HEAD"); ok && commit != "" {
		if status, ok := git("status", "--porcelain"); !ok {
			return commit + " (dirty: unknown)"
		} else if status != "" {
			return commit + " (dirty)"
		}
		return commit + " (clean)"
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			if modified == "true" {
				return rev + " (dirty)"
			}
			return rev + " (clean)"
		}
	}
	return "unknown"
}

// ToolVersion names the running command and the module version it was built as.
func ToolVersion(command string) string {
	version := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		version = bi.Main.Version
	}
	return "pciqueue " + command + " " + version
}

// jsonText is a policy's properties as compact JSON with sorted keys.
func jsonText(props map[string]any) (string, error) {
	b, err := json.Marshal(props)
	return string(b), err
}
