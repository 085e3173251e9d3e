package gcp

import (
	enforcement "github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// TopicStorageRegions requires pinning where Pub/Sub stores messages.
var TopicStorageRegions = rule.Rule{
	Name:        "pci-12.5.2-pubsub-storage-regions",
	Requirement: "12.5.2",
	Description: "The places cardholder data rests are known and documented: a Pub/Sub topic limits where its messages are stored with messageStoragePolicy.allowedPersistenceRegions. Without it Pub/Sub, a global service, may store messages in any region, while an SQS queue or a Service Bus namespace keeps them in its one region. Fix: set messageStoragePolicy {allowedPersistenceRegions: [\"europe-west1\"]} to the regions of your cardholder-data environment.",
	Types:       []string{Topic},
	Level:       enforcement.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		regions, st := props.Strings(r.Properties, "messageStoragePolicy.allowedPersistenceRegions")
		if !f.Unreadable(st, "messageStoragePolicy.allowedPersistenceRegions") && len(regions) == 0 {
			f.Violation("messageStoragePolicy.allowedPersistenceRegions", "the topic may store messages in any region; list the allowed regions in messageStoragePolicy.allowedPersistenceRegions")
		}
		return f
	},
}
