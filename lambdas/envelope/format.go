package envelope

import (
	"encoding/binary"
	"fmt"
)

// Version1 is the only wire-format version this package writes and reads.
const Version1 byte = 1

const (
	magic         = "PQE"
	headerLen     = len(magic) + 1 + 2 // magic, version, wrapped key length
	nonceLen      = 12
	tagLen        = 16
	maxWrappedKey = 4096 // an RSA-4096 wrap is 512 bytes; KMS blobs are smaller
)

// sealed is a parsed envelope. Its slices alias the input.
type sealed struct {
	version    byte
	wrappedKey []byte
	nonce      []byte
	ciphertext []byte
}

// parse checks the layout of b without touching any key.
func parse(b []byte) (sealed, error) {
	if len(b) < headerLen {
		return sealed{}, fmt.Errorf("%w: %d bytes, shorter than the %d-byte header", ErrMalformed, len(b), headerLen)
	}
	if string(b[:len(magic)]) != magic {
		return sealed{}, fmt.Errorf("%w: does not start with %q", ErrMalformed, magic)
	}
	if v := b[len(magic)]; v != Version1 {
		return sealed{}, fmt.Errorf("%w: version %d, this build reads version %d", ErrUnsupportedVersion, v, Version1)
	}
	n := int(binary.BigEndian.Uint16(b[len(magic)+1:]))
	if n == 0 || n > maxWrappedKey {
		return sealed{}, fmt.Errorf("%w: wrapped data key length %d outside 1..%d", ErrMalformed, n, maxWrappedKey)
	}
	rest := b[headerLen:]
	if len(rest) < n+nonceLen+tagLen {
		return sealed{}, fmt.Errorf("%w: %d bytes after the header, need at least %d for key, nonce and tag", ErrMalformed, len(rest), n+nonceLen+tagLen)
	}
	return sealed{
		version:    Version1,
		wrappedKey: rest[:n],
		nonce:      rest[n : n+nonceLen],
		ciphertext: rest[n+nonceLen:],
	}, nil
}

// appendHeader appends the header and wrapped key to dst.
func appendHeader(dst, wrappedKey []byte) []byte {
	dst = append(dst, magic...)
	dst = append(dst, Version1)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(wrappedKey)))
	return append(dst, wrappedKey...)
}
