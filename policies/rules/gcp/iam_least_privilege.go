package gcp

import (
	"strings"

	"github.com/pciqueue/pciqueue/policies/rule"
)

// IAMLeastPrivilege keeps IAM grants to what a queue's workloads need.
var IAMLeastPrivilege = rule.Rule{
	Name:        "pci-7.2.2-gcp-iam-least-privilege",
	Requirement: "7.2.2",
	Description: "IAM grants are least privilege: nobody gets a basic role (roles/owner, roles/editor, roles/viewer), which spans every service of the project; no service account gets an *admin role anywhere; on a topic, subscription, key or key ring nothing but a viewer role goes to a group: or domain: member (everyone in a group or Google Workspace domain, whose membership the stack does not control); on the project, no service account gets a Pub/Sub role (grant roles/pubsub.publisher on the topic and roles/pubsub.subscriber on the subscription instead) or a Cloud KMS key-use role (grant it on the key), nobody gets roles/iam.serviceAccountUser or roles/iam.serviceAccountTokenCreator (which let them act as every service account of the project; the Pub/Sub service agent's token creator role for authenticated push is the one exception), and the Compute Engine or App Engine default service account gets nothing. Fix: grant the predefined role on the one topic, subscription or key with a TopicIAMMember, SubscriptionIAMMember or CryptoKeyIAMMember.",
	Types:       iamTypes(),
	Check:       checkIAMLeastPrivilege,
}

func checkIAMLeastPrivilege(r rule.Resource, _ rule.Config) (f rule.Findings) {
	grants, st := grantsOf(r)
	if f.Unreadable(st, "policyData") {
		return f
	}
	for _, g := range grants {
		if f.Unreadable(g.roleStatus, "role") || !g.roleStatus.Ok() || f.Unreadable(g.memberStatus, g.path) {
			continue
		}
		role := strings.TrimSpace(g.role)
		for _, m := range g.members {
			if msg := overPrivileged(g.level, role, m); msg != "" {
				f.Violation(g.path, "%s", msg)
			}
		}
	}
	return f
}

// overPrivileged says what is wrong with granting role to member at level,
// or "" when nothing is.
func overPrivileged(at level, role, member string) string {
	kind, id := memberKind(member)
	sa := kind == "serviceAccount"
	lower := strings.ToLower(role)
	switch {
	case basicRole(lower):
		return member + " is granted the basic role " + role + " on the " + string(at) + ", which spans every service of the project; grant the predefined role of the one service it needs, on the one topic, subscription or key"
	case sa && strings.HasSuffix(lower, "admin"):
		return "service account " + id + " is granted " + role + " on the " + string(at) + "; a workload needs only a predefined data role on its own topic, subscription or key"
	case at != onProject:
		if (kind == "group" || kind == "domain") && !strings.HasSuffix(lower, "viewer") {
			return member + " is granted " + role + " on the " + string(at) + ", which gives it to every member of the " + kind + "; grant data access to the service account of each workload"
		}
		return ""
	case kind == "serviceAccount" && (strings.HasSuffix(id, "-compute@developer.gserviceaccount.com") || strings.HasSuffix(id, "@appspot.gserviceaccount.com")):
		return "the default service account " + id + " is granted " + role + " on the project; give each workload its own service account"
	case lower == "roles/iam.serviceaccounttokencreator" && isPubSubServiceAgent(member):
		return ""
	case lower == "roles/iam.serviceaccountuser" || lower == "roles/iam.serviceaccounttokencreator":
		return member + " is granted " + role + " on the project, which lets it act as every service account there; grant it on the one service account it must act as"
	case sa && strings.HasPrefix(lower, "roles/pubsub.") && lower != "roles/pubsub.serviceagent" && lower != "roles/pubsub.viewer":
		return "service account " + id + " is granted " + role + " on the whole project, which reaches every topic and subscription; grant it on its own topic or subscription"
	case sa && strings.HasPrefix(lower, "roles/cloudkms.cryptokey"):
		return "service account " + id + " is granted " + role + " on the whole project, which reaches every key; grant it on the one key with a CryptoKeyIAMMember"
	}
	return ""
}

// basicRole reports whether a (lower-case) role is one of the basic roles.
func basicRole(role string) bool {
	return role == "roles/owner" || role == "roles/editor" || role == "roles/viewer"
}
