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

func init() { Register(awsq.Cloud, awsMutations) }

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
	{"data key reused for a day", edit(sqsQueue, "payments-queue", set("kmsDataKeyReusePeriodSeconds", 86400.0))},
	{"no dead-letter queue", edit(sqsQueue, "payments-queue", del("redrivePolicy"))},
	{"key rotation off", edit(kmsKey, "payments-key", set("enableKeyRotation", false))},
	{"key rotates every two years", edit(kmsKey, "payments-key", set("rotationPeriodInDays", 730.0))},
	{"key deletable in a week", edit(kmsKey, "payments-key", set("deletionWindowInDays", 7.0))},
	{"key policy lockout check bypassed", edit(kmsKey, "payments-key", set("bypassPolicyLockoutSafetyCheck", true))},
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
	{"audit log kept 30 days", edit(logGroup, "payments-audit", set("retentionInDays", 30.0))},
	{"audit log not encrypted", edit(logGroup, "payments-audit", del("kmsKeyId"))},
	{"trail log file validation off", edit(trail, "payments-trail", set("enableLogFileValidation", false))},
	{"trail not encrypted", edit(trail, "payments-trail", del("kmsKeyId"))},
	{"trail without SQS data events", edit(trail, "payments-trail", del("advancedEventSelectors"))},
	{"no audit trail", remove(trail)},
	{"scope tags removed from the queue", edit(sqsQueue, "payments-queue", set("tags", map[string]any{"team": "payments"}))},
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
	{"public bucket for the trail", edit("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "payments-trail-bucket-public-access", set("restrictPublicBuckets", false))},
}
