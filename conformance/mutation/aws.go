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

func init() { Register(awsq.Cloud, awsMutations, awsHardening) }

// awsMutations assume the compliant stack holds a SecureQueue named "payments".
var awsMutations = []Mutation{
	{"queue without a key", edit(sqsQueue, "payments-queue", del("kmsMasterKeyId"))},
	{"queue on SQS-managed encryption", edit(sqsQueue, "payments-queue", func(in resource.PropertyMap) error {
		delete(in, "kmsMasterKeyId")
		in["sqsManagedSseEnabled"] = resource.NewProperty(true)
		return nil
	})},
	{"queue on the AWS-managed key", edit(sqsQueue, "payments-queue", set("kmsMasterKeyId", "alias/aws/sqs"))},
	{"dead-letter queue without a key", edit(sqsQueue, "payments-dlq", del("kmsMasterKeyId"))},
	{"dead-letter queue on another key", edit(sqsQueue, "payments-dlq", set("kmsMasterKeyId", "arn:aws:kms:eu-west-1:123456789012:key/other-key"))},
	{"no dead-letter queue", edit(sqsQueue, "payments-queue", del("redrivePolicy"))},
	{"key rotation off", edit(kmsKey, "payments-key", set("enableKeyRotation", false))},
	{"key rotates every two years", edit(kmsKey, "payments-key", set("rotationPeriodInDays", 730.0))},
	{"key usable by anyone", edit(kmsKey, "payments-key", editJSON("policy", statements(func(s map[string]any) bool {
		if s["Sid"] == "ConsumersDecryptThroughSQS" {
			s["Principal"] = "*"
			delete(s, "Condition")
		}
		return true
	})))},
	{"plain-text transport allowed", edit(sqsPolicy, "payments-queue-policy", editJSON("policy", statements(func(s map[string]any) bool {
		return s["Sid"] != "DenyInsecureTransport"
	})))},
	{"queue policy allows everyone", edit(sqsPolicy, "payments-queue-policy", editJSON("policy", func(doc map[string]any) error {
		doc["Statement"] = append(doc["Statement"].([]any), map[string]any{
			"Sid": "OpenToAll", "Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"})
		return nil
	}))},
	{"no queue policy", remove(sqsPolicy)},
	{"producer may use every SQS action", edit(rolePolicy, "payments-producer-checkout-policy", editJSON("policy", statements(func(s map[string]any) bool {
		if s["Sid"] == "ThisQueueOnly" {
			s["Action"] = []any{"sqs:*"}
		}
		return true
	})))},
	{"consumer may reach every queue", edit(rolePolicy, "payments-consumer-settlement-policy", editJSON("policy", statements(func(s map[string]any) bool {
		if s["Sid"] == "ThisQueueOnly" {
			s["Resource"] = "*"
		}
		return true
	})))},
	{"consumer may decrypt with every key", edit(rolePolicy, "payments-consumer-settlement-policy", editJSON("policy", statements(func(s map[string]any) bool {
		if s["Sid"] == "ThisKeyOnly" {
			s["Resource"] = "*"
		}
		return true
	})))},
	{"producer may also receive", edit(rolePolicy, "payments-producer-checkout-policy", editJSON("policy", statements(func(s map[string]any) bool {
		if s["Sid"] == "ThisQueueOnly" {
			s["Action"] = []any{"sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"}
		}
		return true
	})))},
	{"audit log kept 30 days", edit(logGroup, "audit-logs", set("retentionInDays", 30.0))},
	{"trail log file validation off", edit(trail, "audit-trail", set("enableLogFileValidation", false))},
	{"trail not encrypted", edit(trail, "audit-trail", del("kmsKeyId"))},
	{"trail without SQS data events", edit(trail, "audit-trail", del("advancedEventSelectors"))},
	{"no audit trail", remove(trail)},
	{"card number in a tag", edit(sqsQueue, "payments-queue", setPath("4111 1111 1111 1111", "tags", "note"))},
	{"an IAM user with an access key", func(rs []enginetest.Resource) ([]enginetest.Resource, error) {
		rs, err := add(enginetest.Resource{Type: "aws:iam/user:User", Name: "payments-batch",
			Inputs: resource.PropertyMap{"name": resource.NewProperty("payments-batch")}})(rs)
		if err != nil {
			return nil, err
		}
		return add(enginetest.Resource{Type: "aws:iam/accessKey:AccessKey", Name: "payments-batch-key",
			Inputs: resource.PropertyMap{"user": resource.NewProperty("payments-batch")}})(rs)
	}},
	{"public bucket for the trail", edit("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "audit-trail-bucket-public-access", set("restrictPublicBuckets", false))},
}

// awsHardening weaken the project's own hardening where PCI DSS is still met.
var awsHardening = []Hardening{
	{Mutation{"data key reused for a day", edit(sqsQueue, "payments-queue", set("kmsDataKeyReusePeriodSeconds", 86400.0))}, "pci-3.6.1-queue-data-key-reuse",
		"SQS accepts reuse periods up to 24 hours; each data key is still wrapped by the customer-managed key, whose use is logged, so a longer period is beyond what 3.6.1 asks"},
	{Mutation{"key deletable in a week", edit(kmsKey, "payments-key", set("deletionWindowInDays", 7.0))}, "",
		"7 days is AWS's shortest deletion window and still lets a scheduled deletion be noticed and cancelled (3.7.5)"},
	{Mutation{"key policy lockout check bypassed", edit(kmsKey, "payments-key", set("bypassPolicyLockoutSafetyCheck", true))}, "pci-3.6.1-kms-key-lockout-check",
		"the safety check guards against locking every administrator out of a key, an availability risk, not a weaker key protection"},
	{Mutation{"audit log not encrypted", edit(logGroup, "audit-logs", del("kmsKeyId"))}, "pci-10.3.2-log-group-kms",
		"CloudWatch Logs encrypts every log group at rest and access to it is IAM-controlled (10.3.2); a customer-managed key adds a second, logged, permission"},
	{Mutation{"scope tags removed from the queue", edit(sqsQueue, "payments-queue", set("tags", map[string]any{"team": "payments"}))}, "pci-12.5.2-scope-tags",
		"12.5.2 asks for a documented scope; with the default configuration every resource of the stack is in scope, so a missing tag documents nothing less"},
}
