package report

import (
	"strings"
)

// requirement is one PCI DSS 4.0 requirement as the report presents it. The titles paraphrase the
// standard; an assessor reads them next to the standard's own text.
type requirement struct {
	ID    string
	Title string
	// Evidence lists, per resource type token, the property paths that evidence the requirement. The type
	// "*" applies to every type. A path starting with "@" is a resource option ("@protect").
	Evidence map[string][]string
}

// responsibility is a requirement that the infrastructure in a stack cannot evidence.
type responsibility struct {
	ID    string
	Title string
	// Owner is who has to evidence it.
	Owner string
	// Why says why the stack cannot evidence it and what the owner shows instead.
	Why string
}

const (
	ownerCustomer = "Customer"
	ownerProvider = "Cloud provider (its Attestation of Compliance)"
	ownerShared   = "Cloud provider for its data centres, customer for its own sites"
)

// Property paths shared by several requirements.
var (
	scopeEvidence = []string{"tags.pci-scope", "tags.data-classification", "labels.pci-scope", "labels.data-classification"}
	awsQueue      = "aws:sqs/queue:Queue"
	awsKey        = "aws:kms/key:Key"
	awsTrail      = "aws:cloudtrail/trail:Trail"
	awsLogGroup   = "aws:cloudwatch/logGroup:LogGroup"
	awsRole       = "aws:iam/role:Role"
	sbNamespace   = "azure-native:servicebus:Namespace"
	sbQueue       = "azure-native:servicebus:Queue"
	kvVault       = "azure-native:keyvault:Vault"
	kvKey         = "azure-native:keyvault:Key"
	gcpTopic      = "gcp:pubsub/topic:Topic"
	gcpSub        = "gcp:pubsub/subscription:Subscription"
	gcpCryptoKey  = "gcp:kms/cryptoKey:CryptoKey"
	gcpLogBucket  = "gcp:logging/projectBucketConfig:ProjectBucketConfig"
	roleAssign    = "azure-native:authorization:RoleAssignment"
	laWorkspace   = "azure-native:operationalinsights:Workspace"
	sbTopic       = "azure-native:servicebus:Topic"
	sbSub         = "azure-native:servicebus:Subscription"
	gcpPerimeter  = "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter"
)

