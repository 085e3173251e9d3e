package aws

import (
	"regexp"
	"time"

	"github.com/pciqueue/pciqueue/components"
)

// limits are the ranges the AWS services behind a SecureQueue can honour.
var limits = components.Limits{
	MinMessageRetention:    time.Minute,
	MaxMessageRetention:    14 * components.Day,
	MessageRetentionSource: "SQS MessageRetentionPeriod is 60 s–14 days",
	MaxVisibility:          12 * time.Hour,
	VisibilitySource:       "SQS VisibilityTimeout is 0 s–12 h",
	MinMaxDeliveries:       1,
	MaxMaxDeliveries:       1000,
	MaxDeliveriesSource:    "SQS redrive maxReceiveCount is 1–1000",
	MinKeyRotation:         90 * components.Day,
	KeyRotationSource:      "KMS RotationPeriodInDays is 90–2560",
	LogRetentionChoices:    []int{365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653},
	LogRetentionSource:     "CloudWatch Logs accepts only these retention periods of a year or more",
	TagKeyPattern:          regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$`),
	TagValuePattern:        regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$`),
	TagSource:              "AWS tag keys are 1–128 and values 0–256 letters, digits, spaces and _.:/=+-@",
}
