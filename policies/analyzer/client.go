package analyzer

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/pciqueue/pciqueue/internal/level"
)

// Build compiles the policy pack in packDir into the binary out.
func Build(ctx context.Context, packDir, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, ".")
	cmd.Dir = packDir
	// Interrupted rather than killed, go build removes its work directory before it exits.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building policy pack in %q: %w\n%s", packDir, err, output)
	}
	return nil
}

// Config says how to start and configure a pack.
type Config struct {
	// Binary is the built pack (see Build).
	Binary string
	// PackDir is the directory holding PulumiPolicy.yaml, sent as root and
	// program directory; it defaults to the binary's directory.
	PackDir string
	Stack   StackInfo
	// DryRun is true for a preview.
	DryRun bool
	// Policies is the user's policy configuration by policy name; the key
	// "all" sets the level of every policy it does not name.
	Policies map[string]PolicyConfig
}

// Client is one running analyzer process for one operation.
type Client struct {
	engine *Engine
	cmd    *exec.Cmd
	conn   *grpc.ClientConn
	rpc    pulumirpc.AnalyzerClient
	stderr *lockedBuffer
	info   Info
	// effective is the configuration Configure sent.
	effective map[string]Setting
	done      chan struct{}
}

// Start starts the pack and takes it through Handshake, ConfigureStack,
// GetAnalyzerInfo and Configure.
func Start(ctx context.Context, cfg Config) (c *Client, err error) {
	engine, err := StartEngine()
	if err != nil {
		return nil, err
	}
	started := &Client{engine: engine, stderr: &lockedBuffer{}, done: make(chan struct{})}
	c = started
	// A failed start returns a nil client, so the deferred cleanup holds its own reference.
	defer func() {
		if err != nil {
			started.Close()
		}
	}()
	packDir := cfg.PackDir
	if packDir == "" {
		packDir = filepath.Dir(cfg.Binary)
	}
	if err := c.launch(ctx, cfg.Binary, packDir); err != nil {
		return nil, err
	}
	if _, err := c.rpc.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{
		EngineAddress: engine.Addr(), RootDirectory: &packDir, ProgramDirectory: &packDir,
	}); err != nil {
		return nil, c.fail("handshake", err)
	}
	if _, err := c.rpc.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{
		Stack: cfg.Stack.Stack, Project: cfg.Stack.Project, Organization: cfg.Stack.Organization,
		Config: cfg.Stack.Config, Tags: cfg.Stack.Tags, DryRun: cfg.DryRun,
	}); err != nil {
		return nil, c.fail("configuring stack", err)
	}
	if c.info, err = c.getInfo(ctx); err != nil {
		return nil, err
	}
	if err := c.configure(ctx, cfg.Policies); err != nil {
		return nil, err
	}
	return c, nil
}

