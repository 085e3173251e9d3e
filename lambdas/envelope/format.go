package envelope

import (
	"encoding/binary"
	"fmt"
)

// Wire-format versions. Version1 carries no key reference; Version2 adds
// one, for key services whose ciphertext does not name the key version
// that produced it (Azure Key Vault).
const (
	Version1 byte = 1
	Version2 byte = 2
)

const (
	magic         = "PQE"
	headerLen     = len(magic) + 1 + 2 // magic, version, wrapped key length
	nonceLen      = 12
	tagLen        = 16
	maxWrappedKey = 4096 // an RSA-4096 wrap is 512 bytes; KMS blobs are smaller
	// MaxKeyRefLen is the longest key reference a version-2 envelope holds.
	MaxKeyRefLen = 255
)

// sealed is a parsed envelope. Its slices alias the input.
type sealed struct {
	version    byte
	keyRef     string
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
	s := sealed{version: b[len(magic)]}
	rest := b[len(magic)+1:]
	switch s.version {
	case Version1:
	case Version2:
		n := int(rest[0])
		if n == 0 || len(rest) < 1+n+2 {
			return sealed{}, fmt.Errorf("%w: key reference length %d outside 1..%d or past the end", ErrMalformed, n, MaxKeyRefLen)
		}
		s.keyRef = string(rest[1 : 1+n])
		rest = rest[1+n:]
	default:
		return sealed{}, fmt.Errorf("%w: version %d, this build reads versions %d and %d", ErrUnsupportedVersion, s.version, Version1, Version2)
	}
	n := int(binary.BigEndian.Uint16(rest))
	if n == 0 || n > maxWrappedKey {
		return sealed{}, fmt.Errorf("%w: wrapped data key length %d outside 1..%d", ErrMalformed, n, maxWrappedKey)
	}
	rest = rest[2:]
	if len(rest) < n+nonceLen+tagLen {
		return sealed{}, fmt.Errorf("%w: %d bytes after the header, need at least %d for key, nonce and tag", ErrMalformed, len(rest), n+nonceLen+tagLen)
	}
	s.wrappedKey = rest[:n]
	s.nonce = rest[n : n+nonceLen]
	s.ciphertext = rest[n+nonceLen:]
	return s, nil
}

// appendHeader appends the header, the key reference (version 2 only) and
// the wrapped key to dst.
func appendHeader(dst []byte, keyRef string, wrappedKey []byte) []byte {
	dst = append(dst, magic...)
	if keyRef == "" {
		dst = append(dst, Version1)
	} else {
		dst = append(dst, Version2, byte(len(keyRef)))
		dst = append(dst, keyRef...)
	}
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(wrappedKey)))
	return append(dst, wrappedKey...)
}
