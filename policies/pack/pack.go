package pack

import (
	"fmt"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/pciqueue/pciqueue/policies/rule"
)

// Name and Version identify the pack; Name matches PulumiPolicy.yaml.
const (
	Name    = "pciqueue-pci-dss-4"
	Version = "0.1.0"
)

// New builds the policy pack for one analyzer process.
func New(ctx *pulumi.Context) (policyx.PolicyPack, error) {
	return Build(ctx.DryRun())
}

// Build builds the policy pack for a preview (dryRun) or an update.
func Build(dryRun bool) (policyx.PolicyPack, error) {
	policies, err := rule.NewRuntime(dryRun).Policies(Rules())
	if err != nil {
		return nil, fmt.Errorf("building policy pack %q: %w", Name, err)
	}
	p, err := policyx.NewPolicyPack(Name, semver.MustParse(Version), policyx.EnforcementLevelMandatory, policies)
	if err != nil {
		return nil, fmt.Errorf("building policy pack %q: %w", Name, err)
	}
	return p, nil
}
