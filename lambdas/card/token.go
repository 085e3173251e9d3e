package card

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
)

// tokenPrefix marks a token as such in logs, messages and stores.
const tokenPrefix = "tok_"

// tokenTextLen is the length of crypto/rand.Text output: 26 base32
// characters, 130 bits.
const tokenTextLen = 26

// ErrInvalidToken is wrapped by every error ParseToken returns.
var ErrInvalidToken = errors.New("invalid card token")

// Token stands for a PAN outside the vault. It is drawn from crypto/rand, so
// nothing about the PAN can be computed from it: only the vault that issued it
// can map it back.
type Token string

// NewToken returns a fresh random token.
func NewToken() Token {
	return Token(tokenPrefix + rand.Text())
}

// ParseToken checks that s has the token format ("tok_" and 26 base32
// characters) and returns it.
func ParseToken(s string) (Token, error) {
	rest, ok := strings.CutPrefix(s, tokenPrefix)
	if !ok {
		return "", fmt.Errorf("%w: must start with %q", ErrInvalidToken, tokenPrefix)
	}
	if len(rest) != tokenTextLen {
		return "", fmt.Errorf("%w: %d characters after %q, want %d", ErrInvalidToken, len(rest), tokenPrefix, tokenTextLen)
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			return "", fmt.Errorf("%w: character %d is outside the base32 alphabet A-Z2-7", ErrInvalidToken, len(tokenPrefix)+i+1)
		}
	}
	return Token(s), nil
}

// String returns the token text.
func (t Token) String() string { return string(t) }
