package gcp

import (
	"strconv"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// level is what an IAM resource grants on.
type level string

const (
	onProject      level = "project"
	onTopic        level = "topic"
	onSubscription level = "subscription"
	onCryptoKey    level = "crypto key"
	onKeyRing      level = "key ring"
)

// iamKind describes one IAM resource type: the level it grants on, the
// property naming the target, and its shape (member, members or policyData).
type iamKind struct {
	level  level
	target string
	shape  string
}

var iamKinds = map[string]iamKind{
	TopicIAMMember:         {onTopic, "topic", "member"},
	TopicIAMBinding:        {onTopic, "topic", "members"},
	TopicIAMPolicy:         {onTopic, "topic", "policyData"},
	SubscriptionIAMMember:  {onSubscription, "subscription", "member"},
	SubscriptionIAMBinding: {onSubscription, "subscription", "members"},
	SubscriptionIAMPolicy:  {onSubscription, "subscription", "policyData"},
	CryptoKeyIAMMember:     {onCryptoKey, "cryptoKeyId", "member"},
	CryptoKeyIAMBinding:    {onCryptoKey, "cryptoKeyId", "members"},
	CryptoKeyIAMPolicy:     {onCryptoKey, "cryptoKeyId", "policyData"},
	KeyRingIAMMember:       {onKeyRing, "keyRingId", "member"},
	KeyRingIAMBinding:      {onKeyRing, "keyRingId", "members"},
	KeyRingIAMPolicy:       {onKeyRing, "keyRingId", "policyData"},
	ProjectIAMMember:       {onProject, "project", "member"},
	ProjectIAMBinding:      {onProject, "project", "members"},
	ProjectIAMPolicy:       {onProject, "project", "policyData"},
}

// iamTypes returns every IAM resource type token.
func iamTypes() []string {
	out := make([]string, 0, len(iamKinds))
	for t := range iamKinds {
		out = append(out, t)
	}
	return sortStrings(out)
}

// grant is one role given to some members by an IAM resource.
type grant struct {
	level level
	// path is the property path of the members (for findings).
	path       string
	role       string
	roleStatus props.Status
	members    []string
	// memberStatus is Unknown when some member is computed.
	memberStatus props.Status
}

// grantsOf returns the grants an IAM resource makes. st is the status of
// its policy document for IAMPolicy resources (Unknown when computed,
// WrongKind when malformed).
func grantsOf(r rule.Resource) (out []grant, st props.Status) {
	k, ok := iamKinds[r.Type]
	if !ok {
		return nil, props.Absent
	}
	switch k.shape {
	case "member", "members":
		role, rst := props.String(r.Properties, "role")
		members, mst := props.Strings(r.Properties, k.shape)
		return []grant{{level: k.level, path: k.shape, role: role, roleStatus: rst, members: members, memberStatus: mst}}, props.Known
	}
	doc, st := props.JSON(r.Properties, "policyData")
	if !st.Ok() {
		return nil, st
	}
	obj, _ := doc.(map[string]any)
	bindings, _ := obj["bindings"].([]any)
	for i, b := range bindings {
		bm, _ := b.(map[string]any)
		g := grant{level: k.level, path: "policyData.bindings[" + strconv.Itoa(i) + "]", memberStatus: props.Known, roleStatus: props.Absent}
		if role, ok := bm["role"].(string); ok {
			g.role, g.roleStatus = role, props.Known
		}
		list, _ := bm["members"].([]any)
		for _, m := range list {
			if s, ok := m.(string); ok {
				g.members = append(g.members, s)
			}
		}
		out = append(out, g)
	}
	return out, st
}

// memberKind returns the principal type of an IAM member ("serviceAccount",
// "user", "group", "domain", "allUsers", ...) and its identifier.
func memberKind(m string) (kind, id string) {
	m = strings.TrimSpace(m)
	if k, v, ok := strings.Cut(m, ":"); ok && !strings.Contains(k, "/") {
		return k, strings.ToLower(v)
	}
	return m, ""
}

// isPubSubServiceAgent reports whether a member is a project's Pub/Sub
// service agent (service-<number>@gcp-sa-pubsub.iam.gserviceaccount.com).
func isPubSubServiceAgent(m string) bool {
	kind, id := memberKind(m)
	return kind == "serviceAccount" && strings.HasPrefix(id, "service-") && strings.HasSuffix(id, "@gcp-sa-pubsub.iam.gserviceaccount.com")
}

// serviceAgentNumber returns the project number of a Pub/Sub service agent
// member.
func serviceAgentNumber(m string) string {
	if !isPubSubServiceAgent(m) {
		return ""
	}
	_, id := memberKind(m)
	return strings.TrimPrefix(strings.TrimSuffix(id, "@gcp-sa-pubsub.iam.gserviceaccount.com"), "service-")
}
