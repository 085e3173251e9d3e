package wiring

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"

	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/idempotency"
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

// OpenProducer opens the keeper, vault and topic of cfg and returns a
// producer and the function that closes them.
func OpenProducer(ctx context.Context, cfg Config, logger *slog.Logger) (*producer.Producer, func() error, error) {
	if err := require(setting{EnvQueue, cfg.Queue}, setting{EnvKeeperURL, cfg.KeeperURL}, setting{EnvTopicURL, cfg.TopicURL},
		setting{EnvVaultURL, cfg.VaultURL}, setting{EnvVaultName, cfg.VaultName}, setting{EnvVaultIndexKey, cfg.VaultIndexKey}); err != nil {
		return nil, nil, fmt.Errorf("opening producer: %w", err)
	}
	var cl closers
	p, err := func() (*producer.Producer, error) {
		keeper, err := secrets.OpenKeeper(ctx, cfg.KeeperURL)
		if err != nil {
			return nil, fmt.Errorf("opening keeper %s: %w", EnvKeeperURL, err)
		}
		cl = append(cl, keeper.Close)
		indexKey, err := unwrapIndexKey(ctx, keeper, cfg.VaultIndexKey)
		if err != nil {
			return nil, err
		}
		coll, err := docstore.OpenCollection(ctx, cfg.VaultURL)
		if err != nil {
			return nil, fmt.Errorf("opening vault collection %s: %w", EnvVaultURL, err)
		}
		cl = append(cl, coll.Close)
		v, err := vault.New(vault.Config{Collection: coll, Keeper: keeper, IndexKey: indexKey, Name: cfg.VaultName})
		if err != nil {
			return nil, err
		}
		topic, err := pubsub.OpenTopic(ctx, cfg.TopicURL)
		if err != nil {
			return nil, fmt.Errorf("opening topic %s: %w", EnvTopicURL, err)
		}
		cl = append(cl, func() error { return topic.Shutdown(context.WithoutCancel(ctx)) })
		return producer.New(producer.Config{Queue: cfg.Queue, Keeper: keeper, Tokenizer: v, Sender: topic, Logger: logger})
	}()
	if err != nil {
		return nil, nil, errors.Join(fmt.Errorf("opening producer for queue %q: %w", cfg.Queue, err), cl.close())
	}
	return p, cl.close, nil
}

// OpenConsumer opens the keeper and claim store of cfg and returns a
// consumer running proc, and the function that closes them.
func OpenConsumer(ctx context.Context, cfg Config, proc consumer.Processor, logger *slog.Logger) (*consumer.Consumer, func() error, error) {
	if err := require(setting{EnvQueue, cfg.Queue}, setting{EnvKeeperURL, cfg.KeeperURL}, setting{EnvClaimsURL, cfg.ClaimsURL}); err != nil {
		return nil, nil, fmt.Errorf("opening consumer: %w", err)
	}
	var cl closers
	c, err := func() (*consumer.Consumer, error) {
		keeper, err := secrets.OpenKeeper(ctx, cfg.KeeperURL)
		if err != nil {
			return nil, fmt.Errorf("opening keeper %s: %w", EnvKeeperURL, err)
		}
		cl = append(cl, keeper.Close)
		coll, err := docstore.OpenCollection(ctx, cfg.ClaimsURL)
		if err != nil {
			return nil, fmt.Errorf("opening claims collection %s: %w", EnvClaimsURL, err)
		}
		cl = append(cl, coll.Close)
		claims, err := idempotency.New(idempotency.Config{Collection: coll, Lease: cfg.ClaimLease, Retain: cfg.ClaimRetain})
		if err != nil {
			return nil, err
		}
		return consumer.New(consumer.Config{Queue: cfg.Queue, Keeper: keeper, Claims: claims, Processor: proc, Logger: logger})
	}()
	if err != nil {
		return nil, nil, errors.Join(fmt.Errorf("opening consumer for queue %q: %w", cfg.Queue, err), cl.close())
	}
	return c, cl.close, nil
}

// NewWrappedIndexKey draws a vault index key and returns it wrapped by
// keeper, in the base64 form Config.VaultIndexKey takes. Run it once per
// vault, from an identity allowed to encrypt with the key.
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
		return nil, fmt.Errorf("unwrapping %s with %s: %w", EnvVaultIndexKey, EnvKeeperURL, err)
	}
	return key, nil
}
