// Package mutation weakens compliant recorded resources one security property at a time. The mutation
// suite feeds every weakened stack to the policy pack and requires at least one mandatory violation for
// each: a weakening the pack does not catch is a survivor, and any survivor fails the suite. A weakening of
// the project's hardening beyond PCI DSS (Hardening) must pass with no mandatory violation instead, reported
// by its advisory policy where it has one.
//
// # What differs by cloud
//
// Each cloud registers its own list (aws.go, azure.go, gcp.go) because the same weakening — drop the key, allow
// plain text, widen a grant, shorten log retention — lives in different properties on each cloud.
package mutation

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// Mutation is one weakening of a compliant stack. Guarantee names the components.Guarantees field it
// breaks (or NoCardNumbers); Rules are the mandatory policies that must each report it, so a rule that stops
// catching its weakening fails the suite even while another rule still blocks the stack.
type Mutation struct {
	Name      string
	Guarantee string
	Rules     []string
	Apply     func(rs []enginetest.Resource) ([]enginetest.Resource, error)
}

// NoCardNumbers is the guarantee, beyond the per-queue components.Guarantees, that no card number is
// written into resource metadata (QueueSpec.Validate refuses one; the pack blocks one written any other way).
const NoCardNumbers = "NoCardNumbers"

func rules(names ...string) []string { return names }

// Gaps are the Guarantees fields a cloud's mutations do not weaken, each with the reason: a field no
// PCI DSS requirement bounds, or one the cloud's service cannot weaken.
type Gaps map[string]string

// ContractGaps are the Guarantees fields no cloud's list weakens, for the reason given.
var ContractGaps = Gaps{
	"KeyProtectedInPulumi":  "a Pulumi resource option, not a cloud setting the pack can see; the cloud's own deletion guard is KeyDeletionGuarded",
	"VisibilityTimeoutSecs": "how long a received message stays hidden is an availability setting no PCI DSS requirement bounds",
	"Ordered":               "delivery order is a functional property, not a security one",
	"ScopeMarked":           "scope tags support the 12.5.2 inventory but their absence is no PCI DSS failure: removing them is a hardening weakening the pack reports as advisory",
	"Scope":                 "the scope a queue declares is the assessor's input, not a setting a weakening can change; ScopeMarked covers its marking",
	"DataClassification":    "the classification a queue declares is the assessor's input, not a setting a weakening can change; ScopeMarked covers its marking",
}

// Hardening is a weakening of the project's own hardening that leaves every PCI DSS requirement met. The
// pack must not block it: Policy names the advisory policy that reports it, or is empty where the pack
// accepts it as the hardened real-world setting it is; Reason says why PCI DSS is still met.
type Hardening struct {
	Mutation
	Policy string
	Reason string
}

// lists are a cloud's mutations, hardening weakenings and known gaps.
type lists struct {
	mutations []Mutation
	hardening []Hardening
	gaps      Gaps
}

var (
	byCloudMu sync.RWMutex
	byCloud   = map[components.Cloud]lists{}
)

// Register adds the mutations, hardening weakenings and known gaps of a cloud; its list file calls it from
// init.
func Register(cloud components.Cloud, ms []Mutation, hardening []Hardening, gaps Gaps) {
	byCloudMu.Lock()
	defer byCloudMu.Unlock()
	l := byCloud[cloud]
	l.mutations = append(l.mutations, ms...)
	l.hardening = append(l.hardening, hardening...)
	if l.gaps == nil {
		l.gaps = Gaps{}
	}
	maps.Copy(l.gaps, gaps)
	byCloud[cloud] = l
}

// GapsFor returns the Guarantees fields a cloud declares its mutations do not weaken, with ContractGaps.
func GapsFor(cloud components.Cloud) Gaps {
	byCloudMu.RLock()
	defer byCloudMu.RUnlock()
	gaps := maps.Clone(ContractGaps)
	maps.Copy(gaps, byCloud[cloud].gaps)
	return gaps
}

// For returns the mutations registered for a cloud.
func For(cloud components.Cloud) []Mutation {
	byCloudMu.RLock()
	defer byCloudMu.RUnlock()
	return byCloud[cloud].mutations
}

// HardeningFor returns the hardening weakenings registered for a cloud.
func HardeningFor(cloud components.Cloud) []Hardening {
	byCloudMu.RLock()
	defer byCloudMu.RUnlock()
	return byCloud[cloud].hardening
}

// Clone deep-copies resources so that a mutation never leaks into the next one.
func Clone(rs []enginetest.Resource) []enginetest.Resource {
	out := make([]enginetest.Resource, len(rs))
	for i, r := range rs {
		out[i] = r
		out[i].Inputs = deepCopy(resource.NewObjectProperty(r.Inputs)).ObjectValue()
		if r.Outputs != nil {
			out[i].Outputs = deepCopy(resource.NewObjectProperty(r.Outputs)).ObjectValue()
		}
	}
	return out
}

func deepCopy(v resource.PropertyValue) resource.PropertyValue {
	switch {
	case v.IsObject():
		m := resource.PropertyMap{}
		for k, e := range v.ObjectValue() {
			m[k] = deepCopy(e)
		}
		return resource.NewObjectProperty(m)
	case v.IsArray():
		a := make([]resource.PropertyValue, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			a[i] = deepCopy(e)
		}
		return resource.NewArrayProperty(a)
	case v.IsSecret():
		return resource.MakeSecret(deepCopy(v.SecretValue().Element))
	}
	return v
}

