package components

import (
	"fmt"

	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// FieldError is one invalid QueueSpec field. Field uses the stack-config spelling (maxDeliveries,
// tags.team) so the message points at the line to fix.
type FieldError struct {
	Queue   string
	Field   string
	Value   string
	Allowed string
}

// Error masks any card number in the message (cardnum.Scrub): the queue name, a tag key in Field or a value
// may hold one before validation has refused it.
func (e *FieldError) Error() string {
	return cardnum.Scrub(fmt.Sprintf("queue %q: %s = %s is not allowed: use %s", e.Queue, e.Field, e.Value, e.Allowed))
}
