package scope

import (
	"maps"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
)

// Tags returns a resource's effective tags or labels, merged from the
// provider's defaults and the resource's own properties, and a status:
// props.Known/Secret when all could be read, props.Unknown when some are
// computed, props.WrongKind when some are malformed, props.Absent when the
// resource carries none. The tags that could be read are always returned.
func Tags(typ string, properties, provider property.Map) (map[string]string, props.Status) {
	var sources []source
	switch cloudOf(typ) {
	case "aws":
		sources = []source{
			{provider, "defaultTags.tags", true}, {properties, "tagsAll", false}, {properties, "tags", false},
		}
	case "azure":
		sources = []source{{properties, "tags", false}}
	case "gcp":
		sources = []source{
			{provider, "defaultLabels", true}, {properties, "effectiveLabels", false},
			{properties, "terraformLabels", false}, {properties, "labels", false},
		}
	default:
		sources = []source{{properties, "tags", false}, {properties, "labels", false}}
	}
	out := map[string]string{}
	worst := props.Absent
	for _, s := range sources {
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

func cloudOf(typ string) string {
	switch {
	case strings.HasPrefix(typ, "aws:"):
		return "aws"
	case strings.HasPrefix(typ, "azure-native:"):
		return "azure"
	case strings.HasPrefix(typ, "gcp:"):
		return "gcp"
	default:
		return ""
	}
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
