package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	kms "cloud.google.com/go/kms/apiv1"
	raw "cloud.google.com/go/pubsub/apiv1"
	"github.com/aws/aws-sdk-go-v2/aws"
	kmsv2 "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/envelope"
	"github.com/pciqueue/pciqueue/lambdas/idempotency"
	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/producer"
	"github.com/pciqueue/pciqueue/lambdas/vault"
	"gocloud.dev/docstore/memdocstore"
	"gocloud.dev/pubsub"
	"gocloud.dev/pubsub/awssnssqs"
	"gocloud.dev/pubsub/gcppubsub"
	"gocloud.dev/secrets/awskms"
	"gocloud.dev/secrets/gcpkms"
	"google.golang.org/api/option"
)

// grant is one permission of the crypto model (docs/crypto-model.md): an
// action on a resource, for a role.
type grant struct{ role, action, resource string }

// cloudCase opens the keepers and topics of one cloud on SDK clients whose
// every request is recorded and failed, and says how a recorded request
// reads as an action on a resource.
type cloudCase struct {
	name   string
	grants []grant
	// keeper and topic open the recorded driver for a key or queue name.
	keeper func(t *testing.T, rec *pipelinetest.Recorder, key string) envelope.Keeper
	topic  func(t *testing.T, rec *pipelinetest.Recorder, queue string) *pubsub.Topic
	// action reads one recorded request.
	action func(c pipelinetest.Call) (action, resource string)
}

const (
	awsAccount = "arn:aws:kms:eu-west-1:123456789012:key/"
	awsQueues  = "https://sqs.eu-west-1.amazonaws.com/123456789012/"
	gcpKeys    = "projects/pci-payments/locations/europe-west1/keyRings/payments/cryptoKeys/"
	gcpTopics  = "projects/pci-payments/topics/"
)

func awsCase() cloudCase {
	cfg := func(rec *pipelinetest.Recorder) aws.Config {
		return aws.Config{Region: "eu-west-1", Credentials: aws.AnonymousCredentials{}, HTTPClient: &http.Client{Transport: rec}, RetryMaxAttempts: 1}
	}
	return cloudCase{
		name: "aws",
		grants: []grant{
			{"producer", "kms:Encrypt", awsAccount + "message pciqueue-queue=payments"},
			{"producer", "kms:Encrypt", awsAccount + "vault pciqueue-vault=cards"},
			{"producer", "kms:Decrypt", "index pciqueue-vault=cards"},
			{"producer", "sqs:SendMessage", awsQueues + "payments"},
			{"consumer", "kms:Decrypt", "message pciqueue-queue=payments"},
			{"consumer", "sqs:SendMessage", awsQueues + "payments-dlq"},
		},
		keeper: func(t *testing.T, rec *pipelinetest.Recorder, key string) envelope.Keeper {
			ctxKey, ctxVal := "pciqueue-queue", "payments"
			if key != "message" {
				ctxKey, ctxVal = "pciqueue-vault", "cards"
			}
			return awskms.OpenKeeperV2(kmsv2.NewFromConfig(cfg(rec)), awsAccount+key,
				&awskms.KeeperOptions{EncryptionContext: map[string]string{ctxKey: ctxVal}})
		},
		topic: func(t *testing.T, rec *pipelinetest.Recorder, queue string) *pubsub.Topic {
			return awssnssqs.OpenSQSTopicV2(context.Background(), sqs.NewFromConfig(cfg(rec)), awsQueues+queue, nil)
		},
		action: func(c pipelinetest.Call) (string, string) {
			var body struct {
				KeyId             string
				QueueUrl          string
				EncryptionContext map[string]string
			}
			json.Unmarshal(c.Body, &body)
			var ctx []string
			for k, v := range body.EncryptionContext {
				ctx = append(ctx, k+"="+v)
			}
			switch c.Target {
			case "TrentService.Encrypt":
				return "kms:Encrypt", body.KeyId + " " + strings.Join(ctx, ",")
			case "TrentService.Decrypt":
				// The ciphertext names the key; the context names the use.
				use := "message"
				if body.EncryptionContext["pciqueue-vault"] != "" {
					use = "index"
				}
				return "kms:Decrypt", use + " " + strings.Join(ctx, ",")
			case "AmazonSQS.SendMessageBatch":
				return "sqs:SendMessage", body.QueueUrl
			}
			return c.Target, c.Host + c.Path
		},
	}
}

