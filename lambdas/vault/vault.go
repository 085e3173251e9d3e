package vault

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/pciqueue/pciqueue/lambdas/card"
	"github.com/pciqueue/pciqueue/lambdas/envelope"
	"gocloud.dev/docstore"
	"gocloud.dev/gcerrors"
)

// KeyField is the name of the key field of the vault's collection.
const KeyField = "key"

// MinIndexKeyLen is the shortest HMAC index key accepted, in bytes.
const MinIndexKeyLen = 32

// ErrUnknownToken: the vault holds no PAN for the token.
var ErrUnknownToken = errors.New("unknown card token")

const (
	indexPrefix  = "idx:"
	recordPrefix = "tok:"
)

// entry is one document: an index entry (key "idx:<hmac>", Token set) or a
// record (key "tok:<token>", Sealed set).
type entry struct {
	Key              string `docstore:"key"`
	Token            string `docstore:"token,omitempty"`
	Sealed           []byte `docstore:"sealed,omitempty"`
	DocstoreRevision any
}

// Config says where a Vault keeps its documents and keys.
type Config struct {
	// Collection holds the index and the records; its key field is KeyField.
	Collection *docstore.Collection
	// Keeper wraps the data keys of the records (a *secrets.Keeper):
	// tokenizing only encrypts with it, detokenizing only decrypts.
	Keeper envelope.Keeper
	// Cache bounds how many records and how long one data key serves; nil
	// means envelope.DefaultCachePolicy.
	Cache *envelope.CachePolicy
	// IndexKey is the secret HMAC key of the lookup index, at least
	// MinIndexKeyLen bytes. Keep it wrapped by the key service in
	// configuration and unwrap it at start-up; changing it orphans the index.
	IndexKey []byte
	// Name identifies the vault; records are bound to it.
	Name string
}

// Vault tokenizes and detokenizes PANs.
type Vault struct {
	known    *tokenCache
	coll     *docstore.Collection
	sealer   *envelope.Sealer
	opener   *envelope.Opener
	indexKey []byte
	name     string
}

// New checks cfg and returns a Vault.
func New(cfg Config) (*Vault, error) {
	var errs []error
	if cfg.Collection == nil {
		errs = append(errs, errors.New("Collection is nil; open one with docstore.OpenCollection"))
	}
	if cfg.Keeper == nil {
		errs = append(errs, errors.New("Keeper is nil; open one with secrets.OpenKeeper"))
	}
	if len(cfg.IndexKey) < MinIndexKeyLen {
		errs = append(errs, fmt.Errorf("IndexKey has %d bytes; use at least %d random bytes", len(cfg.IndexKey), MinIndexKeyLen))
	}
	if cfg.Name == "" {
		errs = append(errs, errors.New("Name is empty; name the vault, e.g. \"payments\""))
	}
	var sealer *envelope.Sealer
	var opener *envelope.Opener
	if cfg.Keeper != nil {
		policy := envelope.DefaultCachePolicy()
		if cfg.Cache != nil {
			policy = *cfg.Cache
		}
		var serr, oerr error
		sealer, serr = envelope.NewSealer(envelope.SealerConfig{Keeper: cfg.Keeper, Policy: policy})
		opener, oerr = envelope.NewOpener(envelope.OpenerConfig{Keeper: cfg.Keeper, Policy: policy})
		errs = append(errs, serr, oerr)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("creating card vault %q: %w", cfg.Name, err)
	}
	return &Vault{known: newTokenCache(knownTokens, knownTokenAge), coll: cfg.Collection, sealer: sealer, opener: opener, indexKey: cfg.IndexKey, name: cfg.Name}, nil
}

// Close wipes the vault's cached data keys.
func (v *Vault) Close() {
	v.sealer.Close()
	v.opener.Close()
}

