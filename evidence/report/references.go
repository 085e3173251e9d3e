package report

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// reference is a drawn resource that another resource's input prop came from or names.
type reference struct {
	node int
	prop string
}

// ownName reports whether input key of a resource of type typ holds the resource's own name rather
// than the name of something else (a Service Bus queue's namespaceName names its namespace).
func ownName(typ, key string) bool {
	switch key {
	case "name", "accountId", "bucketId":
		return true
	}
	kind := typ[strings.LastIndex(typ, ":")+1:]
	kind = strings.TrimRightFunc(kind, func(r rune) bool { return r >= '0' && r <= '9' })
	kind = strings.TrimSuffix(kind, "V")
	if kind == "" {
		return false
	}
	word := strings.ToLower(kind[:1]) + kind[1:]
	return key == word || key == word+"Name"
}

// identifiers maps each drawn resource to the strings by which others may name it: its own name inputs
// and its identifying outputs.
func identifiers(rs []enginetest.Resource, index map[string]int) map[int][]string {
	out := map[int][]string{}
	for _, r := range rs {
		n, ok := index[r.URN]
		if !ok {
			continue
		}
		var ids []string
		add := func(v resource.PropertyValue) {
			if v.IsString() && len(v.StringValue()) >= 4 && !slices.Contains(ids, v.StringValue()) {
				ids = append(ids, v.StringValue())
			}
		}
		for _, k := range r.Inputs.StableKeys() {
			if ownName(r.Type, string(k)) {
				add(r.Inputs[k])
			}
		}
		for _, k := range idOutputs {
			add(r.Outputs[resource.PropertyKey(k)])
		}
		out[n] = ids
	}
	return out
}

// references lists the drawn resources r's inputs came from or name, each with the top-level input that
// does. Inputs that hold r's own name, its tags and its prose are not read for names.
func references(r enginetest.Resource, index map[string]int, ids map[int][]string) []reference {
	var out []reference
	add := func(n int, prop string) {
		if !slices.ContainsFunc(out, func(x reference) bool { return x.node == n && x.prop == prop }) {
			out = append(out, reference{n, prop})
		}
	}
	for _, prop := range sortedKeys(r.PropertyDependencies) {
		for _, urn := range r.PropertyDependencies[prop] {
			if n, ok := index[urn]; ok && urn != r.URN {
				add(n, prop)
			}
		}
	}
	self, drawn := index[r.URN]
	if !drawn {
		self = -1
	}
	for _, k := range r.Inputs.StableKeys() {
		prop := string(k)
		if prop == "tags" || prop == "labels" || ownName(r.Type, prop) || strings.Contains(strings.ToLower(prop), "description") {
			continue
		}
		for _, s := range stringsIn(r.Inputs[k]) {
			for _, n := range named(s, self, ids) {
				add(n, prop)
			}
		}
	}
	return out
}

// named returns the drawn resources, other than self, that s names. Where identifiers overlap in s the
// longest wins (an Azure queue's ID contains its namespace's ID, a Pub/Sub topic's path its short name),
// and an identifier that two resources share names neither.
func named(s string, self int, ids map[int][]string) []int {
	type hit struct{ node, start, end int }
	var hits []hit
	for n := range len(ids) {
		if n == self {
			continue
		}
		for _, id := range ids[n] {
			for _, at := range occurrences(s, id) {
				hits = append(hits, hit{n, at, at + len(id)})
			}
		}
	}
	var out []int
	for _, h := range hits {
		lost := slices.ContainsFunc(hits, func(o hit) bool {
			covers := o.start <= h.start && o.end >= h.end
			return covers && (o.end-o.start > h.end-h.start || o.start == h.start && o.end == h.end && o.node != h.node)
		})
		if !lost && !slices.Contains(out, h.node) {
			out = append(out, h.node)
		}
	}
	return out
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// stringsIn returns every known, non-secret string inside v.
func stringsIn(v resource.PropertyValue) []string {
	switch {
	case v.IsSecret(), v.IsComputed():
		return nil
	case v.IsOutput():
		if o := v.OutputValue(); o.Known && !o.Secret {
			return stringsIn(o.Element)
		}
		return nil
	case v.IsString():
		return []string{v.StringValue()}
	case v.IsArray():
		var out []string
		for _, e := range v.ArrayValue() {
			out = append(out, stringsIn(e)...)
		}
		return out
	case v.IsObject():
		var out []string
		obj := v.ObjectValue()
		for _, k := range obj.StableKeys() {
			out = append(out, stringsIn(obj[k])...)
		}
		return out
	}
	return nil
}

// occurrences returns where s names id: id itself, or id between characters that cannot be part of a
// name (so "aws-dev-refunds-dlq" does not name "aws-dev-refunds", but an ARN ending in ":aws-dev-refunds"
// does).
func occurrences(s, id string) []int {
	var out []int
	for from := 0; from <= len(s)-len(id); {
		i := strings.Index(s[from:], id)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(id)
		if (start == 0 || !nameChar(s[start-1])) && (end == len(s) || !nameChar(s[end])) {
			out = append(out, start)
		}
		from = start + 1
	}
	return out
}

func nameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}