// edit applies f to the inputs of every resource of typ whose logical name ends with suffix; it fails when
// none matches, so a mutation that no longer finds its target is reported instead of passing vacuously.
func edit(typ, suffix string, f func(in resource.PropertyMap) error) func([]enginetest.Resource) ([]enginetest.Resource, error) {
	return func(rs []enginetest.Resource) ([]enginetest.Resource, error) {
		out := Clone(rs)
		n := 0
		for i := range out {
			if out[i].Type == typ && strings.HasSuffix(out[i].Name, suffix) {
				computed := computedOutputs(out[i])
				if err := f(out[i].Inputs); err != nil {
					return nil, fmt.Errorf("mutating %s %q: %w", typ, out[i].Name, err)
				}
				out[i].Outputs = withInputs(out[i].Inputs, computed)
				n++
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("no %s named *%s to mutate", typ, suffix)
		}
		return out, nil
	}
}

// computedOutputs are the outputs a provider adds to a resource's inputs (ARNs, IDs, URLs).
func computedOutputs(r enginetest.Resource) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k, v := range r.Outputs {
		if _, isInput := r.Inputs[k]; !isInput {
			out[k] = v
		}
	}
	return out
}

// withInputs is the state of a resource created from inputs: the provider echoes the inputs back and adds
// its computed outputs, so a weakened input is what the policy pack sees in the state too.
func withInputs(inputs, computed resource.PropertyMap) resource.PropertyMap {
	state := inputs.Copy()
	for k, v := range computed {
		state[k] = v
	}
	return state
}

func set(key string, v any) func(resource.PropertyMap) error {
	return func(in resource.PropertyMap) error {
		in[resource.PropertyKey(key)] = resource.NewPropertyValue(v)
		return nil
	}
}

func del(key string) func(resource.PropertyMap) error {
	return func(in resource.PropertyMap) error {
		if _, ok := in[resource.PropertyKey(key)]; !ok {
			return fmt.Errorf("no %s to remove", key)
		}
		delete(in, resource.PropertyKey(key))
		return nil
	}
}

// setPath sets a value under nested objects, creating none: the path must exist up to its last key.
func setPath(v any, path ...string) func(resource.PropertyMap) error {
	return func(in resource.PropertyMap) error {
		m := in
		for _, k := range path[:len(path)-1] {
			next, ok := m[resource.PropertyKey(k)]
			if ok && next.IsSecret() {
				next = next.SecretValue().Element
			}
			if !ok || !next.IsObject() {
				return fmt.Errorf("no object at %s", k)
			}
			m = next.ObjectValue()
		}
		m[resource.PropertyKey(path[len(path)-1])] = resource.NewPropertyValue(v)
		return nil
	}
}

// editJSON rewrites a JSON document held in a string input (an IAM or queue policy).
func editJSON(key string, f func(doc map[string]any) error) func(resource.PropertyMap) error {
	return func(in resource.PropertyMap) error {
		v, ok := in[resource.PropertyKey(key)]
		if !ok || !v.IsString() {
			return fmt.Errorf("%s is not a known JSON string", key)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(v.StringValue()), &doc); err != nil {
			return fmt.Errorf("decoding %s: %w", key, err)
		}
		if err := f(doc); err != nil {
			return err
		}
		b, err := json.Marshal(doc)
		if err != nil {
			return fmt.Errorf("encoding %s: %w", key, err)
		}
		in[resource.PropertyKey(key)] = resource.NewProperty(string(b))
		return nil
	}
}

// statements lets f edit each statement of a policy document and drop those for which it returns false.
func statements(f func(s map[string]any) (keep bool)) func(map[string]any) error {
	return func(doc map[string]any) error {
		list, _ := doc["Statement"].([]any)
		kept := []any{}
		for _, s := range list {
			if m, ok := s.(map[string]any); ok && f(m) {
				kept = append(kept, m)
			}
		}
		doc["Statement"] = kept
		return nil
	}
}

// add appends a resource to the stack, as a careless hand-written program would.
func add(r enginetest.Resource) func([]enginetest.Resource) ([]enginetest.Resource, error) {
	return func(rs []enginetest.Resource) ([]enginetest.Resource, error) {
		out := Clone(rs)
		if r.URN == "" {
			r.URN = fmt.Sprintf("urn:pulumi:conformance::pciqueue::%s::%s", r.Type, r.Name)
		}
		r.Custom = true
		// A resource built from a copy of another keeps that one's outputs; its state must follow its inputs.
		r.Outputs = withInputs(r.Inputs, computedOutputs(r))
		return append(out, r), nil
	}
}

// remove deletes every resource of a type.
func remove(typ string) func([]enginetest.Resource) ([]enginetest.Resource, error) {
	return func(rs []enginetest.Resource) ([]enginetest.Resource, error) {
		var out []enginetest.Resource
		for _, r := range Clone(rs) {
			if r.Type != typ {
				out = append(out, r)
			}
		}
		if len(out) == len(rs) {
			return nil, fmt.Errorf("no %s to remove", typ)
		}
		return out, nil
	}
}
