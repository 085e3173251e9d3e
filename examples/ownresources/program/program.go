// Package program is the example program: it owns a KMS key, an SNS topic, a VPC with a subnet and an SQS
// interface endpoint, and an administrator role, and hands their outputs to an AWS SecureQueue, whose
// checks run when the outputs resolve.
package program

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/aws"
)

// Run creates the team's resources and one queue that uses them.
func Run(ctx *pulumi.Context) error {
	key, err := kms.NewKey(ctx, "team-key", &kms.KeyArgs{
		Description: pulumi.String("the orders team's key"), EnableKeyRotation: pulumi.Bool(true),
	})
	if err != nil {
		return err
	}
	topic, err := sns.NewTopic(ctx, "orders-oncall", &sns.TopicArgs{KmsMasterKeyId: key.Arn})
	if err != nil {
		return err
	}
	vpc, err := ec2.NewVpc(ctx, "orders-vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
	if err != nil {
		return err
	}
	subnet, err := ec2.NewSubnet(ctx, "orders-private", &ec2.SubnetArgs{VpcId: vpc.ID(), CidrBlock: pulumi.String("10.0.1.0/24")})
	if err != nil {
		return err
	}
	endpoint, err := ec2.NewVpcEndpoint(ctx, "orders-sqs", &ec2.VpcEndpointArgs{
		VpcId: vpc.ID(), ServiceName: pulumi.String("com.amazonaws.eu-west-1.sqs"),
		VpcEndpointType: pulumi.String("Interface"), SubnetIds: pulumi.StringArray{subnet.ID()},
		PrivateDnsEnabled: pulumi.Bool(true),
	})
	if err != nil {
		return err
	}
	admin, err := iam.NewRole(ctx, "orders-queue-admin", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`),
	})
	if err != nil {
		return err
	}
	q, err := aws.NewSecureQueue(ctx, "orders", &aws.SecureQueueArgs{
		Spec: components.QueueSpec{Name: "orders", Ordered: true,
			Producers: []string{"checkout"}, Consumers: []string{"fulfilment"}},
		KeyArn:        key.Arn,
		VpcEndpointID: endpoint.ID().ToStringOutput(),
		AdminRoleArns: pulumi.StringArray{admin.Arn},
		AlarmActions:  pulumi.StringArray{topic.Arn},
	})
	if err != nil {
		return err
	}
	if _, err := aws.NewAuditControls(ctx, "audit", &aws.AuditControlsArgs{Queues: []*aws.SecureQueue{q}}); err != nil {
		return err
	}
	ctx.Export("queueUrl", q.QueueURL)
	ctx.Export("keyArn", q.KeyArn)
	return nil
}
