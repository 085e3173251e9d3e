package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/pciqueue/pciqueue/policies/rule"
)

// Main serves the pack that factory builds, writing the port it listens on
// to standard output as the analyzer protocol requires, until the engine
// stops it.
func Main(factory func(*pulumi.Context) (policyx.PolicyPack, error)) error {
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterAnalyzerServer(srv, &analyzer{factory: factory})
			return nil
		},
	})
	if err != nil {
		return fmt.Errorf("serving the analyzer: %w", err)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		return fmt.Errorf("serving the analyzer: %w", err)
	}
	return nil
}

// analyzer is the gRPC service. The engine calls it one request at a time.
type analyzer struct {
	pulumirpc.UnimplementedAnalyzerServer

	factory   func(*pulumi.Context) (policyx.PolicyPack, error)
	handshake *pulumirpc.AnalyzerHandshakeRequest
	pack      policyx.PolicyPack
	stackTags map[string]string
	config    map[string]policyx.PolicyConfig
}

func (a *analyzer) Handshake(_ context.Context, req *pulumirpc.AnalyzerHandshakeRequest) (*pulumirpc.AnalyzerHandshakeResponse, error) {
	a.handshake = req
	return &pulumirpc.AnalyzerHandshakeResponse{}, nil
}

func (a *analyzer) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: a.pack.Version().String()}, nil
}

func (a *analyzer) GetAnalyzerInfo(context.Context, *emptypb.Empty) (*pulumirpc.AnalyzerInfo, error) {
	infos := make([]*pulumirpc.PolicyInfo, 0, len(a.pack.Policies()))
	for _, p := range a.pack.Policies() {
		info := &pulumirpc.PolicyInfo{Name: p.Name(), Description: p.Description(), EnforcementLevel: pulumirpc.EnforcementLevel(p.EnforcementLevel())}
		if schema := p.ConfigSchema(); schema != nil {
			props := make(map[string]any, len(schema.Properties))
			for k, v := range schema.Properties {
				props[k] = v
			}
			s, err := structpb.NewStruct(props)
			if err != nil {
				return nil, fmt.Errorf("describing the configuration schema of policy %q: %w", p.Name(), err)
			}
			info.ConfigSchema = &pulumirpc.PolicyConfigSchema{Properties: s, Required: schema.Required}
		}
		infos = append(infos, info)
	}
	return &pulumirpc.AnalyzerInfo{
		Name: a.pack.Name(), Version: a.pack.Version().String(), Policies: infos, SupportsConfig: true,
	}, nil
}

func (a *analyzer) ConfigureStack(_ context.Context, req *pulumirpc.AnalyzerStackConfigureRequest) (*pulumirpc.AnalyzerStackConfigureResponse, error) {
	if a.handshake == nil {
		return nil, errors.New("configuring the stack: the analyzer has had no handshake")
	}
	ctx, err := pulumi.NewContext(context.Background(), pulumi.RunInfo{
		Stack: req.GetStack(), Project: req.GetProject(), Organization: req.GetOrganization(),
		RootDirectory: a.handshake.GetRootDirectory(), EngineAddr: a.handshake.GetEngineAddress(),
		Config: req.GetConfig(), ConfigSecretKeys: req.GetConfigSecretKeys(), DryRun: req.GetDryRun(), Parallel: 1,
	})
	if err != nil {
		return nil, fmt.Errorf("configuring the stack: creating the context: %w", err)
	}
	a.stackTags = req.GetTags()
	if a.pack, err = a.factory(ctx); err != nil {
		return nil, fmt.Errorf("configuring the stack: creating the policy pack: %w", err)
	}
	return &pulumirpc.AnalyzerStackConfigureResponse{}, nil
}

func (a *analyzer) Configure(_ context.Context, req *pulumirpc.ConfigureAnalyzerRequest) (*emptypb.Empty, error) {
	conf := make(map[string]policyx.PolicyConfig, len(req.GetPolicyConfig()))
	for name, c := range req.GetPolicyConfig() {
		data, err := c.GetProperties().MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("configuring policy %q: %w", name, err)
		}
		var props map[string]any
		if err := json.Unmarshal(data, &props); err != nil {
			return nil, fmt.Errorf("configuring policy %q: %w", name, err)
		}
		conf[name] = policyx.PolicyConfig{EnforcementLevel: policyx.EnforcementLevel(c.GetEnforcementLevel()), Properties: props}
	}
	a.config = conf
	return &emptypb.Empty{}, nil
}

// level is the enforcement level of policy p: its configured level, or its
// own when the configuration does not name it.
func (a *analyzer) level(p policyx.Policy) (policyx.PolicyConfig, policyx.EnforcementLevel) {
	c, ok := a.config[p.Name()]
	if !ok {
		return c, p.EnforcementLevel()
	}
	return c, c.EnforcementLevel
}

// covers reports whether p may report on or fix a resource of type typ.
func covers(p policyx.Policy, typ string) bool {
	c, ok := p.(rule.Covering)
	return !ok || c.CoversType(typ)
}

// reporter collects the diagnostics of one request.
type reporter struct {
	pack policyx.PolicyPack
	ds   []*pulumirpc.AnalyzeDiagnostic
}

