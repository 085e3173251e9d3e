package producer

import (
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/card"
)

// Request is a payment as a producer receives it, card number in clear.
// It prints and logs with the PAN masked and the expiry and holder hidden.
type Request struct {
	PAN         string
	Expiry      string // MM/YY
	Holder      string
	AmountMinor int64
	Currency    string
	MerchantRef string
}

// maskedPAN masks the PAN when it parses, and hides it entirely when it
// does not (an invalid number has no safe partial form).
func (r Request) maskedPAN() string {
	if p, err := card.ParsePAN(r.PAN); err == nil {
		return p.Masked()
	}
	return "[invalid]"
}

// String summarizes the request without card data.
func (r Request) String() string {
	return fmt.Sprintf("payment of %d %s for %q with card %s", r.AmountMinor, r.Currency, cardnum.Scrub(r.MerchantRef), r.maskedPAN())
}

// Format prints String for every verb, so %+v and %#v do not reach the
// fields.
func (r Request) Format(f fmt.State, verb rune) { fmt.Fprint(f, r.String()) }

// LogValue logs the request without card data.
func (r Request) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("masked_pan", r.maskedPAN()),
		slog.Int64("amount_minor", r.AmountMinor),
		slog.String("currency", r.Currency),
		slog.String("merchant_ref", cardnum.Scrub(r.MerchantRef)),
	)
}

// MarshalJSON encodes the same summary as LogValue, so a request echoed in
// a response or an audit record carries no card data.
func (r Request) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		MaskedPAN   string `json:"maskedPan"`
		AmountMinor int64  `json:"amountMinor"`
		Currency    string `json:"currency"`
		MerchantRef string `json:"merchantRef,omitempty"`
	}{r.maskedPAN(), r.AmountMinor, r.Currency, cardnum.Scrub(r.MerchantRef)})
}
