package server

import (
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

// unmarshal decodes properties as the engine sends them, keeping unknowns,
// secrets, resource references and output values.
func unmarshal(s *structpb.Struct, label string) (property.Map, error) {
	pm, err := plugin.UnmarshalProperties(s, plugin.MarshalOptions{
		Label: label, KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true,
	})
	if err != nil {
		return property.Map{}, err
	}
	return resource.FromResourcePropertyMap(pm), nil
}

// provider converts a request's provider; a request without one gets the
// zero value.
func provider(p *pulumirpc.AnalyzerProviderResource, label string) (policyx.AnalyzerProviderResource, error) {
	if p == nil {
		return policyx.AnalyzerProviderResource{}, nil
	}
	props, err := unmarshal(p.GetProperties(), label)
	if err != nil {
		return policyx.AnalyzerProviderResource{}, err
	}
	return policyx.AnalyzerProviderResource{Type: p.GetType(), Properties: props, URN: p.GetUrn(), Name: p.GetName()}, nil
}

// options converts a request's resource options to the SDK's view of them.
func options(o *pulumirpc.AnalyzerResourceOptions) pulumi.ResourceOptions {
	if o == nil {
		return pulumi.ResourceOptions{AdditionalSecretOutputs: []string{}, Aliases: []pulumi.Alias{}}
	}
	out := pulumi.ResourceOptions{
		AdditionalSecretOutputs: append([]string{}, o.GetAdditionalSecretOutputs()...),
		Aliases:                 make([]pulumi.Alias, 0, len(o.GetAliases())),
		DeleteBeforeReplace:     o.GetDeleteBeforeReplaceDefined() && o.GetDeleteBeforeReplace(),
		IgnoreChanges:           o.GetIgnoreChanges(),
		Protect:                 o.GetProtect(),
	}
	for _, a := range o.GetAliases() {
		out.Aliases = append(out.Aliases, pulumi.Alias{URN: pulumi.URN(a)})
	}
	if t := o.GetCustomTimeouts(); t != nil && (t.GetCreate() != 0 || t.GetUpdate() != 0 || t.GetDelete() != 0 || t.GetRead() != 0) {
		out.CustomTimeouts = &pulumi.CustomTimeouts{
			Create: timeout(t.GetCreate()), Update: timeout(t.GetUpdate()), Delete: timeout(t.GetDelete()), Read: timeout(t.GetRead()),
		}
	}
	return out
}

// timeout renders a custom timeout in seconds as a duration string; zero
// (not set) is empty.
func timeout(seconds float64) string {
	if seconds == 0 {
		return ""
	}
	return time.Duration(seconds * float64(time.Second)).String()
}

// analyzed converts the resource of an Analyze or Remediate request. Parent
// comes from the options, as the engine sends it there for these requests.
func analyzed(req *pulumirpc.AnalyzeRequest, props property.Map, prov policyx.AnalyzerProviderResource) policyx.AnalyzerResource {
	return policyx.AnalyzerResource{
		Type: req.GetType(), Properties: props, URN: req.GetUrn(), Name: req.GetName(),
		Options: options(req.GetOptions()), Provider: prov, Parent: req.GetOptions().GetParent(),
	}
}

// stackResource converts one resource of an AnalyzeStack request, with its
// parent and dependencies.
func stackResource(r *pulumirpc.AnalyzerResource, label string) (policyx.AnalyzerResource, error) {
	props, err := unmarshal(r.GetProperties(), label)
	if err != nil {
		return policyx.AnalyzerResource{}, err
	}
	prov, err := provider(r.GetProvider(), label+".provider")
	if err != nil {
		return policyx.AnalyzerResource{}, err
	}
	deps := map[string][]string{}
	for k, d := range r.GetPropertyDependencies() {
		if len(d.GetUrns()) > 0 {
			deps[k] = d.GetUrns()
		}
	}
	return policyx.AnalyzerResource{
		Type: r.GetType(), Properties: props, URN: r.GetUrn(), Name: r.GetName(),
		Options: options(r.GetOptions()), Provider: prov, Parent: r.GetParent(),
		Dependencies: r.GetDependencies(), PropertyDependencies: deps,
	}, nil
}
