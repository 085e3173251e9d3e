package wiring

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/message"
	"github.com/pciqueue/pciqueue/lambdas/producer"
	_ "gocloud.dev/docstore/memdocstore"
	"gocloud.dev/pubsub"
	_ "gocloud.dev/pubsub/mempubsub"
	"gocloud.dev/secrets"
	"gocloud.dev/secrets/localsecrets"
)

const testPAN = "4111111111111111"

// testEnv returns the environment of a deployment on the in-memory
// drivers.
func testEnv(t *testing.T) map[string]string {
	t.Helper()
	newKeyURL := func() string {
		key, err := localsecrets.NewRandomKey()
		if err != nil {
			t.Fatal(err)
		}
		return "base64key://" + base64.URLEncoding.EncodeToString(key[:])
	}
	// Three keys, as the crypto model grants them: message, vault, index.
	keeperURL, vaultKeeperURL, indexKeeperURL := newKeyURL(), newKeyURL(), newKeyURL()
	indexKeeper, err := secrets.OpenKeeper(context.Background(), indexKeeperURL)
	if err != nil {
		t.Fatal(err)
	}
	defer indexKeeper.Close()
	wrapped, err := NewWrappedIndexKey(context.Background(), indexKeeper)
	if err != nil {
		t.Fatal(err)
	}
	// The mem:// openers keep topics and collections by name for the life of
	// the process, so each test run needs names of its own.
	name := strings.ToLower(rand.Text())
	return map[string]string{
		EnvQueue:             "payments",
		EnvKeeperURL:         keeperURL,
		EnvTopicURL:          "mem://" + name,
		EnvVaultURL:          "mem://vault-" + name + "/key",
		EnvVaultName:         "cards",
		EnvVaultKeeperURL:    vaultKeeperURL,
		EnvIndexKeeperURL:    indexKeeperURL,
		EnvVaultIndexKey:     wrapped,
		EnvClaimsURL:         "mem://claims-" + name + "/key",
		EnvClaimLease:        "2m",
		EnvVisibilityTimeout: "5m",
	}
}

func fromEnv(t *testing.T, env map[string]string) Config {
	t.Helper()
	cfg, err := FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestOpen_producerAndConsumerFromURLs(t *testing.T) {
	ctx := context.Background()
	env := testEnv(t)
	cfg := fromEnv(t, env)
	if cfg.ClaimLease != 2*time.Minute || cfg.ClaimRetain != DefaultClaimRetain || cfg.Cache.MaxMessages != 10_000 || cfg.Cache.MaxAge != 5*time.Minute {
		t.Errorf("lease %v retain %v cache %+v, want 2m and the defaults", cfg.ClaimLease, cfg.ClaimRetain, cfg.Cache)
	}
	logs := &strings.Builder{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))

	prod, closeProducer, err := OpenProducer(ctx, cfg, logger, nil)
	if err != nil {
		t.Fatalf("OpenProducer: %v", safe(err))
	}
	var got []message.Payment
	cons, closeConsumer, err := OpenConsumer(ctx, cfg, consumer.ProcessorFunc(func(_ context.Context, p message.Payment) error {
		got = append(got, p)
		return nil
	}), logger)
	if err != nil {
		t.Fatalf("OpenConsumer: %v", safe(err))
	}
	sub, err := pubsub.OpenSubscription(ctx, env[EnvTopicURL])
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Shutdown(ctx)

	rc, err := prod.Publish(ctx, producer.Request{PAN: testPAN, Expiry: "12/30", AmountMinor: 500, Currency: "EUR"})
	if err != nil {
		t.Fatalf("Publish: %v", safe(err))
	}
	m, err := sub.Receive(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := cons.Handle(ctx, consumer.Delivery{Body: m.Body, PlatformID: m.LoggableID}); err != nil {
		t.Fatalf("Handle: %v", safe(err))
	}
	m.Ack()
	if len(got) != 1 || got[0].ID != rc.MessageID || got[0].Card.PAN.Reveal() != testPAN {
		t.Errorf("consumer processed %d payments, want message %s", len(got), rc.MessageID)
	}
	if err := closeProducer(); err != nil {
		t.Errorf("closing producer: %v", safe(err))
	}
	if err := closeConsumer(); err != nil {
		t.Errorf("closing consumer: %v", safe(err))
	}
	if strings.Contains(logs.String(), testPAN) {
		t.Error("PAN in logs")
	}
}

func TestOpen_reportsMissingSettings(t *testing.T) {
	ctx := context.Background()
	_, _, err := OpenProducer(ctx, Config{Queue: "payments"}, nil, nil)
	if err == nil {
		t.Fatal("OpenProducer accepted an incomplete config")
	}
	want := "PCIQUEUE_KEEPER_URL is not set\nPCIQUEUE_TOPIC_URL is not set\nPCIQUEUE_VAULT_URL is not set\nPCIQUEUE_VAULT_NAME is not set\nPCIQUEUE_VAULT_KEEPER_URL is not set\nPCIQUEUE_INDEX_KEEPER_URL is not set\nPCIQUEUE_VAULT_INDEX_KEY is not set"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("OpenProducer error:\n%v\nwant it to list, in order:\n%s", safe(err), want)
	}
	_, _, err = OpenConsumer(ctx, Config{}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "PCIQUEUE_QUEUE is not set\nPCIQUEUE_KEEPER_URL is not set\nPCIQUEUE_CLAIMS_URL is not set") {
		t.Errorf("OpenConsumer error: %v", safe(err))
	}
}

