// Package external holds what a pack configuration declares managed and
// assessed outside the stack: customer-managed keys of a central
// key-management account, project or vault, AWS organization trails and
// shared Log Analytics workspaces.
//
// # Why declarations
//
// The stack rules require a queue's key and audit sink to be resources of the
// same stack, because only then can the pack show the key's rotation and
// deletion guard and the sink's retention. A key or sink owned by a security
// team elsewhere is a sound design, but the pack cannot see it, so it stays a
// violation unless the pack configuration names it. A declared key or sink
// passes those rules with a notice, reported by the advisory policy
// rule.OutsideStackPolicy, saying that it must be evidenced where it lives.
// Nothing is ever accepted silently, and nothing is accepted by pattern:
// every declaration is one exact key, trail or workspace.
//
// The declarations belong to the configuration of the policy named by
// scope.PolicyName, with the scope settings (see package rule for why).
// A malformed declaration is reported and the whole list is ignored, so a
// typo fails closed.
//
// # By cloud
//
// AWS: externalKeys holds KMS key ARNs (arn:aws:kms:<region>:<account>:key/<id>);
// a queue names one by that ARN or by its key id. Aliases are not accepted:
// an alias can be pointed at another key. externalTrails holds CloudTrail
// trail ARNs (typically an organization trail) that record the SQS data
// events of the stack's queues.
//
// Azure: externalKeys holds versionless Key Vault keys, as a resource ID
// (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>/keys/<key>)
// or a key identifier (https://<vault>.vault.azure.net/keys/<key>); a
// namespace names one by keyName and the vault of keyVaultUri. A key version
// is refused: a pinned version defeats rotation. externalWorkspaces holds
// Log Analytics workspace resource IDs that diagnostic settings may send to.
//
// Google Cloud: externalKeys holds Cloud KMS key names
// (projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>); a topic names
// one by kmsKeyName. Audit log buckets are always part of a pciqueue stack,
// so there is no declaration for them.
package external
