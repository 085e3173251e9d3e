package aws

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newDeadLetterAlarm raises an alarm as soon as one message is waiting in the dead-letter queue: a message
// there is a payment that did not complete.
func newDeadLetterAlarm(ctx *pulumi.Context, base, dlqName string, actions pulumi.StringArrayOutput, tags pulumi.StringMap,
	opts ...pulumi.ResourceOption) error {
	alarmActions := actions.ApplyT(func(vs []string) []any {
		out := make([]any, len(vs))
		for i, v := range vs {
			out[i] = v
		}
		return out
	}).(pulumi.ArrayOutput)
	if _, err := cloudwatch.NewMetricAlarm(ctx, base+"-dlq-depth", &cloudwatch.MetricAlarmArgs{
		AlarmDescription:   pulumi.Sprintf("Messages are waiting in dead-letter queue %s", dlqName),
		Namespace:          pulumi.String("AWS/SQS"),
		MetricName:         pulumi.String("ApproximateNumberOfMessagesVisible"),
		Dimensions:         pulumi.StringMap{"QueueName": pulumi.String(dlqName)},
		Statistic:          pulumi.String("Maximum"),
		Period:             pulumi.Int(60),
		EvaluationPeriods:  pulumi.Int(1),
		Threshold:          pulumi.Float64(1),
		ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"),
		TreatMissingData:   pulumi.String("notBreaching"),
		AlarmActions:       alarmActions,
		Tags:               tags,
	}, opts...); err != nil {
		return fmt.Errorf("creating CloudWatch alarm on dead-letter queue %q: %w", dlqName, err)
	}
	return nil
}
