// Package awslambda is the AWS Lambda entry point of the pciqueue consumer,
// for an SQS event source mapping.
//
// Guarantees: every record of a batch goes through the consumer; a record
// that fails (bad body, rejected or failed event, panic) is listed in
// BatchItemFailures, so with ReportBatchItemFailures enabled on the event
// source mapping Lambda deletes only the records that succeeded and SQS
// redelivers the others until the queue's maxReceiveCount moves them to the
// dead-letter queue. The handler never returns an error for a record, which
// would make Lambda retry the whole batch. On a FIFO queue (ARN ending in
// ".fifo"), records after the first failure are reported failed without
// being processed, to keep the order within message groups.
//
// Bodies are read the way gocloud.dev/pubsub/awssnssqs writes them: raw SQS
// messages, SNS notifications without raw message delivery (the JSON
// envelope is unwrapped), and the "base64encoded" attribute for bodies that
// were base64-encoded.
//
// Deploy with lambda.Start(handler.HandleSQS).
package awslambda
