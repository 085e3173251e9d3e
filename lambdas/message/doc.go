// Package message defines the payment event that travels on a pciqueue queue
// and its versioned JSON encoding.
//
// Guarantees:
//
//   - In clear, an event carries only what is safe outside the cardholder
//     data environment: the schema version, the message ID, the creation time,
//     the card token, the masked PAN, the amount, the currency and a merchant
//     reference that is checked not to contain a card number.
//   - The cardholder data (PAN, expiry, cardholder name) travels only inside
//     the sealed envelope (package envelope). The card verification code is not
//     part of the schema at all: it is sensitive authentication data that PCI
//     DSS 3.3.1 forbids keeping after authorization, and a queue keeps it.
//   - Every clear field is bound into the envelope's additional authenticated
//     data, so changing the token, amount, currency, time or reference of a
//     sealed event makes it fail to open, as does moving it to another queue
//     or giving it another ID.
//   - Decoding is strict: the schema version is checked first and an unknown
//     one is rejected with [ErrUnsupportedSchema]; unknown fields, trailing
//     data, missing or badly formed fields are rejected with [ErrMalformed] or
//     [ErrInvalid]. No error repeats a field's value, and any text from the
//     input that an error does name has its card numbers masked
//     (cardnum.Scrub) before it is shortened.
//
// # Schema pciqueue.payment.v1
//
//	{
//	  "schema": "pciqueue.payment.v1",
//	  "id": "<1-128 of A-Z a-z 0-9 . _ : ->",
//	  "createdAt": "<RFC 3339 time>",
//	  "token": "tok_<26 base32>",
//	  "maskedPan": "411111******1111",
//	  "amountMinor": 1999,
//	  "currency": "EUR",
//	  "merchantRef": "<optional, up to 128 characters>",
//	  "sealed": "<base64 envelope of {\"pan\",\"expiry\",\"holder\"}>"
//	}
package message
