// Package producer turns a payment request holding a card number into a
// payment event that is safe to put on a queue, and sends it.
//
// Guarantees: the PAN is validated (card.ParsePAN) before anything else; it
// leaves the producer only as a vault token, a masked PAN and inside the
// envelope sealed for the queue (package message); requests, errors and log
// lines show the masked PAN only. A request that fails validation is rejected
// with an error wrapping ErrInvalidRequest and nothing is sent.
//
// The producer is written once against small interfaces: a Sender
// (*gocloud.dev/pubsub.Topic), a Tokenizer (*vault.Vault) and a keeper
// (*gocloud.dev/secrets.Keeper).
//
// # Topic by cloud
//
// Open the Sender with pubsub.OpenTopic: "awssqs://sqs.<region>.amazonaws.com/<account>/<queue>?awssdk=v2"
// or "awssns:///<topic ARN>?region=..." (gocloud.dev/pubsub/awssnssqs),
// "azuresb://<queue or topic>" (gocloud.dev/pubsub/azuresb), "gcppubsub://projects/<p>/topics/<t>"
// (gocloud.dev/pubsub/gcppubsub). The event is UTF-8 JSON, so no driver
// base64-encodes it and the platform trigger delivers it as text.
package producer
