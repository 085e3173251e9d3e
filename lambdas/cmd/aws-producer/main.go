// Command aws-producer is the producer as an AWS Lambda function
// (provided.al2023, arm64 "bootstrap") behind a function URL with AWS_IAM
// auth.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/pciqueue/pciqueue/lambdas/awslambda"
	"github.com/pciqueue/pciqueue/lambdas/logscrub"
	"github.com/pciqueue/pciqueue/lambdas/wiring"
	_ "gocloud.dev/docstore/awsdynamodb"
	_ "gocloud.dev/pubsub/awssnssqs"
	_ "gocloud.dev/secrets/awskms"
)

func main() {
	logger := slog.New(logscrub.NewHandler(slog.NewJSONHandler(os.Stderr, nil)))
	p, _, err := wiring.ProducerFromEnv(context.Background(), logger, awslambda.Route)
	if err != nil {
		wiring.Fatal(logger, "producer not started", err)
	}
	lambda.Start(awslambda.FunctionURL(p.Handler()))
}
