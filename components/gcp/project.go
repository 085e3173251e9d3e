package gcp

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/organizations"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/projects"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/cloudid"
)

// ProjectControlsType is the type token of the per-project component.
const ProjectControlsType = "pciqueue:gcp:ProjectControls"

// PubSubService is the Pub/Sub API, whose service agent encrypts the topics with the queue keys.
const PubSubService = "pubsub.googleapis.com"

// ProjectControlsArgs configure the controls of the project that holds a stack's queues. Field names are
// the pciqueue:gcp config keys, so validation errors point at the line to fix.
type ProjectControlsArgs struct {
	// AccessPolicy (accessPolicies/<number>) is where a new service perimeter around the project is created.
	// Exactly one of AccessPolicy and Perimeter is required.
	AccessPolicy string
	// Perimeter (accessPolicies/<number>/servicePerimeters/<name>) is an existing perimeter the project is
	// attached to instead. Its owner vouches that it restricts the services in RestrictedServices.
	Perimeter string
	// DryRun records violations in the audit logs without blocking them: for a first deployment.
	DryRun bool
	// AccessLevels (accessPolicies/<number>/accessLevels/<name>) of a new perimeter may reach its restricted
	// services from outside, e.g. the deployment pipeline; without one, only callers inside the perimeter can.
	AccessLevels []string
	// OrgDisablesServiceAccountKeys states that the organization already enforces
	// iam.disableServiceAccountKeyCreation; otherwise the project enforces it itself.
	OrgDisablesServiceAccountKeys bool
	// OrgRestrictsTLSVersions states that the organization already denies TLS 1.0 and 1.1 through
	// gcp.restrictTLSVersion; otherwise the project denies them itself.
	OrgRestrictsTLSVersions bool
}

// Validate reports whether args would be accepted, without registering anything.
func (a *ProjectControlsArgs) Validate() error {
	var errs []error
	bad := func(field, value, allowed string) {
		errs = append(errs, fmt.Errorf("%s = %q is not allowed: use %s", field, cardnum.Scrub(value), allowed))
	}
	switch {
	case a.AccessPolicy == "" && a.Perimeter == "":
		errs = append(errs, errors.New("accessPolicy or perimeter is required: name the access policy a new VPC Service Controls perimeter is created in (accessPolicies/<number>), or an existing perimeter to attach the project to (PCI DSS 1.3, 1.4)"))
	case a.AccessPolicy != "" && a.Perimeter != "":
		bad("perimeter", a.Perimeter, "either accessPolicy (create a perimeter) or perimeter (attach to one), not both: a project sits in at most one regular perimeter")
	case a.AccessPolicy != "" && !cloudid.AccessPolicy.Matches(a.AccessPolicy):
		bad("accessPolicy", a.AccessPolicy, "accessPolicies/<number> (gcloud access-context-manager policies list)")
	case a.Perimeter != "" && !cloudid.ServicePerimeter.Matches(a.Perimeter):
		bad("perimeter", a.Perimeter, "accessPolicies/<number>/servicePerimeters/<name>")
	}
	for i, l := range a.AccessLevels {
		field := fmt.Sprintf("accessLevels[%d]", i)
		switch {
		case a.Perimeter != "":
			bad(field, l, "no access level with perimeter: the existing perimeter's owner sets its access levels")
		case !cloudid.AccessLevel.Matches(l):
			bad(field, l, "accessPolicies/<number>/accessLevels/<name>")
		case a.AccessPolicy != "" && !strings.HasPrefix(l, a.AccessPolicy+"/"):
			bad(field, l, fmt.Sprintf("an access level of %s, the perimeter's access policy", a.AccessPolicy))
		}
	}
	return errors.Join(errs...)
}

// ProjectControls are the controls a Google Cloud project needs once, however many queues it holds: the
// VPC Service Controls perimeter around it, the audit configuration of Pub/Sub and Cloud KMS, the policy
// that forbids service account keys, and the Pub/Sub service agent. A perimeter and an audit config are
// properties of the whole project, so two queues creating them would fight; every SecureQueue of the
// project takes these controls instead and creates its resources in their project.
type ProjectControls struct {
	pulumi.ResourceState

	ProjectID     pulumi.StringOutput
	ProjectNumber pulumi.StringOutput
	PerimeterName pulumi.StringOutput
	// PerimeterEnforced is false in dry-run mode: the perimeter then observes but does not block.
	PerimeterEnforced pulumi.BoolOutput
	// PubSubServiceAgent is the IAM member of the project's Pub/Sub service agent.
	PubSubServiceAgent pulumi.StringOutput

	agent *projects.ServiceIdentity
	audit []pulumi.Resource
}

// NewProjectControls validates args and creates the controls of the project the inherited provider points
// at. Nothing is registered when args are invalid.
func NewProjectControls(ctx *pulumi.Context, name string, args *ProjectControlsArgs, opts ...pulumi.ResourceOption) (*ProjectControls, error) {
	if args == nil {
		return nil, fmt.Errorf("creating ProjectControls %q: args are required (at least accessPolicy or perimeter)", cardnum.Scrub(name))
	}
	if err := args.Validate(); err != nil {
		return nil, fmt.Errorf("creating ProjectControls %q: %w", cardnum.Scrub(name), err)
	}
	c := &ProjectControls{}
	if err := ctx.RegisterComponentResource(ProjectControlsType, name, c, opts...); err != nil {
		return nil, fmt.Errorf("registering ProjectControls %q: %w", name, err)
	}
	parent := pulumi.Parent(c)

	project := organizations.LookupProjectOutput(ctx, organizations.LookupProjectOutputArgs{}, parent)
	c.ProjectID, c.ProjectNumber = project.ProjectId().Elem(), project.Number()

	agent, err := projects.NewServiceIdentity(ctx, name+"-pubsub-agent", &projects.ServiceIdentityArgs{
		Project: c.ProjectID,
		Service: pulumi.String(PubSubService),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("ensuring the Pub/Sub service agent exists: %w", err)
	}
	c.agent = agent
	// The agent's address is fixed by the project number, so it is known in a preview and a policy can verify
	// who a key grant names before anything exists; the grants still wait for the ServiceIdentity.
	c.PubSubServiceAgent = pulumi.Sprintf("serviceAccount:service-%s@gcp-sa-pubsub.iam.gserviceaccount.com", c.ProjectNumber)

	perimeter, err := newPerimeter(ctx, name, args, c.ProjectNumber, parent)
	if err != nil {
		return nil, err
	}
	c.PerimeterName, c.PerimeterEnforced = perimeter.name, pulumi.Bool(!args.DryRun).ToBoolOutput()

	if c.audit, err = newProjectAudit(ctx, name, c.ProjectID, args.OrgDisablesServiceAccountKeys, parent); err != nil {
		return nil, err
	}
	if !args.OrgRestrictsTLSVersions {
		if err := newTLSPolicy(ctx, name, c.ProjectID, parent); err != nil {
			return nil, err
		}
	}

	if err := ctx.RegisterResourceOutputs(c, c.Outputs()); err != nil {
		return nil, fmt.Errorf("registering outputs of ProjectControls %q: %w", name, err)
	}
	return c, nil
}

// Outputs declares the component's outputs once: it registers them and the stack program exports them.
func (c *ProjectControls) Outputs() pulumi.Map {
	return pulumi.Map{
		"projectId": c.ProjectID, "projectNumber": c.ProjectNumber, "perimeterName": c.PerimeterName,
		"perimeterEnforced": c.PerimeterEnforced, "pubsubServiceAgent": c.PubSubServiceAgent,
	}
}
