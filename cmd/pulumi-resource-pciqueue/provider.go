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

// newProvider returns the provider serving every component under the Go component's type token
// (outputs.go).
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

func newAWSSecureQueue(ctx *pulumi.Context, name string, in *AWSSecureQueueInputs, opts ...pulumi.ResourceOption) (*AWSSecureQueue, error) {
	args, err := in.args()
	if err != nil {
		return nil, err
	}
	c, err := aws.NewSecureQueue(ctx, name, args, opts...)
	if err != nil {
		return nil, err
	}
	w := &AWSSecureQueue{SecureQueue: c}
	return w, withOutputs(w, c.Outputs())
}

func newAzureSecureQueue(ctx *pulumi.Context, name string, in *AzureSecureQueueInputs, opts ...pulumi.ResourceOption) (*AzureSecureQueue, error) {
	args, err := in.args()
	if err != nil {
		return nil, err
	}
	c, err := azure.NewSecureQueue(ctx, name, args, opts...)
	if err != nil {
		return nil, err
	}
	w := &AzureSecureQueue{SecureQueue: c}
	return w, withOutputs(w, c.Outputs())
}

func newGCPProjectControls(ctx *pulumi.Context, name string, in *GCPProjectControlsInputs, opts ...pulumi.ResourceOption) (*GCPProjectControls, error) {
	c, err := gcp.NewProjectControls(ctx, name, in.args(), opts...)
	if err != nil {
		return nil, err
	}
	w := &GCPProjectControls{ProjectControls: c}
	return w, withOutputs(w, c.Outputs())
}
