package pack

import (
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/rules/aws"
	"github.com/pciqueue/pciqueue/policies/rules/azure"
	"github.com/pciqueue/pciqueue/policies/rules/common"
	"github.com/pciqueue/pciqueue/policies/rules/gcp"
)

// Rules returns every rule of the pack.
func Rules() []rule.Rule {
	return []rule.Rule{
		// Cross-cloud.
		common.ScopeTags,
		common.NoPANInMetadata,

		// AWS: queues.
		aws.QueueCMK,
		aws.QueueDataKeyReuse,
		aws.QueueRetention,
		aws.QueueDeadLetter,
		aws.QueuePolicyTLS,
		aws.QueuePolicyAccess,
		// AWS: KMS.
		aws.KeyRotation,
		aws.KeyDeletion,
		aws.KeyProtect,
		aws.KeyLockout,
		aws.KeyEnabled,
		aws.KeyDescription,
		aws.KeyPolicyAccess,
		aws.KeyGrant,
		// AWS: IAM.
		aws.IAMWildcards,
		aws.IAMEscalation,
		aws.NoIAMUsers,
		aws.NoUserPolicies,
		aws.RoleTrust,
		aws.RoleSession,
		// AWS: audit logging.
		aws.TrailLogging,
		aws.TrailMultiRegion,
		aws.TrailIntegrity,
		aws.TrailCloudWatch,
		aws.LogRetention,
		aws.LogKMS,
		aws.S3PublicAccess,
		// AWS: functions.
		aws.LambdaEnvKMS,
		aws.LambdaRuntime,
		aws.LambdaPermission,

		// AWS stack rules.
		aws.QueueKeyInStack,
		aws.QueueHasDLQ,
		aws.DLQSameKey,
		aws.QueueTLSPolicyPresent,
		aws.QueueAuditTrail,
		aws.QueueAccessDeclared,

		// Azure: Service Bus.
		azure.NamespaceCMK,
		azure.NamespaceTLS,
		azure.NamespaceLocalAuth,
		azure.NamespacePublicAccess,
		azure.NoSASRules,
		azure.EntityDeadLetter,
		azure.EntityMessageTTL,
		// Azure: Key Vault.
		azure.VaultDeletion,
		azure.KeyProtect,
		azure.VaultRBAC,
		azure.VaultNetwork,
		azure.KeyStrength,
		azure.KeyRotation,
		azure.KeyExpiry,
		// Azure: access control.
		azure.RoleAssignmentLeastPrivilege,
		azure.RoleDefinitionWildcards,
		// Azure: audit logging.
		azure.DiagnosticLogs,
		azure.WorkspaceRetention,
		azure.WorkspaceLocalAuth,
		azure.WorkspacePublicAccess,

		// Azure stack rules.
		azure.CMKUnpinned,
		azure.CMKKeyInStack,
		azure.CMKIdentity,
		azure.AuditSink,
		azure.QueueAccessDeclared,

		// Google Cloud: Pub/Sub.
		gcp.TopicCMEK,
		gcp.TopicStorageRegions,
		gcp.MessageRetention,
		gcp.SubscriptionDeadLetter,
		gcp.SubscriptionPush,
		gcp.SubscriptionExpiration,
		// Google Cloud: Cloud KMS.
		gcp.KeyRotation,
		gcp.KeyDestruction,
		gcp.KeyProtect,
		// Google Cloud: IAM and network boundary.
		gcp.IAMNoPublic,
		gcp.IAMLeastPrivilege,
		gcp.NoServiceAccountKeys,
		gcp.KeyCreationConstraint,
		gcp.Perimeter,
		// Google Cloud: audit logging.
		gcp.AuditConfig,
		gcp.LogBucketRetention,
		gcp.LogBucketCMEK,
		gcp.LogBucketLocked,

		// Google Cloud stack rules.
		gcp.KeyInStack,
		gcp.DLQSameKey,
		gcp.HasDLQ,
		gcp.ProjectInPerimeter,
		gcp.DataAccessAudit,
		gcp.AuditLogBucket,
		gcp.AccessDeclared,
	}
}
