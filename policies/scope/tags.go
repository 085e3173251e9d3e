package scope

import (
	"maps"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
)

// TagSource is one place a cloud keeps a resource's tags or labels.
type TagSource struct {
	// Provider reads the explicit provider's configuration, which the engine may carry as JSON strings,
	// instead of the resource's properties.
	Provider bool
	// Path is the property path; for a provider, the first element may hold a JSON document.
	Path string
}

// cloudTags are the tag sources of the resources whose type token starts with prefix.
type cloudTags struct {
	prefix  string
	sources []TagSource
}

var registered []cloudTags

// unregistered are read for a type no cloud registered: the two common spellings.
var unregistered = []TagSource{{Path: "tags"}, {Path: "labels"}}

// RegisterTags declares where the resources whose type token starts with prefix keep their tags, a later
// source winning over an earlier one. Each policies/rules/<cloud> package calls it from init, so the pack
// reads a cloud's tags the way that cloud's rules expect.
func RegisterTags(prefix string, sources ...TagSource) {
	registered = append(registered, cloudTags{prefix, sources})
}

func sourcesOf(typ string) []TagSource {
	for _, c := range registered {
		if strings.HasPrefix(typ, c.prefix) {
			return c.sources
		}
	}
	return unregistered
}

// Tags returns a resource's effective tags or labels, merged from the
// provider's defaults and the resource's own properties as its cloud
// registered them (RegisterTags), and a status:
// props.Known/Secret when all could be read, props.Unknown when some are
// computed, props.WrongKind when some are malformed, props.Absent when the
// resource carries none. The tags that could be read are always returned.
func Tags(typ string, properties, provider property.Map) (map[string]string, props.Status) {
	out := map[string]string{}
	worst := props.Absent
	for _, ts := range sourcesOf(typ) {
		s := source{properties, ts.Path, false}
		if ts.Provider {
			s = source{provider, ts.Path, true}
		}
		tags, st := s.read()
		maps.Copy(out, tags)
		worst = combine(worst, st)
	}
	return out, worst
}

type source struct {
	m    property.Map
	path string
	// jsonEncoded is true for provider configuration, which the engine may
	// carry as JSON strings.
	jsonEncoded bool
}

func (s source) read() (map[string]string, props.Status) {
	if !s.jsonEncoded {
		return props.StringMap(s.m, s.path)
	}
	head, rest, _ := strings.Cut(s.path, ".")
	doc, st := props.JSON(s.m, head)
	if !st.Ok() {
		return nil, st
	}
	for _, k := range strings.Split(rest, ".") {
		if k == "" {
			continue
		}
		obj, ok := doc.(map[string]any)
		if !ok {
			return nil, props.WrongKind
		}
		if doc, ok = obj[k]; !ok || doc == nil {
			return nil, props.Absent
		}
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, props.WrongKind
	}
	out := make(map[string]string, len(obj))
	for k, v := range obj {
		s, ok := v.(string)
		if !ok {
			st = props.WrongKind
			continue
		}
		out[k] = s
	}
	return out, st
}

// combine keeps the status that matters most for a judgement: unknown over
// malformed over secret over known over absent.
func combine(a, b props.Status) props.Status {
	rank := map[props.Status]int{props.Absent: 0, props.Known: 1, props.Secret: 2, props.WrongKind: 3, props.Unknown: 4}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// InScope reports whether a resource is in the CDE under c.
func (c Config) InScope(typ string, properties, provider property.Map) bool {
	if c.Mode != Tagged || !Taggable(typ) {
		return true
	}
	tags, st := Tags(typ, properties, provider)
	if st == props.Unknown || st == props.WrongKind {
		return true
	}
	v, ok := tags[c.Tag]
	return ok && c.InScopeValue(v)
}