func gcpCase() cloudCase {
	opts := func(rec *pipelinetest.Recorder) []option.ClientOption {
		return []option.ClientOption{option.WithHTTPClient(&http.Client{Transport: rec}), option.WithoutAuthentication()}
	}
	return cloudCase{
		name: "gcp",
		grants: []grant{
			{"producer", "cloudkms.cryptoKeyVersions.useToEncrypt", gcpKeys + "message"},
			{"producer", "cloudkms.cryptoKeyVersions.useToEncrypt", gcpKeys + "vault"},
			{"producer", "cloudkms.cryptoKeyVersions.useToDecrypt", gcpKeys + "index"},
			{"producer", "pubsub.topics.publish", gcpTopics + "payments"},
			{"consumer", "cloudkms.cryptoKeyVersions.useToDecrypt", gcpKeys + "message"},
			{"consumer", "pubsub.topics.publish", gcpTopics + "payments-dlq"},
		},
		keeper: func(t *testing.T, rec *pipelinetest.Recorder, key string) envelope.Keeper {
			c, err := kms.NewKeyManagementRESTClient(context.Background(), opts(rec)...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			return gcpkms.OpenKeeper(c, gcpKeys+key, nil)
		},
		topic: func(t *testing.T, rec *pipelinetest.Recorder, queue string) *pubsub.Topic {
			c, err := raw.NewPublisherRESTClient(context.Background(), opts(rec)...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			topic, err := gcppubsub.OpenTopicByPath(c, gcpTopics+queue, nil)
			if err != nil {
				t.Fatal(err)
			}
			return topic
		},
		action: func(c pipelinetest.Call) (string, string) {
			path := strings.TrimPrefix(c.Path, "/v1/")
			res, verb, _ := strings.Cut(path, ":")
			switch verb {
			case "encrypt":
				return "cloudkms.cryptoKeyVersions.useToEncrypt", res
			case "decrypt":
				return "cloudkms.cryptoKeyVersions.useToDecrypt", res
			case "publish":
				return "pubsub.topics.publish", res
			}
			return c.Method, c.Host + c.Path
		},
	}
}

// TestAuthorization_everyCallIsGranted runs each step of the producer and
// the consumer through the real gocloud drivers and SDK clients, records
// the API request each step makes (the recorder fails it, so a step sees
// exactly one call), and checks it against the crypto model's grants of
// the role: a producer never decrypts message or vault data, a consumer
// never encrypts.
func TestAuthorization_everyCallIsGranted(t *testing.T) {
	for _, cc := range []cloudCase{awsCase(), gcpCase()} {
		t.Run(cc.name, func(t *testing.T) {
			p := pipelinetest.New(t, nil)
			body, _ := p.Event(t, pipelinetest.PAN)
			steps := []struct {
				role, name string
				run        func(rec *pipelinetest.Recorder) error
			}{
				{"producer", "unwrap the index key at start-up", func(rec *pipelinetest.Recorder) error {
					_, err := cc.keeper(t, rec, "index").Decrypt(context.Background(), []byte("wrapped index key"))
					return err
				}},
				{"producer", "tokenize a new card", func(rec *pipelinetest.Recorder) error {
					v := newVault(t, cc.keeper(t, rec, "vault"))
					_, err := newProducer(t, v, p.KeyCalls, pipelinetest.Discard{}).Publish(context.Background(), pipelinetest.Request(pipelinetest.PAN))
					return err
				}},
				{"producer", "seal a message", func(rec *pipelinetest.Recorder) error {
					_, err := newProducer(t, p.Vault, cc.keeper(t, rec, "message"), pipelinetest.Discard{}).Publish(context.Background(), pipelinetest.Request(pipelinetest.PAN))
					return err
				}},
				{"producer", "send a message", func(rec *pipelinetest.Recorder) error {
					topic := cc.topic(t, rec, "payments")
					defer topic.Shutdown(context.Background())
					_, err := newProducer(t, p.Vault, p.KeyCalls, topic).Publish(context.Background(), pipelinetest.Request(pipelinetest.PAN))
					return err
				}},
				{"consumer", "open a message", func(rec *pipelinetest.Recorder) error {
					return newConsumer(t, cc.keeper(t, rec, "message"), nil).Handle(context.Background(), consumer.Delivery{Body: body, PlatformID: "m-1", Attempt: 1})
				}},
				{"consumer", "dead-letter a message", func(rec *pipelinetest.Recorder) error {
					dlq := cc.topic(t, rec, "payments-dlq")
					defer dlq.Shutdown(context.Background())
					return newConsumer(t, p.KeyCalls, consumer.TopicDeadLetter{Topic: dlq}).Handle(context.Background(), consumer.Delivery{Body: []byte("{"), PlatformID: "m-2", Attempt: 1})
				}},
			}
			for _, st := range steps {
				rec := &pipelinetest.Recorder{}
				if err := st.run(rec); err == nil {
					t.Errorf("%s: %s succeeded although every request fails", st.role, st.name)
				}
				calls := rec.Calls()
				if len(calls) != 1 {
					t.Errorf("%s: %s made %d API calls, want 1", st.role, st.name, len(calls))
					continue
				}
				action, resource := cc.action(calls[0])
				t.Logf("%s: %s: %s on %s", st.role, st.name, action, resource)
				if !slices.Contains(cc.grants, grant{st.role, action, resource}) {
					t.Errorf("%s: %s calls %s on %q, which the crypto model does not grant the %s", st.role, st.name, action, resource, st.role)
				}
				if leak := pipelinetest.LeakedCardData(string(calls[0].Body)); leak != "" {
					t.Errorf("%s: %s sends card data to the cloud: %s", st.role, st.name, leak)
				}
			}
		})
	}
}

func newVault(t *testing.T, k envelope.Keeper) *vault.Vault {
	t.Helper()
	coll, err := memdocstore.OpenCollection(vault.KeyField, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.New(vault.Config{Collection: coll, Keeper: k, IndexKey: bytes.Repeat([]byte{3}, 32), Name: "cards"})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func newProducer(t *testing.T, v *vault.Vault, k envelope.Keeper, s producer.Sender) *producer.Producer {
	t.Helper()
	p, err := producer.New(producer.Config{Queue: pipelinetest.Queue, Keeper: k, Tokenizer: v, Sender: s, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func newConsumer(t *testing.T, k envelope.Keeper, dl consumer.DeadLetterer) *consumer.Consumer {
	t.Helper()
	coll, err := memdocstore.OpenCollection(idempotency.KeyField, nil)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := idempotency.New(idempotency.Config{Collection: coll, Lease: time.Minute, Retain: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	c, err := consumer.New(consumer.Config{Queue: pipelinetest.Queue, Keeper: k, Claims: claims, Processor: &pipelinetest.Processor{}, DeadLetter: dl, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
