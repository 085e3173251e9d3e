// Package enginetest is an in-process Pulumi engine for tests and the offline preview: it implements the
// SDK's mock resource monitor, records every resource a program registers exactly as the engine would
// receive it (type, name, parent, inputs, dependencies, property dependencies, provider, protect), and
// answers with the outputs the engine would give.
//
// It guarantees that a preview run behaves like `pulumi preview`: resources get no ID and every output
// that is not an input stays unknown, so code that only works once outputs are known fails here too. An
// update run answers with realistic outputs (ARNs, URLs, resource IDs).
//
// # What differs by cloud
//
// Only the synthesized outputs and function answers, and the engine holds none of them: each cloud
// package registers the World of its provider (Register("aws:", ...)), so AWS resources get ARNs in one
// account and region, Azure resources resource IDs under one subscription, Google Cloud resources their API
// names in one project. A provider without a world gets its inputs back as outputs.
package enginetest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource is one registered resource as the engine received it.
type Resource struct {
	URN          string
	Type         string
	Name         string
	Parent       string
	Custom       bool
	Protect      bool
	Provider     string
	Inputs       resource.PropertyMap
	Outputs      resource.PropertyMap
	Dependencies []string
	// PropertyDependencies maps an input property to the URNs its value came from.
	PropertyDependencies map[string][]string
}

// Engine records registrations. Use it with pulumi.RunWithContext and pulumi.WithMocks, or through Run.
type Engine struct {
	Project, Stack string
	// DryRun makes the engine answer as in a preview: no IDs, unknown outputs.
	DryRun bool

	mu        sync.Mutex
	resources []Resource
	calls     []string
}

// New returns an engine for the given project and stack.
func New(project, stack string, dryRun bool) *Engine {
	return &Engine{Project: project, Stack: stack, DryRun: dryRun}
}

// NewResource implements pulumi.MockResourceMonitor.
func (e *Engine) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	r := Resource{
		Type:     args.TypeToken,
		Name:     args.Name,
		Custom:   args.Custom,
		Provider: args.Provider,
		Inputs:   args.Inputs.Copy(),
	}
	if rpc != nil {
		// The SDK's mock monitor drops unknown inputs when it decodes them; decode the request again keeping
		// them, as the engine does, so a preview shows which inputs are only known after apply.
		inputs, err := plugin.UnmarshalProperties(rpc.GetObject(), plugin.MarshalOptions{
			KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true,
		})
		if err != nil {
			return "", nil, fmt.Errorf("decoding inputs of %s %q: %w", args.TypeToken, args.Name, err)
		}
		r.Inputs = inputs
		r.Parent = rpc.GetParent()
		r.Protect = rpc.GetProtect()
		r.Dependencies = slices.Clone(rpc.GetDependencies())
		r.PropertyDependencies = map[string][]string{}
		for k, v := range rpc.GetPropertyDependencies() {
			r.PropertyDependencies[k] = slices.Clone(v.GetUrns())
		}
	}
	r.URN = e.urn(r.Parent, r.Type, r.Name)

	id := ""
	outputs := args.Inputs.Copy()
	if !e.DryRun && args.Custom {
		id = physicalName(args.TypeToken, args.Name, args.Inputs)
		extra := worldOutputs(args.TypeToken, id, args.Inputs)
		if v, ok := extra["id"]; ok && v.IsString() {
			id = v.StringValue()
		}
		for k, v := range extra {
			outputs[k] = v
		}
	}
	r.Outputs = outputs

	e.mu.Lock()
	e.resources = append(e.resources, r)
	e.mu.Unlock()
	return id, outputs, nil
}

// Call implements pulumi.MockResourceMonitor for provider functions (invokes).
func (e *Engine) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	e.mu.Lock()
	e.calls = append(e.calls, args.Token)
	e.mu.Unlock()
	return worldInvoke(args.Token, args.Args)
}

// Resources returns the recorded resources in registration order.
func (e *Engine) Resources() []Resource {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.resources)
}

// Calls returns the tokens of the provider functions the program invoked.
func (e *Engine) Calls() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.calls)
}

// Run executes program under the engine, the way `pulumi preview` (DryRun) or `pulumi up` would, and
// returns the program's error. Config keys are full ("pciqueue:cloud") and values are the strings the
// engine passes (structured values as JSON).
func (e *Engine) Run(program pulumi.RunFunc, config map[string]string) error {
	return pulumi.RunErr(program, func(info *pulumi.RunInfo) {
		info.Project, info.Stack, info.Mocks = e.Project, e.Stack, e
		info.Config, info.DryRun = config, e.DryRun
		info.MonitorAddr, info.EngineAddr = "", ""
	})
}

func (e *Engine) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(e.Stack), tokens.PackageName(e.Project), parentType, tokens.Type(typ), name))
}

// ByType returns the recorded resources of one type token.
func ByType(rs []Resource, typ string) []Resource {
	var out []Resource
	for _, r := range rs {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// Find returns the resource with the given type and logical name.
func Find(rs []Resource, typ, name string) (Resource, bool) {
	for _, r := range rs {
		if r.Type == typ && r.Name == name {
			return r, true
		}
	}
	return Resource{}, false
}

// Types returns "type name" lines for every resource, sorted: a stable summary for tests and goldens.
func Types(rs []Resource) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Type + " " + r.Name
	}
	sort.Strings(out)
	return out
}

// physicalName is the name the provider would give the resource: its explicit name input where it has one,
// otherwise the logical name.
func physicalName(typ, name string, inputs resource.PropertyMap) string {
	for _, k := range []resource.PropertyKey{"name", "queueName", "namespaceName", "vaultName", "keyName", "resourceName", "workspaceName", "accountId", "topic"} {
		if v, ok := inputs[k]; ok && v.IsString() && v.StringValue() != "" {
			return v.StringValue()
		}
	}
	return strings.ToLower(name)
}
