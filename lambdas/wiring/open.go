package wiring

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/idempotency"
	"github.com/pciqueue/pciqueue/lambdas/logscrub"
	"github.com/pciqueue/pciqueue/lambdas/producer"
	"github.com/pciqueue/pciqueue/lambdas/vault"
	"gocloud.dev/docstore"
	"gocloud.dev/pubsub"
	"gocloud.dev/secrets"
)

// closers closes what was opened, newest first.
type closers []func() error

func (c closers) close() error {
	var errs []error
	for i := len(c) - 1; i >= 0; i-- {
		errs = append(errs, c[i]())
	}
	return errors.Join(errs...)
}

func (c *closers) keeper(ctx context.Context, env, url string) (*secrets.Keeper, error) {
	k, err := secrets.OpenKeeper(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("opening keeper %s: %w", env, err)
	}
	*c = append(*c, k.Close)
	return k, nil
}

// OpenProducer opens the keepers, vault and topic of cfg and returns a
// producer and the function that closes them. route is the Router of the
// topic's cloud, used when cfg.Ordered. The producer encrypts with the
// message and vault keys and decrypts only the index key, once.
func OpenProducer(ctx context.Context, cfg Config, logger *slog.Logger, route producer.Router) (*producer.Producer, func() error, error) {
	if err := require(setting{EnvQueue, cfg.Queue}, setting{EnvKeeperURL, cfg.KeeperURL}, setting{EnvTopicURL, cfg.TopicURL},
		setting{EnvVaultURL, cfg.VaultURL}, setting{EnvVaultName, cfg.VaultName}, setting{EnvVaultKeeperURL, cfg.VaultKeeperURL},
		setting{EnvIndexKeeperURL, cfg.IndexKeeperURL}, setting{EnvVaultIndexKey, cfg.VaultIndexKey}); err != nil {
		return nil, nil, fmt.Errorf("opening producer: %w", err)
	}
	if cfg.Ordered && route == nil {
		return nil, nil, fmt.Errorf("opening producer: %s is true but no router was given; pass the topic's cloud router", EnvOrdered)
	}
	var cl closers
	p, err := func() (*producer.Producer, error) {
		keeperURL, err := versionedURL(cfg.KeeperURL, cfg.KeyVersion)
		if err != nil {
			return nil, err
		}
		keeper, err := cl.keeper(ctx, EnvKeeperURL, keeperURL)
		if err != nil {
			return nil, err
		}
		indexKeeper, err := cl.keeper(ctx, EnvIndexKeeperURL, cfg.IndexKeeperURL)
		if err != nil {
			return nil, err
		}
		indexKey, err := unwrapIndexKey(ctx, indexKeeper, cfg.VaultIndexKey)
		if err != nil {
			return nil, err
		}
		vaultKeeper, err := cl.keeper(ctx, EnvVaultKeeperURL, cfg.VaultKeeperURL)
		if err != nil {
			return nil, err
		}
		coll, err := docstore.OpenCollection(ctx, cfg.VaultURL)
		if err != nil {
			return nil, fmt.Errorf("opening vault collection %s: %w", EnvVaultURL, err)
		}
		cl = append(cl, coll.Close)
		v, err := vault.New(vault.Config{Collection: coll, Keeper: vaultKeeper, Cache: &cfg.Cache, IndexKey: indexKey, Name: cfg.VaultName})
		clear(indexKey)
		if err != nil {
			return nil, err
		}
		cl = append(cl, func() error { v.Close(); return nil })
		topic, err := pubsub.OpenTopic(ctx, cfg.TopicURL)
		if err != nil {
			return nil, fmt.Errorf("opening topic %s: %w", EnvTopicURL, err)
		}
		cl = append(cl, func() error { return topic.Shutdown(context.WithoutCancel(ctx)) })
		pc := producer.Config{Queue: cfg.Queue, Keeper: keeper, KeyRef: cfg.KeyVersion, Cache: &cfg.Cache, Tokenizer: v, Sender: topic, Logger: logger}
		if cfg.Ordered {
			pc.Route = route
		}
		p, err := producer.New(pc)
		if err == nil {
			cl = append(cl, func() error { p.Close(); return nil })
		}
		return p, err
	}()
	if err != nil {
		return nil, nil, errors.Join(fmt.Errorf("opening producer for queue %q: %w", cfg.Queue, err), cl.close())
	}
	return p, cl.close, nil
}

