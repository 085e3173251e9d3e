package components

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/duration"
)

// Tag keys every resource of a SecureQueue carries, so policies and assessors can find the cardholder-data
// environment (PCI DSS 12.5.2). A spec's own tags may not override them.
const (
	TagPCIScope           = "pci-scope"
	TagDataClassification = "data-classification"
	// TagQueue and TagRole mark an identity with the queue it serves and whether it produces or consumes,
	// so a policy can prove no identity reaches a queue it was not declared for (PCI DSS 7.2.2).
	TagQueue = "pciqueue-queue"
	TagRole  = "pciqueue-role"
)

// Roles an identity can be declared for on a queue.
const (
	RoleProducer = "producer"
	RoleConsumer = "consumer"
)

// Data classifications a queue may carry. Sensitive authentication data (CVV, PIN, track data) has no
// classification on purpose: PCI DSS 3.3.1 forbids keeping it after authorisation, so no queue may hold it.
const (
	ClassCardholderData = "cardholder-data"
	ClassTokenized      = "tokenized"
)

// Scopes a queue may be declared in.
const (
	ScopeCDE       = "cde"
	ScopeConnected = "connected-to-cde"
)

// Defaults chosen for a queue inside a cardholder-data environment.
const (
	DefaultMessageRetention  = 4 * 24 * time.Hour
	DefaultVisibilityTimeout = 60 * time.Second
	DefaultMaxDeliveries     = 5
	DefaultKeyRotation       = 90 * 24 * time.Hour
	DefaultLogRetentionDays  = 365
)

// Portable bounds, the same on every cloud. Cloud limits in Limits may only narrow them.
const (
	// MinLogRetentionDays is PCI DSS 10.5.1: audit history for at least twelve months.
	MinLogRetentionDays = 365
	// MaxKeyRotation is PCI DSS 3.6.4/3.7.4 as most assessors read it: a cryptoperiod of at most a year.
	MaxKeyRotation = 365 * 24 * time.Hour
	// MaxMessageRetention bounds how long card data may rest in a queue (PCI DSS 3.2.1 data retention).
	MaxMessageRetention = 14 * 24 * time.Hour
	MinMessageRetention = 10 * time.Minute
	MinMaxDeliveries    = 1
	MaxMaxDeliveries    = 100
	MinVisibility       = 10 * time.Second
	MaxVisibility       = 12 * time.Hour
)

// QueueSpec is the cloud-neutral description of one PCI queue. The zero value of every optional field means
// "use the default"; WithDefaults fills them and Validate checks the result for a cloud.
type QueueSpec struct {
	// Name is the queue's base name: 3–40 characters, lower-case letters, digits and single hyphens,
	// starting with a letter. Every cloud derives its resource names from it.
	Name string
	// Ordered asks for first-in-first-out delivery: an SQS FIFO pair, Service Bus sessions, Pub/Sub
	// ordering keys.
	Ordered bool
	// MessageRetention is how long an undelivered message is kept before it expires.
	MessageRetention time.Duration
	// VisibilityTimeout is how long a received message stays invisible to other consumers (SQS visibility
	// timeout, Service Bus lock duration, Pub/Sub ack deadline).
	VisibilityTimeout time.Duration
	// MaxDeliveries is how many times a message is delivered before it moves to the dead-letter queue.
	MaxDeliveries int
	// Producers and Consumers name the workload identities that may send to and receive from the queue.
	// Each name becomes its own least-privilege identity. Defaults: one "producer" and one "consumer".
	Producers []string
	Consumers []string
	// KeyRotation is the customer-managed key's rotation period.
	KeyRotation time.Duration
	// LogRetentionDays is how long audit logs of queue and key access are kept.
	LogRetentionDays int
	// DataClassification is the data the queue carries: cardholder-data (default) or tokenized.
	DataClassification string
	// Scope is the queue's PCI scope: cde (default) or connected-to-cde.
	Scope string
	// Tags are extra tags (labels on Google Cloud) for every resource of the queue.
	Tags map[string]string
	// Protect guards the key against deletion by Pulumi. Nil means true: destroying the key destroys every
	// message and log encrypted with it.
	Protect *bool
}

// WithDefaults returns a copy of the spec with every unset optional field set to its PCI default.
func (s QueueSpec) WithDefaults() QueueSpec {
	if s.MessageRetention == 0 {
		s.MessageRetention = DefaultMessageRetention
	}
	if s.VisibilityTimeout == 0 {
		s.VisibilityTimeout = DefaultVisibilityTimeout
	}
	if s.MaxDeliveries == 0 {
		s.MaxDeliveries = DefaultMaxDeliveries
	}
	if len(s.Producers) == 0 {
		s.Producers = []string{RoleProducer}
	}
	if len(s.Consumers) == 0 {
		s.Consumers = []string{RoleConsumer}
	}
	if s.KeyRotation == 0 {
		s.KeyRotation = DefaultKeyRotation
	}
	if s.LogRetentionDays == 0 {
		s.LogRetentionDays = DefaultLogRetentionDays
	}
	if s.DataClassification == "" {
		s.DataClassification = ClassCardholderData
	}
	if s.Scope == "" {
		s.Scope = ScopeCDE
	}
	if s.Protect == nil {
		protect := true
		s.Protect = &protect
	}
	s.Producers = slices.Clone(s.Producers)
	s.Consumers = slices.Clone(s.Consumers)
	return s
}

