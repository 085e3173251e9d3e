package gcp

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// SubscriptionPush requires push deliveries over HTTPS with an identity
// token.
var SubscriptionPush = rule.Rule{
	Name:        "pci-4.2.1-pubsub-push-auth",
	Requirement: "4.2.1",
	Description: "A push subscription delivers cardholder data only over TLS to an endpoint that can verify the sender: pushConfig.pushEndpoint starts with https:// and pushConfig.oidcToken.serviceAccountEmail is set, so Pub/Sub attaches a signed identity token. Pull subscriptions are not affected. Fix: use an https:// endpoint and set pushConfig.oidcToken {serviceAccountEmail, audience}.",
	Types:       []string{Subscription},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		_, st := props.Map(r.Properties, "pushConfig")
		if f.Unreadable(st, "pushConfig") || st == props.Absent {
			return f
		}
		ep, st := props.String(r.Properties, "pushConfig.pushEndpoint")
		if !f.Unreadable(st, "pushConfig.pushEndpoint") && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(ep)), "https://") {
			f.Violation("pushConfig.pushEndpoint", "push deliveries go to a non-HTTPS endpoint; use an https:// URL")
		}
		sa, st := props.String(r.Properties, "pushConfig.oidcToken.serviceAccountEmail")
		if !f.Unreadable(st, "pushConfig.oidcToken.serviceAccountEmail") && strings.TrimSpace(sa) == "" {
			f.Violation("pushConfig.oidcToken.serviceAccountEmail", "push deliveries carry no identity token, so the endpoint cannot tell Pub/Sub from anyone else; set pushConfig.oidcToken.serviceAccountEmail")
		}
		return f
	},
}
