package providers

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
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