// Protected reports whether the key is protected, treating an unset Protect as true.
func (s QueueSpec) Protected() bool { return s.Protect == nil || *s.Protect }

// ResourceTags returns the spec's tags plus the scope tags every child resource must carry.
func (s QueueSpec) ResourceTags() map[string]string {
	tags := make(map[string]string, len(s.Tags)+2)
	for k, v := range s.Tags {
		tags[k] = v
	}
	tags[TagPCIScope] = s.Scope
	tags[TagDataClassification] = s.DataClassification
	return tags
}

// IdentityTags returns the resource tags plus the declaration of which queue and role an identity serves.
func (s QueueSpec) IdentityTags(role string) map[string]string {
	tags := s.ResourceTags()
	tags[TagQueue] = s.Name
	tags[TagRole] = role
	return tags
}

var (
	// namePattern is the form of queue and identity names: every cloud accepts it inside its own names.
	namePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// Name length bounds: short enough that the longest derived name ("<name>-dlq.fifo", a Key Vault name,
// a Pub/Sub service-account id) stays inside every cloud's limit.
const (
	MinNameLength = 3
	MaxNameLength = 40
	// MaxIdentityNameLength keeps "<queue>-<identity>" within a 63-character identity name, after the
	// longest queue name and a role prefix.
	MaxIdentityNameLength = 16
)

// Validate checks a spec (after WithDefaults) for the given cloud. It returns every problem at once, each a
// *FieldError naming the field, the value and what is allowed, so a stack config can be fixed in one pass.
func (s QueueSpec) Validate(cloud Cloud) error {
	d, ok := Lookup(cloud)
	if !ok {
		_, err := ParseCloud(string(cloud))
		return err
	}
	limits := d.Limits()
	var errs []error
	add := func(field string, value any, allowed string) {
		errs = append(errs, &FieldError{Queue: s.Name, Field: field, Value: fmt.Sprint(value), Allowed: allowed})
	}

	// A card number is looked for first, in every field that is free text, so that no other check echoes it.
	switch {
	case cardnum.Contains(s.Name):
		add("name", "[redacted]", "a name without a card number (names appear in ARNs, URLs, logs and bills)")
	case len(s.Name) < MinNameLength || len(s.Name) > MaxNameLength:
		add("name", fmt.Sprintf("%q", s.Name), fmt.Sprintf("%d–%d characters", MinNameLength, MaxNameLength))
	case !namePattern.MatchString(s.Name):
		add("name", fmt.Sprintf("%q", s.Name), "lower-case letters, digits and single hyphens, starting with a letter and ending with a letter or digit (every cloud accepts this form)")
	case strings.HasPrefix(s.Name, "goog"):
		add("name", fmt.Sprintf("%q", s.Name), `a name not starting with "goog" (reserved by Google Cloud Pub/Sub)`)
	}

	checkDuration := func(field string, d, min, max time.Duration, why string) {
		if d < min || d > max {
			add(field, duration.FormatConfig(d), fmt.Sprintf("%s–%s%s", duration.FormatConfig(min), duration.FormatConfig(max), why))
		}
	}
	checkDuration("messageRetention", s.MessageRetention,
		maxDuration(MinMessageRetention, limits.MinMessageRetention), minDuration(MaxMessageRetention, limits.MaxMessageRetention),
		fmt.Sprintf(" on %s (%s)", cloud, limits.MessageRetentionSource))
	checkDuration("visibilityTimeout", s.VisibilityTimeout,
		maxDuration(MinVisibility, limits.MinVisibility), minDuration(MaxVisibility, limits.MaxVisibility),
		fmt.Sprintf(" on %s (%s)", cloud, limits.VisibilitySource))
	if s.VisibilityTimeout%time.Second != 0 {
		add("visibilityTimeout", duration.FormatConfig(s.VisibilityTimeout), "a whole number of seconds")
	}
	if s.MessageRetention%time.Second != 0 {
		add("messageRetention", duration.FormatConfig(s.MessageRetention), "a whole number of seconds")
	}

	minDel, maxDel := max(MinMaxDeliveries, limits.MinMaxDeliveries), MaxMaxDeliveries
	if limits.MaxMaxDeliveries > 0 {
		maxDel = min(maxDel, limits.MaxMaxDeliveries)
	}
	if s.MaxDeliveries < minDel || s.MaxDeliveries > maxDel {
		add("maxDeliveries", s.MaxDeliveries, fmt.Sprintf("%d–%d on %s (%s)", minDel, maxDel, cloud, limits.MaxDeliveriesSource))
	}

	checkDuration("keyRotation", s.KeyRotation, limits.MinKeyRotation, MaxKeyRotation,
		fmt.Sprintf(" on %s (PCI DSS 3.7.4 cryptoperiod of at most a year; %s)", cloud, limits.KeyRotationSource))
	if s.KeyRotation%(24*time.Hour) != 0 {
		add("keyRotation", duration.FormatConfig(s.KeyRotation), "a whole number of days")
	}

	switch {
	case s.LogRetentionDays < MinLogRetentionDays:
		add("logRetentionDays", s.LogRetentionDays, fmt.Sprintf("at least %d (PCI DSS 10.5.1 keeps audit logs for twelve months)", MinLogRetentionDays))
	case limits.MaxLogRetentionDays > 0 && s.LogRetentionDays > limits.MaxLogRetentionDays:
		add("logRetentionDays", s.LogRetentionDays, fmt.Sprintf("at most %d on %s (%s)", limits.MaxLogRetentionDays, cloud, limits.LogRetentionSource))
	case len(limits.LogRetentionChoices) > 0 && !slices.Contains(limits.LogRetentionChoices, s.LogRetentionDays):
		add("logRetentionDays", s.LogRetentionDays, fmt.Sprintf("one of %s on %s (%s)", joinInts(limits.LogRetentionChoices), cloud, limits.LogRetentionSource))
	}

	switch s.DataClassification {
	case ClassCardholderData, ClassTokenized:
	default:
		add("dataClassification", fmt.Sprintf("%q", s.DataClassification), fmt.Sprintf("%q or %q (sensitive authentication data may not be queued: PCI DSS 3.3.1)", ClassCardholderData, ClassTokenized))
	}
	switch s.Scope {
	case ScopeCDE, ScopeConnected:
	default:
		add("scope", fmt.Sprintf("%q", s.Scope), fmt.Sprintf("%q or %q", ScopeCDE, ScopeConnected))
	}

	errs = append(errs, s.validateIdentities("producers", s.Producers)...)
	errs = append(errs, s.validateIdentities("consumers", s.Consumers)...)
	for _, p := range s.Producers {
		if slices.Contains(s.Consumers, p) {
			add("consumers", fmt.Sprintf("%q", p), "names distinct from producers: one identity may not both send and receive (PCI DSS 7.2.2 least privilege)")
		}
	}
	errs = append(errs, s.validateTags(cloud, limits)...)
	return errors.Join(errs...)
}

func (s QueueSpec) validateIdentities(field string, names []string) []error {
	var errs []error
	seen := map[string]bool{}
	for i, n := range names {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case cardnum.Contains(n):
			errs = append(errs, &FieldError{Queue: s.Name, Field: f, Value: "[redacted]",
				Allowed: "a name without a card number (identity names appear in role names, logs and audit records)"})
		case n == "" || len(n) > MaxIdentityNameLength || !namePattern.MatchString(n):
			errs = append(errs, &FieldError{Queue: s.Name, Field: f, Value: fmt.Sprintf("%q", n),
				Allowed: fmt.Sprintf("1–%d lower-case letters, digits and single hyphens, starting with a letter", MaxIdentityNameLength)})
		case seen[n]:
			errs = append(errs, &FieldError{Queue: s.Name, Field: f, Value: fmt.Sprintf("%q", n), Allowed: "a name not already listed"})
		}
		seen[n] = true
	}
	return errs
}

