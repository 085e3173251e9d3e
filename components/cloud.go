package components

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Cloud names a provider the contract is implemented on. A cloud exists for pciqueue when its package has
// registered a Driver; components/clouds links the built-in ones.
type Cloud string

var (
	registryMu sync.RWMutex
	registry   = map[Cloud]Driver{}
)

// Register makes a cloud available under d.Cloud(). A cloud package calls it from init, as a database/sql
// driver does. It panics when the name is empty or already taken, because two drivers for one cloud would
// make the choice depend on link order.
func Register(d Driver) {
	registryMu.Lock()
	defer registryMu.Unlock()
	c := d.Cloud()
	if c == "" {
		panic("components: Register of a driver without a cloud name")
	}
	if _, dup := registry[c]; dup {
		panic(fmt.Sprintf("components: Register called twice for cloud %q", c))
	}
	registry[c] = d
}

// Lookup returns the driver of a registered cloud.
func Lookup(c Cloud) (Driver, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	d, ok := registry[c]
	return d, ok
}

// Clouds lists the registered clouds in a stable (alphabetical) order.
func Clouds() []Cloud {
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]Cloud, 0, len(registry))
	for c := range registry {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// CloudList is the registered clouds as a sentence fragment for messages: "aws, azure, gcp".
func CloudList() string {
	clouds := Clouds()
	names := make([]string, len(clouds))
	for i, c := range clouds {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// ParseCloud turns a config value into a registered Cloud, rejecting anything else with the allowed values.
func ParseCloud(s string) (Cloud, error) {
	if _, ok := Lookup(Cloud(s)); ok {
		return Cloud(s), nil
	}
	return "", fmt.Errorf("unknown cloud %q: must be one of %s", s, CloudList())
}
