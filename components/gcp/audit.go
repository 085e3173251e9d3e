package gcp

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
)

// newAuditSink creates the log bucket that keeps the queue's audit trail for spec.LogRetentionDays and the
// sink that copies into it every audit log entry about the queue's topics, subscriptions and key. The
// _Default bucket keeps Data Access logs for only 30 days; this copy is what meets PCI DSS 10.5.1. The bucket
// is in the sink's own project, which Cloud Logging lets a sink write to without a grant.
func newAuditSink(ctx *pulumi.Context, base string, project pulumi.StringOutput, region string, spec components.QueueSpec,
	names resourceNames, keyID pulumi.StringOutput, lock bool, after []pulumi.Resource, opts ...pulumi.ResourceOption) (*logging.ProjectBucketConfig, error) {
	bucket, err := logging.NewProjectBucketConfig(ctx, base+"-audit-bucket", &logging.ProjectBucketConfigArgs{
		Project:       project,
		Location:      pulumi.String(region),
		BucketId:      pulumi.String(names.logBucket),
		RetentionDays: pulumi.Int(spec.LogRetentionDays),
		Locked:        pulumi.Bool(lock),
		Description:   pulumi.String(fmt.Sprintf("Audit trail of pciqueue queue %s: Pub/Sub and Cloud KMS admin and data access", spec.Name)),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating audit log bucket %q: %w", names.logBucket, err)
	}
	if _, err := logging.NewProjectSink(ctx, base+"-audit-sink", &logging.ProjectSinkArgs{
		Project:     project,
		Name:        pulumi.String(names.logSink),
		Destination: pulumi.Sprintf("logging.googleapis.com/projects/%s/locations/%s/buckets/%s", project, region, names.logBucket),
		Filter: pulumi.All(project, keyID).ApplyT(func(v []any) string {
			return auditFilter(v[0].(string), v[1].(string), names)
		}).(pulumi.StringOutput),
		UniqueWriterIdentity: pulumi.Bool(true),
		Description:          pulumi.String(fmt.Sprintf("Copies the audit logs of pciqueue queue %s into its audit bucket", spec.Name)),
	}, append(opts, pulumi.DependsOn(append([]pulumi.Resource{bucket}, after...)))...); err != nil {
		return nil, fmt.Errorf("creating audit log sink %q: %w", names.logSink, err)
	}
	return bucket, nil
}

// auditFilter selects the Cloud Audit Logs entries about the queue's topics and subscriptions and about its
// key and the key's versions.
func auditFilter(project, keyID string, names resourceNames) string {
	var byName []string
	for _, r := range []string{
		"topics/" + names.topic, "topics/" + names.deadLetterTopic,
		"subscriptions/" + names.subscription, "subscriptions/" + names.deadLetterSubscription,
	} {
		byName = append(byName, fmt.Sprintf(`protoPayload.resourceName="projects/%s/%s"`, project, r))
	}
	byName = append(byName, fmt.Sprintf(`protoPayload.resourceName:"%s"`, keyID))
	return fmt.Sprintf(`logName:"cloudaudit.googleapis.com" AND (%s)`, strings.Join(byName, " OR "))
}
