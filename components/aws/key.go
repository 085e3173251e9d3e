package aws

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// KeyDeletionWindowDays is the longest window KMS allows: a scheduled deletion can be cancelled for 30 days.
const KeyDeletionWindowDays = 30

// keyAdminActions lets the account administer a key without any cryptographic permission and without
// kms:CreateGrant, so administering a key never implies reading what it protects (PCI DSS 3.6.1.3).
var keyAdminActions = []string{
	"kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:DescribeKey", "kms:EnableKey", "kms:DisableKey",
	"kms:EnableKeyRotation", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants",
	"kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy",
	"kms:UpdateKeyDescription", "kms:RevokeGrant", "kms:TagResource", "kms:UntagResource",
	"kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
}

func adminStatement(w where) statement {
	return statement{Sid: "AccountAdministersWithoutUse", Effect: "Allow", Principal: awsPrincipal(w.root()),
		Action: keyAdminActions, Resource: "*"}
}

// newKey creates a symmetric customer-managed key with rotation, the longest deletion window and the
// given policy.
func newKey(ctx *pulumi.Context, name, alias, description string, rotationDays int, policy pulumi.StringInput,
	tags map[string]string, protect bool, opts ...pulumi.ResourceOption) (*kms.Key, error) {
	key, err := kms.NewKey(ctx, name, &kms.KeyArgs{
		Description:                    pulumi.String(description),
		KeyUsage:                       pulumi.String("ENCRYPT_DECRYPT"),
		CustomerMasterKeySpec:          pulumi.String("SYMMETRIC_DEFAULT"),
		EnableKeyRotation:              pulumi.Bool(true),
		RotationPeriodInDays:           pulumi.Int(rotationDays),
		DeletionWindowInDays:           pulumi.Int(KeyDeletionWindowDays),
		BypassPolicyLockoutSafetyCheck: pulumi.Bool(false),
		IsEnabled:                      pulumi.Bool(true),
		Policy:                         policy,
		Tags:                           pulumi.ToStringMap(tags),
	}, append(opts, pulumi.Protect(protect))...)
	if err != nil {
		return nil, fmt.Errorf("creating KMS key %q: %w", name, err)
	}
	if _, err := kms.NewAlias(ctx, name+"-alias", &kms.AliasArgs{
		Name:        pulumi.String(alias),
		TargetKeyId: key.KeyId,
	}, opts...); err != nil {
		return nil, fmt.Errorf("creating KMS alias for key %q: %w", name, err)
	}
	return key, nil
}

// dataKeyPolicy lets the account administer the key and the queue's roles use it only through SQS.
func dataKeyPolicy(e env, producers, consumers pulumi.StringArrayOutput) pulumi.StringOutput {
	return e.apply(func(w where, v []any) (policyDocument, error) {
		via := map[string]map[string]any{"StringEquals": {"kms:ViaService": w.viaSQS(), "kms:CallerAccount": w.account}}
		return document(
			adminStatement(w),
			statement{Sid: "ProducersEncryptThroughSQS", Effect: "Allow", Principal: awsPrincipal(toStrings(v[0])...),
				Action: []string{"kms:GenerateDataKey", "kms:Decrypt"}, Resource: "*", Condition: via},
			statement{Sid: "ConsumersDecryptThroughSQS", Effect: "Allow", Principal: awsPrincipal(toStrings(v[1])...),
				Action: []string{"kms:Decrypt"}, Resource: "*", Condition: via},
		), nil
	}, producers, consumers)
}

// auditKeyPolicy lets CloudWatch Logs and CloudTrail encrypt this queue's audit records and the account
// read them, and nothing else.
func auditKeyPolicy(e env, logGroupName, trailName string) pulumi.StringOutput {
	return e.apply(func(w where, _ []any) (policyDocument, error) {
		logGroupArn := fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s", w.partition, w.region, w.account, logGroupName)
		trailArn := fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", w.partition, w.region, w.account, trailName)
		return document(
			adminStatement(w),
			statement{Sid: "CloudWatchLogsEncryptsThisLogGroup", Effect: "Allow",
				Principal: servicePrincipal(fmt.Sprintf("logs.%s.amazonaws.com", w.region)),
				Action:    []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"},
				Resource:  "*",
				Condition: map[string]map[string]any{"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": logGroupArn}}},
			statement{Sid: "CloudTrailEncryptsThisTrail", Effect: "Allow", Principal: servicePrincipal("cloudtrail.amazonaws.com"),
				Action: []string{"kms:GenerateDataKey*", "kms:DescribeKey"}, Resource: "*",
				Condition: map[string]map[string]any{
					"StringEquals": {"aws:SourceArn": trailArn},
					"StringLike":   {"kms:EncryptionContext:aws:cloudtrail:arn": fmt.Sprintf("arn:%s:cloudtrail:*:%s:trail/*", w.partition, w.account)},
				}},
			statement{Sid: "AccountReadsTrailLogs", Effect: "Allow", Principal: awsPrincipal(w.root()),
				Action: []string{"kms:Decrypt"}, Resource: "*",
				Condition: map[string]map[string]any{
					"StringEquals": {"kms:CallerAccount": w.account},
					"Null":         {"kms:EncryptionContext:aws:cloudtrail:arn": "false"},
				}},
		), nil
	})
}
