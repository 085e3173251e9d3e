// Package judge runs the real policy pack over recorded resources: it builds the pack binary once, starts it
// per operation, and drives it over the analyzer gRPC protocol with exactly what the engine would send —
// every resource's inputs to Analyze, every resource's state to AnalyzeStack (in a preview, the inputs with
// computed values still unknown), each with its provider, options, parent and dependencies.
//
// It guarantees that a verdict comes from the pack the users run, not from a re-implementation, and that a
// pack failure is an error rather than an empty list of violations.
package judge

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/analyzer"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// Pack is a built policy pack, started once per operation.
type Pack struct {
	dir, binary string
	policies    map[string]analyzer.PolicyConfig
}

// WithPolicies returns the pack configured as `pulumi preview --policy-pack-config` would configure it.
func (p *Pack) WithPolicies(policies map[string]analyzer.PolicyConfig) *Pack {
	c := *p
	c.policies = policies
	return &c
}

var (
	buildOnce sync.Map // pack dir → *built
)

type built struct {
	once   sync.Once
	binary string
	err    error
}

// Build compiles the pack in packDir once per process and returns it. The binary lives in a temporary
// directory until Cleanup removes it.
func Build(ctx context.Context, packDir string) (*Pack, error) {
	abs, err := filepath.Abs(packDir)
	if err != nil {
		return nil, fmt.Errorf("locating policy pack %s: %w", packDir, err)
	}
	v, _ := buildOnce.LoadOrStore(abs, &built{})
	b := v.(*built)
	b.once.Do(func() {
		dir, err := os.MkdirTemp("", "pciqueue-pack-")
		if err != nil {
			b.err = fmt.Errorf("creating a directory for the policy pack binary: %w", err)
			return
		}
		b.binary = filepath.Join(dir, "pciqueue-policies")
		if err := analyzer.Build(ctx, abs, b.binary); err != nil {
			b.err = fmt.Errorf("building policy pack %s: %w", abs, err)
		}
	})
	if b.err != nil {
		return nil, b.err
	}
	return &Pack{dir: abs, binary: b.binary}, nil
}

// Verdict is the pack's judgement of one operation.
type Verdict struct {
	// Info is the pack's description of itself, with the levels in force.
	Info analyzer.Info
	// Effective is the configuration the pack was given: every policy's level and properties.
	Effective   map[string]analyzer.Setting
	Diagnostics []analyzer.Diagnostic
}

// Mandatory returns the diagnostics that block the operation.
func (v Verdict) Mandatory() []analyzer.Diagnostic {
	var out []analyzer.Diagnostic
	for _, d := range v.Diagnostics {
		if d.Level == level.Mandatory {
			out = append(out, d)
		}
	}
	return out
}

// Unverified reports whether a diagnostic says a check could not be verified in this preview.
func Unverified(d analyzer.Diagnostic) bool {
	return d.PolicyName == rule.UnverifiedPolicy || d.PolicyName == rule.UnverifiedStackPolicy
}

// Judge analyses the resources of one stack as one operation (a preview when dryRun).
func (p *Pack) Judge(ctx context.Context, project, stack string, config map[string]string, rs []enginetest.Resource, dryRun bool) (Verdict, error) {
	client, err := analyzer.Start(ctx, analyzer.Config{
		Binary: p.binary, PackDir: p.dir, DryRun: dryRun, Policies: p.policies,
		Stack: analyzer.StackInfo{Stack: stack, Project: project, Config: config},
	})
	if err != nil {
		return Verdict{}, fmt.Errorf("starting policy pack: %w", err)
	}
	defer client.Close()
	res := Resources(rs, dryRun)
	diags, err := client.Analyze(ctx, res)
	if err != nil {
		return Verdict{}, fmt.Errorf("analysing stack %s: %w", stack, err)
	}
	return Verdict{Info: client.Info(), Effective: client.Effective(), Diagnostics: diags}, nil
}

// Resources converts recorded resources into what the engine presents to an analyzer. Properties are the
// inputs (Analyze) — and, since the engine sends state to AnalyzeStack, the state of an update — with the
// unknowns of a preview kept.
func Resources(rs []enginetest.Resource, dryRun bool) []analyzer.Resource {
	providers := map[string]enginetest.Resource{}
	for _, r := range rs {
		if strings.HasPrefix(r.Type, "pulumi:providers:") {
			providers[r.URN] = r
		}
	}
	out := make([]analyzer.Resource, 0, len(rs))
	for _, r := range rs {
		props := r.Inputs
		if !dryRun && r.Outputs != nil {
			props = mergeState(r.Inputs, r.Outputs)
		}
		a := analyzer.Resource{
			Type: r.Type, Name: r.Name, URN: r.URN, Parent: r.Parent, Properties: props,
			Options:              analyzer.ResourceOptions{Protect: r.Protect},
			Dependencies:         r.Dependencies,
			PropertyDependencies: r.PropertyDependencies,
		}
		// A provider reference is "<urn>::<id>", and a URN holds "::" itself: the ID follows the last one.
		if i := strings.LastIndex(r.Provider, "::"); i > 0 {
			if p, found := providers[r.Provider[:i]]; found {
				a.Provider = &analyzer.Provider{Type: p.Type, Name: p.Name, URN: p.URN, Properties: p.Inputs}
			}
		}
		out = append(out, a)
	}
	return out
}

// mergeState is a created resource's state: its outputs, with the inputs the provider echoes back.
func mergeState(inputs, outputs resource.PropertyMap) resource.PropertyMap {
	state := inputs.Copy()
	for k, v := range outputs {
		state[k] = v
	}
	return state
}

// Cleanup removes every pack binary Build made in this process.
func Cleanup() {
	buildOnce.Range(func(_, v any) bool {
		if b := v.(*built); b.binary != "" {
			os.RemoveAll(filepath.Dir(b.binary))
		}
		return true
	})
}