// catalog holds the requirements the policy pack's rules may check. A rule whose requirement is not here
// is shown under its nearest listed parent's title (principal requirements are always listed).
var catalog = []requirement{
	{ID: "1", Title: "Network security controls are installed and maintained."},
	{ID: "1.3.1", Title: "Inbound traffic to the cardholder-data environment is restricted to what is necessary.", Evidence: map[string][]string{
		"aws:ec2/vpcEndpoint:VpcEndpoint": {"serviceName", "vpcEndpointType", "privateDnsEnabled"},
		sbNamespace:                       {"publicNetworkAccess"},
		gcpPerimeter:                      {"perimeterType", "status.restrictedServices", "status.resources"},
	}},
	{ID: "1.3.2", Title: "Outbound traffic from the cardholder-data environment is restricted to what is necessary.", Evidence: map[string][]string{
		gcpPerimeter: {"perimeterType", "status.restrictedServices", "status.resources"},
	}},
	{ID: "1.4.1", Title: "Network security controls sit between trusted and untrusted networks."},
	{ID: "1.4.2", Title: "Inbound traffic from untrusted networks to trusted networks is restricted.", Evidence: map[string][]string{
		sbNamespace: {"publicNetworkAccess"},
		kvVault:     {"properties.publicNetworkAccess", "properties.networkAcls.defaultAction"},
	}},
	{ID: "1.4.4", Title: "System components that store cardholder data are not directly reachable from untrusted networks.", Evidence: map[string][]string{
		sbNamespace: {"publicNetworkAccess"},
		"azure-native:servicebus:NamespaceNetworkRuleSet": {"publicNetworkAccess", "defaultAction"},
		"azure-native:network:PrivateEndpoint":            {"privateLinkServiceConnections"},
		kvVault:                                           {"properties.publicNetworkAccess", "properties.networkAcls.defaultAction"},
		laWorkspace:                                       {"publicNetworkAccessForIngestion", "publicNetworkAccessForQuery"},
	}},
	{ID: "2", Title: "Secure configurations are applied to all system components."},
	{ID: "2.2.7", Title: "All non-console administrative access is encrypted with strong cryptography."},
	{ID: "3", Title: "Stored account data is protected."},
	{ID: "3.2.1", Title: "Account data storage is kept to a minimum through retention and disposal policies.", Evidence: map[string][]string{
		awsQueue: {"messageRetentionSeconds"},
		sbQueue:  {"defaultMessageTimeToLive"},
		sbTopic:  {"defaultMessageTimeToLive"},
		sbSub:    {"defaultMessageTimeToLive"},
		gcpTopic: {"messageRetentionDuration"},
		gcpSub:   {"messageRetentionDuration", "retainAckedMessages"},
	}},
	{ID: "3.5.1", Title: "PAN is rendered unreadable anywhere it is stored.", Evidence: map[string][]string{
		awsQueue:                       {"kmsMasterKeyId", "sqsManagedSseEnabled"},
		awsTrail:                       {"kmsKeyId"},
		awsLogGroup:                    {"kmsKeyId"},
		"aws:lambda/function:Function": {"kmsKeyArn"},
		"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {"rules"},
		sbNamespace:  {"sku.name", "encryption.keySource", "encryption.requireInfrastructureEncryption", "identity.type"},
		gcpTopic:     {"kmsKeyName"},
		gcpLogBucket: {"cmekSettings.kmsKeyName"},
	}},
	{ID: "3.5.1.1", Title: "Hashes used to render PAN unreadable are keyed cryptographic hashes of the entire PAN."},
	{ID: "3.6.1", Title: "Cryptographic keys that protect stored account data are protected against disclosure and misuse.", Evidence: map[string][]string{
		awsKey:       {"isEnabled", "keyUsage", "customerMasterKeySpec", "bypassPolicyLockoutSafetyCheck"},
		awsQueue:     {"kmsMasterKeyId", "kmsDataKeyReusePeriodSeconds"},
		kvKey:        {"properties.kty", "properties.keySize", "properties.curveName", "properties.attributes.expires"},
		gcpCryptoKey: {"purpose", "versionTemplate.algorithm", "versionTemplate.protectionLevel"},
	}},
	{ID: "3.6.1.2", Title: "Secret and private keys are stored in a secure form (encrypted, in an HSM or as key components)."},
	{ID: "3.6.1.3", Title: "Access to cleartext cryptographic key components is restricted to the fewest custodians necessary.", Evidence: map[string][]string{
		awsKey:                        {"policy"},
		"aws:kms/keyPolicy:KeyPolicy": {"policy"},
		"aws:kms/grant:Grant":         {"granteePrincipal", "operations"},
		roleAssign:                    {"roleDefinitionId", "scope", "principalType"},
		sbNamespace:                   {"identity.userAssignedIdentities", "encryption.keyVaultProperties"},
		"gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": {"role", "member"},
	}},
	{ID: "3.7.1", Title: "Key-management procedures cover generation of strong keys."},
	{ID: "3.7.2", Title: "Key-management procedures cover secure distribution of keys."},
	{ID: "3.7.4", Title: "Keys are changed at the end of their cryptoperiod.", Evidence: map[string][]string{
		awsKey:       {"enableKeyRotation", "rotationPeriodInDays"},
		kvKey:        {"properties.rotationPolicy"},
		sbNamespace:  {"encryption.keyVaultProperties"},
		gcpCryptoKey: {"rotationPeriod"},
	}},
	{ID: "3.7.5", Title: "Keys are retired, replaced or destroyed when no longer needed, and deletion is protected.", Evidence: map[string][]string{
		awsKey:       {"deletionWindowInDays", "@protect"},
		kvVault:      {"properties.enableSoftDelete", "properties.enablePurgeProtection", "properties.softDeleteRetentionInDays"},
		gcpCryptoKey: {"destroyScheduledDuration", "@protect"},
	}},
	{ID: "4", Title: "Cardholder data is protected with strong cryptography during transmission."},
	{ID: "4.2.1", Title: "Strong cryptography protects PAN during transmission over open, public networks.", Evidence: map[string][]string{
		"aws:sqs/queuePolicy:QueuePolicy": {"policy"},
		sbNamespace:                       {"minimumTlsVersion"},
	}},
	{ID: "6", Title: "Secure systems and software are developed and maintained."},
	{ID: "6.3.3", Title: "System components are protected from known vulnerabilities by installing patches and supported versions.", Evidence: map[string][]string{
		"aws:lambda/function:Function": {"runtime"},
	}},
	{ID: "7", Title: "Access to system components and cardholder data is restricted by business need to know."},
	{ID: "7.2.1", Title: "An access-control model is defined and grants access by need.", Evidence: map[string][]string{
		awsRole:    {"assumeRolePolicy"},
		roleAssign: {"roleDefinitionId", "scope", "principalType"},
	}},
	{ID: "7.2.2", Title: "Access is assigned by job function with the least privileges necessary.", Evidence: map[string][]string{
		"aws:iam/rolePolicy:RolePolicy":                          {"role", "policy"},
		"aws:iam/policy:Policy":                                  {"policy"},
		"aws:sqs/queuePolicy:QueuePolicy":                        {"policy"},
		"aws:kms/grant:Grant":                                    {"granteePrincipal", "operations"},
		roleAssign:                                               {"roleDefinitionId", "scope", "principalType"},
		"azure-native:authorization:RoleDefinition":              {"permissions", "assignableScopes"},
		"azure-native:servicebus:NamespaceAuthorizationRule":     {"rights"},
		"azure-native:servicebus:QueueAuthorizationRule":         {"rights"},
		"azure-native:servicebus:TopicAuthorizationRule":         {"rights"},
		"gcp:pubsub/topicIAMMember:TopicIAMMember":               {"role", "member"},
		"gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember": {"role", "member"},
	}},
	{ID: "7.2.4", Title: "User accounts and their access privileges are reviewed at least once every six months.", Evidence: map[string][]string{
		kvVault: {"properties.enableRbacAuthorization"},
	}},
	{ID: "7.2.5", Title: "Application and system accounts have only the privileges they need."},
	{ID: "7.3.1", Title: "An access-control system restricts access by need to know.", Evidence: map[string][]string{
		"aws:lambda/permission:Permission": {"principal", "sourceArn"},
	}},
	{ID: "8", Title: "Users and access to system components are identified and authenticated."},
	{ID: "8.2.2", Title: "Shared, group or generic accounts and credentials are used only when necessary and controlled.", Evidence: map[string][]string{
		sbNamespace: {"disableLocalAuth"},
	}},
	{ID: "8.2.8", Title: "Sessions idle for more than 15 minutes require re-authentication.", Evidence: map[string][]string{
		awsRole: {"maxSessionDuration"},
	}},
	{ID: "8.3.2", Title: "Authentication factors are unreadable in transmission and storage."},
	{ID: "8.6.2", Title: "Passwords of application and system accounts are not hard-coded in scripts, configuration or source code.", Evidence: map[string][]string{
		sbNamespace: {"disableLocalAuth"},
		awsRole:     {"assumeRolePolicy"},
		laWorkspace: {"features.disableLocalAuth"},
	}},
	{ID: "8.6.3", Title: "Credentials of application and system accounts are protected against misuse."},
	{ID: "10", Title: "All access to system components and cardholder data is logged and monitored."},
	{ID: "10.2.1", Title: "Audit logs are enabled and active for all system components and cardholder data.", Evidence: map[string][]string{
		awsTrail: {"enableLogging", "includeGlobalServiceEvents", "advancedEventSelectors"},
		"azure-native:insights:DiagnosticSetting":    {"resourceUri", "logs", "workspaceId"},
		"gcp:projects/iAMAuditConfig:IAMAuditConfig": {"service", "auditLogConfigs"},
	}},
	{ID: "10.2.1.1", Title: "Every individual access to cardholder data is logged."},
	{ID: "10.2.1.2", Title: "Every action taken with administrative access is logged."},
	{ID: "10.3.2", Title: "Audit log files are protected against modification.", Evidence: map[string][]string{
		awsTrail:    {"enableLogFileValidation", "kmsKeyId"},
		awsLogGroup: {"kmsKeyId"},
		"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"},
		"aws:s3/bucketVersioningV2:BucketVersioningV2":           {"versioningConfiguration"},
		gcpLogBucket: {"locked"},
	}},
	{ID: "10.3.3", Title: "Audit logs are promptly backed up to a central store that is hard to alter.", Evidence: map[string][]string{
		awsTrail:                              {"cloudWatchLogsGroupArn", "s3BucketName"},
		"gcp:logging/projectSink:ProjectSink": {"destination"},
	}},
	{ID: "10.3.4", Title: "Changes to audit logs are detected by file-integrity monitoring."},
	{ID: "10.5.1", Title: "Audit log history is kept for at least 12 months, the last three immediately available.", Evidence: map[string][]string{
		awsLogGroup: {"retentionInDays", "logGroupClass"},
		"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": {"rules"},
		laWorkspace:                              {"retentionInDays"},
		"azure-native:operationalinsights:Table": {"retentionInDays", "totalRetentionInDays"},
		gcpLogBucket:                             {"retentionDays"},
	}},
	{ID: "10.7.2", Title: "Failures of critical security control systems are detected, alerted and addressed.", Evidence: map[string][]string{
		awsQueue:                                 {"redrivePolicy", "redriveAllowPolicy"},
		"aws:cloudwatch/metricAlarm:MetricAlarm": {"metricName", "threshold", "alarmActions"},
		sbQueue:                                  {"maxDeliveryCount", "deadLetteringOnMessageExpiration"},
		sbSub:                                    {"maxDeliveryCount", "deadLetteringOnMessageExpiration"},
		gcpSub:                                   {"deadLetterPolicy"},
	}},
	{ID: "12", Title: "Information security is supported with organisational policies and programs."},
	{ID: "12.5.1", Title: "An inventory of in-scope system components, with a description of their function, is maintained.", Evidence: map[string][]string{
		awsKey: {"description"},
	}},
	{ID: "12.5.2", Title: "PCI DSS scope is documented and confirmed at least every 12 months and after significant change.", Evidence: map[string][]string{
		"*": scopeEvidence,
	}},
}

