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

// Day is 24 hours, the unit of key rotation and log retention.
const Day = 24 * time.Hour
