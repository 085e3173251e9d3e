package gcp

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// AccessDeclared forbids Pub/Sub data roles on topics and subscriptions an
// identity is not declared for.
var AccessDeclared = rule.Rule{
	Name:        "pci-7.2.2-pubsub-access-declared",
	Requirement: "7.2.2",
	Description: "No identity holds a data role on a topic, subscription or key it is not declared for: roles/pubsub.publisher (on a topic) goes only to a service account of the stack whose description declares " + TagRole + "=producer, roles/pubsub.subscriber (on a subscription) only to one declaring " + TagRole + "=consumer, and the declared " + TagQueue + "=<queue> matches the topic or subscription (its " + TagQueue + " label, or its name: <queue>, <prefix>-<queue>, or either followed by -dlq); on a CryptoKey a producer may hold only roles/cloudkms.cryptoKeyEncrypter and a consumer only roles/cloudkms.cryptoKeyDecrypter. Google service agents may hold roles/cloudkms.cryptoKeyEncrypterDecrypter on keys (customer-managed encryption), and the Pub/Sub service agent may publish to dead-letter topics and subscribe to subscriptions that dead-letter. No person, group or undeclared account holds these roles, and nobody holds roles/pubsub.editor on them. Fix: grant each declared service account only its part's role on its own queue's topic, subscription and key, and write the declaration into each service account's description.",
	Types:       []string{TopicIAMMember, TopicIAMBinding, TopicIAMPolicy, SubscriptionIAMMember, SubscriptionIAMBinding, SubscriptionIAMPolicy, CryptoKeyIAMMember, CryptoKeyIAMBinding, CryptoKeyIAMPolicy, ServiceAccount, Topic, Subscription, CryptoKey},
	CheckStack:  checkAccessDeclared,
}

// Roles that read or write messages or use a key.
const (
	roleKeyEncrypter          = "roles/cloudkms.cryptoKeyEncrypter"
	roleKeyDecrypter          = "roles/cloudkms.cryptoKeyDecrypter"
	roleKeyEncrypterDecrypter = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
)

var dataRoles = map[string]bool{
	rolePublisher: true, roleSubscriber: true, "roles/pubsub.editor": true,
	roleKeyEncrypter: true, roleKeyDecrypter: true, roleKeyEncrypterDecrypter: true,
}

// partRoles are the roles each declared part needs, by level.
var partRoles = map[level]map[string]string{
	onTopic:        {rolePublisher: roleProducer},
	onSubscription: {roleSubscriber: roleConsumer},
	onCryptoKey:    {roleKeyEncrypter: roleProducer, roleKeyDecrypter: roleConsumer},
}

func checkAccessDeclared(st *rule.Stack, _ rule.Config) (f rule.Findings) {
	s := newGraph(st)
	dlts, _ := deadLetterTopics(s)
	for _, r := range s.OfType(TopicIAMMember, TopicIAMBinding, TopicIAMPolicy, SubscriptionIAMMember, SubscriptionIAMBinding, SubscriptionIAMPolicy, CryptoKeyIAMMember, CryptoKeyIAMBinding, CryptoKeyIAMPolicy) {
		k := iamKinds[r.Type]
		entityType := map[level]string{onTopic: Topic, onSubscription: Subscription, onCryptoKey: CryptoKey}[k.level]
		target := resolve(s, r, k.target, k.target, entityType)
		if len(target.targets) > 0 && !s.InScope(target.targets[0]) {
			continue
		}
		grants, st := grantsOf(r)
		if f.UnreadableAt(r.URN, st, "policyData") {
			continue
		}
		for _, g := range grants {
			if g.roleStatus == props.Unknown {
				f.UnverifiedAt(r.URN, "role")
				continue
			}
			if !dataRoles[g.role] {
				continue
			}
			if g.memberStatus == props.Unknown && len(dependsOn(s, r, g.path, ServiceAccount)) == 0 {
				f.UnverifiedAt(r.URN, g.path)
				continue
			}
			for _, who := range grantees(s, r, g) {
				judgeGrantee(s, &f, r, g, target, who, dlts)
			}
		}
	}
	return f
}

// grantee is one member of a grant and the service account it names.
type grantee struct {
	member  string
	account rule.Resource
	found   bool
}

// grantees resolves the members of a grant: known members by matching the
// accounts' member and email outputs, computed ones through property
// dependencies.
func grantees(s *graph, r rule.Resource, g grant) []grantee {
	var out []grantee
	for _, m := range g.members {
		gr := grantee{member: m}
		kind, id := memberKind(m)
		if kind == "serviceAccount" {
			for _, a := range s.OfType(ServiceAccount) {
				if strings.EqualFold(firstString(a, "email"), id) || strings.EqualFold(firstString(a, "member"), m) {
					gr.account, gr.found = a, true
				}
			}
		}
		out = append(out, gr)
	}
	if g.memberStatus == props.Unknown {
		for _, a := range dependsOn(s, r, g.path, ServiceAccount) {
			out = append(out, grantee{member: a.Name, account: a, found: true})
		}
	}
	return out
}

