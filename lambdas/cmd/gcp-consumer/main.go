// Command gcp-consumer is the consumer as a Cloud Run function (gen2)
// receiving Pub/Sub messagePublished CloudEvents over an OIDC-authenticated
// push subscription.
package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"

	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/gcpfunc"
	"github.com/pciqueue/pciqueue/lambdas/logscrub"
	"github.com/pciqueue/pciqueue/lambdas/wiring"
	_ "gocloud.dev/docstore/gcpfirestore"
	_ "gocloud.dev/pubsub/gcppubsub"
	_ "gocloud.dev/secrets/gcpkms"
)

func main() {
	logger := slog.New(logscrub.NewHandler(slog.NewJSONHandler(os.Stderr, nil)))
	c, _, err := wiring.ConsumerFromEnv(context.Background(), consumer.Reference(logger), logger)
	if err != nil {
		wiring.Fatal(logger, "consumer not started", err)
	}
	wiring.Fatal(logger, "consumer stopped", http.ListenAndServe(gcpfunc.ListenAddr(), gcpfunc.New(c)))
}
