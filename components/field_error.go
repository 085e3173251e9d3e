package components

import "fmt"

// FieldError is one invalid QueueSpec field. Field uses the stack-config spelling (maxDeliveries,
// tags.team) so the message points at the line to fix.
type FieldError struct {
	Queue   string
	Field   string
	Value   string
	Allowed string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("queue %q: %s = %s is not allowed: use %s", Redact(e.Queue), e.Field, e.Value, e.Allowed)
}

// Redact returns s, or "[redacted]" when s holds what looks like a card number, for names echoed in errors
// and logs before they have been validated.
func Redact(s string) string {
	if LooksLikePAN(s) {
		return "[redacted]"
	}
	return s
}
