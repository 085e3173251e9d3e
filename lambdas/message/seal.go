package message

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pciqueue/pciqueue/lambdas/card"
	"github.com/pciqueue/pciqueue/lambdas/envelope"
)

// Sealer seals bytes bound to a context; *envelope.Sealer implements it
// with cached data keys.
type Sealer interface {
	Seal(ctx context.Context, c envelope.Context, plaintext []byte) ([]byte, error)
}

// Opener opens what a Sealer sealed; *envelope.Opener implements it.
type Opener interface {
	Open(ctx context.Context, c envelope.Context, sealed []byte) ([]byte, error)
}

// Seal checks h and c, fills h.MaskedPAN from the PAN when empty, and
// returns the event with c sealed for queue.
func Seal(ctx context.Context, sealer Sealer, queue string, h Header, c CardData) (Event, error) {
	if h.MaskedPAN == "" {
		h.MaskedPAN = c.PAN.Masked()
	}
	err := errors.Join(h.validate(), c.validate())
	if err == nil && h.MaskedPAN != c.PAN.Masked() {
		err = fmt.Errorf("%w: maskedPan: does not match the sealed PAN; leave it empty to have Seal fill it", ErrInvalid)
	}
	if err != nil {
		return Event{}, fmt.Errorf("sealing payment event %q: %w", safeText(h.ID), err)
	}
	plain, err := json.Marshal(sealedCard{PAN: c.PAN.Reveal(), Expiry: c.Expiry, Holder: c.Holder})
	if err != nil {
		return Event{}, fmt.Errorf("sealing payment event %q: encoding card data: %w", h.ID, err)
	}
	defer clear(plain)
	sealed, err := sealer.Seal(ctx, envelope.Context{Queue: queue, MessageID: h.ID, Bound: h.bound()}, plain)
	if err != nil {
		return Event{}, fmt.Errorf("sealing payment event %q: %w", h.ID, err)
	}
	return Event{Header: h, Sealed: sealed}, nil
}

// Open authenticates e as an event sealed for queue, decrypts its card data
// and checks it. It fails closed: on any error it returns no card data.
func Open(ctx context.Context, opener Opener, queue string, e Event) (Payment, error) {
	if err := e.validate(); err != nil {
		return Payment{}, fmt.Errorf("opening payment event %q: %w", safeText(e.ID), err)
	}
	plain, err := opener.Open(ctx, envelope.Context{Queue: queue, MessageID: e.ID, Bound: e.Header.bound()}, e.Sealed)
	if err != nil {
		return Payment{}, fmt.Errorf("opening payment event: %w", err)
	}
	defer clear(plain)
	var sc sealedCard
	if err := decodeOne(plain, &sc, true); err != nil {
		return Payment{}, fmt.Errorf("opening payment event %q: sealed card data: %w: %s", e.ID, ErrMalformed, describeJSONError(err))
	}
	pan, err := card.ParsePAN(sc.PAN)
	if err != nil {
		return Payment{}, fmt.Errorf("opening payment event %q: sealed card data: %w: %w", e.ID, ErrInvalid, err)
	}
	c := CardData{PAN: pan, Expiry: sc.Expiry, Holder: sc.Holder}
	if err := c.validate(); err != nil {
		return Payment{}, fmt.Errorf("opening payment event %q: sealed card data: %w", e.ID, err)
	}
	if pan.Masked() != e.MaskedPAN {
		return Payment{}, fmt.Errorf("opening payment event %q: %w: maskedPan does not match the sealed PAN", e.ID, ErrInvalid)
	}
	return Payment{Header: e.Header, Card: c}, nil
}
