// Command azure-consumer is the consumer as an Azure Functions custom
// handler for the Service Bus trigger of function "consume" (identity-based
// connection, one message per invocation).
package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"

	"github.com/pciqueue/pciqueue/lambdas/azurefunc"
	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/logscrub"
	"github.com/pciqueue/pciqueue/lambdas/wiring"
	_ "gocloud.dev/docstore/mongodocstore"
	_ "gocloud.dev/pubsub/azuresb"
	_ "gocloud.dev/secrets/azurekeyvault"
)

func main() {
	logger := slog.New(logscrub.NewHandler(slog.NewJSONHandler(os.Stderr, nil)))
	c, _, err := wiring.ConsumerFromEnv(context.Background(), consumer.Reference(logger), logger)
	if err != nil {
		wiring.Fatal(logger, "consumer not started", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/consume", azurefunc.New(c, "message"))
	wiring.Fatal(logger, "consumer stopped", http.ListenAndServe(azurefunc.ListenAddr(), mux))
}
