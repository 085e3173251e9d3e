package aws

import (
	"slices"

	"github.com/pciqueue/pciqueue/internal/iamdoc"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// IAMWildcards forbids wildcard actions and wildcard resources for queue and
// key actions in identity policies.
var IAMWildcards = rule.Rule{
	Name:        "pci-7.2.2-iam-policy-wildcards",
	Requirement: "7.2.2",
	Description: "Identity policies (aws.iam.Policy, aws.iam.RolePolicy, a role's inlinePolicies) grant least privilege: no Allow statement has Action \"*\", a whole service (\"sqs:*\", \"kms:*\", ...) or NotAction, and none applies SQS or KMS actions that support resource-level permissions (kms:Decrypt, kms:ReEncryptFrom, sqs:ReceiveMessage, ...) to Resource \"*\". Fix: list the actions the role needs and the ARNs of its own queue and key.",
	Types:       []string{Policy, RolePolicy, Role},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		for _, d := range documents(r, &f) {
			for i, s := range d.doc.Statements {
				if !s.IsAllow() {
					continue
				}
				if s.AnyServiceWildcard() {
					f.Violation(d.path, "statement %d allows every action (of a service, or all but a list); list the actions the role needs", i)
				}
				if s.WildcardResource() {
					if a, ok := restrictableAction(s); ok {
						f.Violation(d.path, "statement %d applies %s to every resource; name the queue or key ARNs", i, a)
					}
				}
			}
		}
		return f
	},
}

// restrictableActions are SQS and KMS actions that support resource-level
// permissions, so granting them on "*" is never necessary.
var restrictableActions = []string{
	"sqs:SendMessage", "sqs:SendMessageBatch", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:DeleteMessageBatch",
	"sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
	"sqs:SetQueueAttributes", "sqs:PurgeQueue", "sqs:DeleteQueue", "sqs:AddPermission", "sqs:RemovePermission",
	"sqs:StartMessageMoveTask",
	"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom",
	"kms:ReEncryptTo", "kms:DescribeKey", "kms:CreateGrant", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion",
	"kms:DisableKey", "kms:DisableKeyRotation",
}

func restrictableAction(s iamdoc.Statement) (string, bool) {
	i := slices.IndexFunc(restrictableActions, s.AllowsAction)
	if i < 0 {
		return "", false
	}
	return restrictableActions[i], true
}
