package enginetest

import (
	"fmt"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// World answers for one provider in the offline world: the outputs the provider would add to a created
// resource's inputs, and its answers to provider functions. Each cloud package registers the world of its
// provider, so the engine itself knows no cloud.
type World interface {
	Outputs(typ, name string, in resource.PropertyMap) resource.PropertyMap
	Invoke(token string, args resource.PropertyMap) (resource.PropertyMap, error)
}

var (
	worldsMu sync.RWMutex
	worlds   = map[string]World{}
)

// Register makes w answer for every type and function token that starts with prefix ("aws:"). It panics
// when the prefix is taken, because two answers for one provider would depend on link order.
func Register(prefix string, w World) {
	worldsMu.Lock()
	defer worldsMu.Unlock()
	if _, dup := worlds[prefix]; dup {
		panic(fmt.Sprintf("enginetest: Register called twice for %q", prefix))
	}
	worlds[prefix] = w
}

// worldOf returns the world registered for the longest prefix of token.
func worldOf(token string) (World, bool) {
	worldsMu.RLock()
	defer worldsMu.RUnlock()
	best, found := "", false
	for p := range worlds {
		if strings.HasPrefix(token, p) && len(p) >= len(best) {
			best, found = p, true
		}
	}
	return worlds[best], found
}

// worldOutputs returns the outputs a provider would add to a created resource's inputs; a type of a provider
// without a registered world gets none, so its outputs are its inputs.
func worldOutputs(typ, name string, in resource.PropertyMap) resource.PropertyMap {
	if w, ok := worldOf(typ); ok {
		return w.Outputs(typ, name, in)
	}
	return resource.PropertyMap{}
}

// worldInvoke answers a provider function the way the cloud would for the offline world.
func worldInvoke(token string, args resource.PropertyMap) (resource.PropertyMap, error) {
	if w, ok := worldOf(token); ok {
		return w.Invoke(token, args)
	}
	return nil, fmt.Errorf("invoking %s: the offline engine has no answer for this function", token)
}

// Props builds a property map of string values from key, value pairs.
func Props(kv ...string) resource.PropertyMap {
	m := resource.PropertyMap{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[resource.PropertyKey(kv[i])] = resource.NewProperty(kv[i+1])
	}
	return m
}

// String returns the string value of a property, or "" when it is absent or not a known string.
func String(m resource.PropertyMap, key string) string {
	if v, ok := m[resource.PropertyKey(key)]; ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}
