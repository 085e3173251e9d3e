package program

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	_ "github.com/pciqueue/pciqueue/components/clouds"
)

// Run is the stack program: it plans the whole stack with the selected cloud's driver before registering
// anything, then registers the cloud's explicit provider, the stack's resources with that provider, and
// exports what each component declared.
func Run(ctx *pulumi.Context) error {
	st, err := Load(ctx)
	if err != nil {
		return err
	}
	plan, err := st.Driver.Plan(ctx, st.Queues)
	if err != nil {
		return err
	}
	provider, err := plan.Provider(ctx)
	if err != nil {
		return err
	}
	exports, err := plan.Deploy(ctx, pulumi.Provider(provider))
	if err != nil {
		return err
	}
	for _, e := range exports {
		ctx.Export(e.Name, e.Outputs)
	}
	return nil
}