func (s QueueSpec) validateTags(cloud Cloud, limits Limits) []error {
	var errs []error
	keys := make([]string, 0, len(s.Tags))
	for k := range s.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := s.Tags[k]
		field := fmt.Sprintf("tags.%s", k)
		switch {
		case cardnum.Contains(k) || cardnum.Contains(v):
			errs = append(errs, &FieldError{Queue: s.Name, Field: field, Value: "[redacted]",
				Allowed: "no card number in a tag (tags are stored in clear in state, billing and logs)"})
		case k == TagPCIScope || k == TagDataClassification || k == TagQueue || k == TagRole:
			errs = append(errs, &FieldError{Queue: s.Name, Field: field, Value: fmt.Sprintf("%q", v),
				Allowed: "no value: pciqueue sets this tag itself (use scope or dataClassification)"})
		case limits.TagKeyPattern != nil && !limits.TagKeyPattern.MatchString(k):
			errs = append(errs, &FieldError{Queue: s.Name, Field: field, Value: fmt.Sprintf("key %q", k),
				Allowed: fmt.Sprintf("a key matching %s on %s (%s)", limits.TagKeyPattern, cloud, limits.TagSource)})
		case limits.TagValuePattern != nil && !limits.TagValuePattern.MatchString(v):
			errs = append(errs, &FieldError{Queue: s.Name, Field: field, Value: fmt.Sprintf("%q", v),
				Allowed: fmt.Sprintf("a value matching %s on %s (%s)", limits.TagValuePattern, cloud, limits.TagSource)})
		}
	}
	return errs
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}

func minDuration(a, b time.Duration) time.Duration {
	if b > 0 && b < a {
		return b
	}
	return a
}

func maxDuration(a, b time.Duration) time.Duration {
	if b > a {
		return b
	}
	return a
}
