package awslambda_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/pciqueue/pciqueue/lambdas/awslambda"
	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/producer"
	"gocloud.dev/pubsub/awssnssqs"
)

// recordingAWSConfig is an SDK configuration whose every request is
// recorded and failed, without retries.
func recordingAWSConfig(rec *pipelinetest.Recorder) aws.Config {
	return aws.Config{
		Region:           "eu-west-1",
		Credentials:      aws.AnonymousCredentials{},
		HTTPClient:       &http.Client{Transport: rec},
		RetryMaxAttempts: 1,
	}
}

// TestRoute_setsGroupAndDeduplicationOnTheSQSEntry sends through the real
// awssnssqs driver and SQS client and reads the SendMessageBatch request
// the driver built.
func TestRoute_setsGroupAndDeduplicationOnTheSQSEntry(t *testing.T) {
	rec := &pipelinetest.Recorder{}
	topic := awssnssqs.OpenSQSTopicV2(context.Background(), sqs.NewFromConfig(recordingAWSConfig(rec)),
		"https://sqs.eu-west-1.amazonaws.com/123456789012/payments.fifo", nil)
	defer topic.Shutdown(context.Background())
	p := pipelinetest.NewRouted(t, topic, awslambda.Route)
	rc, err := p.Producer.Publish(context.Background(), pipelinetest.Request(pipelinetest.PAN))
	if err == nil {
		t.Fatal("Publish succeeded although every request fails")
	}
	calls := rec.Calls()
	if len(calls) != 1 || calls[0].Target != "AmazonSQS.SendMessageBatch" {
		t.Fatalf("recorded %d calls %+v, want one AmazonSQS.SendMessageBatch", len(calls), calls)
	}
	var req struct {
		Entries []struct{ MessageGroupId, MessageDeduplicationId, MessageBody string }
	}
	if err := json.Unmarshal(calls[0].Body, &req); err != nil || len(req.Entries) != 1 {
		t.Fatalf("SendMessageBatch body is not one JSON entry: %v", err)
	}
	ent := req.Entries[0]
	if leak := pipelinetest.LeakedCardData(string(calls[0].Body)); leak != "" {
		t.Errorf("SQS request carries card data: %s", leak)
	}
	var sent struct{ ID, Token string }
	if err := json.Unmarshal([]byte(ent.MessageBody), &sent); err != nil {
		t.Fatal(err)
	}
	if rc.MessageID != "" {
		t.Errorf("a failed Publish returned receipt %+v", rc)
	}
	if ent.MessageGroupId != sent.Token || ent.MessageDeduplicationId != sent.ID || sent.Token == "" || sent.ID == "" {
		t.Errorf("entry group %q dedup %q, want the card token %q and message ID %q", ent.MessageGroupId, ent.MessageDeduplicationId, sent.Token, sent.ID)
	}
}

func TestRoute_refusesAnotherDriversMessage(t *testing.T) {
	err := awslambda.Route(func(any) bool { return false }, producer.Routing{OrderingKey: "tok", DedupID: "id"})
	if !errors.Is(err, producer.ErrNoDriverMessage) {
		t.Errorf("Route without an SQS or SNS entry = %v, want ErrNoDriverMessage", err)
	}
}
