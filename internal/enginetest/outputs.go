package enginetest

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The identity of the offline world the engine answers for. The committed stack configs use these values
// so that what the offline preview prints matches what a real account would show.
const (
	AWSAccount        = "123456789012"
	AWSRegion         = "eu-west-1"
	AzureSubscription = "00000000-0000-0000-0000-000000000001"
	AzureTenant       = "00000000-0000-0000-0000-0000000000aa"
	GCPProject        = "pciqueue-dev"
	GCPProjectNumber  = "123456789012"
)

// Outputs returns the outputs a provider would add to a created resource's inputs, by cloud.
func Outputs(typ, name string, in resource.PropertyMap) resource.PropertyMap {
	switch {
	case strings.HasPrefix(typ, "aws:"):
		return awsOutputs(typ, name, in)
	case strings.HasPrefix(typ, "azure-native:"):
		return azureOutputs(typ, name, in)
	case strings.HasPrefix(typ, "gcp:"):
		return gcpOutputs(typ, name, in)
	}
	return resource.PropertyMap{}
}

// Invoke answers a provider function the way the cloud would for the offline world.
func Invoke(token string, args resource.PropertyMap) (resource.PropertyMap, error) {
	switch {
	case strings.HasPrefix(token, "aws:"):
		return awsInvoke(token, args)
	case strings.HasPrefix(token, "azure-native:"):
		return azureInvoke(token, args)
	case strings.HasPrefix(token, "gcp:"):
		return gcpInvoke(token, args)
	}
	return nil, fmt.Errorf("invoking %s: the offline engine has no answer for this function", token)
}

func props(kv ...string) resource.PropertyMap {
	m := resource.PropertyMap{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[resource.PropertyKey(kv[i])] = resource.NewProperty(kv[i+1])
	}
	return m
}
