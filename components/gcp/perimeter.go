package gcp

import (
	"fmt"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/accesscontextmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RestrictedServices are the APIs a created perimeter restricts: the queue, its key and its audit logs can
// be reached only from inside the perimeter or through its access levels (PCI DSS 1.3, 1.4).
var RestrictedServices = []string{"pubsub.googleapis.com", "cloudkms.googleapis.com", "logging.googleapis.com"}

// VPCAllowedServices are the only APIs networks inside a created perimeter may call: the restricted ones,
// through the restricted.googleapis.com VIP, so a workload in the perimeter cannot send card data to any
// other Google API.
var VPCAllowedServices = []string{"RESTRICTED-SERVICES"}

type perimeter struct {
	name pulumi.StringOutput
}

// newPerimeter creates a regular service perimeter around the project, or attaches the project to an
// existing one; in dry-run mode the configuration goes to the perimeter's dry-run spec and nothing is
// enforced.
func newPerimeter(ctx *pulumi.Context, base string, args *ProjectControlsArgs, projectNumber pulumi.StringOutput,
	opts ...pulumi.ResourceOption) (perimeter, error) {
	resource := pulumi.Sprintf("projects/%s", projectNumber)
	if args.Perimeter != "" {
		var err error
		if args.DryRun {
			_, err = accesscontextmanager.NewServicePerimeterDryRunResource(ctx, base+"-perimeter-member", &accesscontextmanager.ServicePerimeterDryRunResourceArgs{
				PerimeterName: pulumi.String(args.Perimeter), Resource: resource,
			}, opts...)
		} else {
			_, err = accesscontextmanager.NewServicePerimeterResource(ctx, base+"-perimeter-member", &accesscontextmanager.ServicePerimeterResourceArgs{
				PerimeterName: pulumi.String(args.Perimeter), Resource: resource,
			}, opts...)
		}
		if err != nil {
			return perimeter{}, fmt.Errorf("attaching the project to service perimeter %q: %w", args.Perimeter, err)
		}
		return perimeter{name: pulumi.String(args.Perimeter).ToStringOutput()}, nil
	}

	name := fmt.Sprintf("%s/servicePerimeters/%s", args.AccessPolicy, perimeterShortName(ctx.Project(), ctx.Stack()))
	resources := pulumi.StringArray{resource}
	restricted := pulumi.ToStringArray(RestrictedServices)
	levels := pulumi.ToStringArray(args.AccessLevels)
	perimeterArgs := &accesscontextmanager.ServicePerimeterArgs{
		Parent:        pulumi.String(args.AccessPolicy),
		Name:          pulumi.String(name),
		Title:         pulumi.String(fmt.Sprintf("%s/%s cardholder-data queues", ctx.Project(), ctx.Stack())),
		Description:   pulumi.String("Cardholder-data queues of pciqueue stack " + ctx.Stack() + ": Pub/Sub, Cloud KMS and Cloud Logging reachable only from inside"),
		PerimeterType: pulumi.String("PERIMETER_TYPE_REGULAR"),
	}
	if args.DryRun {
		perimeterArgs.UseExplicitDryRunSpec = pulumi.Bool(true)
		perimeterArgs.Spec = &accesscontextmanager.ServicePerimeterSpecArgs{
			Resources: resources, RestrictedServices: restricted, AccessLevels: levels,
			VpcAccessibleServices: &accesscontextmanager.ServicePerimeterSpecVpcAccessibleServicesArgs{
				EnableRestriction: pulumi.Bool(true), AllowedServices: pulumi.ToStringArray(VPCAllowedServices),
			},
		}
	} else {
		perimeterArgs.UseExplicitDryRunSpec = pulumi.Bool(false)
		perimeterArgs.Status = &accesscontextmanager.ServicePerimeterStatusArgs{
			Resources: resources, RestrictedServices: restricted, AccessLevels: levels,
			VpcAccessibleServices: &accesscontextmanager.ServicePerimeterStatusVpcAccessibleServicesArgs{
				EnableRestriction: pulumi.Bool(true), AllowedServices: pulumi.ToStringArray(VPCAllowedServices),
			},
		}
	}
	p, err := accesscontextmanager.NewServicePerimeter(ctx, base+"-perimeter", perimeterArgs, opts...)
	if err != nil {
		return perimeter{}, fmt.Errorf("creating service perimeter %q: %w", name, err)
	}
	return perimeter{name: p.Name}, nil
}
