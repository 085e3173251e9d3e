package components

import (
	"testing"
	"time"
)

func TestWithDefaults_pciDefaults(t *testing.T) {
	s := QueueSpec{Name: "payments"}.WithDefaults()
	if s.MessageRetention != 4*Day || s.VisibilityTimeout != time.Minute || s.MaxDeliveries != 5 ||
		s.KeyRotation != 90*Day || s.LogRetentionDays != 365 || s.DataClassification != ClassCardholderData ||
		s.Scope != ScopeCDE || !s.Protected() {
		t.Fatalf("defaults = %+v", s)
	}
	if len(s.Producers) != 1 || s.Producers[0] != "producer" || len(s.Consumers) != 1 || s.Consumers[0] != "consumer" {
		t.Fatalf("default identities = %v / %v", s.Producers, s.Consumers)
	}
}

func TestWithDefaults_keepsExplicitValues(t *testing.T) {
	off := false
	s := QueueSpec{Name: "refunds", MaxDeliveries: 7, LogRetentionDays: 400, Protect: &off}.WithDefaults()
	if s.MaxDeliveries != 7 || s.LogRetentionDays != 400 || s.Protected() {
		t.Fatalf("explicit values overwritten: %+v", s)
	}
}

func TestExpected_identitiesAndDiff(t *testing.T) {
	s := QueueSpec{Name: "payments"}.WithDefaults()
	s.Producers, s.Consumers = []string{"checkout", "pos"}, []string{"settlement"}
	g := Expected(s, false)
	if len(g.Identities) != 3 || g.Identities["producer/pos"][0] != CapSend || g.Identities["consumer/settlement"][0] != CapReceive {
		t.Fatalf("identities = %v", g.Identities)
	}
	other := Expected(s, false)
	if d := g.Diff(other); len(d) != 0 {
		t.Fatalf("equal guarantees differ: %v", d)
	}
	other.SameKey = false
	other.Identities = map[string][]Capability{"producer/checkout": {CapSend, CapReceive}}
	d := g.Diff(other)
	if len(d) != 4 {
		t.Fatalf("diff = %v, want SameKey and three identity lines", d)
	}
}
