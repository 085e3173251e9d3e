package gcp

import (
	"github.com/pciqueue/pciqueue/policies/rule"
)

// IAMNoPublic forbids public principals on topics, subscriptions, keys and
// projects.
var IAMNoPublic = rule.Rule{
	Name:        "pci-1.4.2-gcp-iam-no-public",
	Requirement: "1.4.2",
	Description: "No IAM member, binding or policy on a Pub/Sub topic or subscription, a Cloud KMS key or key ring, or a project grants anything to allUsers or allAuthenticatedUsers, which would open the queue or its key to anyone on the internet or with any Google account. Fix: grant roles only to the service accounts that need them.",
	Types:       iamTypes(),
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		grants, st := grantsOf(r)
		if f.Unreadable(st, "policyData") {
			return f
		}
		for _, g := range grants {
			if f.Unreadable(g.memberStatus, g.path) {
				continue
			}
			for _, m := range g.members {
				if kind, _ := memberKind(m); kind == "allUsers" || kind == "allAuthenticatedUsers" {
					f.Violation(g.path, "%s is granted to %s on the %s, which makes it public; grant it to named service accounts only", g.role, kind, g.level)
				}
			}
		}
		return f
	},
}
