// Package level holds the one definition of a policy enforcement level, spelled as the Pulumi CLI spells
// it in a policy pack configuration: mandatory, advisory, remediate, disabled.
//
// It guarantees that the zero Level is Mandatory, so a level nobody set fails closed, and that Parse
// accepts only the four spellings, naming the bad value and the allowed ones otherwise.
package level

import (
	"fmt"
	"strings"
)

// Level is an enforcement level.
type Level int

// The levels. Mandatory is the zero value.
const (
	// Mandatory findings stop the deployment.
	Mandatory Level = iota
	// Advisory findings are shown but do not stop it.
	Advisory
	// Remediate policies fix the resource instead of reporting it.
	Remediate
	// Disabled policies do not run.
	Disabled
)

var names = [...]string{Mandatory: "mandatory", Advisory: "advisory", Remediate: "remediate", Disabled: "disabled"}

// All lists the levels in their declaration order.
func All() []Level { return []Level{Mandatory, Advisory, Remediate, Disabled} }

// String returns the CLI spelling, or "level(N)" for a value outside the four.
func (l Level) String() string {
	if l >= 0 && int(l) < len(names) {
		return names[l]
	}
	return fmt.Sprintf("level(%d)", int(l))
}

// Valid reports whether l is one of the four levels.
func (l Level) Valid() bool { return l >= 0 && int(l) < len(names) }

// Parse reads a level as a policy pack configuration spells it.
func Parse(s string) (Level, error) {
	for i, n := range names {
		if s == n {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("enforcement level %q is not one of %s", s, strings.Join(names[:], ", "))
}

// MarshalText writes the CLI spelling.
func (l Level) MarshalText() ([]byte, error) {
	if !l.Valid() {
		return nil, fmt.Errorf("marshalling %s: not an enforcement level", l)
	}
	return []byte(l.String()), nil
}

// UnmarshalText reads the CLI spelling.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}
