package components

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Driver is one cloud behind the portable contract. The stack program, the offline preview and the report
// reach a cloud only through its driver, so adding a cloud is one package that calls Register.
type Driver interface {
	// Cloud is the name the stack config selects the cloud by (pciqueue:cloud) and the key of its provider
	// object (pciqueue:<cloud>) and of each queue's options (pciqueue:queues[i].<cloud>).
	Cloud() Cloud
	// Limits are the ranges the cloud's services can honour; QueueSpec.Validate applies them.
	Limits() Limits
	// Plan reads the cloud's provider object and decodes every queue's options strictly (an unknown key is
	// an error naming it). It validates everything and registers nothing, reporting every queue's problems
	// at once, so a config error never leaves a half-created stack.
	Plan(ctx *pulumi.Context, queues []StackQueue) (Plan, error)
}

// Plan is a validated stack of one cloud, ready to register.
type Plan interface {
	// Provider registers the cloud's explicit provider from the stack config.
	Provider(ctx *pulumi.Context) (pulumi.ProviderResource, error)
	// Deploy registers the stack's resources with the given provider option and returns what the stack
	// exports, in config order.
	Deploy(ctx *pulumi.Context, provider pulumi.ResourceOption) ([]Export, error)
}

// StackQueue is one validated entry of pciqueue:queues: the config key it came from (for messages), its
// portable spec, and the raw options of the stack's cloud.
type StackQueue struct {
	Key     string
	Spec    QueueSpec
	Options json.RawMessage
}

// Export is one stack output: a component's name and the outputs it declared, the same map it registered
// with RegisterResourceOutputs.
type Export struct {
	Name    string
	Outputs pulumi.Map
}

// Outputter is a component that declares its outputs once, for RegisterResourceOutputs and ctx.Export.
type Outputter interface {
	Outputs() pulumi.Map
}

// ExportOf is the stack output of a component.
func ExportOf(name string, c Outputter) Export { return Export{Name: name, Outputs: c.Outputs()} }

// DecodeStrict decodes a config object, rejecting keys the target does not have so a typo is an error.
// Empty data leaves v as it is.
func DecodeStrict(data []byte, v any) error {
	if len(data) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decoding: %w (check the key spelling and value types)", err)
	}
	return nil
}
