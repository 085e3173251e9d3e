package analyzer

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/internal/level"
)

// Resource is a resource as the engine presents it to an analyzer.
type Resource struct {
	Type   string
	Name   string
	URN    string
	Parent string
	// Properties are the inputs for Analyze and Remediate and the outputs for
	// AnalyzeStack, with unknowns (resource.Computed) and secrets kept.
	Properties resource.PropertyMap
	Options    ResourceOptions
	Provider   *Provider
	// Dependencies and PropertyDependencies are sent with AnalyzeStack only,
	// as the engine does.
	Dependencies         []string
	PropertyDependencies map[string][]string
}

// ResourceOptions are the resource options the engine sends.
type ResourceOptions struct {
	Protect                 bool
	IgnoreChanges           []string
	DeleteBeforeReplace     *bool
	AdditionalSecretOutputs []string
	Aliases                 []string
}

// Provider is the provider resource a resource is managed by.
type Provider struct {
	Type       string
	Name       string
	URN        string
	Properties resource.PropertyMap
}

// Diagnostic is one policy violation reported by the pack.
type Diagnostic struct {
	PolicyName        string
	PolicyPackName    string
	PolicyPackVersion string
	Description       string
	Message           string
	Level             level.Level
	URN               string
}

// Remediation is one fix the pack applied to a resource's properties.
type Remediation struct {
	PolicyName  string
	Description string
	Properties  resource.PropertyMap
}

// PolicyInfo describes one policy of the pack.
type PolicyInfo struct {
	Name        string
	Description string
	Level       level.Level
	// ConfigSchema holds the JSON schema properties of the policy's
	// configuration, or nil.
	ConfigSchema map[string]any
}

// Info describes the pack.
type Info struct {
	Name     string
	Version  string
	Policies []PolicyInfo
}

// PolicyConfig is the user's configuration of one policy, as in a policy
// configuration file.
type PolicyConfig struct {
	// Level overrides the policy's enforcement level when not nil.
	Level      *level.Level
	Properties map[string]any
}

// Setting is the configuration the engine sends one policy: its level and its properties (the schema's
// defaults overlaid with the user's values).
type Setting struct {
	Level      level.Level
	Properties map[string]any
}

// StackInfo identifies the stack under analysis, as ConfigureStack carries it.
type StackInfo struct {
	Stack, Project, Organization string
	// Config is the stack configuration ("project:key" → value).
	Config map[string]string
	Tags   map[string]string
}
