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
// to c, and returns the version-1 envelope. It costs one key-service call;
// a Sealer shares data keys between messages within bounds.
func Seal(ctx context.Context, keeper Keeper, c Context, plaintext []byte) ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("sealing %s: %w", c.describe(), err)
	}
	k, err := newDataKey(ctx, keeper)
	if err != nil {
		return nil, fmt.Errorf("sealing %s: %w", c.describe(), err)
	}
	defer k.wipe()
	return k.seal(c, "", plaintext)
}

// Open checks that envelope was sealed for c and returns the plaintext. On
// any failure it returns nil and an error wrapping ErrMalformed,
// ErrUnsupportedVersion, ErrUnwrapKey or ErrAuthentication. A version-2
// envelope is opened with keeper whatever key reference it carries; an
// Opener resolves references.
func Open(ctx context.Context, keeper Keeper, c Context, envelope []byte) ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("opening envelope for %s: %w", c.describe(), err)
	}
	s, err := parse(envelope)
	if err != nil {
		return nil, fmt.Errorf("opening envelope for %s: %w", c.describe(), err)
	}
	key, err := unwrap(ctx, keeper, s.wrappedKey)
	if err != nil {
		return nil, fmt.Errorf("opening envelope for %s: %w", c.describe(), err)
	}
	defer clear(key)
	return openWith(key, c, s)
}

// newDataKey draws a data key and wraps it: one call to the key service.
func newDataKey(ctx context.Context, keeper Keeper) (*dataKey, error) {
	k := &dataKey{}
	rand.Read(k.raw[:])
	wrapped, err := keeper.Encrypt(ctx, k.raw[:])
	if err != nil {
		k.wipe()
		return nil, fmt.Errorf("wrapping data key: %w", err)
	}
	if len(wrapped) == 0 || len(wrapped) > maxWrappedKey {
		k.wipe()
		return nil, fmt.Errorf("keeper returned a %d-byte wrapped key, want 1..%d", len(wrapped), maxWrappedKey)
	}
	k.wrapped = wrapped
	return k, nil
}

// unwrap asks the keeper for the clear data key: one call to the key
// service.
func unwrap(ctx context.Context, keeper Keeper, wrapped []byte) ([]byte, error) {
	key, err := keeper.Decrypt(ctx, wrapped)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnwrapKey, err)
	}
	if len(key) != dataKeyLen {
		clear(key)
		return nil, fmt.Errorf("%w: unwrapped key has %d bytes, want %d", ErrUnwrapKey, len(key), dataKeyLen)
	}
	return key, nil
}

// seal writes the envelope of plaintext under k with a fresh nonce.
func (k *dataKey) seal(c Context, keyRef string, plaintext []byte) ([]byte, error) {
	aead, err := newGCM(k.raw[:])
	if err != nil {
		return nil, fmt.Errorf("sealing %s: %w", c.describe(), err)
	}
	return sealWith(aead, c, keyRef, k.wrapped, plaintext), nil
}

func sealWith(aead cipher.AEAD, c Context, keyRef string, wrapped, plaintext []byte) []byte {
	out := make([]byte, 0, headerLen+1+len(keyRef)+len(wrapped)+nonceLen+len(plaintext)+tagLen)
	out = appendHeader(out, keyRef, wrapped)
	version := out[len(magic)]
	nonce := out[len(out) : len(out)+nonceLen]
	rand.Read(nonce)
	out = out[:len(out)+nonceLen]
	return aead.Seal(out, nonce, plaintext, c.aad(version, keyRef))
}

// openWith authenticates and decrypts s with the clear data key.
func openWith(key []byte, c Context, s sealed) ([]byte, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, fmt.Errorf("opening envelope for %s: %w", c.describe(), err)
	}
	plaintext, err := aead.Open(nil, s.nonce, s.ciphertext, c.aad(s.version, s.keyRef))
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
