package aws

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DataPlaneActions are the SQS actions that read, write or destroy messages.
var DataPlaneActions = []string{
	"sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:PurgeQueue",
	"sqs:StartMessageMoveTask", "sqs:CancelMessageMoveTask",
}

// queuePolicyInputs are the principals and network a queue policy admits. The queue and the roles are named,
// not taken from their outputs, so the document is known at preview and the pack can verify it then.
type queuePolicyInputs struct {
	queue         string   // the queue's physical name
	allowed       []string // role names that may use the data plane
	senders       []string // role names that may send; empty means nobody may send
	admins        pulumi.StringArrayOutput
	vpcEndpointID pulumi.StringOutput // empty means no endpoint restriction
}

// queuePolicy denies plain-text transport, any principal from another account, data-plane use by anyone but
// the declared roles and administrators, sending by anyone but the declared senders and, when an endpoint is
// given, any request that does not come through it. It grants nothing: the roles' own policies do.
func queuePolicy(e env, in queuePolicyInputs) pulumi.StringOutput {
	return e.apply(func(w where, v []any) (policyDocument, error) {
		queueArn := w.sqsArn(in.queue)
		allowed := append(w.roleArns(in.allowed), toStrings(v[0])...)
		senders := w.roleArns(in.senders)
		vpcEndpointID := v[1].(string)
		stmts := []statement{
			{Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: []string{"sqs:*"}, Resource: queueArn,
				Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}}},
			{Sid: "DenyOtherAccounts", Effect: "Deny", Principal: "*", Action: []string{"sqs:*"}, Resource: queueArn,
				Condition: map[string]map[string]any{"StringNotEquals": {"aws:PrincipalAccount": w.account}}},
			{Sid: "DenyUndeclaredPrincipals", Effect: "Deny", Principal: "*", Action: DataPlaneActions, Resource: queueArn,
				Condition: map[string]map[string]any{"ArnNotEquals": {"aws:PrincipalArn": allowed}}},
		}
		if len(senders) == 0 {
			stmts = append(stmts, statement{Sid: "DenyAllSenders", Effect: "Deny", Principal: "*",
				Action: []string{"sqs:SendMessage"}, Resource: queueArn})
		} else {
			stmts = append(stmts, statement{Sid: "DenyUndeclaredSenders", Effect: "Deny", Principal: "*",
				Action: []string{"sqs:SendMessage"}, Resource: queueArn,
				Condition: map[string]map[string]any{"ArnNotEquals": {"aws:PrincipalArn": senders}}})
		}
		if vpcEndpointID != "" {
			stmts = append(stmts, statement{Sid: "DenyOutsideVpcEndpoint", Effect: "Deny", Principal: "*",
				Action: DataPlaneActions, Resource: queueArn,
				Condition: map[string]map[string]any{"StringNotEquals": {"aws:SourceVpce": vpcEndpointID}}})
		}
		return document(stmts...), nil
	}, in.admins, in.vpcEndpointID)
}

func newQueuePolicy(ctx *pulumi.Context, name string, q *sqs.Queue, policy pulumi.StringOutput, opts ...pulumi.ResourceOption) error {
	if _, err := sqs.NewQueuePolicy(ctx, name, &sqs.QueuePolicyArgs{QueueUrl: q.Url, Policy: policy}, opts...); err != nil {
		return fmt.Errorf("creating SQS queue policy %q: %w", name, err)
	}
	return nil
}
