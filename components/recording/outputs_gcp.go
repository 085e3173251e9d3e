package recording

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func gcpOutputs(typ, name string, _ resource.PropertyMap) resource.PropertyMap {
	return props("id", fmt.Sprintf("projects/%s/%s/%s", GCPProject, typ, name))
}

func gcpInvoke(token string, _ resource.PropertyMap) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("invoking %s: the offline engine has no answer for this Google Cloud function", token)
}
