package providers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// readObject decodes the pciqueue:<key> config object strictly: an unknown key is an error, so a misspelt
// setting cannot silently fall back to a default.
func readObject(ctx *pulumi.Context, key string, v any) error {
	raw, err := config.New(ctx, "pciqueue").Try(key)
	if err != nil {
		return fmt.Errorf("config pciqueue:%s is required for this cloud", key)
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("config pciqueue:%s: %w (check the key spelling and value types)", key, err)
	}
	return nil
}

// checkNoCardNumber refuses a card number (internal/cardnum) in a default tag or label, before any other
// check could echo it: providers apply these to every resource, where they are stored and shown in clear.
// The error names the key and never the value; a key holding a card number is masked.
func checkNoCardNumber(key string, tags map[string]string) error {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if cardnum.Contains(k) || cardnum.Contains(tags[k]) {
			return fmt.Errorf("config pciqueue:%s.%s holds a card number: remove it (tags and labels are stored in clear in state, billing and logs)", key, cardnum.Scrub(k))
		}
	}
	return nil
}