func TestOpen_failuresNameTheSetting(t *testing.T) {
	tests := []struct {
		name string
		edit func(env map[string]string)
		open func(Config) error
		want string
	}{
		{"index key not base64", func(e map[string]string) { e[EnvVaultIndexKey] = "%%%" }, openProducer, "PCIQUEUE_VAULT_INDEX_KEY is not standard base64"},
		{"index key wrapped by another key", func(e map[string]string) { e[EnvVaultIndexKey] = testEnv(t)[EnvVaultIndexKey] }, openProducer, "unwrapping PCIQUEUE_VAULT_INDEX_KEY with PCIQUEUE_INDEX_KEEPER_URL"},
		{"index key wrapped by the message key", func(e map[string]string) { e[EnvIndexKeeperURL] = e[EnvKeeperURL] }, openProducer, "unwrapping PCIQUEUE_VAULT_INDEX_KEY with PCIQUEUE_INDEX_KEEPER_URL"},
		{"lease longer than the visibility timeout", func(e map[string]string) { e[EnvClaimLease] = "6m" }, openConsumer, "PCIQUEUE_CLAIM_LEASE=6m0s is longer than PCIQUEUE_VISIBILITY_TIMEOUT=5m0s"},
		{"no visibility timeout", func(e map[string]string) { delete(e, EnvVisibilityTimeout) }, openConsumer, "PCIQUEUE_VISIBILITY_TIMEOUT is not set"},
		{"ordered without a router", func(e map[string]string) { e[EnvOrdered] = "true" }, openProducer, "PCIQUEUE_ORDERED is true but no router was given"},
		{"key version that walks the path", func(e map[string]string) { e[EnvKeyVersion] = "../other" }, openProducer, "PCIQUEUE_KEY_VERSION has characters other than"},
		{"unknown keeper scheme", func(e map[string]string) { e[EnvKeeperURL] = "vault://x" }, openProducer, "opening keeper PCIQUEUE_KEEPER_URL"},
		{"unknown topic scheme", func(e map[string]string) { e[EnvTopicURL] = "kafka://x" }, openProducer, "opening topic PCIQUEUE_TOPIC_URL"},
		{"unknown claims scheme", func(e map[string]string) { e[EnvClaimsURL] = "redis://x" }, openConsumer, "opening claims collection PCIQUEUE_CLAIMS_URL"},
		{"lease longer than retention", func(e map[string]string) { e[EnvClaimRetain] = "1m" }, openConsumer, "Retain (1m0s) is shorter than Lease (2m0s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testEnv(t)
			tt.edit(env)
			err := tt.open(fromEnv(t, env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to say %q", safe(err), tt.want)
			}
		})
	}
}

func openProducer(cfg Config) error {
	_, closeFn, err := OpenProducer(context.Background(), cfg, nil, nil)
	if err == nil {
		closeFn()
	}
	return err
}

func openConsumer(cfg Config) error {
	_, closeFn, err := OpenConsumer(context.Background(), cfg, consumer.ProcessorFunc(func(context.Context, message.Payment) error { return nil }), nil)
	if err == nil {
		closeFn()
	}
	return err
}

func TestFromEnv_rejectsBadDurations(t *testing.T) {
	env := map[string]string{EnvClaimLease: "soon", EnvClaimRetain: "-1h", EnvCacheMaxMessages: "0", EnvCacheMaxAge: "0s", EnvMaxDeliveries: "x", EnvOrdered: "yes"}
	_, err := FromEnv(func(k string) string { return env[k] })
	for _, want := range []string{`PCIQUEUE_CLAIM_LEASE="soon" is not a positive duration`, `PCIQUEUE_CLAIM_RETAIN="-1h" is not a positive duration`,
		`PCIQUEUE_DATA_KEY_MAX_MESSAGES="0" is not a whole number`, `PCIQUEUE_DATA_KEY_MAX_AGE="0s" is not a positive duration`,
		`PCIQUEUE_MAX_DELIVERIES="x" is not a whole number`, `PCIQUEUE_ORDERED="yes" is not "true" or "false"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("FromEnv error %v, want it to say %s", safe(err), want)
		}
	}
}
