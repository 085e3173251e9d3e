package main

import (
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components/aws"
	"github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/components/gcp"
)

// newProvider returns the provider serving every component; its token module is the Go package of the
// component's type, so pciqueue:aws:SecureQueue is aws.SecureQueue.
func newProvider() (p.Provider, error) {
	return infer.NewProviderBuilder().
		WithDisplayName("pciqueue").
		WithDescription("PCI DSS 4.0 customer-managed-key encrypted queues on AWS, Azure and Google Cloud.").
		WithKeywords("pci", "queue", "kms", "aws", "azure", "gcp", "category/utility", "kind/component").
		WithRepository("https://github.com/pciqueue/pciqueue").
		WithNamespace("pciqueue").
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{"main": "index"}).
		WithComponents(
			infer.ComponentF(newAWSSecureQueue),
			infer.ComponentF(newAzureSecureQueue),
			infer.ComponentF(newGCPProjectControls),
		).
		Build()
}

func newAWSSecureQueue(ctx *pulumi.Context, name string, in *AWSSecureQueueInputs, opts ...pulumi.ResourceOption) (*aws.SecureQueue, error) {
	args, err := in.args()
	if err != nil {
		return nil, err
	}
	return aws.NewSecureQueue(ctx, name, args, opts...)
}

func newAzureSecureQueue(ctx *pulumi.Context, name string, in *AzureSecureQueueInputs, opts ...pulumi.ResourceOption) (*azure.SecureQueue, error) {
	args, err := in.args()
	if err != nil {
		return nil, err
	}
	return azure.NewSecureQueue(ctx, name, args, opts...)
}

func newGCPProjectControls(ctx *pulumi.Context, name string, in *GCPProjectControlsInputs, opts ...pulumi.ResourceOption) (*gcp.ProjectControls, error) {
	return gcp.NewProjectControls(ctx, name, in.args(), opts...)
}
