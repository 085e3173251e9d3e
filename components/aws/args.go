package aws

import (
	"errors"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cloudid"
)

// SecureQueueArgs are the inputs of a SecureQueue: the portable spec plus what only AWS has. The AWS fields
// are Pulumi inputs, so they may be outputs of the program's own resources (KeyArn: key.Arn); plain values
// (pulumi.String) are checked before anything is registered, outputs when they resolve.
type SecureQueueArgs struct {
	// Spec is the portable queue description; defaults are applied and it is validated for AWS.
	Spec components.QueueSpec
	// KeyArn brings your own KMS customer-managed key instead of creating one; nil creates one. Its key policy
	// must let the queue's roles use it through SQS; pciqueue then grants the roles kms permissions on that
	// ARN only.
	KeyArn pulumi.StringInput
	// VpcEndpointID, when set, restricts all data-plane access to this SQS interface endpoint (aws:SourceVpce).
	VpcEndpointID pulumi.StringInput
	// AdminRoleArns may purge and redrive the queues; by default nobody can.
	AdminRoleArns pulumi.StringArrayInput
	// AlarmActions are notified (e.g. SNS topic ARNs) when a message reaches the dead-letter queue.
	AlarmActions pulumi.StringArrayInput
}

var vpcEndpointPattern = regexp.MustCompile(`^vpce-[0-9a-f]{8,17}$`)

// checks are the checks of the AWS-only inputs, run on known values by validate and on outputs when they
// resolve.
type checks struct {
	keyArn, vpcEndpoint func(string) error
	admins, alarms      func(int, string) error
}

func checksFor(queue string) checks {
	return checks{
		keyArn: components.FieldCheck(queue, "aws.keyArn", cloudid.KMSKey.Matches,
			"a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); an alias, and alias/aws/sqs in particular, is not a customer-managed key"),
		vpcEndpoint: components.FieldCheck(queue, "aws.vpcEndpointId", vpcEndpointPattern.MatchString, "an SQS interface endpoint ID such as vpce-0123456789abcdef0"),
		admins: components.IndexedFieldCheck(queue, "aws.adminRoleArns", cloudid.IAMRole.Matches,
			"an IAM role ARN (users and wildcards may not administer a PCI queue)"),
		alarms: components.IndexedFieldCheck(queue, "aws.alarmActions", cloudid.SNSTopic.Matches, "an SNS topic ARN"),
	}
}

// validate applies the spec defaults, validates the spec for AWS and checks the AWS-only inputs known now.
func (a *SecureQueueArgs) validate() (components.QueueSpec, error) {
	spec := a.Spec.WithDefaults()
	c := checksFor(spec.Name)
	return spec, errors.Join(
		spec.Validate(Cloud),
		components.CheckString(a.KeyArn, c.keyArn),
		components.CheckString(a.VpcEndpointID, c.vpcEndpoint),
		components.CheckStrings(a.AdminRoleArns, c.admins),
		components.CheckStrings(a.AlarmActions, c.alarms),
	)
}

// Validate reports every problem with the args known now, so a stack can check all its queues before it
// creates anything, including the provider. Inputs that are outputs of other resources are checked when
// they resolve.
func (a *SecureQueueArgs) Validate() error {
	_, err := a.validate()
	return err
}
