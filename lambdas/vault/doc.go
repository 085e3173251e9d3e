// Package vault swaps a PAN for a random token and back, keeping the PAN
// only encrypted, in a gocloud.dev/docstore collection.
//
// Guarantees, and what a real token vault must give:
//
//   - A token is random (card.NewToken): it has no mathematical link to the
//     PAN, so a token found anywhere reveals nothing without the vault.
//   - The same PAN always yields the same token, so downstream systems can
//     match repeat customers on the token alone. The lookup index is keyed
//     with HMAC-SHA-256 under a secret index key (PCI DSS 3.5.1.1): a plain
//     hash of a PAN is brute-forced in minutes from the BIN and last four, a
//     keyed hash cannot be without the key, which never enters the store.
//   - The PAN is stored only as an envelope (package envelope): its own
//     AES-256-GCM data key wrapped by the key service, and bound to the vault
//     name and the token, so a stored record moved to another token does not
//     open. Reading the whole collection yields no PAN.
//   - Tokenizing needs only the keeper's encrypt permission; detokenizing
//     needs decrypt (gocloud keepers call the key services' Encrypt and
//     Decrypt operations). Granting them to different identities (AWS
//     kms:Encrypt vs kms:Decrypt, Key Vault keys/encrypt vs keys/decrypt
//     actions, Cloud KMS cryptoKeyEncrypter vs cryptoKeyDecrypter) lets a
//     producer tokenize while only the settlement service can detokenize.
//     Record data keys are cached within bounds (envelope.CachePolicy).
//   - The index key is wrapped by a key of its own, which wraps nothing
//     else: the producer unwraps it once at start-up with decrypt on that
//     key alone, and holds no decrypt permission on the key of the PANs.
//   - Concurrent tokenizations of one new PAN agree on one token: the index
//     entry is created with docstore's create-if-absent, and the loser removes
//     the record it wrote.
//
// The vault does not expire tokens or purge PANs; retention (PCI DSS 3.2.1)
// belongs to the store's TTL or a scheduled job.
//
// # Store by cloud
//
// The collection's key field is "key". Production opens it by URL:
// "dynamodb://<table>?partition_key=key" (AWS, gocloud.dev/docstore/awsdynamodb),
// "firestore://projects/<p>/databases/(default)/documents/<c>?name_field=key" (Google Cloud),
// "mongo://<db>/<collection>?id_field=key" (Azure Cosmos DB for MongoDB).
// Tests use memdocstore ("mem://<name>/key").
package vault
