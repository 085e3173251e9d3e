package props

// Status says what a getter found at a property path.
type Status uint8

const (
	// Absent means the path does not exist or ends in null.
	Absent Status = iota
	// Known means the value is present, of the requested kind and not secret.
	Known
	// Secret means the value is present and of the requested kind, and it (or a
	// value on its path) was a secret; the returned value is the unwrapped one.
	Secret
	// Unknown means the value (or a value on its path) is computed: it depends
	// on an output that the engine does not know yet, as in a preview.
	Unknown
	// WrongKind means a value is present but is not of the requested kind, or
	// an intermediate value on the path is not a map or array.
	WrongKind
)

// Ok reports whether a value was found and can be judged.
func (s Status) Ok() bool { return s == Known || s == Secret }

// String names the status for messages.
func (s Status) String() string {
	switch s {
	case Absent:
		return "absent"
	case Known:
		return "known"
	case Secret:
		return "secret"
	case Unknown:
		return "unknown"
	case WrongKind:
		return "wrong kind"
	default:
		return "invalid status"
	}
}
