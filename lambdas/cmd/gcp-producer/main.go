// Command gcp-producer is the producer as a Cloud Run function (gen2) with
// an HTTP trigger that requires authentication (no allUsers invoker).
package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"

	"github.com/pciqueue/pciqueue/lambdas/gcpfunc"
	"github.com/pciqueue/pciqueue/lambdas/logscrub"
	"github.com/pciqueue/pciqueue/lambdas/wiring"
	_ "gocloud.dev/docstore/gcpfirestore"
	_ "gocloud.dev/pubsub/gcppubsub"
	_ "gocloud.dev/secrets/gcpkms"
)

func main() {
	logger := slog.New(logscrub.NewHandler(slog.NewJSONHandler(os.Stderr, nil)))
	p, _, err := wiring.ProducerFromEnv(context.Background(), logger, gcpfunc.Route)
	if err != nil {
		wiring.Fatal(logger, "producer not started", err)
	}
	wiring.Fatal(logger, "producer stopped", http.ListenAndServe(gcpfunc.ListenAddr(), p.Handler()))
}
