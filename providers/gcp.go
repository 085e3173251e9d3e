package providers

import (
	"fmt"
	"regexp"
	"slices"
	"sort"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GCPConfig is the pciqueue:gcp stack config object: where the stack deploys, and how the project that holds
// its queues is bounded (VPC Service Controls). One Google Cloud stack deploys to exactly one project.
type GCPConfig struct {
	// Project is the ID of the project every resource of the stack is created in.
	Project string `json:"project"`
	// Region is where the keys and audit log buckets live, e.g. europe-west1.
	Region string `json:"region"`
	// AllowedRegions are the regions Pub/Sub may store messages in; default: Region only.
	AllowedRegions []string `json:"allowedRegions,omitempty"`
	// DefaultLabels are applied by the provider to every resource that supports labels.
	DefaultLabels map[string]string `json:"defaultLabels,omitempty"`
	// BillingProject is billed for, and authorises, API calls made with user credentials; Access Context
	// Manager refuses user credentials without one.
	BillingProject string `json:"billingProject,omitempty"`

	// AccessPolicy is the access policy (accessPolicies/<number>) a new service perimeter around the project
	// is created in. Exactly one of AccessPolicy and Perimeter is required.
	AccessPolicy string `json:"accessPolicy,omitempty"`
	// Perimeter attaches the project to an existing service perimeter
	// (accessPolicies/<number>/servicePerimeters/<name>) instead of creating one.
	Perimeter string `json:"perimeter,omitempty"`
	// PerimeterDryRun records what the perimeter would block without blocking it.
	PerimeterDryRun bool `json:"perimeterDryRun,omitempty"`
	// AccessLevels may reach the restricted services from outside a new perimeter, e.g. the deployment
	// pipeline's egress addresses.
	AccessLevels []string `json:"accessLevels,omitempty"`
	// OrgDisablesServiceAccountKeys states that the organization already enforces
	// iam.disableServiceAccountKeyCreation, so the stack does not set it on the project.
	OrgDisablesServiceAccountKeys bool `json:"orgDisablesServiceAccountKeys,omitempty"`
	// OrgRestrictsTLSVersions states that the organization already denies TLS 1.0 and 1.1
	// (gcp.restrictTLSVersion), so the stack does not set it on the project.
	OrgRestrictsTLSVersions bool `json:"orgRestrictsTlsVersions,omitempty"`
}

var (
	gcpProjectPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{4,28}[a-z0-9]$`)
	gcpRegionPattern  = regexp.MustCompile(`^[a-z]+(-[a-z]+)+[0-9]+$`)
	gcpLabelKey       = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,62}$`)
	gcpLabelValue     = regexp.MustCompile(`^[a-z0-9_-]{0,63}$`)
)

// IsGCPRegion reports whether s is written like a Google Cloud region (europe-west1, us-central1).
func IsGCPRegion(s string) bool { return gcpRegionPattern.MatchString(s) }

// Regions returns the regions Pub/Sub may store messages in: AllowedRegions, or Region alone.
func (c GCPConfig) Regions() []string {
	if len(c.AllowedRegions) == 0 {
		return []string{c.Region}
	}
	return slices.Clone(c.AllowedRegions)
}

// Validate checks the provider settings of the Google Cloud config, naming the key of each problem. The
// perimeter settings are checked by the component that uses them (components/gcp.ProjectControlsArgs).
func (c GCPConfig) Validate() error {
	if err := checkNoCardNumber("gcp.defaultLabels", c.DefaultLabels); err != nil {
		return err
	}
	if !gcpProjectPattern.MatchString(c.Project) {
		return fmt.Errorf("config pciqueue:gcp.project = %q is not a Google Cloud project ID: use the 6–30 character ID (lower-case letters, digits, hyphens) of the project this stack may deploy to", c.Project)
	}
	if !gcpRegionPattern.MatchString(c.Region) {
		return fmt.Errorf("config pciqueue:gcp.region = %q is not a Google Cloud region: use a region such as europe-west1 (keys and audit logs are regional)", c.Region)
	}
	for i, r := range c.AllowedRegions {
		if !gcpRegionPattern.MatchString(r) {
			return fmt.Errorf("config pciqueue:gcp.allowedRegions[%d] = %q is not a Google Cloud region: use a region such as europe-west4", i, r)
		}
	}
	if len(c.AllowedRegions) > 0 && !slices.Contains(c.AllowedRegions, c.Region) {
		return fmt.Errorf("config pciqueue:gcp.allowedRegions = %v does not include region %q: messages must be storable where their key lives; add it", c.AllowedRegions, c.Region)
	}
	if c.BillingProject != "" && !gcpProjectPattern.MatchString(c.BillingProject) {
		return fmt.Errorf("config pciqueue:gcp.billingProject = %q is not a Google Cloud project ID", c.BillingProject)
	}
	keys := make([]string, 0, len(c.DefaultLabels))
	for k := range c.DefaultLabels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !gcpLabelKey.MatchString(k) {
			return fmt.Errorf("config pciqueue:gcp.defaultLabels: key %q is not a Google Cloud label key: start with a lower-case letter, then at most 62 lower-case letters, digits, _ and -", k)
		}
		if v := c.DefaultLabels[k]; !gcpLabelValue.MatchString(v) {
			return fmt.Errorf("config pciqueue:gcp.defaultLabels.%s = %q is not a Google Cloud label value: use at most 63 lower-case letters, digits, _ and -", k, v)
		}
	}
	return nil
}

// LoadGCPConfig reads and validates pciqueue:gcp.
func LoadGCPConfig(ctx *pulumi.Context) (GCPConfig, error) {
	var c GCPConfig
	if err := readObject(ctx, "gcp", &c); err != nil {
		return c, err
	}
	return c, c.Validate()
}

// NewGCP builds the explicit Google Cloud provider every pciqueue resource of the stack uses: pinned to the
// configured project and region, so ambient credentials or gcloud defaults cannot redirect the stack.
func NewGCP(ctx *pulumi.Context, name string, c GCPConfig, opts ...pulumi.ResourceOption) (*gcp.Provider, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	args := &gcp.ProviderArgs{
		Project: pulumi.String(c.Project),
		Region:  pulumi.String(c.Region),
	}
	if len(c.DefaultLabels) > 0 {
		args.DefaultLabels = pulumi.ToStringMap(c.DefaultLabels)
	}
	if c.BillingProject != "" {
		args.BillingProject = pulumi.String(c.BillingProject)
		args.UserProjectOverride = pulumi.Bool(true)
	}
	p, err := gcp.NewProvider(ctx, name, args, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating Google Cloud provider %q: %w", name, err)
	}
	return p, nil
}
