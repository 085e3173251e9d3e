// Package consumer is the consumer logic every cloud entry point runs: it
// decodes a delivered payment event, opens it, processes it at most once per
// message ID, and reports the outcome so the platform acknowledges the
// message or delivers it again.
//
// Guarantees:
//
//   - A message is never dropped. Handle returns nil only when the event was
//     processed now or before; every other outcome (malformed, tampered,
//     wrong queue or key, processor error or panic, claim held elsewhere) is
//     an error, which the entry point reports as a failed delivery. The queue
//     then redelivers it and, after its maximum delivery count, moves it to the
//     dead-letter queue.
//   - Processing is idempotent per message ID: a claim in an idempotency
//     store (package idempotency) makes a redelivered or concurrently
//     delivered event be processed once; a duplicate of a processed event is
//     acknowledged without calling the processor again.
//   - No card data in logs or errors: the processor receives the PAN as a
//     card.PAN (which masks itself); errors and panic values coming back from
//     the processor have the message's cardholder name and expiry removed and
//     card numbers masked (cardnum.Scrub); the logger is wrapped in a
//     scrubbing handler (package logscrub). One structured line is logged per
//     delivery with the outcome, the reason when it failed, and the IDs.
//
// Entry points live in their own packages: awslambda (SQS event source),
// azurefunc (Functions custom handler for a Service Bus trigger) and gcpfunc
// (CloudEvent for Pub/Sub). Receive runs the same logic as a long-lived worker
// on a gocloud.dev/pubsub subscription.
package consumer
