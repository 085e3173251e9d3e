// Command aws-consumer is the consumer as an AWS Lambda function
// (provided.al2023, arm64 "bootstrap") on an SQS event source mapping with
// ReportBatchItemFailures.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/pciqueue/pciqueue/lambdas/awslambda"
	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/logscrub"
	"github.com/pciqueue/pciqueue/lambdas/wiring"
	_ "gocloud.dev/docstore/awsdynamodb"
	_ "gocloud.dev/pubsub/awssnssqs"
	_ "gocloud.dev/secrets/awskms"
)

func main() {
	logger := slog.New(logscrub.NewHandler(slog.NewJSONHandler(os.Stderr, nil)))
	c, _, err := wiring.ConsumerFromEnv(context.Background(), consumer.Reference(logger), logger)
	if err != nil {
		wiring.Fatal(logger, "consumer not started", err)
	}
	lambda.Start(awslambda.New(c).HandleSQS)
}
