package wiring

import (
	"errors"
	"fmt"
	"time"
)

// Environment variables read by FromEnv.
const (
	EnvQueue         = "PCIQUEUE_QUEUE"
	EnvKeeperURL     = "PCIQUEUE_KEEPER_URL"
	EnvTopicURL      = "PCIQUEUE_TOPIC_URL"
	EnvVaultURL      = "PCIQUEUE_VAULT_URL"
	EnvVaultName     = "PCIQUEUE_VAULT_NAME"
	EnvVaultIndexKey = "PCIQUEUE_VAULT_INDEX_KEY"
	EnvClaimsURL     = "PCIQUEUE_CLAIMS_URL"
	EnvClaimLease    = "PCIQUEUE_CLAIM_LEASE"
	EnvClaimRetain   = "PCIQUEUE_CLAIM_RETAIN"
)

// Defaults for the claim timings: the longest Lambda timeout, and the
// longest SQS retention.
const (
	DefaultClaimLease  = 15 * time.Minute
	DefaultClaimRetain = 14 * 24 * time.Hour
)

// Config holds the URLs and settings of a producer or a consumer.
type Config struct {
	// Queue is the logical queue name events are sealed for.
	Queue string
	// KeeperURL opens the key that wraps data keys.
	KeeperURL string
	// TopicURL opens the topic a producer sends to.
	TopicURL string
	// VaultURL opens the vault's collection; VaultName names the vault.
	VaultURL  string
	VaultName string
	// VaultIndexKey is the vault's HMAC index key wrapped by the keeper, in
	// standard base64 (see NewWrappedIndexKey).
	VaultIndexKey string
	// ClaimsURL opens the idempotency collection of a consumer.
	ClaimsURL   string
	ClaimLease  time.Duration
	ClaimRetain time.Duration
}

// FromEnv reads a Config from getenv (os.Getenv in a main).
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Queue:         getenv(EnvQueue),
		KeeperURL:     getenv(EnvKeeperURL),
		TopicURL:      getenv(EnvTopicURL),
		VaultURL:      getenv(EnvVaultURL),
		VaultName:     getenv(EnvVaultName),
		VaultIndexKey: getenv(EnvVaultIndexKey),
		ClaimsURL:     getenv(EnvClaimsURL),
		ClaimLease:    DefaultClaimLease,
		ClaimRetain:   DefaultClaimRetain,
	}
	var errs []error
	for _, d := range []struct {
		env string
		dst *time.Duration
	}{{EnvClaimLease, &c.ClaimLease}, {EnvClaimRetain, &c.ClaimRetain}} {
		name, v := d.env, getenv(d.env)
		if v == "" {
			continue
		}
		parsed, err := time.ParseDuration(v)
		if err != nil || parsed <= 0 {
			errs = append(errs, fmt.Errorf("%s=%q is not a positive duration such as \"15m\"", name, v))
			continue
		}
		*d.dst = parsed
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("reading pciqueue configuration: %w", err)
	}
	return c, nil
}

// setting is a required value and the variable it comes from.
type setting struct{ env, value string }

// require returns one error per empty setting, naming its variable.
func require(settings ...setting) error {
	var errs []error
	for _, s := range settings {
		if s.value == "" {
			errs = append(errs, fmt.Errorf("%s is not set", s.env))
		}
	}
	return errors.Join(errs...)
}
