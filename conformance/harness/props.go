package harness

import (
	"encoding/json"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/internal/props"
)

// The readers below give the derivations short names for internal/props on a recorded resource's inputs (or,
// with output, its outputs): a path is a list of keys; a missing, null, computed or wrongly kinded value reads
// as the zero value.

// inputs is a resource's inputs as internal/props reads them.
func inputs(r enginetest.Resource) property.Map { return resource.FromResourcePropertyMap(r.Inputs) }

// prop returns the value at a path of keys; missing, null or computed values give ok=false.
func prop(r enginetest.Resource, path ...string) (resource.PropertyValue, bool) {
	v, st := props.Value(inputs(r), strings.Join(path, "."))
	if !st.Ok() {
		return resource.PropertyValue{}, false
	}
	return resource.ToResourcePropertyValue(v), true
}

func str(r enginetest.Resource, path ...string) string {
	v, _ := props.String(inputs(r), strings.Join(path, "."))
	return v
}

func num(r enginetest.Resource, path ...string) float64 {
	v, _ := props.Number(inputs(r), strings.Join(path, "."))
	return v
}

func boolean(r enginetest.Resource, path ...string) bool {
	v, st := props.Bool(inputs(r), strings.Join(path, "."))
	return st.Ok() && v
}

// tags returns the string entries of a tag or label map, never nil.
func tags(r enginetest.Resource, key string) map[string]string {
	t, _ := props.StringMap(inputs(r), key)
	if t == nil {
		t = map[string]string{}
	}
	return t
}

func output(r enginetest.Resource, key string) string {
	v, _ := props.String(resource.FromResourcePropertyMap(r.Outputs), key)
	return v
}

// scopeMarked reports whether every resource of the given types carries the scope tags, and their values.
func scopeMarked(rs []enginetest.Resource, tagKey string, taggable map[string]bool) (ok bool, scope, class string) {
	ok = true
	for _, r := range rs {
		if !taggable[r.Type] {
			continue
		}
		t := tags(r, tagKey)
		s, c := t[components.TagPCIScope], t[components.TagDataClassification]
		if s == "" || c == "" || (scope != "" && (s != scope || c != class)) {
			ok = false
		}
		scope, class = s, c
	}
	return ok, scope, class
}

func jsonString(s string, v any) error { return json.Unmarshal([]byte(s), v) }
