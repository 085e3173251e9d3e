package gcp

import (
	"github.com/pciqueue/pciqueue/policies/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// TopicStorageRegions recommends pinning where Pub/Sub stores messages.
var TopicStorageRegions = rule.Rule{
	Name:        "pci-12.5.2-pubsub-storage-regions",
	Requirement: "12.5.2",
	Description: "Advisory: the places cardholder data rests are known and documented, so a Pub/Sub topic limits where its messages are stored: messageStoragePolicy.allowedPersistenceRegions lists the regions. Without it Google may store messages in any region. Fix: set messageStoragePolicy {allowedPersistenceRegions: [\"europe-west1\"]} to the regions of your cardholder-data environment.",
	Types:       []string{Topic},
	Level:       rule.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		regions, st := props.Strings(r.Properties, "messageStoragePolicy.allowedPersistenceRegions")
		if !f.Unreadable(st, "messageStoragePolicy.allowedPersistenceRegions") && len(regions) == 0 {
			f.Violation("messageStoragePolicy.allowedPersistenceRegions", "the topic may store messages in any region; list the allowed regions in messageStoragePolicy.allowedPersistenceRegions")
		}
		return f
	},
}