// Tokenize returns the token for pan, issuing and storing one if pan is new.
func (v *Vault) Tokenize(ctx context.Context, pan card.PAN) (card.Token, error) {
	if pan.IsZero() {
		return "", fmt.Errorf("tokenizing card in vault %q: the PAN is empty", v.name)
	}
	idx := &entry{Key: v.indexDocKey(pan)}
	if tok, ok := v.known.get(idx.Key); ok {
		return tok, nil
	}
	tok, err := v.lookup(ctx, idx)
	if err == nil {
		v.known.put(idx.Key, tok)
	}
	if err == nil || gcerrors.Code(err) != gcerrors.NotFound {
		return tok, err
	}

	tok = card.NewToken()
	sealed, err := v.sealer.Seal(ctx, v.recordContext(tok), []byte(pan.Reveal()))
	if err != nil {
		return "", fmt.Errorf("tokenizing card %s in vault %q: %w", pan, v.name, err)
	}
	// The record goes in before the index entry, so an index entry never
	// points at a missing record.
	if err := v.coll.Create(ctx, &entry{Key: recordPrefix + string(tok), Sealed: sealed}); err != nil {
		return "", fmt.Errorf("tokenizing card %s in vault %q: storing record: %w", pan, v.name, err)
	}
	err = v.coll.Create(ctx, &entry{Key: idx.Key, Token: string(tok)})
	if err == nil {
		v.known.put(idx.Key, tok)
		return tok, nil
	}
	// Remove our record: either another caller won the race for this PAN,
	// or the index write failed and the record would be unreachable.
	if derr := v.coll.Delete(ctx, &entry{Key: recordPrefix + string(tok)}); derr != nil {
		return "", fmt.Errorf("tokenizing card %s in vault %q: removing unused record: %w", pan, v.name, errors.Join(err, derr))
	}
	if gcerrors.Code(err) != gcerrors.AlreadyExists {
		return "", fmt.Errorf("tokenizing card %s in vault %q: storing index entry: %w", pan, v.name, err)
	}
	return v.lookup(ctx, &entry{Key: idx.Key})
}

// lookup reads an index entry; gcerrors.Code of the error is NotFound when
// there is none.
func (v *Vault) lookup(ctx context.Context, idx *entry) (card.Token, error) {
	if err := v.coll.Get(ctx, idx); err != nil {
		return "", fmt.Errorf("looking up card in vault %q: %w", v.name, err)
	}
	tok, err := card.ParseToken(idx.Token)
	if err != nil {
		return "", fmt.Errorf("looking up card in vault %q: index entry holds a bad token: %w", v.name, err)
	}
	return tok, nil
}

// Detokenize returns the PAN tok stands for. It fails with ErrUnknownToken
// when the vault never issued tok, and closed (no PAN) when the record does
// not open.
func (v *Vault) Detokenize(ctx context.Context, tok card.Token) (card.PAN, error) {
	if _, err := card.ParseToken(string(tok)); err != nil {
		return card.PAN{}, fmt.Errorf("detokenizing in vault %q: %w", v.name, err)
	}
	rec := &entry{Key: recordPrefix + string(tok)}
	if err := v.coll.Get(ctx, rec); err != nil {
		if gcerrors.Code(err) == gcerrors.NotFound {
			return card.PAN{}, fmt.Errorf("detokenizing %s in vault %q: %w", tok, v.name, ErrUnknownToken)
		}
		return card.PAN{}, fmt.Errorf("detokenizing %s in vault %q: %w", tok, v.name, err)
	}
	plain, err := v.opener.Open(ctx, v.recordContext(tok), rec.Sealed)
	if err != nil {
		return card.PAN{}, fmt.Errorf("detokenizing %s in vault %q: %w", tok, v.name, err)
	}
	defer clear(plain)
	pan, err := card.ParsePAN(string(plain))
	if err != nil {
		return card.PAN{}, fmt.Errorf("detokenizing %s in vault %q: stored PAN: %w", tok, v.name, err)
	}
	return pan, nil
}

// indexDocKey returns the index document key for pan.
func (v *Vault) indexDocKey(pan card.PAN) string {
	m := hmac.New(sha256.New, v.indexKey)
	m.Write([]byte(pan.Reveal()))
	return indexPrefix + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (v *Vault) recordContext(tok card.Token) envelope.Context {
	return envelope.Context{Queue: "vault:" + v.name, MessageID: string(tok)}
}
