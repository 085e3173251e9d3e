package gcp

import (
	"fmt"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/projects"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RestrictTLSConstraint is the organization policy constraint that makes Google's API front ends refuse TLS
// versions. Without it Pub/Sub and Cloud KMS still negotiate TLS 1.0 and 1.1; neither a service perimeter
// nor the restricted VIP changes that (PCI DSS 4.2.1).
const RestrictTLSConstraint = "gcp.restrictTLSVersion"

// LegacyTLSVersions are the values of RestrictTLSConstraint the project denies, leaving TLS 1.2 and later.
var LegacyTLSVersions = []string{"TLS_VERSION_1", "TLS_VERSION_1_1"}

// newTLSPolicy makes TLS 1.2 the minimum for every Google Cloud API call into the project.
func newTLSPolicy(ctx *pulumi.Context, base string, projectID pulumi.StringOutput, opts ...pulumi.ResourceOption) error {
	if _, err := projects.NewOrganizationPolicy(ctx, base+"-tls-1-2-minimum", &projects.OrganizationPolicyArgs{
		Project:    projectID,
		Constraint: pulumi.String(RestrictTLSConstraint),
		ListPolicy: &projects.OrganizationPolicyListPolicyArgs{
			Deny: &projects.OrganizationPolicyListPolicyDenyArgs{Values: pulumi.ToStringArray(LegacyTLSVersions)},
		},
	}, opts...); err != nil {
		return fmt.Errorf("enforcing %s on the project: %w", RestrictTLSConstraint, err)
	}
	return nil
}
