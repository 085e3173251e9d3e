package mutation

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	awsq "github.com/pciqueue/pciqueue/components/aws"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

const (
	sqsQueue   = "aws:sqs/queue:Queue"
	sqsPolicy  = "aws:sqs/queuePolicy:QueuePolicy"
	kmsKey     = "aws:kms/key:Key"
	rolePolicy = "aws:iam/rolePolicy:RolePolicy"
	logGroup   = "aws:cloudwatch/logGroup:LogGroup"
	trail      = "aws:cloudtrail/trail:Trail"
)

func init() { Register(awsq.Cloud, awsMutations, awsHardening, awsGaps) }

// awsMutations assume the compliant stack holds a SecureQueue named "payments".
var awsMutations = []Mutation{
	{"queue without a key", "QueueCMK", rules("pci-3.5.1-queue-cmk"), edit(sqsQueue, "payments-queue", del("kmsMasterKeyId"))},
	{"queue on SQS-managed encryption", "QueueCMK", rules("pci-3.5.1-queue-cmk"), edit(sqsQueue, "payments-queue", func(in resource.PropertyMap) error {
		delete(in, "kmsMasterKeyId")
		in["sqsManagedSseEnabled"] = resource.NewProperty(true)
		return nil
	})},
	{"queue on the AWS-managed key", "QueueCMK", rules("pci-3.5.1-queue-cmk"), edit(sqsQueue, "payments-queue", set("kmsMasterKeyId", "alias/aws/sqs"))},
	{"dead-letter queue without a key", "DeadLetterCMK", rules("pci-3.5.1-queue-cmk", "pci-3.5.1-dlq-same-key"), edit(sqsQueue, "payments-dlq", del("kmsMasterKeyId"))},
	{"dead-letter queue on another key", "SameKey", rules("pci-3.5.1-dlq-same-key"), edit(sqsQueue, "payments-dlq", set("kmsMasterKeyId", "arn:aws:kms:eu-west-1:123456789012:key/other-key"))},
	{"no dead-letter queue", "DeadLetterKept", rules("pci-10.7.2-queue-has-dlq"), edit(sqsQueue, "payments-queue", del("redrivePolicy"))},
	{"key rotation off", "KeyRotationDays", rules("pci-3.7.4-kms-key-rotation"), edit(kmsKey, "payments-key", set("enableKeyRotation", false))},
	{"key rotates every two years", "KeyRotationDays", rules("pci-3.7.4-kms-key-rotation"), edit(kmsKey, "payments-key", set("rotationPeriodInDays", 730.0))},
	{"key usable by anyone", "GrantsScopedToQueue", rules("pci-3.6.1.3-kms-key-policy"), edit(kmsKey, "payments-key", editJSON("policy", statements(func(s map[string]any) bool {
		if s["Sid"] == "ConsumersDecryptThroughSQS" {
			s["Principal"] = "*"
			delete(s, "Condition")
		}
		return true
	})))},
	{"plain-text transport allowed", "MinTLSVersion", rules("pci-4.2.1-queue-policy-tls"), edit(sqsPolicy, "payments-queue-policy", editJSON("policy", statements(func(s map[string]any) bool {
		return s["Sid"] != "DenyInsecureTransport"
	})))},
	{"queue policy allows everyone", "GrantsScopedToQueue", rules("pci-7.2.2-queue-policy-access"), edit(sqsPolicy, "payments-queue-policy", editJSON("policy", func(doc map[string]any) error {
		doc["Statement"] = append(doc["Statement"].([]any), map[string]any{
			"Sid": "OpenToAll", "Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"})
		return nil
	}))},
	{"no queue policy", "MinTLSVersion", rules("pci-4.2.1-queue-tls-policy-present"), remove(sqsPolicy)},
	{"producer may use every SQS action", "Identities", rules("pci-7.2.2-iam-policy-wildcards", "pci-7.2.2-queue-access-declared"), edit(rolePolicy, "payments-producer-checkout-policy", editJSON("policy", statements(func(s map[string]any) bool {
		if s["Sid"] == "ThisQueueOnly" {
			s["Action"] = []any{"sqs:*"}
		}
		return true
	})))},
	{"consumer may reach every queue", "GrantsScopedToQueue", rules("pci-7.2.2-iam-policy-wildcards", "pci-7.2.2-queue-access-declared"), edit(rolePolicy, "payments-consumer-settlement-policy", editJSON("policy", statements(func(s map[string]any) bool {
		if s["Sid"] == "ThisQueueOnly" {
			s["Resource"] = "*"
		}
		return true
	})))},
	{"consumer may decrypt with every key", "GrantsScopedToQueue", rules("pci-7.2.2-iam-policy-wildcards"), edit(rolePolicy, "payments-consumer-settlement-policy", editJSON("policy", statements(func(s map[string]any) bool {
		if s["Sid"] == "ThisKeyOnly" {
			s["Resource"] = "*"
		}
		return true
	})))},
	{"producer may also receive", "Identities", rules("pci-7.2.2-queue-access-declared"), edit(rolePolicy, "payments-producer-checkout-policy", editJSON("policy", statements(func(s map[string]any) bool {
		if s["Sid"] == "ThisQueueOnly" {
			s["Action"] = []any{"sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"}
		}
		return true
	})))},
	{"audit log kept 30 days", "AuditRetentionDays", rules("pci-10.5.1-log-retention"), edit(logGroup, "audit-logs", set("retentionInDays", 30.0))},
	{"trail log file validation off", "AuditDataAccess", rules("pci-10.3.2-cloudtrail-integrity"), edit(trail, "audit-trail", set("enableLogFileValidation", false))},
	{"trail not encrypted", "AuditDataAccess", rules("pci-10.3.2-cloudtrail-integrity"), edit(trail, "audit-trail", del("kmsKeyId"))},
	{"trail without SQS data events", "AuditDataAccess", rules("pci-10.2.1-queue-audit-trail"), edit(trail, "audit-trail", del("advancedEventSelectors"))},
	{"no audit trail", "AuditDataAccess", rules("pci-10.2.1-queue-audit-trail"), remove(trail)},
	{"card number in a tag", NoCardNumbers, rules("pci-3.5.1-no-pan-in-metadata"), edit(sqsQueue, "payments-queue", setPath("4111 1111 1111 1111", "tags", "note"))},
	{"an IAM user with an access key", "SharedKeysDisabled", rules("pci-8.6.2-no-iam-users"), func(rs []enginetest.Resource) ([]enginetest.Resource, error) {
		rs, err := add(enginetest.Resource{Type: "aws:iam/user:User", Name: "payments-batch",
			Inputs: resource.PropertyMap{"name": resource.NewProperty("payments-batch")}})(rs)
		if err != nil {
			return nil, err
		}
		return add(enginetest.Resource{Type: "aws:iam/accessKey:AccessKey", Name: "payments-batch-key",
			Inputs: resource.PropertyMap{"user": resource.NewProperty("payments-batch")}})(rs)
	}},
	{"public bucket for the trail", "AuditDataAccess", rules("pci-10.3.2-s3-public-access-block"), edit("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "audit-trail-bucket-public-access", set("restrictPublicBuckets", false))},
}

// awsHardening weaken the project's own hardening where PCI DSS is still met.
var awsHardening = []Hardening{
	{Mutation{Name: "data key reused for a day", Apply: edit(sqsQueue, "payments-queue", set("kmsDataKeyReusePeriodSeconds", 86400.0))}, "pci-3.6.1-queue-data-key-reuse",
		"SQS accepts reuse periods up to 24 hours; each data key is still wrapped by the customer-managed key, whose use is logged, so a longer period is beyond what 3.6.1 asks"},
	{Mutation{Name: "key deletable in a week", Apply: edit(kmsKey, "payments-key", set("deletionWindowInDays", 7.0))}, "",
		"7 days is AWS's shortest deletion window and still lets a scheduled deletion be noticed and cancelled (3.7.5)"},
	{Mutation{Name: "key policy lockout check bypassed", Apply: edit(kmsKey, "payments-key", set("bypassPolicyLockoutSafetyCheck", true))}, "pci-3.6.1-kms-key-lockout-check",
		"the safety check guards against locking every administrator out of a key, an availability risk, not a weaker key protection"},
	{Mutation{Name: "audit log not encrypted", Apply: edit(logGroup, "audit-logs", del("kmsKeyId"))}, "pci-10.3.2-log-group-kms",
		"CloudWatch Logs encrypts every log group at rest and access to it is IAM-controlled (10.3.2); a customer-managed key adds a second, logged, permission"},
	{Mutation{Name: "scope tags removed from the queue", Apply: edit(sqsQueue, "payments-queue", set("tags", map[string]any{"team": "payments"}))}, "pci-12.5.2-scope-tags",
		"12.5.2 asks for a documented scope; with the default configuration every resource of the stack is in scope, so a missing tag documents nothing less"},
}

// awsGaps are the Guarantees fields no AWS mutation weakens.
var awsGaps = Gaps{
	"KeyDeletionGuarded":   "KMS always waits at least 7 days before deleting a key; its shortest window is a hardening weakening (key deletable in a week), not a PCI DSS failure",
	"PrivateNetworkOnly":   "the VPC endpoint boundary is opt-in (vpcEndpointId) and the dev stack the suite weakens has none",
	"MaxDeliveries":        "SQS moves a message to the dead-letter queue after at most 1000 receives whatever is set, so the message is kept (DeadLetterKept)",
	"MessageRetentionSecs": "SQS deletes a message after at most 14 days whatever is set, so retention cannot outlive the 3.2.1 bound",
}
