// Package cloudid parses the identifiers of cloud resources that users give pciqueue (a brought key, an
// existing trail, a workspace, a subnet, an alert channel) and that the policy pack and the conformance
// harnesses compare: one parser per cloud, each checking a resource against a kind, with errors that name
// the value, what is wrong with it and the form expected.
//
// # AWS
//
// Amazon Resource Names are split by github.com/aws/aws-sdk-go-v2/aws/arn; [ParseARN] then checks the
// partition (aws, aws-cn, aws-us-gov, ...), the service, a 12-digit account, a region (empty for global
// services such as IAM) and the resource type before "/" of the [AWSKind].
//
// # Azure
//
// Resource IDs (/subscriptions/<guid>/resourceGroups/<group>/providers/<namespace>/<type>/<name>/...) are
// parsed by github.com/Azure/azure-sdk-for-go/sdk/azcore/arm; [ParseAzureID] then checks the subscription
// GUID, the resource group and the full resource type, case-insensitively as Azure compares them. Key Vault
// key identifiers (https://<vault>.vault.azure.net/keys/<key>[/<version>]) are URLs, not resource IDs, and
// are read by [ParseKeyVaultKeyURI].
//
// # Google Cloud
//
// Resource names are relative paths of collection and ID pairs (projects/<p>/locations/<l>/keyRings/<r>/
// cryptoKeys/<k>); [ParseGoogleName] checks the collections in order and each ID against the naming rule of
// its collection. Project IDs may be domain-scoped (example.com:my-project).
package cloudid
