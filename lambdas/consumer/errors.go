package consumer

import (
	"errors"

	"github.com/pciqueue/pciqueue/lambdas/card"
)

// Classes of failure, for errors.Is. Each is reported as a failed delivery;
// the class says whether a redelivery can succeed.
var (
	// ErrRejected: the message itself is bad (malformed, unknown schema,
	// tampered, sealed for another queue or key). Redelivery will fail the
	// same way; it ends in the dead-letter queue.
	ErrRejected = errors.New("message rejected")
	// ErrFailed: the message is good but processing it failed (processor
	// error or panic, key service or store unavailable). A redelivery may
	// succeed.
	ErrFailed = errors.New("message processing failed")
	// ErrBusy: another delivery of the same message holds the claim.
	ErrBusy = errors.New("message is being processed by another delivery")
)

// scrubbedError keeps an error's chain for errors.Is/As but scrubs its text,
// for errors that come from code the consumer does not control.
type scrubbedError struct{ err error }

func (e scrubbedError) Error() string { return card.Scrub(e.err.Error()) }
func (e scrubbedError) Unwrap() error { return e.err }
