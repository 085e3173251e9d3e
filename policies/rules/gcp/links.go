package gcp

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// ref is what a reference property resolves to in the stack.
type ref struct {
	// targets are the stack's resources it names.
	targets []rule.Resource
	// literal is the known value, when there is one.
	literal string
	status  props.Status
}

// unknown reports whether the reference cannot be resolved yet: its value is
// computed and no property dependency names a target.
func (r ref) unknown() bool { return len(r.targets) == 0 && r.status == props.Unknown }

// resolve resolves the reference at path (whose top-level property is prop)
// of r to resources of the given types. A known value names the resources
// whose id or name it equals; a property dependency names a resource only
// when the value is computed, or when the dependency's own id is not known
// yet and so cannot contradict the value.
func resolve(s *graph, r rule.Resource, prop, path string, types ...string) ref {
	v, st := props.String(r.Properties, path)
	out := ref{literal: strings.TrimSpace(v), status: st}
	known := st.Ok() && out.literal != ""
	if known {
		for _, t := range s.named(out.literal, types...) {
			if sameName(firstString(t, "id"), out.literal) || (t.Type != CryptoKey && sameName(firstString(t, "name"), out.literal)) {
				out.targets = append(out.targets, t)
			}
		}
	}
	for _, t := range dependsOn(s, r, prop, types...) {
		if _, idst := props.String(t.Properties, "id"); (!known || !idst.Ok()) && !hasURN(out.targets, t.URN) {
			out.targets = append(out.targets, t)
		}
	}
	return out
}

// topicKey resolves a topic's kmsKeyName.
func topicKey(s *graph, t rule.Resource) ref {
	return resolve(s, t, "kmsKeyName", "kmsKeyName", CryptoKey)
}

// subscriptionTopic resolves the topic a subscription reads.
func subscriptionTopic(s *graph, sub rule.Resource) ref {
	return resolve(s, sub, "topic", "topic", Topic)
}

// deadLetterTopic resolves a subscription's dead-letter topic.
func deadLetterTopic(s *graph, sub rule.Resource) ref {
	return resolve(s, sub, "deadLetterPolicy", "deadLetterPolicy.deadLetterTopic", Topic)
}

// hasDeadLetterPolicy reports the status of a subscription's dead-letter
// policy: Known when it has one.
func hasDeadLetterPolicy(sub rule.Resource) props.Status {
	m, st := props.Map(sub.Properties, "deadLetterPolicy")
	if st.Ok() && m.Len() == 0 {
		return props.Absent
	}
	return st
}

// deadLetterTopics returns the topics of the stack that some subscription
// dead-letters to, and the literal names of those outside the stack.
func deadLetterTopics(s *graph) (topics []rule.Resource, literals []string) {
	for _, sub := range s.OfType(Subscription) {
		if !hasDeadLetterPolicy(sub).Ok() {
			continue
		}
		d := deadLetterTopic(s, sub)
		for _, t := range d.targets {
			if !hasURN(topics, t.URN) {
				topics = append(topics, t)
			}
		}
		if d.status.Ok() && d.literal != "" {
			literals = append(literals, d.literal)
		}
	}
	return topics, literals
}

// projectOf returns the project ID a resource lives in: its project
// property, or its provider's project.
func projectOf(r rule.Resource) (string, props.Status) {
	if p, st := props.String(r.Properties, "project"); st != props.Absent {
		return p, st
	}
	p, st := props.String(r.Provider.Properties, "project")
	if st == props.Absent {
		return "", props.Known
	}
	return p, st
}
