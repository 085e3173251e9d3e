// Package wiring opens a producer or a consumer from URLs, so each
// function's main is a few lines: read a Config (FromEnv), open, hand the
// consumer to its entry point.
//
// Every external resource is opened through a gocloud.dev URL mux, so the
// same code runs on every cloud; main selects the cloud by blank-importing
// the drivers.
//
// # What differs by cloud
//
// AWS: keeper "awskms://<key ARN>?region=<r>" (gocloud.dev/secrets/awskms),
// topic "awssqs://sqs.<r>.amazonaws.com/<account>/<queue>?region=<r>"
// (gocloud.dev/pubsub/awssnssqs), stores "dynamodb://<table>?partition_key=key"
// (gocloud.dev/docstore/awsdynamodb); entry point awslambda.
//
// Azure: keeper "azurekeyvault://<vault>.vault.azure.net/keys/<key>"
// (gocloud.dev/secrets/azurekeyvault), topic "azuresb://<queue>"
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
