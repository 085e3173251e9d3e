package envelope

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
)

// Keeper wraps and unwraps data keys with a key held by the key service.
// *gocloud.dev/secrets.Keeper implements it.
type Keeper interface {
	Encrypt(ctx context.Context, plaintext []byte) ([]byte, error)
	Decrypt(ctx context.Context, ciphertext []byte) ([]byte, error)
}

const dataKeyLen = 32 // AES-256

// Seal encrypts plaintext under a fresh data key wrapped by keeper and bound
// to c, and returns the version-1 envelope.
func Seal(ctx context.Context, keeper Keeper, c Context, plaintext []byte) ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("sealing %s: %w", c.describe(), err)
	}
	var key [dataKeyLen]byte
	defer clear(key[:])
	rand.Read(key[:])
	wrapped, err := keeper.Encrypt(ctx, key[:])
	if err != nil {
		return nil, fmt.Errorf("sealing %s: wrapping data key: %w", c.describe(), err)
	}
	if len(wrapped) == 0 || len(wrapped) > maxWrappedKey {
		return nil, fmt.Errorf("sealing %s: keeper returned a %d-byte wrapped key, want 1..%d", c.describe(), len(wrapped), maxWrappedKey)
	}
	aead, err := newGCM(key[:])
	if err != nil {
		return nil, fmt.Errorf("sealing %s: %w", c.describe(), err)
	}
	out := make([]byte, 0, headerLen+len(wrapped)+nonceLen+len(plaintext)+tagLen)
	out = appendHeader(out, wrapped)
	nonce := out[len(out) : len(out)+nonceLen]
	rand.Read(nonce)
	out = out[:len(out)+nonceLen]
	return aead.Seal(out, nonce, plaintext, c.aad(Version1)), nil
}

// Open checks that envelope was sealed for c and returns the plaintext. On
// any failure it returns nil and an error wrapping ErrMalformed,
// ErrUnsupportedVersion, ErrUnwrapKey or ErrAuthentication.
func Open(ctx context.Context, keeper Keeper, c Context, envelope []byte) ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("opening envelope for %s: %w", c.describe(), err)
	}
	s, err := parse(envelope)
	if err != nil {
		return nil, fmt.Errorf("opening envelope for %s: %w", c.describe(), err)
	}
	key, err := keeper.Decrypt(ctx, s.wrappedKey)
	if err != nil {
		return nil, fmt.Errorf("opening envelope for %s: %w: %w", c.describe(), ErrUnwrapKey, err)
	}
	defer clear(key)
	if len(key) != dataKeyLen {
		return nil, fmt.Errorf("opening envelope for %s: %w: unwrapped key has %d bytes, want %d", c.describe(), ErrUnwrapKey, len(key), dataKeyLen)
	}
	aead, err := newGCM(key)
	if err != nil {
		return nil, fmt.Errorf("opening envelope for %s: %w", c.describe(), err)
	}
	plaintext, err := aead.Open(nil, s.nonce, s.ciphertext, c.aad(s.version))
	if err != nil {
		// crypto/cipher says only "message authentication failed"; say what
		// that means here instead of wrapping it.
		return nil, fmt.Errorf("opening envelope for %s: %w: ciphertext, queue, message ID or bound fields differ from what was sealed", c.describe(), ErrAuthentication)
	}
	return plaintext, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("creating AES-256 cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("creating GCM: %w", err)
	}
	return aead, nil
}
