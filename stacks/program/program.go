package program

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
)

// deployers maps each cloud to the function that builds its provider and queues from a validated config.
var deployers = map[components.Cloud]func(*pulumi.Context, *Stack) error{
	components.AWS:   deployAWS,
	components.Azure: deployAzure,
	components.GCP:   deployGCP,
}

// Run is the stack program.
func Run(ctx *pulumi.Context) error {
	st, err := Load(ctx)
	if err != nil {
		return err
	}
	deploy, ok := deployers[st.Cloud]
	if !ok {
		return fmt.Errorf("config %s:cloud = %q: this build of pciqueue has no %s components", Namespace, st.Cloud, st.Cloud)
	}
	return deploy(ctx, st)
}
