package components

import (
	"fmt"
	"reflect"
	"slices"
)

// Capability is a data-plane permission on one queue, named the same on every cloud.
type Capability string

// The two capabilities an identity can hold on a queue. Receive includes settling (delete, complete or
// acknowledge) and extending the lock, which a consumer cannot work without.
const (
	CapSend    Capability = "send"
	CapReceive Capability = "receive"
)

// Guarantees are the security properties of one SecureQueue, as docs/contract.md lists them. A cloud's
// conformance harness derives them from the resources its component registered; the suite then requires
// the three clouds to agree and to match Expected. Every field is a property an assessor would ask about,
// never a resource count, so two clouds that reach a property differently still compare equal.
type Guarantees struct {
	// PCI DSS 3.5.1: the queue and its dead-letter queue are encrypted with a customer-managed key, the same one.
	QueueCMK      bool
	DeadLetterCMK bool
	SameKey       bool
	// PCI DSS 3.6, 3.7.4: the key rotates at least yearly and cannot be destroyed in one step.
	KeyRotationDays      int
	KeyDeletionGuarded   bool
	KeyProtectedInPulumi bool
	// PCI DSS 4.2.1: the minimum TLS version the queue endpoint accepts.
	MinTLSVersion string
	// PCI DSS 8.3, 8.6: no shared secrets (SAS keys, IAM users, service-account keys) can reach the queue.
	SharedKeysDisabled bool
	// PCI DSS 1.3, 1.4: the queue is reachable only through the private network boundary.
	PrivateNetworkOnly bool
	// PCI DSS 7.2: each declared identity and exactly the capabilities it holds on this queue, nothing broader.
	Identities          map[string][]Capability
	GrantsScopedToQueue bool
	// Availability and PCI DSS 10.7: failed messages are kept, not lost.
	MaxDeliveries         int
	DeadLetterKept        bool
	MessageRetentionSecs  int64
	VisibilityTimeoutSecs int64
	Ordered               bool
	// PCI DSS 10.2, 10.3, 10.5.1: data-plane access to the queue and key is audited and kept.
	AuditDataAccess    bool
	AuditRetentionDays int
	// PCI DSS 12.5.2: every resource is marked with its scope and data classification.
	ScopeMarked        bool
	Scope              string
	DataClassification string
}

// Expected returns the guarantees a component must deliver for a validated spec. private says whether the
// deployment asked for the private network boundary.
func Expected(s QueueSpec, private bool) Guarantees {
	ids := map[string][]Capability{}
	for _, p := range s.Producers {
		ids[IdentityKey(RoleProducer, p)] = []Capability{CapSend}
	}
	for _, c := range s.Consumers {
		ids[IdentityKey(RoleConsumer, c)] = []Capability{CapReceive}
	}
	return Guarantees{
		QueueCMK:              true,
		DeadLetterCMK:         true,
		SameKey:               true,
		KeyRotationDays:       int(s.KeyRotation / Day),
		KeyDeletionGuarded:    true,
		KeyProtectedInPulumi:  s.Protected(),
		MinTLSVersion:         "1.2",
		SharedKeysDisabled:    true,
		PrivateNetworkOnly:    private,
		Identities:            ids,
		GrantsScopedToQueue:   true,
		MaxDeliveries:         s.MaxDeliveries,
		DeadLetterKept:        true,
		MessageRetentionSecs:  int64(s.MessageRetention.Seconds()),
		VisibilityTimeoutSecs: int64(s.VisibilityTimeout.Seconds()),
		Ordered:               s.Ordered,
		AuditDataAccess:       true,
		AuditRetentionDays:    s.LogRetentionDays,
		ScopeMarked:           true,
		Scope:                 s.Scope,
		DataClassification:    s.DataClassification,
	}
}

// IdentityKey names a declared identity the same way on every cloud: "producer/checkout".
func IdentityKey(role, name string) string { return role + "/" + name }

// Diff lists, field by field, where g differs from want; it is empty when they are equal.
func (g Guarantees) Diff(want Guarantees) []string {
	var out []string
	gv, wv := reflect.ValueOf(g), reflect.ValueOf(want)
	for i := 0; i < gv.NumField(); i++ {
		name := gv.Type().Field(i).Name
		a, b := gv.Field(i).Interface(), wv.Field(i).Interface()
		if ga, ok := a.(map[string][]Capability); ok {
			out = append(out, diffIdentities(ga, b.(map[string][]Capability))...)
			continue
		}
		if !reflect.DeepEqual(a, b) {
			out = append(out, fmt.Sprintf("%s: got %v, want %v", name, a, b))
		}
	}
	return out
}

func diffIdentities(got, want map[string][]Capability) []string {
	var out []string
	keys := make([]string, 0, len(got)+len(want))
	for k := range got {
		keys = append(keys, k)
	}
	for k := range want {
		if _, ok := got[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		g, w := slices.Clone(got[k]), slices.Clone(want[k])
		slices.Sort(g)
		slices.Sort(w)
		if !slices.Equal(g, w) {
			out = append(out, fmt.Sprintf("Identities[%s]: got %v, want %v", k, g, w))
		}
	}
	return out
}
