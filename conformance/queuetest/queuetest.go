// Package queuetest is the cross-cloud conformance suite: one suite, a small harness per cloud, as
// go-cloud's drivertest. Each harness deploys its cloud's SecureQueue under the recording engine from the
// same QueueSpec and derives components.Guarantees from the resources it recorded, never from the
// arguments it passed. The suite requires every cloud to deliver components.Expected for every case and,
// therefore, every cloud to agree with every other.
//
// A difference a cloud cannot honour is declared by its harness in KnownGaps with the reason; the suite
// reports it and exempts only that field of only that cloud, so nothing is skipped silently.
package queuetest

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// Case is one deployment the suite asks every cloud for.
type Case struct {
	Name string
	Spec components.QueueSpec
	// BringYourOwnKey uses a key that exists outside the stack instead of creating one.
	BringYourOwnKey bool
	// Private asks for the private network boundary (VPC endpoint, private endpoint, VPC-SC perimeter).
	Private bool
}

// Harness deploys and inspects one cloud's SecureQueue.
type Harness interface {
	Cloud() components.Cloud
	// Deploy runs the cloud's SecureQueue for the case under the recording engine, in update mode.
	Deploy(c Case) ([]enginetest.Resource, error)
	// Derive reads the guarantees off the recorded resources of the queue named spec.Name.
	Derive(c Case, rs []enginetest.Resource) (components.Guarantees, error)
	// BroughtKey is the key a BringYourOwnKey case uses, as the cloud names it.
	BroughtKey() string
	// KnownGaps maps a Guarantees field name to why this cloud cannot deliver it as the contract says.
	KnownGaps() map[string]string
}

var (
	harnessesMu sync.RWMutex
	harnesses   = map[components.Cloud]Harness{}
)

// Register makes a cloud's harness part of the suite; the harness's package calls it from init. It panics
// when the cloud already has one.
func Register(h Harness) {
	harnessesMu.Lock()
	defer harnessesMu.Unlock()
	if _, dup := harnesses[h.Cloud()]; dup {
		panic(fmt.Sprintf("queuetest: Register called twice for cloud %q", h.Cloud()))
	}
	harnesses[h.Cloud()] = h
}

// Harnesses returns the registered harnesses in the order of components.Clouds; a registered cloud
// without a harness is left out (TestEveryCloudHasAHarness in conformance catches it).
func Harnesses() []Harness {
	harnessesMu.RLock()
	defer harnessesMu.RUnlock()
	var out []Harness
	for _, c := range components.Clouds() {
		if h, ok := harnesses[c]; ok {
			out = append(out, h)
		}
	}
	return out
}

// Expected is the contract for a case: components.Expected, adjusted for what a brought key means.
func Expected(c Case) components.Guarantees {
	spec := c.Spec.WithDefaults()
	g := components.Expected(spec, c.Private)
	if c.BringYourOwnKey {
		// A brought key's rotation and deletion guard are set where the key lives, outside the stack: the
		// stack can neither evidence nor weaken them, so every cloud reports them as not established here.
		g.KeyRotationDays, g.KeyDeletionGuarded, g.KeyProtectedInPulumi = 0, false, false
	}
	return g
}

// Cases is the table every cloud must satisfy.
func Cases() []Case {
	off := false
	return []Case{
		{Name: "defaults", Spec: components.QueueSpec{Name: "payments"}},
		{Name: "ordered with several producers", Spec: components.QueueSpec{Name: "payments", Ordered: true,
			Producers: []string{"checkout", "pos"}, Consumers: []string{"settlement"}}},
		{Name: "bring your own key", BringYourOwnKey: true, Spec: components.QueueSpec{Name: "refunds",
			DataClassification: components.ClassTokenized}},
		{Name: "private networking", Private: true, Spec: components.QueueSpec{Name: "payments", Ordered: true}},
		{Name: "long retention and many deliveries", Spec: components.QueueSpec{Name: "settlements",
			MessageRetention: 7 * 24 * time.Hour, VisibilityTimeout: 5 * time.Minute, MaxDeliveries: 20,
			KeyRotation: 365 * 24 * time.Hour, LogRetentionDays: 545, Protect: &off,
			Scope: components.ScopeConnected, Tags: map[string]string{"team": "ledger"}}},
		{Name: "short retention and few deliveries", Private: true, BringYourOwnKey: true, Spec: components.QueueSpec{
			Name: "chargebacks", MessageRetention: time.Hour, VisibilityTimeout: 30 * time.Second, MaxDeliveries: 5,
			Consumers: []string{"disputes", "fraud"}}},
	}
}

// RunConformanceTests runs every case against the harness and checks it delivers the contract.
func RunConformanceTests(t *testing.T, h Harness) {
	t.Helper()
	gaps := h.KnownGaps()
	for field, why := range gaps {
		t.Logf("%s known gap: %s: %s", h.Cloud(), field, why)
	}
	for _, c := range Cases() {
		t.Run(c.Name, func(t *testing.T) {
			if err := c.Spec.WithDefaults().Validate(h.Cloud()); err != nil {
				t.Fatalf("the case is not valid on %s, fix the table: %v", h.Cloud(), err)
			}
			rs, err := h.Deploy(c)
			if err != nil {
				t.Fatalf("deploying on %s: %v", h.Cloud(), err)
			}
			got, err := h.Derive(c, rs)
			if err != nil {
				t.Fatalf("deriving guarantees on %s: %v", h.Cloud(), err)
			}
			for _, d := range Differences(got, Expected(c), gaps) {
				t.Errorf("%s breaks the contract: %s", h.Cloud(), d)
			}
		})
	}
}

// Differences lists how got differs from want, leaving out the fields named in gaps.
func Differences(got, want components.Guarantees, gaps map[string]string) []string {
	var out []string
	for _, d := range got.Diff(want) {
		field := d
		if i := strings.IndexAny(d, ":["); i >= 0 {
			field = d[:i]
		}
		if _, known := gaps[field]; !known {
			out = append(out, d)
		}
	}
	return out
}

// Fields lists the Guarantees field names, to check that a known gap names a real field.
func Fields() []string {
	t := reflect.TypeOf(components.Guarantees{})
	out := make([]string, t.NumField())
	for i := range out {
		out[i] = t.Field(i).Name
	}
	sort.Strings(out)
	return out
}

// Describe renders guarantees for a failure message, one field a line.
func Describe(g components.Guarantees) string {
	v := reflect.ValueOf(g)
	var b strings.Builder
	for i := 0; i < v.NumField(); i++ {
		fmt.Fprintf(&b, "  %s: %v\n", v.Type().Field(i).Name, v.Field(i).Interface())
	}
	return b.String()
}
