package gcp

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/projects"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AuditedServices are the services whose Data Access audit logs the project turns on. Admin Activity logs
// are always on; Data Access logs are off until an audit config asks for them.
var AuditedServices = []string{"pubsub.googleapis.com", "cloudkms.googleapis.com"}

// AuditLogTypes are the Data Access log types turned on for each audited service (PCI DSS 10.2): reads of
// configuration and IAM policy, and every use of a key to encrypt or decrypt.
var AuditLogTypes = []string{"ADMIN_READ", "DATA_READ", "DATA_WRITE"}

// NoServiceAccountKeysConstraint is the organization policy constraint that forbids creating service
// account keys in the project (PCI DSS 8.3, 8.6: no shared secret can reach the queue).
const NoServiceAccountKeysConstraint = "iam.disableServiceAccountKeyCreation"

// newProjectAudit turns on Data Access audit logs for Pub/Sub and Cloud KMS and, unless the organization
// already does, forbids service account keys. An IAMAuditConfig is authoritative for its service on the
// project, which is why it lives here, once per project, and not in each queue.
func newProjectAudit(ctx *pulumi.Context, base string, projectID pulumi.StringOutput, orgDisablesKeys bool,
	opts ...pulumi.ResourceOption) ([]pulumi.Resource, error) {
	logConfigs := projects.IAMAuditConfigAuditLogConfigArray{}
	for _, t := range AuditLogTypes {
		logConfigs = append(logConfigs, &projects.IAMAuditConfigAuditLogConfigArgs{LogType: pulumi.String(t)})
	}
	var out []pulumi.Resource
	for _, svc := range AuditedServices {
		logical := fmt.Sprintf("%s-audit-%s", base, strings.TrimSuffix(svc, ".googleapis.com"))
		cfg, err := projects.NewIAMAuditConfig(ctx, logical, &projects.IAMAuditConfigArgs{
			Project:         projectID,
			Service:         pulumi.String(svc),
			AuditLogConfigs: logConfigs,
		}, opts...)
		if err != nil {
			return nil, fmt.Errorf("turning on Data Access audit logs for %s: %w", svc, err)
		}
		out = append(out, cfg)
	}
	if orgDisablesKeys {
		return out, nil
	}
	if _, err := projects.NewOrganizationPolicy(ctx, base+"-no-service-account-keys", &projects.OrganizationPolicyArgs{
		Project:       projectID,
		Constraint:    pulumi.String(NoServiceAccountKeysConstraint),
		BooleanPolicy: &projects.OrganizationPolicyBooleanPolicyArgs{Enforced: pulumi.Bool(true)},
	}, opts...); err != nil {
		return nil, fmt.Errorf("enforcing %s on the project: %w", NoServiceAccountKeysConstraint, err)
	}
	return out, nil
}
