package components

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// QueuePlan is the part of a Plan every cloud shares: each queue's validated, cloud-specific args A, with
// the config key it came from.
type QueuePlan[A any] []PlannedQueue[A]

// PlannedQueue is one queue of a QueuePlan.
type PlannedQueue[A any] struct {
	Key, Name string
	Args      A
}

// PlanQueues decodes each queue's options for cloud strictly into O, builds the cloud's args with build and
// validates them. Every queue's validation problems are reported at once; a queue whose options cannot be
// decoded stops the plan, because its args would be meaningless.
func PlanQueues[O any, A interface{ Validate() error }](cloud Cloud, queues []StackQueue, build func(StackQueue, O) A) (QueuePlan[A], error) {
	plan := make(QueuePlan[A], 0, len(queues))
	var errs []error
	for _, q := range queues {
		var o O
		if err := DecodeStrict(q.Options, &o); err != nil {
			return nil, fmt.Errorf("config %s.%s: %w", q.Key, cloud, err)
		}
		args := build(q, o)
		if err := args.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("config %s: %w", q.Key, err))
		}
		plan = append(plan, PlannedQueue[A]{Key: q.Key, Name: q.Spec.Name, Args: args})
	}
	return plan, errors.Join(errs...)
}

// DeployQueues registers every planned queue with newQueue, in config order, and returns the components
// (for stack-wide resources that follow them) and their exports.
func DeployQueues[A any, C Outputter](ctx *pulumi.Context, plan QueuePlan[A],
	newQueue func(*pulumi.Context, string, A, ...pulumi.ResourceOption) (C, error), opts ...pulumi.ResourceOption,
) ([]C, []Export, error) {
	queues := make([]C, 0, len(plan))
	exports := make([]Export, 0, len(plan))
	for _, q := range plan {
		c, err := newQueue(ctx, q.Name, q.Args, opts...)
		if err != nil {
			return nil, nil, fmt.Errorf("config %s: %w", q.Key, err)
		}
		queues = append(queues, c)
		exports = append(exports, ExportOf(q.Name, c))
	}
	return queues, exports, nil
}

// ProviderOf returns a provider built by one of the providers constructors as a pulumi.ProviderResource,
// without turning a failed construction into a non-nil interface.
func ProviderOf[P pulumi.ProviderResource](p P, err error) (pulumi.ProviderResource, error) {
	if err != nil {
		return nil, err
	}
	return p, nil
}
