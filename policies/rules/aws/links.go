package aws

import (
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// keyRef is what a queue's kmsMasterKeyId resolves to.
type keyRef struct {
	// keys are the aws:kms/key:Key resources of the stack it names, directly
	// or through an aws:kms/alias:Alias.
	keys []rule.Resource
	// literal is the known value, when there is one.
	literal string
	status  props.Status
}

// queueKey resolves a queue's kmsMasterKeyId within the stack.
func queueKey(s *rule.Stack, q rule.Resource) keyRef {
	literal, st := props.String(q.Properties, "kmsMasterKeyId")
	ref := keyRef{literal: strings.TrimSpace(literal), status: st}
	for _, t := range s.Refs(q, "kmsMasterKeyId", Key, Alias) {
		if t.Type == Key {
			ref.keys = appendUnique(ref.keys, t)
			continue
		}
		for _, k := range s.Refs(t, "targetKeyId", Key) {
			ref.keys = appendUnique(ref.keys, k)
		}
	}
	return ref
}

func appendUnique(rs []rule.Resource, r rule.Resource) []rule.Resource {
	if slices.ContainsFunc(rs, func(x rule.Resource) bool { return x.URN == r.URN }) {
		return rs
	}
	return append(rs, r)
}

// sameKey reports whether two key references name the same key: the same key
// resource, or the same known literal. ok is false when that cannot be told
// yet (a value is computed and no dependency names a key).
func sameKey(a, b keyRef) (same, ok bool) {
	if len(a.keys) > 0 && len(b.keys) > 0 {
		for _, k := range a.keys {
			if slices.ContainsFunc(b.keys, func(x rule.Resource) bool { return x.URN == k.URN }) {
				return true, true
			}
		}
		return false, true
	}
	if a.status.Ok() && b.status.Ok() {
		return a.literal != "" && a.literal == b.literal, true
	}
	return false, false
}

// redriveSettings returns the redrive document of queue q: its own
// redrivePolicy, or that of an aws.sqs.RedrivePolicy whose queueUrl names it.
// The resource carrying it is returned so that dependencies can be followed.
func redriveSettings(s *rule.Stack, q rule.Resource, prop, resType string) (carrier rule.Resource, doc map[string]any, st props.Status) {
	raw, st := props.JSON(q.Properties, prop)
	if st != props.Absent {
		obj, _ := raw.(map[string]any)
		return q, obj, st
	}
	for _, r := range s.OfType(resType) {
		if !slices.ContainsFunc(s.Refs(r, "queueUrl", Queue), func(x rule.Resource) bool { return x.URN == q.URN }) {
			continue
		}
		raw, st := props.JSON(r.Properties, prop)
		obj, _ := raw.(map[string]any)
		return r, obj, st
	}
	return q, nil, props.Absent
}

// deadLetterQueues returns the stack's queues that q redrives to, and the
// status of its redrive policy.
func deadLetterQueues(s *rule.Stack, q rule.Resource) ([]rule.Resource, props.Status) {
	carrier, doc, st := redriveSettings(s, q, "redrivePolicy", RedrivePolicyRes)
	var out []rule.Resource
	switch {
	case st.Ok():
		if arn, _ := doc["deadLetterTargetArn"].(string); arn != "" {
			for _, t := range s.Match(arn, Queue) {
				out = appendUnique(out, t)
			}
		}
	case st == props.Unknown:
		for _, urn := range carrier.PropertyDependencies["redrivePolicy"] {
			if t, ok := s.ByURN(urn); ok && t.Type == Queue && t.URN != q.URN {
				out = appendUnique(out, t)
			}
		}
	}
	return out, st
}

// deadLetterSet returns the URNs of the stack's queues that serve as
// dead-letter queues: they have a redrive allow policy, or another queue of
// the stack redrives to them.
func deadLetterSet(s *rule.Stack) map[string]bool {
	set := map[string]bool{}
	for _, q := range s.OfType(Queue) {
		if _, _, st := redriveSettings(s, q, "redriveAllowPolicy", RedriveAllowPolicyRes); st != props.Absent {
			set[q.URN] = true
		}
		dlqs, _ := deadLetterQueues(s, q)
		for _, d := range dlqs {
			set[d.URN] = true
		}
	}
	return set
}

// queueNames are the names a declaration may use for a queue: its logical
// name (from the URN), its SQS name, and the logical name of the component
// that owns it.
func queueNames(q rule.Resource) []string {
	names := []string{q.Name}
	if n, st := props.String(q.Properties, "name"); st.Ok() && n != "" && n != q.Name {
		names = append(names, n)
	}
	if i := strings.LastIndex(q.Parent, "::"); i >= 0 && !strings.Contains(q.Parent, "::pulumi:pulumi:Stack::") {
		names = append(names, q.Parent[i+2:])
	}
	return names
}
