package rule

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/pciqueue/pciqueue/internal/typetoken"
)

// Resource is the read-only view of a resource that judgements receive.
type Resource struct {
	// Type is the type token as typetoken.Canonical gives it; URN keeps the token
	// the program registered.
	Type       string
	Name       string
	URN        string
	Parent     string
	Properties property.Map
	Provider   Provider
	// Protect is the protect resource option.
	Protect bool
	// Dependencies and PropertyDependencies are only known in stack
	// validation: the engine does not send them for a single resource.
	Dependencies         []string
	PropertyDependencies map[string][]string
}

// Provider is the provider instance a resource is managed by.
type Provider struct {
	Type       string
	Name       string
	URN        string
	Properties property.Map
}

// Cloud returns the resource's cloud.
func (r Resource) Cloud() Cloud { return CloudOf(r.Type) }

// FromAnalyzer converts the policyx view of a resource.
func FromAnalyzer(a policyx.AnalyzerResource) Resource {
	return Resource{
		Type:       typetoken.Canonical(a.Type),
		Name:       a.Name,
		URN:        a.URN,
		Parent:     a.Parent,
		Properties: a.Properties,
		Provider: Provider{
			Type: a.Provider.Type, Name: a.Provider.Name, URN: a.Provider.URN, Properties: a.Provider.Properties,
		},
		Protect:              a.Options.Protect,
		Dependencies:         a.Dependencies,
		PropertyDependencies: a.PropertyDependencies,
	}
}
