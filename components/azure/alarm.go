package azure

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The Service Bus metric the dead-letter alert watches, and the dimension that narrows it to one queue.
const (
	DeadLetterMetric          = "DeadletteredMessages"
	DeadLetterMetricNamespace = "Microsoft.ServiceBus/namespaces"
	EntityDimension           = "EntityName"
)

// newDeadLetterAlert raises an alert as soon as one message waits in the queue's dead-letter sub-queue: a
// message there is a payment that did not complete.
func newDeadLetterAlert(ctx *pulumi.Context, logical, ruleName string, group, namespaceID, queueName pulumi.StringInput,
	actionGroups pulumi.StringArrayOutput, tags map[string]string, opts ...pulumi.ResourceOption) error {
	actions := actionGroups.ApplyT(func(ids []string) []insights.MetricAlertAction {
		out := make([]insights.MetricAlertAction, len(ids))
		for i, id := range ids {
			out[i] = insights.MetricAlertAction{ActionGroupId: &id}
		}
		return out
	}).(insights.MetricAlertActionArrayOutput)
	if _, err := insights.NewMetricAlert(ctx, logical, &insights.MetricAlertArgs{
		ResourceGroupName: group,
		RuleName:          pulumi.String(ruleName),
		// Metric alert rules are global resources whatever the region of what they watch.
		Location:            pulumi.String("global"),
		Description:         pulumi.Sprintf("Messages are waiting in the dead-letter queue of %s", queueName),
		Severity:            pulumi.Int(1),
		Enabled:             pulumi.Bool(true),
		AutoMitigate:        pulumi.Bool(true),
		Scopes:              pulumi.StringArray{namespaceID},
		EvaluationFrequency: pulumi.String("PT1M"),
		WindowSize:          pulumi.String("PT5M"),
		Criteria: insights.MetricAlertSingleResourceMultipleMetricCriteriaArgs{
			OdataType: pulumi.String("Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria"),
			AllOf: insights.MetricCriteriaArray{insights.MetricCriteriaArgs{
				CriterionType:   pulumi.String("StaticThresholdCriterion"),
				Name:            pulumi.String("DeadLetteredMessages"),
				MetricNamespace: pulumi.String(DeadLetterMetricNamespace),
				MetricName:      pulumi.String(DeadLetterMetric),
				Dimensions: insights.MetricDimensionArray{insights.MetricDimensionArgs{
					Name: pulumi.String(EntityDimension), Operator: pulumi.String("Include"), Values: pulumi.StringArray{queueName},
				}},
				TimeAggregation: pulumi.String("Maximum"),
				Operator:        pulumi.String("GreaterThan"),
				Threshold:       pulumi.Float64(0),
			}},
		},
		Actions: actions,
		Tags:    pulumi.ToStringMap(tags),
	}, opts...); err != nil {
		return fmt.Errorf("creating metric alert %q: %w", ruleName, err)
	}
	return nil
}