// manager returns the policy manager through which policy p reports at
// level; defaultURN names the resource of a violation reported without one.
func (r *reporter) manager(p policyx.Policy, level policyx.EnforcementLevel, defaultURN string) policyx.PolicyManager {
	return manager(func(message, urn string) {
		if urn == "" {
			urn = defaultURN
		}
		level := level
		if e, ok := p.(rule.Escalating); ok {
			level = e.LevelFor(level)
		}
		text := p.Description()
		if message != "" {
			text += "\n" + message
		}
		r.ds = append(r.ds, &pulumirpc.AnalyzeDiagnostic{
			PolicyName: p.Name(), PolicyPackName: r.pack.Name(), PolicyPackVersion: r.pack.Version().String(),
			Description: p.Description(), Message: text, EnforcementLevel: pulumirpc.EnforcementLevel(level), Urn: urn,
		})
	})
}

// manager is a policyx.PolicyManager that hands each violation to a function.
type manager func(message, urn string)

func (m manager) ReportViolation(message, urn string) { m(message, urn) }

func (a *analyzer) Analyze(ctx context.Context, req *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error) {
	label := a.pack.Name() + ".analyze"
	props, err := unmarshal(req.GetProperties(), label)
	if err != nil {
		return nil, fmt.Errorf("analyzing %s: properties: %w", req.GetUrn(), err)
	}
	prov, err := provider(req.GetProvider(), label+".provider")
	if err != nil {
		return nil, fmt.Errorf("analyzing %s: provider: %w", req.GetUrn(), err)
	}
	res := analyzed(req, props, prov)
	rep := &reporter{pack: a.pack}
	for _, p := range a.pack.Policies() {
		v, ok := p.(policyx.ResourceValidationPolicy)
		if !ok || !covers(p, res.Type) {
			continue
		}
		conf, level := a.level(p)
		if level == policyx.EnforcementLevelDisabled {
			continue
		}
		args := policyx.ResourceValidationArgs{
			Manager: rep.manager(p, level, req.GetUrn()), Config: conf.Properties, StackTags: a.stackTags, Resource: res,
		}
		if err := v.Validate(ctx, args); err != nil {
			return nil, fmt.Errorf("analyzing %s with policy %q: %w", req.GetUrn(), p.Name(), err)
		}
	}
	return &pulumirpc.AnalyzeResponse{Diagnostics: rep.ds}, nil
}

func (a *analyzer) AnalyzeStack(ctx context.Context, req *pulumirpc.AnalyzeStackRequest) (*pulumirpc.AnalyzeResponse, error) {
	label := a.pack.Name() + ".analyzeStack"
	resources := make([]policyx.AnalyzerResource, 0, len(req.GetResources()))
	for _, r := range req.GetResources() {
		res, err := stackResource(r, label)
		if err != nil {
			return nil, fmt.Errorf("analyzing the stack: resource %s: %w", r.GetUrn(), err)
		}
		resources = append(resources, res)
	}
	rep := &reporter{pack: a.pack}
	for _, p := range a.pack.Policies() {
		v, ok := p.(policyx.StackValidationPolicy)
		if !ok {
			continue
		}
		_, level := a.level(p)
		if level == policyx.EnforcementLevelDisabled {
			continue
		}
		if err := v.Validate(ctx, policyx.StackValidationArgs{Manager: rep.manager(p, level, ""), Resources: resources}); err != nil {
			return nil, fmt.Errorf("analyzing the stack with policy %q: %w", p.Name(), err)
		}
	}
	return &pulumirpc.AnalyzeResponse{Diagnostics: rep.ds}, nil
}

func (a *analyzer) Remediate(ctx context.Context, req *pulumirpc.AnalyzeRequest) (*pulumirpc.RemediateResponse, error) {
	label := a.pack.Name() + ".remediate"
	props, err := unmarshal(req.GetProperties(), label)
	if err != nil {
		return nil, fmt.Errorf("remediating %s: properties: %w", req.GetUrn(), err)
	}
	prov, err := provider(req.GetProvider(), label+".provider")
	if err != nil {
		return nil, fmt.Errorf("remediating %s: provider: %w", req.GetUrn(), err)
	}
	var out []*pulumirpc.Remediation
	for _, p := range a.pack.Policies() {
		fix, ok := p.(policyx.ResourceRemediationPolicy)
		if !ok || !covers(p, req.GetType()) {
			continue
		}
		conf, configured := a.config[p.Name()]
		if configured && conf.EnforcementLevel == policyx.EnforcementLevelDisabled {
			continue
		}
		fixed, err := fix.Remediate(ctx, policyx.ResourceRemediationArgs{Resource: analyzed(req, props, prov), Config: conf.Properties})
		if err != nil {
			return nil, fmt.Errorf("remediating %s with policy %q: %w", req.GetUrn(), p.Name(), err)
		}
		if fixed == nil {
			continue
		}
		props = *fixed
		wire, err := marshal(props, label)
		if err != nil {
			return nil, fmt.Errorf("remediating %s with policy %q: %w", req.GetUrn(), p.Name(), err)
		}
		out = append(out, &pulumirpc.Remediation{
			PolicyName: p.Name(), Description: p.Description(), PolicyPackName: a.pack.Name(),
			PolicyPackVersion: a.pack.Version().String(), Properties: wire,
		})
	}
	return &pulumirpc.RemediateResponse{Remediations: out}, nil
}

// marshal encodes properties for the engine, keeping what unmarshal keeps.
func marshal(props property.Map, label string) (*structpb.Struct, error) {
	return plugin.MarshalProperties(resource.ToResourcePropertyMap(props), plugin.MarshalOptions{
		Label: label, KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true,
	})
}

func (a *analyzer) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}