// responsibilities are the requirements no stack can evidence. They are always listed.
var responsibilities = []responsibility{
	{ID: "3.3.1", Title: "Sensitive authentication data is not kept after authorisation.", Owner: ownerCustomer,
		Why: "The stack classifies queues (data-classification) and encrypts them; only the application decides what a message carries. Show the message schema and the code that drops SAD."},
	{ID: "3.7.8", Title: "Key custodians formally acknowledge their responsibilities.", Owner: ownerCustomer,
		Why: "The stack defines who may administer and use each key; the signed acknowledgement of the people behind those roles is a process record."},
	{ID: "5", Title: "Systems and networks are protected from malicious software.", Owner: ownerCustomer,
		Why: "Managed queues and functions have no customer-managed operating system here; anti-malware on any other component, and the risk analysis that justifies its absence, are the customer's."},
	{ID: "6.2", Title: "Bespoke and custom software is developed securely.", Owner: ownerCustomer,
		Why: "Secure development, code review and training are evidenced by the development process, not by deployed infrastructure."},
	{ID: "6.3.1", Title: "Security vulnerabilities are identified and ranked.", Owner: ownerCustomer,
		Why: "Vulnerability intelligence and ranking is a process; the pack checks only the function runtimes it can see."},
	{ID: "8.4.1", Title: "Multi-factor authentication protects all non-console administrative access to the CDE.", Owner: ownerCustomer,
		Why: "Administrators reach the cloud through the organisation's identity provider, which this stack does not configure. Show the identity provider's MFA policy."},
	{ID: "8.4.2", Title: "Multi-factor authentication protects all access into the CDE.", Owner: ownerCustomer,
		Why: "As 8.4.1: enforced by the identity provider, outside the stack."},
	{ID: "9", Title: "Physical access to cardholder data is restricted.", Owner: ownerShared,
		Why: "Data centres are the cloud provider's; its Attestation of Compliance evidences them. Offices and media handling are the customer's."},
	{ID: "10.4.1", Title: "Audit logs are reviewed at least once daily.", Owner: ownerCustomer,
		Why: "The stack produces and retains the logs (10.2, 10.3, 10.5.1); reviewing them, by people or an automated mechanism, is an operation to evidence with review records."},
	{ID: "10.6", Title: "Time-synchronisation mechanisms support consistent time settings.", Owner: ownerProvider,
		Why: "Managed services use the provider's time sources; the provider's Attestation of Compliance evidences them."},
	{ID: "11.3", Title: "Internal and external vulnerabilities are identified by regular scans.", Owner: ownerCustomer,
		Why: "Scanning is an activity; show the ASV and internal scan reports."},
	{ID: "11.4", Title: "Penetration testing is performed regularly and after significant changes.", Owner: ownerCustomer,
		Why: "Penetration testing is an activity; show the test reports, including segmentation tests of the network boundary."},
	{ID: "12.1", Title: "A comprehensive information security policy is established and kept current.", Owner: ownerCustomer,
		Why: "Policies are documents approved by management."},
	{ID: "12.3.1", Title: "Targeted risk analyses support requirements that allow flexibility.", Owner: ownerCustomer,
		Why: "Risk analyses (for example the cryptoperiod chosen for key rotation, or log review frequency) are documents."},
	{ID: "12.5.2", Title: "Scope is confirmed at least every 12 months and after significant change (the confirmation part of 12.5.2).", Owner: ownerCustomer,
		Why: "The stack documents its scope on each resource (the 12.5.2 row of the matrix); confirming the scope, including data flows outside this stack, is a periodic review."},
	{ID: "12.8", Title: "Risk to information assets from third-party service providers is managed.", Owner: ownerCustomer,
		Why: "The list of TPSPs (the cloud provider among them), their AOCs and the responsibility matrix are contractual records."},
	{ID: "12.10", Title: "Suspected and confirmed security incidents are responded to immediately.", Owner: ownerCustomer,
		Why: "The incident response plan and its tests are documents; the stack supplies the alerts and audit trails it relies on."},
}

// lookup returns the catalog entry for id, or the entry of its nearest listed parent.
func lookup(id string) (requirement, bool) {
	for cur := id; cur != ""; {
		for _, r := range catalog {
			if r.ID == cur {
				r.ID = id
				return r, cur == id
			}
		}
		i := strings.LastIndex(cur, ".")
		if i < 0 {
			break
		}
		cur = cur[:i]
	}
	return requirement{ID: id, Title: "PCI DSS 4.0 requirement " + id + "."}, false
}

// evidencePaths returns the property paths of typ that evidence req.
func (r requirement) evidencePaths(typ string) []string {
	if p, ok := r.Evidence[typ]; ok {
		return p
	}
	return r.Evidence["*"]
}

// compareIDs orders requirement ids numerically, component by component ("3.6.1" < "3.6.1.3" < "3.7").
func compareIDs(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, y := atoi(as[i]), atoi(bs[i])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return len(as) - len(bs)
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return n
		}
		n = n*10 + int(c-'0')
	}
	return n
}
