package props

import (
	"encoding/json"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// JSON returns the JSON document at path decoded into Go values
// (map[string]any, []any, string, float64, bool, nil). The document may be a
// JSON string, as the AWS provider carries policies, or an object already.
// A string that is not valid JSON, or an empty string, is WrongKind.
func JSON(m property.Map, path string) (any, Status) {
	v, st := Value(m, path)
	if !st.Ok() {
		return nil, st
	}
	return JSONOf(v, st)
}

// JSONOf is JSON for a value already in hand, with the status it was obtained
// with.
func JSONOf(v property.Value, st Status) (any, Status) {
	if v.IsString() {
		s := strings.TrimSpace(v.AsString())
		var doc any
		if s == "" || json.Unmarshal([]byte(s), &doc) != nil {
			return nil, WrongKind
		}
		return doc, st
	}
	if v.HasComputed() {
		return nil, Unknown
	}
	doc, ok := plain(v)
	if !ok {
		return nil, WrongKind
	}
	return doc, st
}

// plain converts a property value into the Go values encoding/json produces.
func plain(v property.Value) (any, bool) {
	switch {
	case v.IsNull():
		return nil, true
	case v.IsBool():
		return v.AsBool(), true
	case v.IsNumber():
		return v.AsNumber(), true
	case v.IsString():
		return v.AsString(), true
	case v.IsArray():
		out := make([]any, 0, v.AsArray().Len())
		for _, e := range v.AsArray().AsSlice() {
			p, ok := plain(e)
			if !ok {
				return nil, false
			}
			out = append(out, p)
		}
		return out, true
	case v.IsMap():
		out := make(map[string]any, v.AsMap().Len())
		for k, e := range v.AsMap().AllStable {
			p, ok := plain(e)
			if !ok {
				return nil, false
			}
			out[k] = p
		}
		return out, true
	default:
		return nil, false
	}
}
