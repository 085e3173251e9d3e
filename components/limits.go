package components

import (
	"regexp"
	"time"
)

// Limits are the ranges one cloud's services can honour. A zero bound means the portable bound applies.
// Each range carries the service limit it comes from, so a validation error can say why.
type Limits struct {
	MinMessageRetention, MaxMessageRetention time.Duration
	MessageRetentionSource                   string
	MinVisibility, MaxVisibility             time.Duration
	VisibilitySource                         string
	MinMaxDeliveries, MaxMaxDeliveries       int
	MaxDeliveriesSource                      string
	MinKeyRotation                           time.Duration
	KeyRotationSource                        string
	MaxLogRetentionDays                      int
	LogRetentionChoices                      []int
	LogRetentionSource                       string
	TagKeyPattern, TagValuePattern           *regexp.Regexp
	TagSource                                string
}

const day = 24 * time.Hour

// CloudLimits holds the service limits of every cloud.
var CloudLimits = map[Cloud]Limits{
	AWS: {
		MinMessageRetention:    time.Minute,
		MaxMessageRetention:    14 * day,
		MessageRetentionSource: "SQS MessageRetentionPeriod is 60 s–14 days",
		MaxVisibility:          12 * time.Hour,
		VisibilitySource:       "SQS VisibilityTimeout is 0 s–12 h",
		MinMaxDeliveries:       1,
		MaxMaxDeliveries:       1000,
		MaxDeliveriesSource:    "SQS redrive maxReceiveCount is 1–1000",
		MinKeyRotation:         90 * day,
		KeyRotationSource:      "KMS RotationPeriodInDays is 90–2560",
		LogRetentionChoices:    []int{365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653},
		LogRetentionSource:     "CloudWatch Logs accepts only these retention periods of a year or more",
		TagKeyPattern:          regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$`),
		TagValuePattern:        regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$`),
		TagSource:              "AWS tag keys are 1–128 and values 0–256 letters, digits, spaces and _.:/=+-@",
	},
	Azure: {
		MaxMessageRetention:    14 * day,
		MessageRetentionSource: "the portable maximum; Service Bus defaultMessageTimeToLive allows more",
		MinVisibility:          10 * time.Second,
		MaxVisibility:          5 * time.Minute,
		VisibilitySource:       "Service Bus lockDuration is at most 5 minutes",
		MinMaxDeliveries:       1,
		MaxMaxDeliveries:       2000,
		MaxDeliveriesSource:    "Service Bus maxDeliveryCount is at least 1",
		MinKeyRotation:         7 * day,
		KeyRotationSource:      "a Key Vault rotation policy rotates at the earliest 7 days after creation",
		MaxLogRetentionDays:    730,
		LogRetentionSource:     "Log Analytics workspace retentionInDays is 30–730",
		TagKeyPattern:          regexp.MustCompile(`^[^<>%&\\?/]{1,512}$`),
		TagValuePattern:        regexp.MustCompile(`^.{0,256}$`),
		TagSource:              "Azure tag names are 1–512 characters without <>%&\\?/ and values at most 256 characters",
	},
	GCP: {
		MinMessageRetention:    10 * time.Minute,
		MaxMessageRetention:    7 * day,
		MessageRetentionSource: "Pub/Sub subscription messageRetentionDuration is 10 minutes–7 days",
		MinVisibility:          10 * time.Second,
		MaxVisibility:          10 * time.Minute,
		VisibilitySource:       "Pub/Sub ackDeadlineSeconds is 10–600",
		MinMaxDeliveries:       5,
		MaxMaxDeliveries:       100,
		MaxDeliveriesSource:    "Pub/Sub deadLetterPolicy maxDeliveryAttempts is 5–100",
		MinKeyRotation:         day,
		KeyRotationSource:      "Cloud KMS rotationPeriod is at least one day",
		MaxLogRetentionDays:    3650,
		LogRetentionSource:     "Cloud Logging bucket retentionDays is 1–3650",
		TagKeyPattern:          regexp.MustCompile(`^[a-z][a-z0-9_-]{0,62}$`),
		TagValuePattern:        regexp.MustCompile(`^[a-z0-9_-]{0,63}$`),
		TagSource:              "Google Cloud label keys start with a lower-case letter; keys and values are at most 63 lower-case letters, digits, _ and -",
	},
}
