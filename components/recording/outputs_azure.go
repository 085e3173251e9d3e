package recording

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func azureOutputs(typ, name string, _ resource.PropertyMap) resource.PropertyMap {
	return props("id", fmt.Sprintf("/subscriptions/%s/resourceGroups/pciqueue/providers/%s/%s", AzureSubscription, typ, name))
}

func azureInvoke(token string, _ resource.PropertyMap) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("invoking %s: the offline engine has no answer for this Azure function", token)
}
