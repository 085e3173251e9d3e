package aws

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
)

// The minimal data-plane actions of each role, as in the contract (docs/contract.md, section 6).
var (
	ProducerQueueActions = []string{"sqs:SendMessage"}
	ProducerKeyActions   = []string{"kms:GenerateDataKey", "kms:Decrypt"}
	ConsumerQueueActions = []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"}
	ConsumerKeyActions   = []string{"kms:Decrypt"}
)

// FunctionService is the service that assumes the producer and consumer roles: the functions that tokenize
// and envelope-encrypt card data run on Lambda.
const FunctionService = "lambda.amazonaws.com"

type identity struct {
	name, logical, roleName string
	role                    *iam.Role
}

// newRoles creates one role per declared identity, trusted only by Lambda in this account and tagged with
// the queue and role it was declared for.
func newRoles(ctx *pulumi.Context, base string, e env, spec components.QueueSpec, role string, names []string,
	opts ...pulumi.ResourceOption) ([]identity, error) {
	trust := e.apply(func(w where, _ []any) (policyDocument, error) {
		return document(statement{Sid: "LambdaInThisAccount", Effect: "Allow", Principal: servicePrincipal(FunctionService),
			Action:    []string{"sts:AssumeRole"},
			Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": w.account}}}), nil
	})
	out := make([]identity, 0, len(names))
	for _, n := range names {
		logical := fmt.Sprintf("%s-%s-%s", base, role, n)
		physical, err := roleName(ctx.Stack(), spec.Name, role, n)
		if err != nil {
			return nil, err
		}
		r, err := iam.NewRole(ctx, logical, &iam.RoleArgs{
			Name:             pulumi.String(physical),
			Description:      pulumi.Sprintf("pciqueue %s %q of queue %q", role, n, spec.Name),
			AssumeRolePolicy: trust,
			Tags:             pulumi.ToStringMap(spec.IdentityTags(role)),
		}, opts...)
		if err != nil {
			return nil, fmt.Errorf("creating IAM role %q: %w", logical, err)
		}
		out = append(out, identity{name: n, logical: logical, roleName: physical, role: r})
	}
	return out, nil
}

// grant attaches the inline policy that scopes a role to exactly these queues and this key.
func grant(ctx *pulumi.Context, id identity, queueActions, keyActions []string, queueArns pulumi.StringArrayOutput,
	keyArn pulumi.StringOutput, opts ...pulumi.ResourceOption) error {
	policy := pulumi.All(queueArns, keyArn).ApplyT(func(vs []any) (string, error) {
		return document(
			statement{Sid: "ThisQueueOnly", Effect: "Allow", Action: queueActions, Resource: toStrings(vs[0])},
			statement{Sid: "ThisKeyOnly", Effect: "Allow", Action: keyActions, Resource: vs[1].(string)},
		).JSON()
	}).(pulumi.StringOutput)
	logical := id.logical + "-policy"
	if _, err := iam.NewRolePolicy(ctx, logical, &iam.RolePolicyArgs{
		Role:   id.role.ID(),
		Policy: policy,
	}, opts...); err != nil {
		return fmt.Errorf("creating IAM role policy %q: %w", logical, err)
	}
	return nil
}

func arnMap(ids []identity) pulumi.StringMapOutput {
	out := pulumi.StringMap{}
	for _, id := range ids {
		out[id.name] = id.role.Arn
	}
	return out.ToStringMapOutput()
}

// roleNames are the physical role names of ids, from which a policy builds their ARNs at preview.
func roleNames(ids []identity) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.roleName
	}
	return out
}

// roleResources are the roles of ids, for a resource that names them and must be created after them.
func roleResources(ids ...[]identity) []pulumi.Resource {
	var out []pulumi.Resource
	for _, group := range ids {
		for _, id := range group {
			out = append(out, id.role)
		}
	}
	return out
}
