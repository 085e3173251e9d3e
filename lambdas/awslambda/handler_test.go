package awslambda

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/message"
	"github.com/pciqueue/pciqueue/lambdas/producer"
)

const queueARN = "arn:aws:sqs:eu-west-1:123456789012:payments"

// record is one SQS record in the JSON shape Lambda's SQS poller delivers.
func record(id, body string, attrs map[string]string, arn string) map[string]any {
	msgAttrs := map[string]any{}
	for k, v := range attrs {
		msgAttrs[k] = map[string]any{"stringValue": v, "stringListValues": []string{}, "binaryListValues": []string{}, "dataType": "String"}
	}
	return map[string]any{
		"messageId":     id,
		"receiptHandle": "AQEB" + id,
		"body":          body,
		"md5OfBody":     "d41d8cd98f00b204e9800998ecf8427e",
		"attributes": map[string]string{
			"ApproximateReceiveCount":          "1",
			"SentTimestamp":                    "1740830400000",
			"SenderId":                         "AROAEXAMPLE:producer",
			"ApproximateFirstReceiveTimestamp": "1740830400100",
		},
		"messageAttributes": msgAttrs,
		"eventSource":       "aws:sqs",
		"eventSourceARN":    arn,
		"awsRegion":         "eu-west-1",
	}
}

// gocloudAttrs are the attributes awssnssqs sets from producer metadata.
func gocloudAttrs(id string) map[string]string {
	return map[string]string{producer.MetadataSchema: message.SchemaV1, producer.MetadataMessageID: id}
}

// snsWrapped is the SQS body of an SNS notification without raw delivery.
func snsWrapped(t *testing.T, msg string, attrs map[string]string) string {
	t.Helper()
	ma := map[string]any{}
	for k, v := range attrs {
		ma[k] = map[string]string{"Type": "String", "Value": v}
	}
	b, err := json.Marshal(map[string]any{
		"Type": "Notification", "MessageId": "sns-1", "TopicArn": "arn:aws:sns:eu-west-1:123456789012:payments",
		"Message": msg, "Timestamp": "2025-03-01T12:00:00.000Z", "SignatureVersion": "1", "MessageAttributes": ma,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// invoke runs the handler the way the Lambda runtime does: JSON in, JSON out.
func invoke(t *testing.T, h *Handler, records ...map[string]any) (events.SQSEventResponse, string) {
	t.Helper()
	payload, err := json.Marshal(map[string]any{"Records": records})
	if err != nil {
		t.Fatal(err)
	}
	out, err := lambda.NewHandler(h.HandleSQS).Invoke(context.Background(), payload)
	if err != nil {
		t.Fatalf("Invoke: %v", safe(err))
	}
	var resp events.SQSEventResponse
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatalf("response %s: %v", safe(out), safe(err))
	}
	return resp, string(out)
}

func failedIDs(resp events.SQSEventResponse) []string {
	var ids []string
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	slices.Sort(ids)
	return ids
}

func TestHandleSQS_reportsOnlyFailedRecords(t *testing.T) {
	p := pipelinetest.New(t, nil)
	good, rc := p.Event(t, pipelinetest.PAN)
	viaSNS, rc2 := p.Event(t, pipelinetest.PAN2)
	encoded, rc3 := p.Event(t, pipelinetest.PAN)

	b64attrs := gocloudAttrs(rc3.MessageID)
	b64attrs[base64EncodedAttr] = "true"
	resp, out := invoke(t, New(p.Consumer),
		record("m-good", string(good), gocloudAttrs(rc.MessageID), queueARN),
		record("m-sns", snsWrapped(t, string(viaSNS), gocloudAttrs(rc2.MessageID)), nil, queueARN),
		record("m-b64", base64.StdEncoding.EncodeToString(encoded), b64attrs, queueARN),
		record("m-tampered", string(pipelinetest.Tamper(good)), gocloudAttrs(rc.MessageID), queueARN),
		record("m-garbage", "card "+pipelinetest.PAN, nil, queueARN),
		record("m-bad-b64", "not base64!", map[string]string{base64EncodedAttr: "true"}, queueARN),
		record("m-duplicate", string(good), gocloudAttrs(rc.MessageID), queueARN),
	)
	if got, want := failedIDs(resp), []string{"m-bad-b64", "m-garbage", "m-tampered"}; !slices.Equal(got, want) {
		t.Errorf("batchItemFailures = %v, want %v", got, want)
	}
	var processed []string
	for _, pay := range p.Processor.Payments() {
		processed = append(processed, pay.ID)
	}
	slices.Sort(processed)
	want := []string{rc.MessageID, rc2.MessageID, rc3.MessageID}
	slices.Sort(want)
	if !slices.Equal(processed, want) {
		t.Errorf("processed %v, want each good event once: %v", processed, want)
	}
	if leak := pipelinetest.LeakedCardData(out, p.Logs.String()); leak != "" {
		t.Errorf("card data in response or logs:\n%s", leak)
	}
}

func TestHandleSQS_fifoStopsAtFirstFailure(t *testing.T) {
	p := pipelinetest.New(t, nil)
	first, _ := p.Event(t, pipelinetest.PAN)
	third, _ := p.Event(t, pipelinetest.PAN2)
	fifo := queueARN + ".fifo"
	resp, _ := invoke(t, New(p.Consumer),
		record("m-1", string(first), nil, fifo),
		record("m-2", "{}", nil, fifo),
		record("m-3", string(third), nil, fifo),
	)
	if got, want := failedIDs(resp), []string{"m-2", "m-3"}; !slices.Equal(got, want) {
		t.Errorf("batchItemFailures = %v, want %v", got, want)
	}
	if n := len(p.Processor.Payments()); n != 1 {
		t.Errorf("processed %d records, want only the one before the failure", n)
	}
}

func TestHandleSQS_panicFailsOnlyItsRecord(t *testing.T) {
	p := pipelinetest.New(t, nil)
	a, _ := p.Event(t, pipelinetest.PAN)
	b, _ := p.Event(t, pipelinetest.PAN2)
	p.Processor.SetBehave(func(pay message.Payment) error {
		if pay.Card.PAN.Reveal() == pipelinetest.PAN {
			panic(fmt.Sprintf("cannot charge %s", pay.Card.PAN.Reveal()))
		}
		return nil
	})
	resp, out := invoke(t, New(p.Consumer), record("m-a", string(a), nil, queueARN), record("m-b", string(b), nil, queueARN))
	if got := failedIDs(resp); !slices.Equal(got, []string{"m-a"}) {
		t.Errorf("batchItemFailures = %v, want [m-a]", got)
	}
	if leak := pipelinetest.LeakedCardData(out, p.Logs.String()); leak != "" {
		t.Errorf("card data in response or logs:\n%s", leak)
	}
}

func TestHandleSQS_emptyBatch(t *testing.T) {
	p := pipelinetest.New(t, nil)
	resp, out := invoke(t, New(p.Consumer))
	if len(resp.BatchItemFailures) != 0 || out != `{"batchItemFailures":[]}` {
		t.Errorf("empty batch response = %s", safe(out))
	}
}
