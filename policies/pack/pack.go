package pack

import (
	"fmt"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/pciqueue/pciqueue/policies/external"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// Name and Version identify the pack; Name matches PulumiPolicy.yaml.
const (
	Name    = "pciqueue-pci-dss-4"
	Version = "0.1.0"
)

// New builds the policy pack for one analyzer process. It tells the engine,
// as a warning in the deployment log, whenever the configuration narrows the
// cardholder-data environment or declares keys and audit sinks managed
// outside the stack, so that both are on record.
func New(ctx *pulumi.Context) (policyx.PolicyPack, error) {
	rt := rule.NewRuntime(ctx.DryRun())
	rt.OnScopeChange(func(c scope.Config) {
		if c.Mode == scope.Tagged {
			announce(ctx, fmt.Sprintf("%s: the cardholder-data environment is narrowed to resources whose %q tag is one of %s, plus every resource whose marking cannot be read",
				Name, c.Tag, strings.Join(c.Values, ", ")))
		}
	})
	rt.OnExternalChange(func(c external.Config) {
		if !c.Empty() {
			announce(ctx, fmt.Sprintf("%s: declared managed and assessed outside this stack, to be evidenced where they live: %s",
				Name, strings.Join(c.IDs(), ", ")))
		}
	})
	return build(rt)
}

// Build builds the policy pack for a preview (dryRun) or an update.
func Build(dryRun bool) (policyx.PolicyPack, error) {
	return build(rule.NewRuntime(dryRun))
}

func build(rt *rule.Runtime) (policyx.PolicyPack, error) {
	policies, err := rt.Policies(Rules())
	if err != nil {
		return nil, fmt.Errorf("building policy pack %q: %w", Name, err)
	}
	p, err := policyx.NewPolicyPack(Name, semver.MustParse(Version), policyx.EnforcementLevelMandatory, policies)
	if err != nil {
		return nil, fmt.Errorf("building policy pack %q: %w", Name, err)
	}
	return p, nil
}

// announce logs a warning to the engine. A context built without an engine
// address (a pack not booted by the engine) has no logger, and a missing log
// line must not take the analysis down with it.
func announce(ctx *pulumi.Context, msg string) {
	defer func() { _ = recover() }()
	_ = ctx.Log.Warn(msg, nil)
}
