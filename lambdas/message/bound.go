package message

import "encoding/binary"

// bound returns the canonical encoding of the clear header that the
// envelope authenticates. Each field is length-prefixed and the time is in
// Unix nanoseconds, so the encoding does not depend on how the JSON spelled
// the values.
func (h Header) bound() []byte {
	b := make([]byte, 0, 160)
	for _, s := range []string{h.Schema, h.ID, string(h.Token), h.MaskedPAN, h.Currency, h.MerchantRef} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	b = binary.BigEndian.AppendUint64(b, uint64(h.CreatedAt.UnixNano()))
	return binary.BigEndian.AppendUint64(b, uint64(h.AmountMinor))
}
