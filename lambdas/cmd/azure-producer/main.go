// Command azure-producer is the producer as an Azure Functions custom
// handler: host.json forwards the HTTP trigger's request (function "pay")
// as is; App Service Authentication rejects unauthenticated callers first.
package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"

	"github.com/pciqueue/pciqueue/lambdas/azurefunc"
	"github.com/pciqueue/pciqueue/lambdas/logscrub"
	"github.com/pciqueue/pciqueue/lambdas/wiring"
	_ "gocloud.dev/docstore/mongodocstore"
	_ "gocloud.dev/pubsub/azuresb"
	_ "gocloud.dev/secrets/azurekeyvault"
)

func main() {
	logger := slog.New(logscrub.NewHandler(slog.NewJSONHandler(os.Stderr, nil)))
	p, _, err := wiring.ProducerFromEnv(context.Background(), logger, azurefunc.Route)
	if err != nil {
		wiring.Fatal(logger, "producer not started", err)
	}
	wiring.Fatal(logger, "producer stopped", http.ListenAndServe(azurefunc.ListenAddr(), p.Handler()))
}
