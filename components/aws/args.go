package aws

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cloudid"
)

// SecureQueueArgs are the inputs of a SecureQueue: the portable spec plus what only AWS has.
type SecureQueueArgs struct {
	// Spec is the portable queue description; defaults are applied and it is validated for AWS.
	Spec components.QueueSpec
	// KeyArn brings your own KMS customer-managed key instead of creating one. Its key policy must let the
	// queue's roles use it through SQS; pciqueue then grants the roles kms permissions on that ARN only.
	KeyArn string
	// VpcEndpointID, when set, restricts all data-plane access to this SQS interface endpoint (aws:SourceVpce).
	VpcEndpointID string
	// AdminRoleArns may purge and redrive the queues; by default nobody can.
	AdminRoleArns []string
	// AlarmActions are notified (e.g. SNS topic ARNs) when a message reaches the dead-letter queue.
	AlarmActions []string
}

var vpcEndpointPattern = regexp.MustCompile(`^vpce-[0-9a-f]{8,17}$`)

// validate applies the spec defaults, validates the spec for AWS and checks the AWS-only inputs.
func (a *SecureQueueArgs) validate() (components.QueueSpec, error) {
	spec := a.Spec.WithDefaults()
	errs := []error{spec.Validate(Cloud)}
	field := func(name, value, allowed string) {
		errs = append(errs, &components.FieldError{Queue: spec.Name, Field: name, Value: fmt.Sprintf("%q", value), Allowed: allowed})
	}
	if a.KeyArn != "" {
		if !cloudid.KMSKey.Matches(a.KeyArn) {
			field("aws.keyArn", a.KeyArn, "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); an alias, and alias/aws/sqs in particular, is not a customer-managed key")
		}
	}
	if a.VpcEndpointID != "" && !vpcEndpointPattern.MatchString(a.VpcEndpointID) {
		field("aws.vpcEndpointId", a.VpcEndpointID, "an SQS interface endpoint ID such as vpce-0123456789abcdef0")
	}
	for i, r := range a.AdminRoleArns {
		if !cloudid.IAMRole.Matches(r) {
			field(fmt.Sprintf("aws.adminRoleArns[%d]", i), r, "an IAM role ARN (users and wildcards may not administer a PCI queue)")
		}
	}
	for i, r := range a.AlarmActions {
		if !cloudid.SNSTopic.Matches(r) {
			field(fmt.Sprintf("aws.alarmActions[%d]", i), r, "an SNS topic ARN")
		}
	}
	return spec, errors.Join(errs...)
}

// Validate reports every problem with the args, so a stack can check all its queues before it creates
// anything, including the provider.
func (a *SecureQueueArgs) Validate() error {
	_, err := a.validate()
	return err
}
