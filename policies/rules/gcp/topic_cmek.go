package gcp

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// TopicCMEK requires Pub/Sub topics to be encrypted with a customer-managed
// key.
var TopicCMEK = rule.Rule{
	Name:        "pci-3.5.1-pubsub-topic-cmek",
	Requirement: "3.5.1",
	Description: "Pub/Sub topics (including dead-letter topics) encrypt stored messages with a customer-managed Cloud KMS key: kmsKeyName names a CryptoKey you manage, not the Google-managed default. Fix: create a gcp.kms.CryptoKey with a rotationPeriod, grant the Pub/Sub service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on it, and set the topic's kmsKeyName to its id.",
	Types:       []string{Topic},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		key, st := props.String(r.Properties, "kmsKeyName")
		if !f.Unreadable(st, "kmsKeyName") && strings.TrimSpace(key) == "" {
			f.Violation("kmsKeyName", "the topic is encrypted with a Google-managed key; set kmsKeyName to a Cloud KMS CryptoKey you manage")
		}
		return f
	},
}
