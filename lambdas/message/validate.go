package message

import (
	"errors"
	"fmt"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/card"
)

const (
	maxIDLen     = 128
	maxRefLen    = 128
	maxHolderLen = 128
)

// Validate checks h and c as Seal does, except that an empty token or masked
// PAN is not an error: a producer calls it before the vault stores the PAN,
// so that a request with a bad field is rejected before anything is kept.
func Validate(h Header, c CardData) error {
	if h.Token == "" {
		h.Token = card.NewToken()
	}
	if h.MaskedPAN == "" {
		h.MaskedPAN = c.PAN.Masked()
	}
	return errors.Join(h.validate(), c.validate())
}

// validate checks every header field and joins one error per bad field.
func (h Header) validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: %s: %s", ErrInvalid, field, fmt.Sprintf(format, args...)))
	}
	if h.Schema != SchemaV1 {
		bad("schema", "must be %q", SchemaV1)
	}
	if err := checkID(h.ID); err != nil {
		bad("id", "%v", err)
	}
	if h.CreatedAt.IsZero() {
		bad("createdAt", "missing; set it to the time the event was created")
	}
	if _, err := card.ParseToken(string(h.Token)); err != nil {
		bad("token", "%v", err)
	}
	if err := cardnum.CheckMask(h.MaskedPAN); err != nil {
		bad("maskedPan", "%v", err)
	}
	if h.AmountMinor <= 0 {
		bad("amountMinor", "must be a positive amount in the currency's minor unit (cents), got %d", h.AmountMinor)
	}
	if !isCurrencyCode(h.Currency) {
		bad("currency", "must be an ISO 4217 code of three upper-case letters such as \"EUR\"")
	}
	switch {
	case len(h.MerchantRef) > maxRefLen:
		bad("merchantRef", "%d bytes, at most %d allowed", len(h.MerchantRef), maxRefLen)
	case cardnum.Contains(h.MerchantRef):
		bad("merchantRef", "looks like it contains a card number; card data goes only in the sealed card fields")
	}
	return errors.Join(errs...)
}

func (c CardData) validate() error {
	var errs []error
	if c.PAN.IsZero() {
		errs = append(errs, fmt.Errorf("%w: card PAN: missing", ErrInvalid))
	}
	if !isExpiry(c.Expiry) {
		errs = append(errs, fmt.Errorf("%w: card expiry: must be MM/YY with a month from 01 to 12", ErrInvalid))
	}
	if len(c.Holder) > maxHolderLen {
		errs = append(errs, fmt.Errorf("%w: card holder: %d bytes, at most %d allowed", ErrInvalid, len(c.Holder), maxHolderLen))
	}
	return errors.Join(errs...)
}

func checkID(id string) error {
	if id == "" || len(id) > maxIDLen {
		return fmt.Errorf("must have 1 to %d characters, has %d", maxIDLen, len(id))
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-') {
			return fmt.Errorf("character %d is not one of A-Z a-z 0-9 . _ : -", i+1)
		}
	}
	if cardnum.Contains(id) {
		return errors.New("looks like a card number; use a random ID such as NewID()")
	}
	return nil
}

func isCurrencyCode(s string) bool {
	return len(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z'
}

func isExpiry(s string) bool {
	if len(s) != 5 || s[2] != '/' {
		return false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	month := int(s[0]-'0')*10 + int(s[1]-'0')
	return month >= 1 && month <= 12
}
