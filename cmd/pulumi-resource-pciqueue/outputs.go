package main

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components/aws"
	"github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/components/gcp"
)

// The schema's outputs of a component are the pulumi-tagged fields of the type its constructor returns. The
// Go components declare their outputs once, in Outputs(), without tags; each type below is a Go component
// with those outputs as tagged fields, under the component's own type token. withOutputs fills the fields
// from Outputs() and fails when a name is on one side only, so the schema cannot drift from the Go API.

// AWSSecureQueue is aws.SecureQueue as the schema states it.
type AWSSecureQueue struct {
	*aws.SecureQueue
	QueueURL           pulumi.StringOutput    `pulumi:"queueUrl"`
	QueueArn           pulumi.StringOutput    `pulumi:"queueArn"`
	DeadLetterQueueURL pulumi.StringOutput    `pulumi:"deadLetterQueueUrl"`
	DeadLetterQueueArn pulumi.StringOutput    `pulumi:"deadLetterQueueArn"`
	KeyArn             pulumi.StringOutput    `pulumi:"keyArn"`
	ProducerRoleArns   pulumi.StringMapOutput `pulumi:"producerRoleArns"`
	ConsumerRoleArns   pulumi.StringMapOutput `pulumi:"consumerRoleArns"`
}

func (*AWSSecureQueue) Annotate(a infer.Annotator) { a.SetToken("aws", "SecureQueue") }

// AzureSecureQueue is azure.SecureQueue as the schema states it.
type AzureSecureQueue struct {
	*azure.SecureQueue
	NamespaceEndpoint    pulumi.StringOutput    `pulumi:"namespaceEndpoint"`
	NamespaceID          pulumi.StringOutput    `pulumi:"namespaceId"`
	QueueName            pulumi.StringOutput    `pulumi:"queueName"`
	QueueID              pulumi.StringOutput    `pulumi:"queueId"`
	DeadLetterQueuePath  pulumi.StringOutput    `pulumi:"deadLetterQueuePath"`
	KeyID                pulumi.StringOutput    `pulumi:"keyId"`
	KeyURI               pulumi.StringOutput    `pulumi:"keyUri"`
	ProducerIdentityIDs  pulumi.StringMapOutput `pulumi:"producerIdentityIds"`
	ProducerPrincipalIDs pulumi.StringMapOutput `pulumi:"producerPrincipalIds"`
	ProducerClientIDs    pulumi.StringMapOutput `pulumi:"producerClientIds"`
	ConsumerIdentityIDs  pulumi.StringMapOutput `pulumi:"consumerIdentityIds"`
	ConsumerPrincipalIDs pulumi.StringMapOutput `pulumi:"consumerPrincipalIds"`
	ConsumerClientIDs    pulumi.StringMapOutput `pulumi:"consumerClientIds"`
	WorkspaceID          pulumi.StringOutput    `pulumi:"workspaceId"`
	ResourceGroupName    pulumi.StringOutput    `pulumi:"resourceGroupName"`
}

func (*AzureSecureQueue) Annotate(a infer.Annotator) { a.SetToken("azure", "SecureQueue") }

// GCPProjectControls is gcp.ProjectControls as the schema states it.
type GCPProjectControls struct {
	*gcp.ProjectControls
	ProjectID          pulumi.StringOutput `pulumi:"projectId"`
	ProjectNumber      pulumi.StringOutput `pulumi:"projectNumber"`
	PerimeterName      pulumi.StringOutput `pulumi:"perimeterName"`
	PerimeterEnforced  pulumi.BoolOutput   `pulumi:"perimeterEnforced"`
	PubSubServiceAgent pulumi.StringOutput `pulumi:"pubsubServiceAgent"`
}

func (*GCPProjectControls) Annotate(a infer.Annotator) { a.SetToken("gcp", "ProjectControls") }

// withOutputs sets every pulumi-tagged field of the struct w points to (not those of the embedded component)
// from outs, the component's Outputs().
func withOutputs(w any, outs pulumi.Map) error {
	v := reflect.ValueOf(w).Elem()
	var tagged []string
	for i := range v.NumField() {
		f := v.Type().Field(i)
		tag, ok := f.Tag.Lookup("pulumi")
		if !ok {
			continue
		}
		tagged = append(tagged, tag)
		out, ok := outs[tag]
		if !ok {
			return fmt.Errorf("serving %s: output %q is not among the component's Outputs()", v.Type().Name(), tag)
		}
		field := v.Field(i)
		if !reflect.TypeOf(out).AssignableTo(field.Type()) {
			return fmt.Errorf("serving %s: output %q is a %T, the schema says %s", v.Type().Name(), tag, out, field.Type())
		}
		field.Set(reflect.ValueOf(out))
	}
	for name := range outs {
		if !slices.Contains(tagged, name) {
			return fmt.Errorf("serving %s: the component's output %q has no schema property", v.Type().Name(), name)
		}
	}
	return nil
}
