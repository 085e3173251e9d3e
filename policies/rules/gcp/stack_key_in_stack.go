package gcp

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyInStack requires each topic's key to be a rotating encryption key of
// the stack.
var KeyInStack = rule.Rule{
	Name:        "pci-3.6.1-pubsub-key-in-stack",
	Requirement: "3.6.1",
	Description: "Every Pub/Sub topic in scope is encrypted with a Cloud KMS CryptoKey of the same stack (kmsKeyName names it, or depends on it in a preview), so the key's management is visible and enforced here: the key is a symmetric encryption key (purpose ENCRYPT_DECRYPT) that rotates at least every 365 days. A key name the pack configuration declares in externalKeys (on pci-12.5.2-scope-tags) is managed and assessed outside the stack: it passes with a notice from pci-evidence-outside-stack. Every subscription in scope reads a topic of the stack. Fix: create the gcp.kms.CryptoKey in this stack with rotationPeriod \"7776000s\" and set the topic's kmsKeyName to its id; or, for a key of a central key project, declare its name in externalKeys and evidence its rotation where it lives.",
	Types:       []string{Topic, Subscription, CryptoKey},
	CheckStack: func(st *rule.Stack, _ rule.Config) (f rule.Findings) {
		s := newGraph(st)
		judged := map[string]bool{}
		for _, t := range s.OfType(Topic) {
			if !s.InScope(t) {
				continue
			}
			k := topicKey(s, t)
			switch {
			case len(k.targets) > 0:
			case k.unknown():
				f.UnverifiedAt(t.URN, "kmsKeyName")
				continue
			case k.status == props.WrongKind:
				f.UnreadableAt(t.URN, k.status, "kmsKeyName")
				continue
			case k.literal == "":
				f.ViolationAt(t.URN, "kmsKeyName", "topic %s has no customer-managed key; create a CryptoKey in this stack and set kmsKeyName to it", t.Name)
				continue
			default:
				if key, ok := s.External().GCPKey(k.literal); ok {
					f.NoticeAt(t.URN, "kmsKeyName", "topic %s is encrypted with key %s, declared managed outside the stack (externalKeys); this stack cannot show its rotation or destruction delay: evidence them where the key lives", t.Name, key.ID)
					continue
				}
				f.ViolationAt(t.URN, "kmsKeyName", "topic %s is encrypted with a key this stack does not manage, so its rotation cannot be shown; manage the key in this stack, or declare it in externalKeys if a key project outside the stack manages it", t.Name)
				continue
			}
			for _, key := range k.targets {
				if judged[key.URN] {
					continue
				}
				judged[key.URN] = true
				if p, st := props.String(key.Properties, "purpose"); !f.UnreadableAt(key.URN, st, "purpose") && st.Ok() && p != "" && !strings.EqualFold(p, "ENCRYPT_DECRYPT") {
					f.ViolationAt(key.URN, "purpose", "topic %s's key has purpose %s; Pub/Sub needs a symmetric ENCRYPT_DECRYPT key", t.Name, p)
				}
				judgeKeyRotation(&f, key.URN, key, 365)
			}
		}
		for _, sub := range s.OfType(Subscription) {
			if !s.InScope(sub) {
				continue
			}
			switch t := subscriptionTopic(s, sub); {
			case len(t.targets) > 0:
			case t.unknown():
				f.UnverifiedAt(sub.URN, "topic")
			case t.status.Ok():
				f.ViolationAt(sub.URN, "topic", "subscription %s reads topic %s, which this stack does not manage, so its encryption cannot be shown; manage the topic in this stack", sub.Name, t.literal)
			}
		}
		return f
	},
}
