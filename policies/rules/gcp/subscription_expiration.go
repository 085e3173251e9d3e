package gcp

import (
	enforcement "github.com/pciqueue/pciqueue/internal/level"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// SubscriptionExpiration forbids subscriptions that delete themselves.
var SubscriptionExpiration = rule.Rule{
	Name:        "pci-10.7.2-pubsub-subscription-expiration",
	Requirement: "10.7.2",
	Description: "A Pub/Sub subscription does not delete itself, with its undelivered messages, after a quiet period: expirationPolicy.ttl is \"\" (never expire). Without an expirationPolicy Pub/Sub deletes a subscription after 31 days without activity. Fix: set expirationPolicy {ttl: \"\"} (the automatic fix does).",
	Types:       []string{Subscription},
	Level:       enforcement.Advisory,
	Check:       checkSubscriptionExpiration,
	Remediate: func(r rule.Resource, c rule.Config) (property.Map, bool) {
		fs := checkSubscriptionExpiration(r, c)
		if !fs.Has(rule.Violation) {
			return property.Map{}, false
		}
		return r.Properties.Set("expirationPolicy", property.New(map[string]property.Value{"ttl": property.New("")})), true
	},
}

func checkSubscriptionExpiration(r rule.Resource, _ rule.Config) (f rule.Findings) {
	_, st := props.Map(r.Properties, "expirationPolicy")
	if f.Unreadable(st, "expirationPolicy") {
		return f
	}
	if st == props.Absent {
		f.Violation("expirationPolicy", "without an expirationPolicy Pub/Sub deletes the subscription and its messages after 31 idle days; set expirationPolicy {ttl: \"\"}")
		return f
	}
	ttl, st := props.String(r.Properties, "expirationPolicy.ttl")
	if !f.Unreadable(st, "expirationPolicy.ttl") && strings.TrimSpace(ttl) != "" {
		f.Violation("expirationPolicy.ttl", "the subscription deletes itself after %s idle; set expirationPolicy.ttl to \"\" so it never expires", ttl)
	}
	return f
}
