package aws

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// env is where the component deploys, read from the provider it inherits so that every ARN it builds by
// hand points at the same account, region and partition as the resources themselves.
type env struct {
	account, region, partition pulumi.StringOutput
}

func lookupEnv(ctx *pulumi.Context, parent pulumi.Resource) env {
	opt := pulumi.Parent(parent)
	return env{
		account:   aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, opt).AccountId(),
		region:    aws.GetRegionOutput(ctx, aws.GetRegionOutputArgs{}, opt).Name(),
		partition: aws.GetPartitionOutput(ctx, aws.GetPartitionOutputArgs{}, opt).Partition(),
	}
}

// where holds the resolved env values inside an apply.
type where struct{ account, region, partition string }

func (w where) root() string { return fmt.Sprintf("arn:%s:iam::%s:root", w.partition, w.account) }

func (w where) sqsArn(queue string) string {
	return fmt.Sprintf("arn:%s:sqs:%s:%s:%s", w.partition, w.region, w.account, queue)
}

func (w where) roleArn(name string) string {
	return fmt.Sprintf("arn:%s:iam::%s:role/%s", w.partition, w.account, name)
}

// roleArns builds the ARNs of roles from their names.
func (w where) roleArns(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = w.roleArn(n)
	}
	return out
}

func (w where) viaSQS() string { return fmt.Sprintf("sqs.%s.amazonaws.com", w.region) }

// apply resolves the env together with extra outputs and builds a document from them.
func (e env) apply(build func(w where, vals []any) (policyDocument, error), extra ...any) pulumi.StringOutput {
	all := append([]any{e.account, e.region, e.partition}, extra...)
	return pulumi.All(all...).ApplyT(func(vs []any) (string, error) {
		w := where{account: vs[0].(string), region: vs[1].(string), partition: vs[2].(string)}
		doc, err := build(w, vs[3:])
		if err != nil {
			return "", err
		}
		return doc.JSON()
	}).(pulumi.StringOutput)
}

// toStrings converts resolved outputs of a pulumi.StringArrayOutput or string into a []string.
func toStrings(v any) []string {
	switch t := v.(type) {
	case []string:
		return t
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, x := range t {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}
