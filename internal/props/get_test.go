package props

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func sample() property.Map {
	return property.NewMap(map[string]property.Value{
		"name":     property.New("orders"),
		"count":    property.New(3.0),
		"numStr":   property.New("365"),
		"flag":     property.New(true),
		"flagStr":  property.New("false"),
		"computed": property.New(property.Computed),
		"secret":   property.New("alias/orders").WithSecret(true),
		"null":     property.New(property.Null),
		"nested": property.New(map[string]property.Value{
			"list": property.New([]property.Value{property.New("a"), property.New(property.Computed)}),
			"deep": property.New(map[string]property.Value{"k": property.New("v")}).WithSecret(true),
		}),
		"tags": property.New(map[string]property.Value{
			"pci-scope": property.New("cde"),
			"unknown":   property.New(property.Computed),
		}),
		"policy": property.New(`{"Statement":[]}`),
		"bad":    property.New("{not json"),
	})
}

func TestString_statuses(t *testing.T) {
	m := sample()
	tests := []struct {
		path   string
		want   string
		status Status
	}{
		{"name", "orders", Known},
		{"missing", "", Absent},
		{"null", "", Absent},
		{"computed", "", Unknown},
		{"secret", "alias/orders", Secret},
		{"count", "", WrongKind},
		{"name.inner", "", WrongKind},
		{"nested.list[0]", "a", Known},
		{"nested.list[1]", "", Unknown},
		{"nested.list[9]", "", Absent},
		{"nested.deep.k", "v", Secret},
		{"computed.anything", "", Unknown},
		{"nested.list[x]", "", WrongKind},
		{"", "", WrongKind},
	}
	for _, tt := range tests {
		got, st := String(m, tt.path)
		if got != tt.want || st != tt.status {
			t.Errorf("String(%q) = %q, %v; want %q, %v", tt.path, got, st, tt.want, tt.status)
		}
	}
}

func TestTypedGetters(t *testing.T) {
	m := sample()
	if n, st := Number(m, "count"); n != 3 || st != Known {
		t.Errorf("Number(count) = %v, %v", n, st)
	}
	if n, st := Number(m, "numStr"); n != 365 || st != Known {
		t.Errorf("Number(numStr) = %v, %v", n, st)
	}
	if _, st := Number(m, "name"); st != WrongKind {
		t.Errorf("Number(name) status = %v, want wrong kind", st)
	}
	if b, st := Bool(m, "flag"); !b || st != Known {
		t.Errorf("Bool(flag) = %v, %v", b, st)
	}
	if b, st := Bool(m, "flagStr"); b || st != Known {
		t.Errorf("Bool(flagStr) = %v, %v", b, st)
	}
	if _, st := Strings(m, "nested.list"); st != Unknown {
		t.Errorf("Strings with a computed element: status %v, want unknown", st)
	}
	if s, st := Strings(m, "name"); len(s) != 1 || st != Known {
		t.Errorf("Strings of a single string = %v, %v", s, st)
	}
	tags, st := StringMap(m, "tags")
	if st != Unknown || tags["pci-scope"] != "cde" {
		t.Errorf("StringMap(tags) = %v, %v; want the known entries and status unknown", tags, st)
	}
	if _, st := Map(m, "name"); st != WrongKind {
		t.Errorf("Map(name) status = %v", st)
	}
	if _, st := Array(m, "computed"); st != Unknown {
		t.Errorf("Array(computed) status = %v", st)
	}
}

func TestJSON(t *testing.T) {
	m := sample()
	if doc, st := JSON(m, "policy"); st != Known || doc.(map[string]any)["Statement"] == nil {
		t.Errorf("JSON(policy) = %v, %v", doc, st)
	}
	if _, st := JSON(m, "bad"); st != WrongKind {
		t.Errorf("JSON(bad) status = %v, want wrong kind", st)
	}
	if _, st := JSON(m, "computed"); st != Unknown {
		t.Errorf("JSON(computed) status = %v", st)
	}
	if doc, st := JSON(m, "nested.deep"); st != Secret || doc.(map[string]any)["k"] != "v" {
		t.Errorf("JSON of an object = %v, %v", doc, st)
	}
	if _, st := JSON(m, "nested"); st != Unknown {
		t.Errorf("JSON of an object holding a computed value: status %v, want unknown", st)
	}
}
