// Command onerule is a pack of one policy served by policyx.Main: the cost of
// an Analyze on the same SDK with nothing else to do, the baseline the
// per-resource benchmark compares the pciqueue pack against.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

func main() {
	err := policyx.Main(func(*pulumi.Context) (policyx.PolicyPack, error) {
		queueKey := policyx.NewResourceValidationPolicy("queue-has-key", policyx.ResourceValidationPolicyArgs{
			Description:      "An SQS queue names a KMS key.",
			EnforcementLevel: policyx.EnforcementLevelMandatory,
			ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
				if args.Resource.Type != "aws:sqs/queue:Queue" {
					return nil
				}
				if v, ok := args.Resource.Properties.GetOk("kmsMasterKeyId"); !ok || !v.IsString() || v.AsString() == "" {
					args.Manager.ReportViolation("kmsMasterKeyId is not set", "")
				}
				return nil
			},
		})
		return policyx.NewPolicyPack("onerule", semver.MustParse("0.1.0"), policyx.EnforcementLevelMandatory, []policyx.Policy{queueKey})
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
