package server

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/pciqueue/pciqueue/policies/fixture"
	"github.com/pciqueue/pciqueue/policies/pack"
)

// hardenedStack is the analyzer's hardened AWS stack fixture as the engine
// sends it.
func hardenedStack(tb testing.TB) []*pulumirpc.AnalyzerResource {
	tb.Helper()
	fx, err := fixture.Load("../analyzer/testdata/aws-allowed-hardened-stack.json")
	if err != nil {
		tb.Fatal(err)
	}
	var out []*pulumirpc.AnalyzerResource
	for _, fr := range fx.Resources {
		pm, err := fr.PropertyMap()
		if err != nil {
			tb.Fatal(err)
		}
		props, err := plugin.MarshalProperties(pm, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true})
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, &pulumirpc.AnalyzerResource{Urn: fr.URN, Type: fr.Type, Name: fr.Name, Properties: props})
	}
	return out
}

func newAnalyzer(tb testing.TB) *analyzer {
	tb.Helper()
	p, err := pack.Build(false)
	if err != nil {
		tb.Fatal(err)
	}
	a := &analyzer{pack: p, config: map[string]policyx.PolicyConfig{}}
	// The engine configures every policy: its level and its schema's defaults.
	for _, pol := range p.Policies() {
		c := policyx.PolicyConfig{EnforcementLevel: pol.EnforcementLevel(), Properties: map[string]any{}}
		if s := pol.ConfigSchema(); s != nil {
			for k, v := range s.Properties {
				c.Properties[k] = v["default"]
			}
		}
		a.config[pol.Name()] = c
	}
	return a
}

// BenchmarkAnalyzeInProcess measures one Analyze of the hardened queue without
// the gRPC transport: the conversion and the policies that cover a queue.
func BenchmarkAnalyzeInProcess(b *testing.B) {
	a := newAnalyzer(b)
	var req *pulumirpc.AnalyzeRequest
	for _, r := range hardenedStack(b) {
		if r.GetName() == "orders" {
			req = &pulumirpc.AnalyzeRequest{Urn: r.GetUrn(), Type: r.GetType(), Name: r.GetName(), Properties: r.GetProperties()}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Analyze(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeStackInProcess measures AnalyzeStack of the hardened stack
// without the gRPC transport.
func BenchmarkAnalyzeStackInProcess(b *testing.B) {
	a := newAnalyzer(b)
	req := &pulumirpc.AnalyzeStackRequest{Resources: hardenedStack(b)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.AnalyzeStack(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeStack1000InProcess measures AnalyzeStack of about 1,000
// resources (copies of the hardened stack) without the gRPC transport.
func BenchmarkAnalyzeStack1000InProcess(b *testing.B) {
	a := newAnalyzer(b)
	rs, err := fixture.Replicate("../analyzer/testdata/aws-allowed-hardened-stack.json", 1000, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	req := &pulumirpc.AnalyzeStackRequest{}
	for _, r := range rs {
		props, err := plugin.MarshalProperties(resource.ToResourcePropertyMap(r.Properties), plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true})
		if err != nil {
			b.Fatal(err)
		}
		deps := map[string]*pulumirpc.AnalyzerPropertyDependencies{}
		for k, urns := range r.PropertyDependencies {
			deps[k] = &pulumirpc.AnalyzerPropertyDependencies{Urns: urns}
		}
		req.Resources = append(req.Resources, &pulumirpc.AnalyzerResource{
			Urn: r.URN, Type: r.Type, Name: r.Name, Properties: props, Parent: r.Parent, Dependencies: r.Dependencies, PropertyDependencies: deps,
		})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.AnalyzeStack(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}
