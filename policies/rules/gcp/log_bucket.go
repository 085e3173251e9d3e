package gcp

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	enforcement "github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// LogBucketRetention requires a year of audit history in Cloud Logging.
var LogBucketRetention = rule.Rule{
	Name:        "pci-10.5.1-gcp-log-bucket-retention",
	Requirement: "10.5.1",
	Description: "Cloud Logging buckets keep logs at least minRetentionDays (365), all of it immediately searchable: retentionDays is set to at least that (the default is 30). Fix: set retentionDays to 365 (the automatic fix does).",
	Types:       []string{LogBucket},
	Params: []rule.Param{{
		Name: "minRetentionDays", Description: "Shortest allowed retention in days; PCI DSS 10.5.1 requires 365, so it cannot be lowered.",
		Default: float64(365), Schema: map[string]any{"type": "number", "minimum": 365, "maximum": 3650},
	}},
	Check: checkLogBucketRetention,
	Remediate: func(r rule.Resource, c rule.Config) (property.Map, bool) {
		if !checkLogBucketRetention(r, c).Has(rule.Violation) {
			return property.Map{}, false
		}
		return r.Properties.Set("retentionDays", property.New(c.Number("minRetentionDays"))), true
	},
}

func checkLogBucketRetention(r rule.Resource, c rule.Config) (f rule.Findings) {
	days, st := props.Number(r.Properties, "retentionDays")
	limit := c.Number("minRetentionDays")
	switch {
	case f.Unreadable(st, "retentionDays"):
	case st == props.Absent:
		f.Violation("retentionDays", "retentionDays is not set, so the bucket keeps logs 30 days; set it to at least %g", limit)
	case days < limit:
		f.Violation("retentionDays", "the bucket keeps logs %g days; set retentionDays to at least %g", days, limit)
	}
	return f
}

// LogBucketCMEK recommends customer-managed encryption of log buckets.
var LogBucketCMEK = rule.Rule{
	Name:        "pci-10.3.2-gcp-log-bucket-cmek",
	Requirement: "10.3.2",
	Description: "audit logs are encrypted with a customer-managed key, so who can read them is also governed by the key: cmekSettings.kmsKeyName is set on the log bucket. Advisory because audit logs carry no cardholder data (other rules keep card numbers out of logs) and Google encrypts them at rest by default. Fix: grant the project's Cloud Logging service account roles/cloudkms.cryptoKeyEncrypterDecrypter on a key and set cmekSettings {kmsKeyName}.",
	Types:       []string{LogBucket},
	Level:       enforcement.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		key, st := props.String(r.Properties, "cmekSettings.kmsKeyName")
		if !f.Unreadable(st, "cmekSettings.kmsKeyName") && strings.TrimSpace(key) == "" {
			f.Violation("cmekSettings.kmsKeyName", "the log bucket is encrypted with a Google-managed key; set cmekSettings.kmsKeyName")
		}
		return f
	},
}

// LogBucketLocked recommends locking the retention of log buckets.
var LogBucketLocked = rule.Rule{
	Name:        "pci-10.3.2-gcp-log-bucket-locked",
	Requirement: "10.3.2",
	Description: "the audit trail cannot be shortened or deleted before its retention ends: the log bucket has locked true. Advisory because locking is irreversible (the retention can never be lowered nor the bucket deleted early), which teams adopt deliberately. Fix: once the retention is final, set locked to true.",
	Types:       []string{LogBucket},
	Level:       enforcement.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		if v, st := props.Bool(r.Properties, "locked"); !f.Unreadable(st, "locked") && !(st.Ok() && v) {
			f.Violation("locked", "the bucket's retention can still be lowered and its logs deleted; set locked to true")
		}
		return f
	},
}
