// Package idempotency records which messages a consumer has processed, so a
// message delivered twice (every queue here delivers at least once) is
// processed once.
//
// Guarantees:
//
//   - Claim lets exactly one caller process a message ID at a time: the claim
//     is a create-if-absent in a gocloud.dev/docstore collection, and taking
//     over an expired claim is a revision-checked replace.
//   - A claim is a lease. A consumer that crashes mid-message does not block
//     the message forever: once the lease expires the next delivery may take
//     it over. Choose a lease longer than the function's timeout.
//   - A completed ID reports Done until the record is removed; records carry
//     "expiresAt" (Unix seconds) for the store's TTL. Keep them at least as
//     long as the queue retains messages.
//
// # Store by cloud
//
// The collection's key field is "key": "dynamodb://<table>?partition_key=key"
// with DynamoDB TTL on "expiresAt" (AWS), "firestore://...?name_field=key"
// with a TTL policy on "expiresAt" (Google Cloud), "mongo://<db>/<coll>?id_field=key"
// with a TTL index (Azure Cosmos DB for MongoDB). Tests use memdocstore.
package idempotency
