package integration

import (
	"context"
	"strings"
	"testing"
	"time"

	raw "cloud.google.com/go/pubsub/apiv1"
	pb "cloud.google.com/go/pubsub/apiv1/pubsubpb"
	"cloud.google.com/go/pubsub/pstest"
	"gocloud.dev/pubsub"
	"gocloud.dev/pubsub/gcppubsub"
	"gocloud.dev/pubsub/mempubsub"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// maxDeliveryAttempts is the dead-letter threshold the transports use; 5 is
// the smallest value Pub/Sub accepts.
const maxDeliveryAttempts = 5

// transport is one way of moving messages, in the style of go-cloud's
// drivertest harnesses: capabilities it lacks return nil, with the reason in
// gap.
type transport struct {
	name string
	// open returns the topic producers send to and the consumer's
	// subscription.
	open func(t *testing.T) (*pubsub.Topic, *pubsub.Subscription)
	// deadLetters returns a subscription to the dead-letter queue of the
	// consumer's subscription, or nil when the transport has none.
	deadLetters func(t *testing.T) *pubsub.Subscription
	gap         string
}

func transports() []transport {
	return []transport{memTransport(), pstestTransport()}
}

// memTransport is gocloud's in-memory driver: the portable path.
func memTransport() transport {
	var topic *pubsub.Topic
	return transport{
		name: "mempubsub",
		open: func(t *testing.T) (*pubsub.Topic, *pubsub.Subscription) {
			topic = mempubsub.NewTopic()
			t.Cleanup(func() { topic.Shutdown(context.Background()) })
			sub := mempubsub.NewSubscription(topic, time.Minute)
			t.Cleanup(func() { sub.Shutdown(context.Background()) })
			return topic, sub
		},
		deadLetters: func(*testing.T) *pubsub.Subscription { return nil },
		gap:         "mempubsub has no dead-letter queue; the suite checks the rejected message is redelivered instead",
	}
}

const (
	project      = "projects/pci-payments"
	topicPath    = project + "/topics/payments"
	dlqTopicPath = project + "/topics/payments-dlq"
	subPath      = project + "/subscriptions/payments-consumer"
	dlqSubPath   = project + "/subscriptions/payments-dlq-audit"
)

// pstestTransport is the real Pub/Sub client and gocloud's gcppubsub driver
// against pstest: a topic, a subscription with a dead-letter policy, and a
// subscription on the dead-letter topic, created through the admin API.
func pstestTransport() transport {
	var pubClient *raw.PublisherClient
	var subClient *raw.SubscriberClient
	return transport{
		name: "gcppubsub+pstest",
		open: func(t *testing.T) (*pubsub.Topic, *pubsub.Subscription) {
			ctx := context.Background()
			srv := pstest.NewServer()
			t.Cleanup(func() { srv.Close() })
			if !strings.HasPrefix(srv.Addr, "127.0.0.1:") && !strings.HasPrefix(srv.Addr, "[::1]:") && !strings.HasPrefix(srv.Addr, "localhost:") {
				t.Fatalf("pstest listens on %s, not loopback", srv.Addr)
			}
			conn, err := grpc.NewClient(srv.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { conn.Close() })
			if pubClient, err = gcppubsub.PublisherClient(ctx, conn); err != nil {
				t.Fatal(err)
			}
			if subClient, err = gcppubsub.SubscriberClient(ctx, conn); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{topicPath, dlqTopicPath} {
				if _, err := pubClient.CreateTopic(ctx, &pb.Topic{Name: name}); err != nil {
					t.Fatalf("creating topic %s: %v", name, safe(err))
				}
			}
			subs := []*pb.Subscription{
				{Name: subPath, Topic: topicPath, AckDeadlineSeconds: 60, DeadLetterPolicy: &pb.DeadLetterPolicy{
					DeadLetterTopic: dlqTopicPath, MaxDeliveryAttempts: maxDeliveryAttempts,
				}},
				{Name: dlqSubPath, Topic: dlqTopicPath, AckDeadlineSeconds: 60},
			}
			for _, s := range subs {
				if _, err := subClient.CreateSubscription(ctx, s); err != nil {
					t.Fatalf("creating subscription %s: %v", s.Name, safe(err))
				}
			}
			topic, err := gcppubsub.OpenTopicByPath(pubClient, topicPath, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { topic.Shutdown(ctx) })
			sub, err := gcppubsub.OpenSubscriptionByPath(subClient, subPath, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { sub.Shutdown(ctx) })
			return topic, sub
		},
		deadLetters: func(t *testing.T) *pubsub.Subscription {
			sub, err := gcppubsub.OpenSubscriptionByPath(subClient, dlqSubPath, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { sub.Shutdown(context.Background()) })
			return sub
		},
	}
}
