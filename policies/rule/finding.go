package rule

import (
	"fmt"

	"github.com/pciqueue/pciqueue/internal/props"
)

// Kind says what a finding means.
type Kind int

const (
	// Violation means the requirement is not met.
	Violation Kind = iota
	// Unverified means a value the requirement depends on is computed, so the
	// requirement could not be judged yet.
	Unverified
	// Notice means the requirement is met only by a declaration that a key or
	// audit sink is managed and assessed outside the stack (package
	// external): the rule passes, and the advisory policy OutsideStackPolicy
	// says what must be evidenced where the resource lives.
	Notice
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case Unverified:
		return "unverified"
	case Notice:
		return "notice"
	default:
		return "violation"
	}
}

// Finding is one result of a judgement.
type Finding struct {
	Kind Kind
	// Path is the property path the finding is about ("" for the resource).
	Path string
	// Message says what is wrong and how to fix it. It never quotes a value
	// that could be a card number in clear.
	Message string
	// URN is the resource the finding is about; "" means the resource being
	// judged (resource rules). Stack rules always set it.
	URN string
}

// Findings accumulates the findings of one judgement.
type Findings []Finding

// Violation adds a violation about path.
func (f *Findings) Violation(path, format string, args ...any) {
	*f = append(*f, Finding{Kind: Violation, Path: path, Message: fmt.Sprintf(format, args...)})
}

// ViolationAt adds a violation about a resource other than the one judged
// (stack rules).
func (f *Findings) ViolationAt(urn, path, format string, args ...any) {
	*f = append(*f, Finding{Kind: Violation, Path: path, Message: fmt.Sprintf(format, args...), URN: urn})
}

// Unverified adds an unverified finding: path is computed.
func (f *Findings) Unverified(path string) {
	*f = append(*f, Finding{Kind: Unverified, Path: path, Message: path + " is computed"})
}

// UnverifiedAt adds an unverified finding about another resource.
func (f *Findings) UnverifiedAt(urn, path string) {
	*f = append(*f, Finding{Kind: Unverified, Path: path, Message: path + " is computed", URN: urn})
}

// NoticeAt adds a notice about a resource: a requirement met through a
// declaration of something managed outside the stack.
func (f *Findings) NoticeAt(urn, path, format string, args ...any) {
	*f = append(*f, Finding{Kind: Notice, Path: path, Message: fmt.Sprintf(format, args...), URN: urn})
}

// Unreadable handles the statuses that stop a judgement: Unknown adds an
// Unverified finding, WrongKind adds a Violation saying the value is
// malformed. It reports whether the caller must stop judging path.
func (f *Findings) Unreadable(st props.Status, path string) bool {
	return f.UnreadableAt("", st, path)
}

// UnreadableAt is Unreadable about another resource.
func (f *Findings) UnreadableAt(urn string, st props.Status, path string) bool {
	switch st {
	case props.Unknown:
		f.UnverifiedAt(urn, path)
		return true
	case props.WrongKind:
		f.ViolationAt(urn, path, "%s is malformed: it has the wrong kind of value, so the requirement cannot be shown to be met; set it as the provider schema defines it", path)
		return true
	default:
		return false
	}
}

// Has reports whether any finding is of kind k.
func (f Findings) Has(k Kind) bool {
	for _, x := range f {
		if x.Kind == k {
			return true
		}
	}
	return false
}
