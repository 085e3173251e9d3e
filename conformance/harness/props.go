package harness

import (
	"encoding/json"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// prop walks a path of keys through nested objects; missing or unknown values give ok=false.
func prop(r enginetest.Resource, path ...string) (resource.PropertyValue, bool) {
	v := resource.NewObjectProperty(r.Inputs)
	for _, k := range path {
		if v.IsSecret() {
			v = v.SecretValue().Element
		}
		if !v.IsObject() {
			return resource.PropertyValue{}, false
		}
		next, ok := v.ObjectValue()[resource.PropertyKey(k)]
		if !ok || next.IsNull() || next.IsComputed() {
			return resource.PropertyValue{}, false
		}
		v = next
	}
	return v, true
}

func str(r enginetest.Resource, path ...string) string {
	if v, ok := prop(r, path...); ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}

func num(r enginetest.Resource, path ...string) float64 {
	if v, ok := prop(r, path...); ok && v.IsNumber() {
		return v.NumberValue()
	}
	return 0
}

func boolean(r enginetest.Resource, path ...string) bool {
	v, ok := prop(r, path...)
	return ok && v.IsBool() && v.BoolValue()
}

func tags(r enginetest.Resource, key string) map[string]string {
	out := map[string]string{}
	if v, ok := prop(r, key); ok && v.IsObject() {
		for k, t := range v.ObjectValue() {
			if t.IsString() {
				out[string(k)] = t.StringValue()
			}
		}
	}
	return out
}

func output(r enginetest.Resource, key string) string {
	if v, ok := r.Outputs[resource.PropertyKey(key)]; ok && v.IsString() {
		return v.StringValue()
	}
	return ""
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
