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
	return fmt.Sprintf("queue %q: %s = %s is not allowed: use %s", e.Queue, e.Field, e.Value, e.Allowed)
}
