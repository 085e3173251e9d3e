package report

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// The words a report prints instead of a value it must not or cannot show.
const (
	unknownText = "(known after apply)"
	secretText  = "[secret]"
)

// maxValueRunes bounds one printed value: the report is evidence, not a state dump.
const maxValueRunes = 160

// secretKey matches property names whose values are credentials even when the program forgot to mark
// them secret.
var secretKey = regexp.MustCompile(`(?i)(password|passwd|secret|token|private_?key|connection_?string|sas_?key|access_?key|credential)`)

// clean is applied to every string a report takes from its input: card numbers are masked.
func clean(s string) string { return cardnum.Scrub(s) }

// ValueText renders the value of property key for a reader: unknowns as the Pulumi CLI shows them,
// secrets hidden, policy documents summarised, card numbers masked, long values shortened. The offline
// preview prints its table with it too, so nothing it shows escapes the report's redaction.
func ValueText(key string, v resource.PropertyValue) string {
	return shorten(clean(render(key, v)))
}

func render(key string, v resource.PropertyValue) string {
	// Only a string can hold a credential: a flag such as skipCredentialsValidation stays readable.
	if secretKey.MatchString(key) && v.IsString() {
		return secretText
	}
	switch {
	case v.IsSecret():
		return secretText
	case v.IsComputed():
		return unknownText
	case v.IsOutput():
		o := v.OutputValue()
		if o.Secret {
			return secretText
		}
		if !o.Known {
			return unknownText
		}
		return render(key, o.Element)
	case v.IsNull():
		return "null"
	case v.IsString():
		return summarisePolicy(v.StringValue())
	case v.IsBool():
		return fmt.Sprint(v.BoolValue())
	case v.IsNumber():
		n := v.NumberValue()
		if n == float64(int64(n)) {
			return fmt.Sprint(int64(n))
		}
		return fmt.Sprint(n)
	case v.IsArray():
		parts := make([]string, 0, len(v.ArrayValue()))
		for _, e := range v.ArrayValue() {
			parts = append(parts, render(key, e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case v.IsObject():
		obj := v.ObjectValue()
		keys := obj.StableKeys()
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s: %s", k, render(string(k), obj[k])))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN.Name())
	case v.IsAsset(), v.IsArchive():
		return "[asset]"
	}
	return "[unprintable]"
}

// summarisePolicy shows an IAM-style policy document as its statements' effects and ids, so that an
// assessor sees its structure in one line; any other string is returned as is.
func summarisePolicy(s string) string {
	var doc struct {
		Statement []struct {
			Sid    string `json:"Sid"`
			Effect string `json:"Effect"`
		} `json:"Statement"`
	}
	if !strings.HasPrefix(strings.TrimSpace(s), "{") || json.Unmarshal([]byte(s), &doc) != nil || len(doc.Statement) == 0 {
		return s
	}
	parts := make([]string, len(doc.Statement))
	for i, st := range doc.Statement {
		parts[i] = st.Effect
		if st.Sid != "" {
			parts[i] += ":" + st.Sid
		}
	}
	return "policy{" + strings.Join(parts, " ") + "}"
}

func shorten(s string) string {
	r := []rune(s)
	if len(r) <= maxValueRunes {
		return s
	}
	return string(r[:maxValueRunes-1]) + "…"
}

// property reads a dotted path ("tags.pci-scope") from r's inputs, or a resource option ("@protect").
// It reports false when the property is absent.
func property(r enginetest.Resource, path string) (string, bool) {
	if path == "@protect" {
		return fmt.Sprint(r.Protect), true
	}
	parts := strings.Split(path, ".")
	v, ok := r.Inputs[resource.PropertyKey(parts[0])]
	if ok && secretKey.MatchString(path) {
		return secretText, true
	}
	for _, p := range parts[1:] {
		if !ok {
			break
		}
		switch {
		case v.IsSecret(), v.IsComputed(), v.IsOutput() && (!v.OutputValue().Known || v.OutputValue().Secret):
			return ValueText(p, v), true
		case v.IsOutput():
			v = v.OutputValue().Element
		}
		if !v.IsObject() {
			return "", false
		}
		v, ok = v.ObjectValue()[resource.PropertyKey(p)]
	}
	if !ok || v.IsNull() {
		return "", false
	}
	return ValueText(parts[len(parts)-1], v), true
}