// OpenConsumer opens the keeper, claim store and dead-letter topic of cfg
// and returns a consumer running proc, and the function that closes them.
// The consumer only decrypts with the message key.
func OpenConsumer(ctx context.Context, cfg Config, proc consumer.Processor, logger *slog.Logger) (*consumer.Consumer, func() error, error) {
	if err := require(setting{EnvQueue, cfg.Queue}, setting{EnvKeeperURL, cfg.KeeperURL}, setting{EnvClaimsURL, cfg.ClaimsURL}); err != nil {
		return nil, nil, fmt.Errorf("opening consumer: %w", err)
	}
	lease, err := cfg.claimLease()
	if err != nil {
		return nil, nil, fmt.Errorf("opening consumer: %w", err)
	}
	var cl closers
	c, err := func() (*consumer.Consumer, error) {
		keeper, err := cl.keeper(ctx, EnvKeeperURL, cfg.KeeperURL)
		if err != nil {
			return nil, err
		}
		versions := &keyVersions{ctx: ctx, base: cfg.KeeperURL, open: map[string]*secrets.Keeper{}}
		cl = append(cl, versions.close)
		coll, err := docstore.OpenCollection(ctx, cfg.ClaimsURL)
		if err != nil {
			return nil, fmt.Errorf("opening claims collection %s: %w", EnvClaimsURL, err)
		}
		cl = append(cl, coll.Close)
		claims, err := idempotency.New(idempotency.Config{Collection: coll, Lease: lease, Retain: cfg.ClaimRetain})
		if err != nil {
			return nil, err
		}
		cc := consumer.Config{Queue: cfg.Queue, Keeper: keeper, KeeperFor: versions.keeper, Cache: &cfg.Cache, Claims: claims,
			Processor: proc, MaxDeliveries: cfg.MaxDeliveries, Logger: logger}
		if cfg.DeadLetterURL != "" {
			dlq, err := pubsub.OpenTopic(ctx, cfg.DeadLetterURL)
			if err != nil {
				return nil, fmt.Errorf("opening dead-letter topic %s: %w", EnvDeadLetterURL, err)
			}
			cl = append(cl, func() error { return dlq.Shutdown(context.WithoutCancel(ctx)) })
			cc.DeadLetter = consumer.TopicDeadLetter{Topic: dlq}
		}
		c, err := consumer.New(cc)
		if err == nil {
			cl = append(cl, func() error { c.Close(); return nil })
		}
		return c, err
	}()
	if err != nil {
		return nil, nil, errors.Join(fmt.Errorf("opening consumer for queue %q: %w", cfg.Queue, err), cl.close())
	}
	return c, cl.close, nil
}

// ProducerFromEnv reads the configuration from the environment and opens
// a producer, for a main.
func ProducerFromEnv(ctx context.Context, logger *slog.Logger, route producer.Router) (*producer.Producer, func() error, error) {
	cfg, err := FromEnv(os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	return OpenProducer(ctx, cfg, logger, route)
}

// ConsumerFromEnv reads the configuration from the environment and opens
// a consumer running proc, for a main.
func ConsumerFromEnv(ctx context.Context, proc consumer.Processor, logger *slog.Logger) (*consumer.Consumer, func() error, error) {
	cfg, err := FromEnv(os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	return OpenConsumer(ctx, cfg, proc, logger)
}

// Fatal logs err through a scrubbing handler and exits: a main's answer to
// a configuration it cannot start with.
func Fatal(logger *slog.Logger, msg string, err error) {
	slog.New(logscrub.NewHandler(logger.Handler())).Error(msg, "error", err)
	os.Exit(1)
}

// NewWrappedIndexKey draws a vault index key and returns it wrapped by
// keeper (the index keeper), in the base64 form Config.VaultIndexKey
// takes. Run it once per vault, from an identity allowed to encrypt with
// the index key.
func NewWrappedIndexKey(ctx context.Context, keeper *secrets.Keeper) (string, error) {
	key := make([]byte, vault.MinIndexKeyLen)
	defer clear(key)
	rand.Read(key)
	wrapped, err := keeper.Encrypt(ctx, key)
	if err != nil {
		return "", fmt.Errorf("wrapping new vault index key: %w", err)
	}
	return base64.StdEncoding.EncodeToString(wrapped), nil
}

func unwrapIndexKey(ctx context.Context, keeper *secrets.Keeper, wrapped string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(wrapped)
	if err != nil {
		return nil, fmt.Errorf("%s is not standard base64; create it with NewWrappedIndexKey", EnvVaultIndexKey)
	}
	key, err := keeper.Decrypt(ctx, b)
	if err != nil {
		return nil, fmt.Errorf("unwrapping %s with %s: %w", EnvVaultIndexKey, EnvIndexKeeperURL, err)
	}
	return key, nil
}
