package gcp

import (
	"fmt"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/monitoring"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DeadLetterMetric is the metric the alert watches on the dead-letter subscription.
const DeadLetterMetric = "pubsub.googleapis.com/subscription/num_undelivered_messages"

// newDeadLetterAlert opens an incident as soon as one message waits in the dead-letter subscription: a
// message there is a payment that did not complete.
func newDeadLetterAlert(ctx *pulumi.Context, base string, project pulumi.StringInput, subscription string, channels pulumi.StringArrayInput,
	labels pulumi.StringMap, opts ...pulumi.ResourceOption) error {
	if _, err := monitoring.NewAlertPolicy(ctx, base+"-dlq-alert", &monitoring.AlertPolicyArgs{
		Project:     project,
		DisplayName: pulumi.String(fmt.Sprintf("pciqueue: messages dead-lettered in %s", subscription)),
		Combiner:    pulumi.String("OR"),
		Severity:    pulumi.String("ERROR"),
		Enabled:     pulumi.Bool(true),
		Conditions: monitoring.AlertPolicyConditionArray{&monitoring.AlertPolicyConditionArgs{
			DisplayName: pulumi.String("Undelivered messages in the dead-letter subscription"),
			ConditionThreshold: &monitoring.AlertPolicyConditionConditionThresholdArgs{
				Filter: pulumi.String(fmt.Sprintf(`resource.type = "pubsub_subscription" AND resource.labels.subscription_id = "%s" AND metric.type = "%s"`,
					subscription, DeadLetterMetric)),
				Comparison:     pulumi.String("COMPARISON_GT"),
				ThresholdValue: pulumi.Float64(0),
				Duration:       pulumi.String("60s"),
				Aggregations: monitoring.AlertPolicyConditionConditionThresholdAggregationArray{
					&monitoring.AlertPolicyConditionConditionThresholdAggregationArgs{
						AlignmentPeriod: pulumi.String("60s"), PerSeriesAligner: pulumi.String("ALIGN_MAX"),
					},
				},
				Trigger: &monitoring.AlertPolicyConditionConditionThresholdTriggerArgs{Count: pulumi.Int(1)},
			},
		}},
		NotificationChannels: channels,
		Documentation: &monitoring.AlertPolicyDocumentationArgs{
			MimeType: pulumi.String("text/markdown"),
			Content: pulumi.String(fmt.Sprintf("A message exhausted its delivery attempts and waits in `%s`. "+
				"Inspect it with a consumer identity of the queue; never copy its payload out of the perimeter.", subscription)),
		},
		UserLabels: labels,
	}, opts...); err != nil {
		return fmt.Errorf("creating alert policy on dead-letter subscription %q: %w", subscription, err)
	}
	return nil
}
