package gcp

import (
	"regexp"
	"time"

	"github.com/pciqueue/pciqueue/components"
)

// limits are the ranges the GCP services behind a SecureQueue can honour.
var limits = components.Limits{
	MinMessageRetention:    10 * time.Minute,
	MaxMessageRetention:    7 * components.Day,
	MessageRetentionSource: "Pub/Sub subscription messageRetentionDuration is 10 minutes–7 days",
	MinVisibility:          10 * time.Second,
	MaxVisibility:          10 * time.Minute,
	VisibilitySource:       "Pub/Sub ackDeadlineSeconds is 10–600",
	MinMaxDeliveries:       5,
	MaxMaxDeliveries:       100,
	MaxDeliveriesSource:    "Pub/Sub deadLetterPolicy maxDeliveryAttempts is 5–100",
	MinKeyRotation:         components.Day,
	KeyRotationSource:      "Cloud KMS rotationPeriod is at least one day",
	MaxLogRetentionDays:    3650,
	LogRetentionSource:     "Cloud Logging bucket retentionDays is 1–3650",
	TagKeyPattern:          regexp.MustCompile(`^[a-z][a-z0-9_-]{0,62}$`),
	TagValuePattern:        regexp.MustCompile(`^[a-z0-9_-]{0,63}$`),
	TagSource:              "Google Cloud label keys start with a lower-case letter; keys and values are at most 63 lower-case letters, digits, _ and -",
}
