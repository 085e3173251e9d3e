// Package wiring opens a producer or a consumer from URLs, so each
// function's main (lambdas/cmd/<cloud>-<role>) is a few lines: read a
// Config (FromEnv), open, hand the producer or consumer to its entry point.
//
// A producer uses three keys, as docs/crypto-model.md grants them: it
// encrypts with the message key (PCIQUEUE_KEEPER_URL) and the vault PAN key
// (PCIQUEUE_VAULT_KEEPER_URL), and decrypts the index key
// (PCIQUEUE_VAULT_INDEX_KEY, wrapped by PCIQUEUE_INDEX_KEEPER_URL) once at
// start-up. A consumer only decrypts with the message key. Data keys are
// cached within PCIQUEUE_DATA_KEY_MAX_MESSAGES and PCIQUEUE_DATA_KEY_MAX_AGE
// (defaults 10,000 and 5m). The claim lease is the queue's visibility
// timeout (PCIQUEUE_VISIBILITY_TIMEOUT) unless PCIQUEUE_CLAIM_LEASE sets a
// shorter one.
//
// Every external resource is opened through a gocloud.dev URL mux, so the
// same code runs on every cloud; main selects the cloud by blank-importing
// the drivers.
//
// # What differs by cloud
//
// AWS: keeper "awskms:///<key ARN>?region=<r>&context_pciqueue-queue=<queue>"
// (gocloud.dev/secrets/awskms; three slashes, the ARN does not parse as a
// host),
// topic "awssqs://sqs.<r>.amazonaws.com/<account>/<queue>?region=<r>"
// (gocloud.dev/pubsub/awssnssqs), stores "dynamodb://<table>?partition_key=key"
// (gocloud.dev/docstore/awsdynamodb); entry point awslambda.
//
// Azure: keeper "azurekeyvault://<vault>.vault.azure.net/keys/<key>"
// (gocloud.dev/secrets/azurekeyvault) with PCIQUEUE_KEY_VERSION set to the
// key's current version, which envelopes record, topic "azuresb://<queue>"
// (gocloud.dev/pubsub/azuresb, namespace from AZURE_SERVICEBUS_HOSTNAME with
// Entra ID credentials, since local SAS auth is disabled), stores
// "mongo://<db>/<collection>?id_field=key" on Cosmos DB
// (gocloud.dev/docstore/mongodocstore); entry point azurefunc.
//
// Google Cloud: keeper "gcpkms://projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>"
// (gocloud.dev/secrets/gcpkms), topic "gcppubsub://projects/<p>/topics/<t>"
// (gocloud.dev/pubsub/gcppubsub), stores
// "firestore://projects/<p>/databases/(default)/documents/<c>?name_field=key"
// (gocloud.dev/docstore/gcpfirestore); entry point gcpfunc.
//
// Tests use "base64key://", "mem://" topics and "mem://<collection>/key"
// stores.
package wiring
