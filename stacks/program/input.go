package program

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// stringInput turns an optional config string into a component input: an absent key (empty) is nil, which
// components read as "not given", and any other value is a plain value they check before registering.
func stringInput(s string) pulumi.StringInput {
	if s == "" {
		return nil
	}
	return pulumi.String(s)
}
