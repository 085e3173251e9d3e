package gcp

import (
	"github.com/pciqueue/pciqueue/internal/duration"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// MessageRetention bounds how long Pub/Sub keeps messages.
var MessageRetention = rule.Rule{
	Name:        "pci-3.2.1-pubsub-message-retention",
	Requirement: "3.2.1",
	Description: "Pub/Sub keeps cardholder data no longer than the retention policy allows: a subscription does not retain acknowledged messages (retainAckedMessages), which would keep processed card data stored, and its messageRetentionDuration (default and maximum 7 days) and a topic's messageRetentionDuration (which keeps even acknowledged messages, up to 31 days) are at most maxSeconds (7 days). Fix: set retainAckedMessages false, the subscription's messageRetentionDuration within your retention policy (e.g. \"345600s\"), and leave topic retention unset.",
	Types:       []string{Topic, Subscription},
	Params: []rule.Param{{
		Name: "maxSeconds", Description: "Longest allowed message retention in seconds.",
		Default: float64(604800), Schema: map[string]any{"type": "number", "minimum": 600, "maximum": 2678400},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		const path = "messageRetentionDuration"
		v, st := props.String(r.Properties, path)
		limit := c.Number("maxSeconds")
		switch {
		case f.Unreadable(st, path):
		case st.Ok():
			n, err := duration.ParseGoogle(v)
			switch {
			case err != nil:
				f.Violation(path, "messageRetentionDuration %q is not a duration in seconds such as \"604800s\"", v)
			case n > limit:
				f.Violation(path, "messageRetentionDuration keeps messages %g seconds, longer than the %g allowed; lower it", n, limit)
			}
		}
		if r.Type == Subscription {
			requireNotTrue(&f, r, "retainAckedMessages", "the subscription keeps acknowledged messages, so processed card data stays stored; set retainAckedMessages to false")
		}
		return f
	},
}

// requireNotTrue reports a violation when the boolean at path is true.
func requireNotTrue(f *rule.Findings, r rule.Resource, path, msg string) {
	if v, st := props.Bool(r.Properties, path); !f.Unreadable(st, path) && st.Ok() && v {
		f.Violation(path, "%s", msg)
	}
}
