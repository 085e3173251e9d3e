package azure

// Type tokens of the azure-native resources the rules judge or relate, as the
// azure-native v2 schema spells them.
const (
	Namespace            = "azure-native:servicebus:Namespace"
	NamespaceNetworkRule = "azure-native:servicebus:NamespaceNetworkRuleSet"
	Queue                = "azure-native:servicebus:Queue"
	Topic                = "azure-native:servicebus:Topic"
	Subscription         = "azure-native:servicebus:Subscription"
	NamespaceAuthRule    = "azure-native:servicebus:NamespaceAuthorizationRule"
	QueueAuthRule        = "azure-native:servicebus:QueueAuthorizationRule"
	TopicAuthRule        = "azure-native:servicebus:TopicAuthorizationRule"
	Vault                = "azure-native:keyvault:Vault"
	Key                  = "azure-native:keyvault:Key"
	RoleAssignment       = "azure-native:authorization:RoleAssignment"
	RoleDefinition       = "azure-native:authorization:RoleDefinition"
	DiagnosticSetting    = "azure-native:insights:DiagnosticSetting"
	Workspace            = "azure-native:operationalinsights:Workspace"
	Table                = "azure-native:operationalinsights:Table"
	UserAssignedIdentity = "azure-native:managedidentity:UserAssignedIdentity"
)

// Built-in role definitions, by the GUID that ends their roleDefinitionId
// (the same GUID in every tenant).
const (
	roleOwner                       = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
	roleContributor                 = "b24988ac-6180-42a0-ab88-20f7382dd24c"
	roleUserAccessAdministrator     = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"
	roleRBACAdministrator           = "f58310d9-a9f6-439a-9e8d-f62e7b41a168"
	roleServiceBusDataOwner         = "090c5cfd-751d-490a-894a-3ce6f1109419"
	roleServiceBusDataSender        = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"
	roleServiceBusDataReceiver      = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"
	roleKeyVaultAdministrator       = "00482a5a-887f-4fb3-b363-3b7fe8e74483"
	roleKeyVaultCryptoOfficer       = "14b46e9e-c2b7-41b4-b07b-48a6ebf60603"
	roleKeyVaultCryptoUser          = "12338af0-0e69-4776-bea7-57ae8d297424"
	roleKeyVaultCryptoServiceEncUse = "e147488a-f6f5-4113-8e2d-b22465e65bf6"
)

// roleNames names the built-in roles the rules reason about, for messages.
var roleNames = map[string]string{
	roleOwner:                       "Owner",
	roleContributor:                 "Contributor",
	roleUserAccessAdministrator:     "User Access Administrator",
	roleRBACAdministrator:           "Role Based Access Control Administrator",
	roleServiceBusDataOwner:         "Azure Service Bus Data Owner",
	roleServiceBusDataSender:        "Azure Service Bus Data Sender",
	roleServiceBusDataReceiver:      "Azure Service Bus Data Receiver",
	roleKeyVaultAdministrator:       "Key Vault Administrator",
	roleKeyVaultCryptoOfficer:       "Key Vault Crypto Officer",
	roleKeyVaultCryptoUser:          "Key Vault Crypto User",
	roleKeyVaultCryptoServiceEncUse: "Key Vault Crypto Service Encryption User",
}

// Identity declaration tags (components.TagQueue and components.TagRole; the
// pack imports no component, so the keys are repeated here).
const (
	TagQueue     = "pciqueue-queue"
	TagRole      = "pciqueue-role"
	roleProducer = "producer"
	roleConsumer = "consumer"
)
