package wiring

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"sync"

	"github.com/pciqueue/pciqueue/lambdas/envelope"
	"gocloud.dev/secrets"
)

// maxKeyVersions bounds the key versions a consumer opens keepers for: a
// key rotated yearly has a handful while its messages live, and envelopes
// naming more are not worth a keeper each.
const maxKeyVersions = 16

// versionedURL appends a key version to the path of a keeper URL
// ("azurekeyvault://<vault>.vault.azure.net/keys/<key>" + "/<version>").
func versionedURL(base, version string) (string, error) {
	if version == "" {
		return base, nil
	}
	if !validVersion(version) {
		return "", fmt.Errorf("%s has characters other than A-Z a-z 0-9 or more than 64 of them", EnvKeyVersion)
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("%s does not parse as a URL", EnvKeeperURL)
	}
	u.Path = path.Join(u.Path, version)
	return u.String(), nil
}

// validVersion accepts Key Vault's 32 hex digits and similar IDs, and
// nothing that could walk the URL path to another key.
func validVersion(v string) bool {
	if v == "" || len(v) > 64 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// keyVersions opens a keeper per key version an envelope names, once.
type keyVersions struct {
	ctx  context.Context
	base string
	mu   sync.Mutex
	open map[string]*secrets.Keeper
}

func (v *keyVersions) keeper(ref string) (envelope.Keeper, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if k, ok := v.open[ref]; ok {
		return k, nil
	}
	if len(v.open) >= maxKeyVersions {
		return nil, fmt.Errorf("already %d key versions open; refusing another", maxKeyVersions)
	}
	u, err := versionedURL(v.base, ref)
	if err != nil {
		return nil, errors.New("the envelope names a key version that is not a plain ID")
	}
	k, err := secrets.OpenKeeper(v.ctx, u)
	if err != nil {
		return nil, fmt.Errorf("opening keeper for the recorded key version: %w", err)
	}
	v.open[ref] = k
	return k, nil
}

func (v *keyVersions) close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	var errs []error
	for ref, k := range v.open {
		errs = append(errs, k.Close())
		delete(v.open, ref)
	}
	return errors.Join(errs...)
}
