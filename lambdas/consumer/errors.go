package consumer

import (
	"errors"
	"strings"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/message"
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

// redactor removes one message's cardholder data from text that comes back
// from code the consumer does not control (processor errors, panic values):
// the cardholder name and expiry as they were sealed, and anything that
// looks like a PAN.
type redactor struct{ r *strings.Replacer }

func newRedactor(c message.CardData) redactor {
	var pairs []string
	if len(c.Holder) >= 2 {
		pairs = append(pairs, c.Holder, "[cardholder]")
	}
	if c.Expiry != "" {
		pairs = append(pairs, c.Expiry, "[expiry]")
	}
	return redactor{strings.NewReplacer(pairs...)}
}

func (r redactor) redact(s string) string { return cardnum.Scrub(r.r.Replace(s)) }

// redactedError keeps an error's chain for errors.Is/As but redacts its
// text.
type redactedError struct {
	err error
	r   redactor
}

func (e redactedError) Error() string { return e.r.redact(e.err.Error()) }
func (e redactedError) Unwrap() error { return e.err }