// launch starts the binary with the engine address and dials the port it
// announces on the first line of stdout.
func (c *Client) launch(ctx context.Context, binary, packDir string) error {
	c.cmd = exec.Command(binary, c.engine.Addr())
	c.cmd.Dir = packDir
	c.cmd.Stderr = c.stderr
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("starting policy pack %q: %w", binary, err)
	}
	if err := c.cmd.Start(); err != nil {
		return fmt.Errorf("starting policy pack %q: %w", binary, err)
	}
	go func() {
		_ = c.cmd.Wait()
		close(c.done)
	}()
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		line, _ := r.ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, r)
	}()
	var line string
	select {
	case line = <-lines:
	case <-ctx.Done():
		return fmt.Errorf("waiting for policy pack %q to announce its port: %w", binary, ctx.Err())
	}
	port, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return fmt.Errorf("policy pack %q announced %q instead of a port: %w\n%s", binary, strings.TrimSpace(line), err, c.stderr.String())
	}
	c.conn, err = grpc.NewClient("127.0.0.1:"+strconv.Itoa(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
	if err != nil {
		return fmt.Errorf("connecting to policy pack %q: %w", binary, err)
	}
	c.rpc = pulumirpc.NewAnalyzerClient(c.conn)
	return nil
}

func (c *Client) fail(op string, err error) error {
	if s := strings.TrimSpace(c.stderr.String()); s != "" {
		return fmt.Errorf("%s with the policy pack: %w\npack stderr:\n%s", op, err, s)
	}
	return fmt.Errorf("%s with the policy pack: %w", op, err)
}

func (c *Client) getInfo(ctx context.Context) (Info, error) {
	resp, err := c.rpc.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	if err != nil {
		return Info{}, c.fail("getting analyzer info", err)
	}
	info := Info{Name: resp.GetName(), Version: resp.GetVersion()}
	for _, p := range resp.GetPolicies() {
		pi := PolicyInfo{Name: p.GetName(), Description: p.GetDescription(), Level: fromRPC(p.GetEnforcementLevel())}
		if s := p.GetConfigSchema(); s != nil && s.GetProperties() != nil {
			pi.ConfigSchema = s.GetProperties().AsMap()
		}
		info.Policies = append(info.Policies, pi)
	}
	slices.SortFunc(info.Policies, func(a, b PolicyInfo) int { return strings.Compare(a.Name, b.Name) })
	return info, nil
}

// Info returns the pack's description of itself, with the levels in force
// after configuration.
func (c *Client) Info() Info { return c.info }

// Effective returns the configuration sent to the pack: every policy's level and properties.
func (c *Client) Effective() map[string]Setting { return c.effective }

// Logs returns what the pack logged to the engine.
func (c *Client) Logs() []LogEntry { return c.engine.Logs() }

func (c *Client) configure(ctx context.Context, cfg map[string]PolicyConfig) error {
	eff, err := Effective(c.info, cfg)
	if err != nil {
		return err
	}
	c.effective = eff
	req := &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: map[string]*pulumirpc.PolicyConfig{}}
	for name, pc := range eff {
		props, err := structpb.NewStruct(pc.Properties)
		if err != nil {
			return fmt.Errorf("configuring policy %q: %w", name, err)
		}
		req.PolicyConfig[name] = &pulumirpc.PolicyConfig{EnforcementLevel: rpcLevel(pc.Level), Properties: props}
	}
	if _, err := c.rpc.Configure(ctx, req); err != nil {
		return c.fail("configuring policies", err)
	}
	for i, p := range c.info.Policies {
		c.info.Policies[i].Level = eff[p.Name].Level
	}
	return nil
}

// AnalyzeResource analyzes one resource, as the engine does before it
// creates or updates it.
func (c *Client) AnalyzeResource(ctx context.Context, r Resource) ([]Diagnostic, error) {
	req, err := analyzeRequest(r, true)
	if err != nil {
		return nil, err
	}
	resp, err := c.rpc.Analyze(ctx, req)
	if err != nil {
		return nil, c.fail("analyzing "+r.URN, err)
	}
	return diagnostics(resp.GetDiagnostics()), nil
}

// AnalyzeStack analyzes the whole stack, as the engine does at the end of an
// operation.
func (c *Client) AnalyzeStack(ctx context.Context, resources []Resource) ([]Diagnostic, error) {
	req := &pulumirpc.AnalyzeStackRequest{}
	for _, r := range resources {
		props, err := marshal(r.Properties, true)
		if err != nil {
			return nil, fmt.Errorf("analyzing stack: properties of %s: %w", r.URN, err)
		}
		provider, err := marshalProvider(r.Provider)
		if err != nil {
			return nil, fmt.Errorf("analyzing stack: provider of %s: %w", r.URN, err)
		}
		deps := map[string]*pulumirpc.AnalyzerPropertyDependencies{}
		for k, urns := range r.PropertyDependencies {
			if len(urns) > 0 {
				deps[k] = &pulumirpc.AnalyzerPropertyDependencies{Urns: urns}
			}
		}
		req.Resources = append(req.Resources, &pulumirpc.AnalyzerResource{
			Urn: r.URN, Type: r.Type, Name: r.Name, Properties: props, Options: options(r),
			Provider: provider, Parent: r.Parent, Dependencies: r.Dependencies, PropertyDependencies: deps,
		})
	}
	resp, err := c.rpc.AnalyzeStack(ctx, req)
	if err != nil {
		return nil, c.fail("analyzing stack", err)
	}
	return diagnostics(resp.GetDiagnostics()), nil
}

