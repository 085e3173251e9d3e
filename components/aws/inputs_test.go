package aws

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// ownResources creates what a platform team's program would own and returns args that take their outputs.
func ownResources(ctx *pulumi.Context) (*SecureQueueArgs, error) {
	key, err := kms.NewKey(ctx, "team-key", &kms.KeyArgs{EnableKeyRotation: pulumi.Bool(true)})
	if err != nil {
		return nil, err
	}
	topic, err := sns.NewTopic(ctx, "oncall", &sns.TopicArgs{})
	if err != nil {
		return nil, err
	}
	endpoint, err := ec2.NewVpcEndpoint(ctx, "sqs-endpoint", &ec2.VpcEndpointArgs{
		VpcId: pulumi.String("vpc-0123456789abcdef0"), ServiceName: pulumi.String("com.amazonaws.eu-west-1.sqs"),
		VpcEndpointType: pulumi.String("Interface"),
	})
	if err != nil {
		return nil, err
	}
	admin, err := iam.NewRole(ctx, "queue-admin", &iam.RoleArgs{AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[]}`)})
	if err != nil {
		return nil, err
	}
	args := paymentsArgs()
	args.KeyArn = key.Arn
	args.VpcEndpointID = endpoint.ID().ToStringOutput()
	args.AlarmActions = pulumi.StringArray{topic.Arn}
	args.AdminRoleArns = pulumi.StringArray{admin.Arn}
	return args, nil
}

func deployWithOwnResources(t *testing.T, dryRun bool, edit func(*SecureQueueArgs)) ([]enginetest.Resource, error) {
	t.Helper()
	eng := enginetest.New("pciqueue", "test", dryRun)
	err := eng.Run(func(ctx *pulumi.Context) error {
		args, err := ownResources(ctx)
		if err != nil {
			return err
		}
		if edit != nil {
			edit(args)
		}
		_, err = NewSecureQueue(ctx, "payments", args)
		return err
	}, nil)
	return eng.Resources(), err
}

func TestSecureQueue_outputsOfTheProgramsOwnResourcesAreUsed(t *testing.T) {
	rs, err := deployWithOwnResources(t, false, nil)
	if err != nil {
		t.Fatalf("NewSecureQueue with outputs as inputs: %v", err)
	}
	keyArn := outputArn(t, rs, keyType, "team-key")
	if _, ok := enginetest.Find(rs, keyType, "payments-key"); ok {
		t.Error("a data key was created although the program passed its own")
	}
	for _, q := range []string{"payments-queue", "payments-dlq"} {
		if got := str(find(t, rs, queueType, q), "kmsMasterKeyId"); got != keyArn {
			t.Errorf("%s uses key %q, want the program's %q", q, got, keyArn)
		}
	}
	endpoint, _ := enginetest.Find(rs, "aws:ec2/vpcEndpoint:VpcEndpoint", "sqs-endpoint")
	endpointID := endpoint.Outputs["id"].StringValue()
	adminArn := outputArn(t, rs, roleType, "queue-admin")
	for _, s := range policyOf(t, find(t, rs, qpType, "payments-queue-policy"), "policy") {
		switch s.Sid {
		case "DenyOutsideVpcEndpoint":
			if condition(s, "StringNotEquals", "aws:SourceVpce") != endpointID {
				t.Errorf("endpoint condition %v, want %s", s.Condition, endpointID)
			}
		case "DenyUndeclaredPrincipals":
			if allowed := s.Condition["ArnNotEquals"]["aws:PrincipalArn"]; !slices.Contains(allowed, adminArn) {
				t.Errorf("admin %s not among the allowed principals %v", adminArn, allowed)
			}
		}
	}
	alarm := find(t, rs, "aws:cloudwatch/metricAlarm:MetricAlarm", "payments-dlq-depth")
	topicArn := outputArn(t, rs, "aws:sns/topic:Topic", "oncall")
	if acts := alarm.Inputs["alarmActions"].ArrayValue(); len(acts) != 1 || acts[0].StringValue() != topicArn {
		t.Errorf("alarm actions %v, want the program's topic %s", acts, topicArn)
	}
}

func TestSecureQueue_previewWithOutputsAsInputsRegistersEveryChild(t *testing.T) {
	preview, err := deployWithOwnResources(t, true, nil)
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	update, err := deployWithOwnResources(t, false, nil)
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if p, u := enginetest.Types(preview), enginetest.Types(update); !slices.Equal(p, u) {
		t.Errorf("preview registers %v, update %v", p, u)
	}
}

func TestSecureQueue_outputResolvingToARefusedValueFailsWithTheFieldMessage(t *testing.T) {
	const card = "4111111111111111"
	cases := []struct {
		name, field string
		edit        func(*SecureQueueArgs)
	}{
		{"alias as key", "aws.keyArn", func(a *SecureQueueArgs) {
			a.KeyArn = enginetest.Later("alias/payments")
		}},
		{"card number as endpoint", "aws.vpcEndpointId", func(a *SecureQueueArgs) {
			a.VpcEndpointID = a.VpcEndpointID.ToStringOutput().ApplyT(func(string) string { return card }).(pulumi.StringOutput)
		}},
		{"user as admin", "aws.adminRoleArns[0]", func(a *SecureQueueArgs) {
			a.AdminRoleArns = pulumi.StringArray{pulumi.String("arn:aws:iam::123456789012:user/alice").ToStringOutput()}
		}},
		{"email as alarm action", "aws.alarmActions[0]", func(a *SecureQueueArgs) {
			a.AlarmActions = pulumi.StringArray{pulumi.String("mailto:oncall@example.com").ToStringOutput()}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := deployWithOwnResources(t, false, tc.edit)
			if err == nil {
				t.Fatal("a refused value from an output was deployed")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.field) || !strings.Contains(msg, "use ") {
				t.Errorf("error %q does not name %s and the fix", msg, tc.field)
			}
			if strings.Contains(msg, card) {
				t.Error("the error echoes a card number")
			}
		})
	}
}

func TestSecureQueueArgs_validateChecksKnownValuesOnly(t *testing.T) {
	args := paymentsArgs()
	args.KeyArn = pulumi.String("alias/aws/sqs").ToStringOutput()
	args.AdminRoleArns = pulumi.StringArray{pulumi.String("arn:aws:iam::123456789012:user/alice").ToStringOutput(), pulumi.String("*")}
	err := args.Validate()
	var fe *components.FieldError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "aws.adminRoleArns[1]") {
		t.Fatalf("Validate = %v, want the known element aws.adminRoleArns[1] refused", err)
	}
	if strings.Contains(err.Error(), "aws.keyArn") || strings.Contains(err.Error(), "aws.adminRoleArns[0]") {
		t.Errorf("Validate awaited an output: %v", err)
	}
}
