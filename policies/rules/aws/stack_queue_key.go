package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// QueueKeyInStack requires each queue's key to be a compliant CMK managed in
// the same stack.
var QueueKeyInStack = rule.Rule{
	Name:        "pci-3.6.1-queue-key-in-stack",
	Requirement: "3.6.1",
	Description: "Every SQS queue in scope is encrypted with a customer-managed aws.kms.Key of the same stack (named directly or through an aws.kms.Alias), so its key management is visible and enforced here: the key is symmetric (ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT), rotates automatically at least yearly, keeps a deletion window of 7 to 30 days and has an explicit key policy (its policy property or an aws.kms.KeyPolicy). A key ARN the pack configuration declares in externalKeys (on pci-12.5.2-scope-tags) is managed and assessed outside the stack: it passes with a notice from pci-evidence-outside-stack. Fix: create the key in this stack with enableKeyRotation true and a key policy, and set the queue's kmsMasterKeyId to it; or, for a key of a central key-management account, declare its ARN in externalKeys and evidence its rotation, deletion window and policy where it lives.",
	Types:       []string{Queue, Key, Alias, KeyPolicy},
	CheckStack:  checkQueueKeyInStack,
}

func checkQueueKeyInStack(s *rule.Stack, _ rule.Config) (f rule.Findings) {
	checked := map[string]bool{}
	for _, q := range s.OfType(Queue) {
		if !s.InScope(q) {
			continue
		}
		ref := queueKey(s, q)
		switch {
		case len(ref.keys) > 0:
		case ref.status == props.Unknown:
			f.UnverifiedAt(q.URN, "kmsMasterKeyId")
			continue
		case ref.status == props.Absent || ref.literal == "":
			f.ViolationAt(q.URN, "kmsMasterKeyId", "the queue has no customer-managed key; create an aws.kms.Key in this stack and set kmsMasterKeyId to it")
			continue
		default:
			if k, ok := s.External().AWSKey(ref.literal); ok {
				f.NoticeAt(q.URN, "kmsMasterKeyId", "queue %s is encrypted with key %s, declared managed outside the stack (externalKeys); this stack cannot show its rotation, deletion window or key policy: evidence them where the key lives", q.Name, k.ID)
				continue
			}
			f.ViolationAt(q.URN, "kmsMasterKeyId", "kmsMasterKeyId names a key this stack does not manage, so its rotation, deletion window and policy cannot be shown; manage the key in this stack, or declare it in externalKeys if a key-management account outside the stack manages it")
			continue
		}
		for _, k := range ref.keys {
			if !checked[k.URN] {
				checked[k.URN] = true
				checkQueueKey(s, k, &f)
			}
		}
	}
	return f
}

func checkQueueKey(s *rule.Stack, k rule.Resource, f *rule.Findings) {
	if usage, st := props.String(k.Properties, "keyUsage"); !f.UnreadableAt(k.URN, st, "keyUsage") && st.Ok() && usage != "" && !strings.EqualFold(usage, "ENCRYPT_DECRYPT") {
		f.ViolationAt(k.URN, "keyUsage", "a queue key must be an encryption key; keyUsage is %s", usage)
	}
	if spec, st := props.String(k.Properties, "customerMasterKeySpec"); !f.UnreadableAt(k.URN, st, "customerMasterKeySpec") && st.Ok() && spec != "" && !strings.EqualFold(spec, "SYMMETRIC_DEFAULT") {
		f.ViolationAt(k.URN, "customerMasterKeySpec", "SQS needs a symmetric key; customerMasterKeySpec is %s", spec)
	}
	if on, st := props.Bool(k.Properties, "enableKeyRotation"); !f.UnreadableAt(k.URN, st, "enableKeyRotation") && !(st.Ok() && on) {
		f.ViolationAt(k.URN, "enableKeyRotation", "the queue's key does not rotate; set enableKeyRotation to true")
	}
	if days, st := props.Number(k.Properties, "rotationPeriodInDays"); !f.UnreadableAt(k.URN, st, "rotationPeriodInDays") && st.Ok() && days > 365 {
		f.ViolationAt(k.URN, "rotationPeriodInDays", "the queue's key rotates every %g days; set rotationPeriodInDays to 365 or less", days)
	}
	if days, st := props.Number(k.Properties, "deletionWindowInDays"); !f.UnreadableAt(k.URN, st, "deletionWindowInDays") && st.Ok() && !validDeletionWindow(days) {
		f.ViolationAt(k.URN, "deletionWindowInDays", "the queue's key has a %g-day deletion window; set deletionWindowInDays to a value from 7 to 30", days)
	}
	pol, st := props.String(k.Properties, "policy")
	switch {
	case st == props.Unknown:
		f.UnverifiedAt(k.URN, "policy")
	case st.Ok() && strings.TrimSpace(pol) != "":
	default:
		for _, kp := range s.OfType(KeyPolicy) {
			for _, t := range s.Refs(kp, "keyId", Key) {
				if t.URN == k.URN {
					return
				}
			}
		}
		f.ViolationAt(k.URN, "policy", "the queue's key has no explicit key policy; set policy on the key or add an aws.kms.KeyPolicy")
	}
}