// Analyze runs a whole operation's analysis: Analyze for every resource in
// order, then AnalyzeStack, and returns every diagnostic.
func (c *Client) Analyze(ctx context.Context, resources []Resource) ([]Diagnostic, error) {
	var out []Diagnostic
	for _, r := range resources {
		ds, err := c.AnalyzeResource(ctx, r)
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	ds, err := c.AnalyzeStack(ctx, resources)
	if err != nil {
		return nil, err
	}
	return append(out, ds...), nil
}

// Remediate asks the pack to fix one resource's properties. Each remediation
// holds the properties after that policy's fix; the last one is the result.
func (c *Client) Remediate(ctx context.Context, r Resource) ([]Remediation, error) {
	req, err := analyzeRequest(r, false)
	if err != nil {
		return nil, err
	}
	resp, err := c.rpc.Remediate(ctx, req)
	if err != nil {
		return nil, c.fail("remediating "+r.URN, err)
	}
	var out []Remediation
	for _, rem := range resp.GetRemediations() {
		props, err := plugin.UnmarshalProperties(rem.GetProperties(), plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true})
		if err != nil {
			return nil, fmt.Errorf("remediating %s: policy %q: %w", r.URN, rem.GetPolicyName(), err)
		}
		out = append(out, Remediation{PolicyName: rem.GetPolicyName(), Description: rem.GetDescription(), Properties: props})
	}
	return out, nil
}

// Close stops the pack process and the engine server. It may be called on a nil or partly started
// client, and more than once.
func (c *Client) Close() {
	if c == nil {
		return
	}
	if c.conn != nil {
		_ = c.conn.Close()
	}
	if c.cmd != nil && c.cmd.Process != nil {
		_ = c.cmd.Process.Kill()
		<-c.done
	}
	if c.engine != nil {
		c.engine.Stop()
	}
}

func analyzeRequest(r Resource, skipInternal bool) (*pulumirpc.AnalyzeRequest, error) {
	props, err := marshal(r.Properties, skipInternal)
	if err != nil {
		return nil, fmt.Errorf("marshalling properties of %s: %w", r.URN, err)
	}
	provider, err := marshalProvider(r.Provider)
	if err != nil {
		return nil, fmt.Errorf("marshalling provider of %s: %w", r.URN, err)
	}
	return &pulumirpc.AnalyzeRequest{Urn: r.URN, Type: r.Type, Name: r.Name, Properties: props, Options: options(r), Provider: provider}, nil
}

func marshal(pm resource.PropertyMap, skipInternal bool) (*structpb.Struct, error) {
	if pm == nil {
		pm = resource.PropertyMap{}
	}
	return plugin.MarshalProperties(pm, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, SkipInternalKeys: skipInternal})
}

func marshalProvider(p *Provider) (*pulumirpc.AnalyzerProviderResource, error) {
	if p == nil {
		return nil, nil
	}
	props, err := marshal(p.Properties, true)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AnalyzerProviderResource{Type: p.Type, Name: p.Name, Urn: p.URN, Properties: props}, nil
}

func options(r Resource) *pulumirpc.AnalyzerResourceOptions {
	o := &pulumirpc.AnalyzerResourceOptions{
		Parent: r.Parent, Protect: r.Options.Protect, IgnoreChanges: r.Options.IgnoreChanges,
		AdditionalSecretOutputs: r.Options.AdditionalSecretOutputs, Aliases: r.Options.Aliases,
	}
	if r.Options.DeleteBeforeReplace != nil {
		o.DeleteBeforeReplace, o.DeleteBeforeReplaceDefined = *r.Options.DeleteBeforeReplace, true
	}
	return o
}

func diagnostics(ds []*pulumirpc.AnalyzeDiagnostic) []Diagnostic {
	out := make([]Diagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, Diagnostic{
			PolicyName: d.GetPolicyName(), PolicyPackName: d.GetPolicyPackName(), PolicyPackVersion: d.GetPolicyPackVersion(),
			Description: d.GetDescription(), Message: d.GetMessage(), Level: fromRPC(d.GetEnforcementLevel()), URN: d.GetUrn(),
		})
	}
	return out
}

// rpcLevels is each level as the protocol numbers it.
var rpcLevels = map[level.Level]pulumirpc.EnforcementLevel{
	level.Mandatory: pulumirpc.EnforcementLevel_MANDATORY,
	level.Advisory:  pulumirpc.EnforcementLevel_ADVISORY,
	level.Remediate: pulumirpc.EnforcementLevel_REMEDIATE,
	level.Disabled:  pulumirpc.EnforcementLevel_DISABLED,
}

// fromRPC reads a protocol level; a number it does not know reads as advisory.
func fromRPC(l pulumirpc.EnforcementLevel) level.Level {
	for lv, r := range rpcLevels {
		if r == l {
			return lv
		}
	}
	return level.Advisory
}

// rpcLevel is only given levels Effective validated; anything else fails closed as mandatory.
func rpcLevel(l level.Level) pulumirpc.EnforcementLevel {
	if r, ok := rpcLevels[l]; ok {
		return r
	}
	return pulumirpc.EnforcementLevel_MANDATORY
}

// lockedBuffer collects the pack's stderr from its own goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
