package aws

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newTrail creates the stack's trail, its S3 bucket (private, versioned, encrypted with the audit key and kept
// as long as the log group) and the role CloudTrail delivers to the log group with. The trail records SQS data
// events on exactly the given queues and, unless an organization trail already does, management events, which
// include every KMS call.
func newTrail(ctx *pulumi.Context, base string, e env, names auditNames, retentionDays int, tags pulumi.StringMap,
	lg *cloudwatch.LogGroup, auditKeyArn pulumi.StringOutput, selectors cloudtrail.TrailAdvancedEventSelectorArray,
	opts ...pulumi.ResourceOption) (*cloudtrail.Trail, error) {
	bucket, err := s3.NewBucketV2(ctx, base+"-trail-bucket", &s3.BucketV2Args{
		BucketPrefix: pulumi.String(names.trailBucketPrefix),
		Tags:         tags,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating S3 bucket for trail %q: %w", names.trail, err)
	}
	pab, err := s3.NewBucketPublicAccessBlock(ctx, base+"-trail-bucket-public-access", &s3.BucketPublicAccessBlockArgs{
		Bucket: bucket.ID(), BlockPublicAcls: pulumi.Bool(true), BlockPublicPolicy: pulumi.Bool(true),
		IgnorePublicAcls: pulumi.Bool(true), RestrictPublicBuckets: pulumi.Bool(true),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("blocking public access to trail bucket: %w", err)
	}
	if _, err := s3.NewBucketVersioningV2(ctx, base+"-trail-bucket-versioning", &s3.BucketVersioningV2Args{
		Bucket:                  bucket.ID(),
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, opts...); err != nil {
		return nil, fmt.Errorf("enabling versioning on trail bucket: %w", err)
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, base+"-trail-bucket-encryption", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("aws:kms"), KmsMasterKeyId: auditKeyArn,
			},
			BucketKeyEnabled: pulumi.Bool(true),
		}},
	}, opts...); err != nil {
		return nil, fmt.Errorf("encrypting trail bucket: %w", err)
	}
	// Objects expire only after the retention period, so the bucket keeps at least as much as the log group.
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, base+"-trail-bucket-retention", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{&s3.BucketLifecycleConfigurationV2RuleArgs{
			Id: pulumi.String("pci-retention"), Status: pulumi.String("Enabled"),
			Filter:                      &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			Expiration:                  &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(retentionDays)},
			NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{NoncurrentDays: pulumi.Int(retentionDays)},
		}},
	}, opts...); err != nil {
		return nil, fmt.Errorf("setting retention on trail bucket: %w", err)
	}
	bucketPolicy, err := s3.NewBucketPolicy(ctx, base+"-trail-bucket-policy", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: e.apply(func(w where, v []any) (policyDocument, error) {
			bucketArn := v[0].(string)
			trailArn := fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", w.partition, w.region, w.account, names.trail)
			source := map[string]map[string]any{"StringEquals": {"aws:SourceArn": trailArn}}
			return document(
				statement{Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: []string{"s3:*"},
					Resource:  []string{bucketArn, bucketArn + "/*"},
					Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}}},
				statement{Sid: "CloudTrailChecksAcl", Effect: "Allow", Principal: servicePrincipal("cloudtrail.amazonaws.com"),
					Action: []string{"s3:GetBucketAcl"}, Resource: bucketArn, Condition: source},
				statement{Sid: "CloudTrailWritesThisTrail", Effect: "Allow", Principal: servicePrincipal("cloudtrail.amazonaws.com"),
					Action: []string{"s3:PutObject"}, Resource: fmt.Sprintf("%s/AWSLogs/%s/*", bucketArn, w.account),
					Condition: map[string]map[string]any{"StringEquals": {"aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control"}}},
			), nil
		}, bucket.Arn),
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{pab}))...)
	if err != nil {
		return nil, fmt.Errorf("creating trail bucket policy: %w", err)
	}

	deliveryRole, err := iam.NewRole(ctx, base+"-trail-delivery", &iam.RoleArgs{
		Description: pulumi.Sprintf("CloudTrail delivery of stack %q audit events to CloudWatch Logs", names.stack),
		AssumeRolePolicy: e.apply(func(w where, _ []any) (policyDocument, error) {
			return document(statement{Sid: "CloudTrailInThisAccount", Effect: "Allow", Principal: servicePrincipal("cloudtrail.amazonaws.com"),
				Action:    []string{"sts:AssumeRole"},
				Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": w.account}}}), nil
		}),
		Tags: tags,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating CloudTrail delivery role: %w", err)
	}
	deliveryPolicy, err := iam.NewRolePolicy(ctx, base+"-trail-delivery-policy", &iam.RolePolicyArgs{
		Role: deliveryRole.ID(),
		Policy: lg.Arn.ApplyT(func(arn string) (string, error) {
			return document(statement{Sid: "ThisLogGroupOnly", Effect: "Allow",
				Action: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resource: arn + ":log-stream:*"}).JSON()
		}).(pulumi.StringOutput),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating CloudTrail delivery policy: %w", err)
	}

	trail, err := cloudtrail.NewTrail(ctx, base+"-trail", &cloudtrail.TrailArgs{
		Name:                       pulumi.String(names.trail),
		S3BucketName:               bucket.ID(),
		EnableLogFileValidation:    pulumi.Bool(true),
		EnableLogging:              pulumi.Bool(true),
		IncludeGlobalServiceEvents: pulumi.Bool(true),
		KmsKeyId:                   auditKeyArn,
		CloudWatchLogsGroupArn:     pulumi.Sprintf("%s:*", lg.Arn),
		CloudWatchLogsRoleArn:      deliveryRole.Arn,
		AdvancedEventSelectors:     selectors,
		Tags:                       tags,
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{bucketPolicy, deliveryPolicy}))...)
	if err != nil {
		return nil, fmt.Errorf("creating CloudTrail trail %q: %w", names.trail, err)
	}
	return trail, nil
}
