package azure

import (
	"regexp"
	"time"

	"github.com/pciqueue/pciqueue/components"
)

// limits are the ranges the Azure services behind a SecureQueue can honour.
var limits = components.Limits{
	MaxMessageRetention:    14 * components.Day,
	MessageRetentionSource: "the portable maximum; Service Bus defaultMessageTimeToLive allows more",
	MinVisibility:          10 * time.Second,
	MaxVisibility:          5 * time.Minute,
	VisibilitySource:       "Service Bus lockDuration is at most 5 minutes",
	MinMaxDeliveries:       1,
	MaxMaxDeliveries:       2000,
	MaxDeliveriesSource:    "Service Bus maxDeliveryCount is at least 1",
	MinKeyRotation:         7 * components.Day,
	KeyRotationSource:      "a Key Vault rotation policy rotates at the earliest 7 days after creation",
	MaxLogRetentionDays:    730,
	LogRetentionSource:     "Log Analytics workspace retentionInDays is 30–730",
	TagKeyPattern:          regexp.MustCompile(`^[^<>%&\\?/]{1,512}$`),
	TagValuePattern:        regexp.MustCompile(`^.{0,256}$`),
	TagSource:              "Azure tag names are 1–512 characters without <>%&\\?/ and values at most 256 characters",
}