func judgeGrantee(s *graph, f *rule.Findings, r rule.Resource, g grant, target ref, who grantee, dlts []rule.Resource) {
	if isGoogleServiceAgent(who.member) && g.level == onCryptoKey {
		if g.role != roleKeyEncrypterDecrypter {
			f.ViolationAt(r.URN, g.path, "the service agent %s holds %s on key %s; a Google service agent needs only roles/cloudkms.cryptoKeyEncrypterDecrypter for customer-managed encryption", who.member, g.role, describe(target))
		}
		return
	}
	if isPubSubServiceAgent(who.member) {
		switch {
		case target.unknown():
			f.UnverifiedAt(r.URN, iamKinds[r.Type].target)
		case !serviceAgentMayHold(g.role, target, dlts):
			f.ViolationAt(r.URN, g.path, "the Pub/Sub service agent holds %s on %s, which is not a dead-letter topic or a dead-lettering subscription; remove the grant", g.role, describe(target))
		}
		return
	}
	if !who.found {
		f.ViolationAt(r.URN, g.path, "%s holds %s on %s but is not a declared service account of this stack; grant data roles only to declared producer and consumer service accounts", who.member, g.role, describe(target))
		return
	}
	desc, st := props.String(who.account.Properties, "description")
	if st == props.Unknown {
		f.UnverifiedAt(who.account.URN, "description")
		return
	}
	queue, role := parseDeclaration(desc)
	want, needed := partRoles[g.level][g.role]
	switch {
	case queue == "" || role == "":
		f.ViolationAt(r.URN, g.path, "service account %s holds %s on %s but declares no queue and role; write \"%s=<queue> %s=producer|consumer\" into its description", who.account.Name, g.role, describe(target), TagQueue, TagRole)
		return
	case !needed:
		f.ViolationAt(r.URN, g.path, "service account %s holds %s on %s %s; a producer needs only roles/pubsub.publisher on its topic and roles/cloudkms.cryptoKeyEncrypter on its key, a consumer only roles/pubsub.subscriber on its subscription and roles/cloudkms.cryptoKeyDecrypter on its key", who.account.Name, g.role, g.level, describe(target))
		return
	case role != want:
		f.ViolationAt(r.URN, g.path, "service account %s is declared %s of queue %s but holds %s on %s, which only a %s needs; remove the grant", who.account.Name, role, queue, g.role, describe(target), want)
		return
	case g.level == onCryptoKey:
		// A key may serve several queues, so its name says nothing about
		// which queue a grant on it is for.
		return
	}
	names, known := entityNames(target)
	switch {
	case !known:
		f.UnverifiedAt(r.URN, iamKinds[r.Type].target)
	case !matchesQueue(names, queue):
		f.ViolationAt(r.URN, g.path, "service account %s is declared for queue %s but holds %s on %s; remove the grant or correct the declaration", who.account.Name, queue, g.role, describe(target))
	}
}

// serviceAgentMayHold reports whether the Pub/Sub service agent needs role on
// the target to dead-letter: publisher on a dead-letter topic, subscriber on
// a subscription with a dead-letter policy.
func serviceAgentMayHold(role string, target ref, dlts []rule.Resource) bool {
	for _, t := range target.targets {
		switch {
		case role == rolePublisher && t.Type == Topic && hasURN(dlts, t.URN):
			return true
		case role == roleSubscriber && t.Type == Subscription && hasDeadLetterPolicy(t).Ok():
			return true
		}
	}
	return false
}

// isGoogleServiceAgent reports whether a member is a Google-managed service
// agent (service-<number>@gcp-sa-<service>.iam.gserviceaccount.com).
func isGoogleServiceAgent(m string) bool {
	kind, id := memberKind(m)
	return kind == "serviceAccount" && strings.Contains(id, "@gcp-sa-") && strings.HasSuffix(id, ".iam.gserviceaccount.com")
}

// parseDeclaration reads "pciqueue-queue=<q> pciqueue-role=<r>" from a
// service account description.
func parseDeclaration(desc string) (queue, role string) {
	for _, pair := range strings.Fields(desc) {
		k, v, _ := strings.Cut(pair, "=")
		switch k {
		case TagQueue:
			queue = v
		case TagRole:
			role = strings.ToLower(v)
		}
	}
	return queue, role
}

// entityNames returns the names a topic or subscription may be declared by:
// its pciqueue-queue label when it has one, otherwise its Pub/Sub and
// logical names; known is false when they are computed.
func entityNames(target ref) (names []string, known bool) {
	if len(target.targets) == 0 {
		if !target.status.Ok() {
			return nil, false
		}
		return []string{target.literal[strings.LastIndex(target.literal, "/")+1:]}, true
	}
	for _, t := range target.targets {
		labels, _ := scope.Tags(t.Type, t.Properties, t.Provider.Properties)
		if q := labels[TagQueue]; q != "" {
			names = append(names, q)
			continue
		}
		n, st := props.String(t.Properties, "name")
		if st == props.Unknown {
			return nil, false
		}
		names = append(names, n[strings.LastIndex(n, "/")+1:], t.Name)
	}
	return names, true
}

// matchesQueue reports whether one of names is the queue's: the queue name
// itself or with a stack prefix, each optionally with the -dlq suffix of its
// dead-letter topic or subscription, or a logical name the queue prefixes.
func matchesQueue(names []string, queue string) bool {
	for _, n := range names {
		base := strings.TrimSuffix(n, "-dlq")
		if n == queue || base == queue || strings.HasSuffix(base, "-"+queue) || strings.HasPrefix(n, queue+"-") {
			return true
		}
	}
	return false
}

func describe(target ref) string {
	if len(target.targets) > 0 {
		return target.targets[0].Name
	}
	if target.literal != "" {
		return target.literal
	}
	return "its target"
}
