package vault

import (
	"sync"
	"time"

	"github.com/pciqueue/pciqueue/lambdas/card"
)

// A returning card is answered from memory for a while: the process keeps
// the index document key (a keyed hash, useless without the index key) and
// the token, neither of them card data, so the store is read once per card
// per few minutes instead of once per payment.
const (
	knownTokens   = 10_000
	knownTokenAge = 5 * time.Minute
)

// tokenCache maps index document keys to tokens, bounded in size and age.
type tokenCache struct {
	max int
	age time.Duration
	now func() time.Time

	mu sync.Mutex
	m  map[string]knownToken
}

type knownToken struct {
	tok  card.Token
	born time.Time
}

func newTokenCache(max int, age time.Duration) *tokenCache {
	return &tokenCache{max: max, age: age, now: time.Now, m: make(map[string]knownToken)}
}

func (c *tokenCache) get(key string) (card.Token, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.m[key]
	if !ok {
		return "", false
	}
	if c.now().Sub(k.born) >= c.age {
		delete(c.m, key)
		return "", false
	}
	return k.tok, true
}

// put remembers tok; when the cache is full it starts over, which costs
// one store read per card seen again, never a wrong token.
func (c *tokenCache) put(key string, tok card.Token) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[key] = knownToken{tok: tok, born: c.now()}
}
