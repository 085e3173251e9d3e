package gcpfunc_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	pb "cloud.google.com/go/pubsub/apiv1/pubsubpb"
	"cloud.google.com/go/pubsub/pstest"
	"github.com/pciqueue/pciqueue/lambdas/gcpfunc"
	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/producer"
	"gocloud.dev/pubsub/gcppubsub"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// TestRoute_setsTheOrderingKeyOnThePubSubMessage publishes through the real
// gcppubsub driver to pstest on loopback and reads what the server stored.
func TestRoute_setsTheOrderingKeyOnThePubSubMessage(t *testing.T) {
	ctx := context.Background()
	srv := pstest.NewServer()
	defer srv.Close()
	conn, err := grpc.NewClient(srv.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	pub, err := gcppubsub.PublisherClient(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	const path = "projects/pci-payments/topics/payments"
	if _, err := pub.CreateTopic(ctx, &pb.Topic{Name: path}); err != nil {
		t.Fatal(err)
	}
	topic, err := gcppubsub.OpenTopicByPath(pub, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer topic.Shutdown(ctx)
	p := pipelinetest.NewRouted(t, topic, gcpfunc.Route)
	rc, err := p.Producer.Publish(ctx, pipelinetest.Request(pipelinetest.PAN))
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("pstest holds %d messages, want 1", len(msgs))
	}
	var sent struct{ Token string }
	if err := json.Unmarshal(msgs[0].Data, &sent); err != nil {
		t.Fatal(err)
	}
	if msgs[0].OrderingKey != string(rc.Token) || sent.Token != string(rc.Token) {
		t.Errorf("ordering key %q, want the card token %q", msgs[0].OrderingKey, rc.Token)
	}
	if err := gcpfunc.Route(func(any) bool { return false }, producer.Routing{}); !errors.Is(err, producer.ErrNoDriverMessage) {
		t.Errorf("Route without a Pub/Sub message = %v, want ErrNoDriverMessage", err)
	}
}
