package props

import (
	"math"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// segment is one step of a path: a map key, or an array index when key is "".
type segment struct {
	key   string
	index int
}

// parse splits "a.b[2].c" into segments. A malformed index makes the path
// unresolvable, which getters report as WrongKind.
func parse(path string) ([]segment, bool) {
	var segs []segment
	for part := range strings.SplitSeq(path, ".") {
		name, rest, hasIndex := strings.Cut(part, "[")
		if name != "" {
			segs = append(segs, segment{key: name})
		}
		for hasIndex {
			var idx string
			idx, rest, _ = strings.Cut(rest, "]")
			n, err := strconv.Atoi(idx)
			if err != nil || n < 0 {
				return nil, false
			}
			segs = append(segs, segment{index: n})
			_, rest, hasIndex = strings.Cut(rest, "[")
		}
		if name == "" && !strings.Contains(part, "[") {
			return nil, false
		}
	}
	return segs, len(segs) > 0
}

// Value returns the raw value at path. A returned value of status Secret has
// its secret flag removed.
func Value(m property.Map, path string) (property.Value, Status) {
	segs, ok := parse(path)
	if !ok {
		return property.Value{}, WrongKind
	}
	return walk(property.New(m), segs)
}

func walk(v property.Value, segs []segment) (property.Value, Status) {
	secret := false
	for _, s := range segs {
		if v.IsComputed() {
			return property.Value{}, Unknown
		}
		secret = secret || v.Secret()
		switch {
		case v.IsNull():
			return property.Value{}, Absent
		case s.key != "" && v.IsMap():
			next, ok := v.AsMap().GetOk(s.key)
			if !ok {
				return property.Value{}, Absent
			}
			v = next
		case s.key == "" && v.IsArray():
			arr := v.AsArray()
			if s.index >= arr.Len() {
				return property.Value{}, Absent
			}
			v = arr.Get(s.index)
		default:
			return property.Value{}, WrongKind
		}
	}
	return settle(v, secret)
}

// settle classifies the final value of a walk.
func settle(v property.Value, secret bool) (property.Value, Status) {
	switch {
	case v.IsComputed():
		return property.Value{}, Unknown
	case v.IsNull():
		return property.Value{}, Absent
	case secret || v.Secret():
		return v.WithSecret(false), Secret
	default:
		return v, Known
	}
}

// String returns the string at path.
func String(m property.Map, path string) (string, Status) {
	v, st := Value(m, path)
	if !st.Ok() {
		return "", st
	}
	if !v.IsString() {
		return "", WrongKind
	}
	return v.AsString(), st
}

// Bool returns the bool at path. The strings "true" and "false" are accepted
// because some providers carry booleans as strings.
func Bool(m property.Map, path string) (bool, Status) {
	v, st := Value(m, path)
	if !st.Ok() {
		return false, st
	}
	switch {
	case v.IsBool():
		return v.AsBool(), st
	case v.IsString():
		b, err := strconv.ParseBool(v.AsString())
		if err != nil {
			return false, WrongKind
		}
		return b, st
	default:
		return false, WrongKind
	}
}

// Number returns the number at path. Numeric strings are accepted because some
// providers carry numbers as strings.
func Number(m property.Map, path string) (float64, Status) {
	v, st := Value(m, path)
	if !st.Ok() {
		return 0, st
	}
	switch {
	case v.IsNumber():
		n := v.AsNumber()
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return 0, WrongKind
		}
		return n, st
	case v.IsString():
		n, err := strconv.ParseFloat(strings.TrimSpace(v.AsString()), 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			return 0, WrongKind
		}
		return n, st
	default:
		return 0, WrongKind
	}
}

// Map returns the map at path.
func Map(m property.Map, path string) (property.Map, Status) {
	v, st := Value(m, path)
	if !st.Ok() {
		return property.Map{}, st
	}
	if !v.IsMap() {
		return property.Map{}, WrongKind
	}
	return v.AsMap(), st
}

// Array returns the array at path.
func Array(m property.Map, path string) ([]property.Value, Status) {
	v, st := Value(m, path)
	if !st.Ok() {
		return nil, st
	}
	if !v.IsArray() {
		return nil, WrongKind
	}
	return v.AsArray().AsSlice(), st
}

// Strings returns the array of strings at path. A single string is returned as
// a one-element list. If any element is computed the status is Unknown; if any
// element is not a string the status is WrongKind.
func Strings(m property.Map, path string) ([]string, Status) {
	v, st := Value(m, path)
	if !st.Ok() {
		return nil, st
	}
	return stringsOf(v, st)
}

func stringsOf(v property.Value, st Status) ([]string, Status) {
	if v.IsString() {
		return []string{v.AsString()}, st
	}
	if !v.IsArray() {
		return nil, WrongKind
	}
	out := make([]string, 0, v.AsArray().Len())
	for _, e := range v.AsArray().AsSlice() {
		e, est := settle(e, false)
		switch {
		case est == Unknown:
			return nil, Unknown
		case est == Secret:
			st = Secret
		case est == Absent:
			continue
		}
		if !e.IsString() {
			return nil, WrongKind
		}
		out = append(out, e.AsString())
	}
	return out, st
}

// StringMap returns the map of strings at path, as tags and labels are. Null
// entries are skipped. A computed entry makes the status Unknown and a
// non-string entry makes it WrongKind; in both cases the entries that could be
// read are still returned so that a caller can judge what is known.
func StringMap(m property.Map, path string) (map[string]string, Status) {
	v, st := Value(m, path)
	if !st.Ok() {
		return nil, st
	}
	return StringMapOf(v, st)
}

// StringMapOf is StringMap for a value already in hand, with the status it
// was obtained with.
func StringMapOf(v property.Value, st Status) (map[string]string, Status) {
	if !v.IsMap() {
		return nil, WrongKind
	}
	out := make(map[string]string, v.AsMap().Len())
	worst := st
	for k, e := range v.AsMap().AllStable {
		e, est := settle(e, false)
		switch {
		case est == Unknown:
			worst = Unknown
			continue
		case est == Absent:
			continue
		case !e.IsString():
			if worst != Unknown {
				worst = WrongKind
			}
			continue
		case est == Secret && worst == Known:
			worst = Secret
		}
		out[k] = e.AsString()
	}
	return out, worst
}
