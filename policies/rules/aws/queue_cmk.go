package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// Type tokens of the AWS resources the rules judge.
const (
	Queue          = "aws:sqs/queue:Queue"
	QueuePolicy    = "aws:sqs/queuePolicy:QueuePolicy"
	Key            = "aws:kms/key:Key"
	KeyPolicy      = "aws:kms/keyPolicy:KeyPolicy"
	Alias          = "aws:kms/alias:Alias"
	Role           = "aws:iam/role:Role"
	RolePolicy     = "aws:iam/rolePolicy:RolePolicy"
	Policy         = "aws:iam/policy:Policy"
	RolePolicyAtt  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	User           = "aws:iam/user:User"
	AccessKey      = "aws:iam/accessKey:AccessKey"
	Trail          = "aws:cloudtrail/trail:Trail"
	LogGroup       = "aws:cloudwatch/logGroup:LogGroup"
	Function       = "aws:lambda/function:Function"
	EventSourceMap = "aws:lambda/eventSourceMapping:EventSourceMapping"
)

// QueueCMK requires SQS queues to be encrypted with a customer-managed key.
var QueueCMK = rule.Rule{
	Name:        "pci-3.5.1-queue-cmk",
	Requirement: "3.5.1",
	Description: "SQS queues (including dead-letter queues) are encrypted at rest with a customer-managed KMS key: kmsMasterKeyId names a key you manage, not the AWS-managed alias/aws/sqs, and SSE-SQS (sqsManagedSseEnabled) is off. Fix: create an aws.kms.Key with rotation on and set the queue's kmsMasterKeyId to its ARN; set sqsManagedSseEnabled to false.",
	Types:       []string{Queue},
	Check:       checkQueueCMK,
}

func checkQueueCMK(r rule.Resource, _ rule.Config) (f rule.Findings) {
	if sse, st := props.Bool(r.Properties, "sqsManagedSseEnabled"); !f.Unreadable(st, "sqsManagedSseEnabled") && st.Ok() && sse {
		f.Violation("sqsManagedSseEnabled", "the queue uses SSE-SQS, a key owned by AWS, not a customer-managed key; set sqsManagedSseEnabled to false and kmsMasterKeyId to your KMS key")
	}
	key, st := props.String(r.Properties, "kmsMasterKeyId")
	if f.Unreadable(st, "kmsMasterKeyId") {
		return f
	}
	key = strings.TrimSpace(key)
	switch {
	case key == "":
		f.Violation("kmsMasterKeyId", "the queue has no customer-managed KMS key; set kmsMasterKeyId to the ARN of an aws.kms.Key you manage")
	case isAWSManagedSQSKey(key):
		f.Violation("kmsMasterKeyId", "kmsMasterKeyId is the AWS-managed key alias/aws/sqs, whose policy and rotation you do not control; use an aws.kms.Key you manage")
	}
	return f
}

// isAWSManagedSQSKey reports whether id names the AWS-managed SQS key, as an
// alias name or alias ARN.
func isAWSManagedSQSKey(id string) bool {
	return strings.EqualFold(id, "alias/aws/sqs") || strings.HasSuffix(strings.ToLower(id), ":alias/aws/sqs")
}
