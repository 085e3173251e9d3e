package wiring

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/pciqueue/pciqueue/lambdas/envelope"
)

// Environment variables read by FromEnv.
const (
	EnvQueue = "PCIQUEUE_QUEUE"
	// EnvKeeperURL opens the message key: the producer encrypts with it,
	// the consumer decrypts.
	EnvKeeperURL = "PCIQUEUE_KEEPER_URL"
	// EnvKeyVersion is the message key's current version where the key
	// service's ciphertext does not name it (Azure Key Vault): the producer
	// encrypts with that version and records it; the consumer opens each
	// envelope with the version it records. Empty elsewhere.
	EnvKeyVersion = "PCIQUEUE_KEY_VERSION"
	EnvTopicURL   = "PCIQUEUE_TOPIC_URL"
	EnvOrdered    = "PCIQUEUE_ORDERED"
	EnvVaultURL   = "PCIQUEUE_VAULT_URL"
	EnvVaultName  = "PCIQUEUE_VAULT_NAME"
	// EnvVaultKeeperURL opens the vault key that wraps stored PANs: the
	// producer encrypts with it, only detokenizing services decrypt.
	EnvVaultKeeperURL = "PCIQUEUE_VAULT_KEEPER_URL"
	// EnvIndexKeeperURL opens the key that wraps the vault's index key and
	// nothing else: the producer decrypts with it once at start-up.
	EnvIndexKeeperURL = "PCIQUEUE_INDEX_KEEPER_URL"
	EnvVaultIndexKey  = "PCIQUEUE_VAULT_INDEX_KEY"
	EnvClaimsURL      = "PCIQUEUE_CLAIMS_URL"
	EnvClaimLease     = "PCIQUEUE_CLAIM_LEASE"
	EnvClaimRetain    = "PCIQUEUE_CLAIM_RETAIN"
	// EnvVisibilityTimeout is how long the queue hides a delivered message
	// (SQS visibility timeout, Service Bus lock duration, Pub/Sub ack
	// deadline); the claim lease follows from it.
	EnvVisibilityTimeout = "PCIQUEUE_VISIBILITY_TIMEOUT"
	EnvMaxDeliveries     = "PCIQUEUE_MAX_DELIVERIES"
	EnvDeadLetterURL     = "PCIQUEUE_DEAD_LETTER_URL"
	EnvCacheMaxMessages  = "PCIQUEUE_DATA_KEY_MAX_MESSAGES"
	EnvCacheMaxAge       = "PCIQUEUE_DATA_KEY_MAX_AGE"
)

// DefaultClaimRetain is the longest SQS retention.
const DefaultClaimRetain = 14 * 24 * time.Hour

// Config holds the URLs and settings of a producer or a consumer.
type Config struct {
	Queue      string
	KeeperURL  string
	KeyVersion string
	TopicURL   string
	// Ordered routes each message with the card token as ordering key and
	// the message ID as deduplication ID (FIFO queues, session queues,
	// ordered subscriptions).
	Ordered        bool
	VaultURL       string
	VaultName      string
	VaultKeeperURL string
	IndexKeeperURL string
	// VaultIndexKey is the vault's HMAC index key wrapped by the index
	// keeper, in standard base64 (see NewWrappedIndexKey).
	VaultIndexKey string
	ClaimsURL     string
	// ClaimLease is how long a claim stays exclusive. Unless set, it is
	// the visibility timeout: the queue redelivers a message only after
	// that long, so a redelivery after a crash always finds the lease of
	// the crashed delivery expired and processes the message instead of
	// burning its remaining deliveries on "busy".
	ClaimLease        time.Duration
	ClaimRetain       time.Duration
	VisibilityTimeout time.Duration
	MaxDeliveries     int
	// DeadLetterURL opens the topic of the dead-letter queue, where
	// messages that can never succeed go at once with their reason.
	DeadLetterURL string
	// Cache bounds the data-key caches of producer, vault and consumer.
	Cache envelope.CachePolicy
}

// FromEnv reads a Config from getenv (os.Getenv in a main). Unset tunables
// take their defaults; a value that is set is used as written or rejected.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Queue:          getenv(EnvQueue),
		KeeperURL:      getenv(EnvKeeperURL),
		KeyVersion:     getenv(EnvKeyVersion),
		TopicURL:       getenv(EnvTopicURL),
		VaultURL:       getenv(EnvVaultURL),
		VaultName:      getenv(EnvVaultName),
		VaultKeeperURL: getenv(EnvVaultKeeperURL),
		IndexKeeperURL: getenv(EnvIndexKeeperURL),
		VaultIndexKey:  getenv(EnvVaultIndexKey),
		ClaimsURL:      getenv(EnvClaimsURL),
		DeadLetterURL:  getenv(EnvDeadLetterURL),
		ClaimRetain:    DefaultClaimRetain,
		Cache:          envelope.DefaultCachePolicy(),
	}
	var errs []error
	for _, d := range []struct {
		env string
		dst *time.Duration
	}{{EnvClaimLease, &c.ClaimLease}, {EnvClaimRetain, &c.ClaimRetain}, {EnvVisibilityTimeout, &c.VisibilityTimeout}, {EnvCacheMaxAge, &c.Cache.MaxAge}} {
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
	for _, d := range []struct {
		env string
		dst *int
	}{{EnvMaxDeliveries, &c.MaxDeliveries}, {EnvCacheMaxMessages, &c.Cache.MaxMessages}} {
		name, v := d.env, getenv(d.env)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("%s=%q is not a whole number of at least 1", name, v))
			continue
		}
		*d.dst = n
	}
	if v := getenv(EnvOrdered); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s=%q is not \"true\" or \"false\"", EnvOrdered, v))
		}
		c.Ordered = b
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("reading pciqueue configuration: %w", err)
	}
	return c, nil
}

// claimLease returns the lease: ClaimLease when set, else the visibility
// timeout. A lease longer than the visibility timeout is refused: every
// redelivery after a crash would find the claim busy.
func (c Config) claimLease() (time.Duration, error) {
	switch {
	case c.VisibilityTimeout <= 0:
		return 0, fmt.Errorf("%s is not set; set the queue's visibility timeout (Service Bus lock duration, Pub/Sub ack deadline)", EnvVisibilityTimeout)
	case c.ClaimLease == 0:
		return c.VisibilityTimeout, nil
	case c.ClaimLease > c.VisibilityTimeout:
		return 0, fmt.Errorf("%s=%v is longer than %s=%v; a redelivery after a crash would find the claim busy until its deliveries run out; leave it unset to use the visibility timeout",
			EnvClaimLease, c.ClaimLease, EnvVisibilityTimeout, c.VisibilityTimeout)
	}
	return c.ClaimLease, nil
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
