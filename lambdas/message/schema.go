package message

import (
	"crypto/rand"
	"time"

	"github.com/pciqueue/pciqueue/lambdas/card"
)

// SchemaV1 is the schema version this package writes and reads.
const SchemaV1 = "pciqueue.payment.v1"

// Header holds the fields that travel in clear. All of them are
// authenticated by the envelope.
type Header struct {
	Schema      string     `json:"schema"`
	ID          string     `json:"id"`
	CreatedAt   time.Time  `json:"createdAt"`
	Token       card.Token `json:"token"`
	MaskedPAN   string     `json:"maskedPan"`
	AmountMinor int64      `json:"amountMinor"`
	Currency    string     `json:"currency"`
	MerchantRef string     `json:"merchantRef,omitempty"`
}

// Event is a payment event as it travels: the clear header and the sealed
// cardholder data.
type Event struct {
	Header
	// Sealed is an envelope (package envelope) of the JSON-encoded CardData.
	Sealed []byte `json:"sealed"`
}

// CardData is the cardholder data that only ever travels sealed.
type CardData struct {
	PAN card.PAN
	// Expiry is "MM/YY".
	Expiry string
	// Holder is the cardholder name; optional.
	Holder string
}

// Payment is an opened event: the header and the cardholder data.
type Payment struct {
	Header
	Card CardData
}

// NewID returns a random message ID (26 base32 characters).
func NewID() string { return rand.Text() }

// sealedCard is the JSON form of CardData inside the envelope.
type sealedCard struct {
	PAN    string `json:"pan"`
	Expiry string `json:"expiry"`
	Holder string `json:"holder,omitempty"`
}
