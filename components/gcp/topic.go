package gcp

import (
	"fmt"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/pubsub"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newTopic creates a topic encrypted with the queue key whose messages may be stored only in the allowed
// regions. It sets no topic retention: a topic that retains messages keeps them after they are
// acknowledged, and card data should rest no longer than a subscription needs it (PCI DSS 3.2.1).
func newTopic(ctx *pulumi.Context, logical, name string, project, keyID pulumi.StringInput, regions []string,
	labels pulumi.StringMap, opts ...pulumi.ResourceOption) (*pubsub.Topic, error) {
	t, err := pubsub.NewTopic(ctx, logical, &pubsub.TopicArgs{
		Project:    project,
		Name:       pulumi.String(name),
		KmsKeyName: keyID,
		MessageStoragePolicy: &pubsub.TopicMessageStoragePolicyArgs{
			AllowedPersistenceRegions: pulumi.ToStringArray(regions),
		},
		Labels: labels,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating Pub/Sub topic %q: %w", name, err)
	}
	return t, nil
}
