package gcp

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// The project of the offline world: the committed gcp-dev stack deploys there, so that what the offline
// preview prints matches what a real project would show.
const (
	OfflineProject       = "pciqueue-dev"
	OfflineProjectNumber = "123456789012"
)

func init() { enginetest.Register("gcp:", offlineWorld{}) }

// offlineWorld answers for the Google Cloud provider in the offline preview and the tests.
type offlineWorld struct{}

// Outputs gives each Google Cloud resource the ID and computed outputs the provider would, in the formats
// of the pulumi-gcp import IDs: API resource names under one project, service account emails, IAM member IDs.
func (offlineWorld) Outputs(typ, name string, in resource.PropertyMap) resource.PropertyMap {
	str := func(k string) string { return enginetest.String(in, k) }
	project := str("project")
	if project == "" {
		project = OfflineProject
	}
	iamMember := func(target string) resource.PropertyMap {
		return enginetest.Props("id", fmt.Sprintf("%s/%s/%s", target, str("role"), str("member")), "etag", "BwY"+digits(target+str("member"), 8))
	}
	switch typ {
	case "gcp:kms/keyRing:KeyRing":
		if str("name") == "" {
			name = autoName(name)
		}
		return enginetest.Props("id", fmt.Sprintf("projects/%s/locations/%s/keyRings/%s", project, str("location"), name), "name", name, "project", project)
	case "gcp:kms/cryptoKey:CryptoKey":
		return enginetest.Props("id", fmt.Sprintf("%s/cryptoKeys/%s", str("keyRing"), name), "name", name)
	case "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember":
		return iamMember(str("cryptoKeyId"))
	case "gcp:pubsub/topic:Topic":
		return enginetest.Props("id", fmt.Sprintf("projects/%s/topics/%s", project, name), "name", name, "project", project)
	case "gcp:pubsub/subscription:Subscription":
		return enginetest.Props("id", fmt.Sprintf("projects/%s/subscriptions/%s", project, name), "name", name, "project", project)
	case "gcp:pubsub/topicIAMMember:TopicIAMMember":
		return iamMember(str("topic"))
	case "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember":
		return iamMember(str("subscription"))
	case "gcp:serviceaccount/account:Account":
		email := fmt.Sprintf("%s@%s.iam.gserviceaccount.com", str("accountId"), project)
		id := fmt.Sprintf("projects/%s/serviceAccounts/%s", project, email)
		return enginetest.Props("id", id, "name", id, "email", email, "member", "serviceAccount:"+email,
			"uniqueId", "1"+digits(email, 20), "project", project)
	case "gcp:projects/serviceIdentity:ServiceIdentity":
		service := str("service")
		email := fmt.Sprintf("service-%s@gcp-sa-%s.iam.gserviceaccount.com", OfflineProjectNumber, strings.TrimSuffix(service, ".googleapis.com"))
		return enginetest.Props("id", fmt.Sprintf("projects/%s/services/%s", project, service), "email", email, "member", "serviceAccount:"+email)
	case "gcp:projects/iAMAuditConfig:IAMAuditConfig":
		return enginetest.Props("id", fmt.Sprintf("%s/%s", project, str("service")), "etag", "BwY"+digits(str("service"), 8))
	case "gcp:projects/organizationPolicy:OrganizationPolicy":
		return enginetest.Props("id", fmt.Sprintf("%s:constraints/%s", project, strings.TrimPrefix(str("constraint"), "constraints/")),
			"etag", "BwY"+digits(str("constraint"), 8), "updateTime", "2026-01-01T00:00:00Z")
	case "gcp:logging/projectBucketConfig:ProjectBucketConfig":
		id := fmt.Sprintf("projects/%s/locations/%s/buckets/%s", project, str("location"), str("bucketId"))
		return enginetest.Props("id", id, "name", id, "lifecycleState", "ACTIVE")
	case "gcp:logging/projectSink:ProjectSink":
		return enginetest.Props("id", fmt.Sprintf("projects/%s/sinks/%s", project, name),
			"writerIdentity", fmt.Sprintf("serviceAccount:service-%s@gcp-sa-logging.iam.gserviceaccount.com", OfflineProjectNumber))
	case "gcp:monitoring/alertPolicy:AlertPolicy":
		id := fmt.Sprintf("projects/%s/alertPolicies/%s", project, digits(name, 19))
		return enginetest.Props("id", id, "name", id)
	case "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter":
		return enginetest.Props("id", str("name"), "createTime", "2026-01-01T00:00:00Z", "updateTime", "2026-01-01T00:00:00Z")
	case "gcp:accesscontextmanager/servicePerimeterResource:ServicePerimeterResource",
		"gcp:accesscontextmanager/servicePerimeterDryRunResource:ServicePerimeterDryRunResource":
		return enginetest.Props("id", fmt.Sprintf("%s/%s", str("perimeterName"), str("resource")))
	}
	return enginetest.Props("id", fmt.Sprintf("projects/%s/%s/%s", project, typ, name))
}

func (offlineWorld) Invoke(token string, args resource.PropertyMap) (resource.PropertyMap, error) {
	switch token {
	case "gcp:organizations/getProject:getProject":
		id := OfflineProject
		if v, ok := args["projectId"]; ok && v.IsString() && v.StringValue() != "" {
			id = v.StringValue()
		}
		return enginetest.Props("id", "projects/"+id, "projectId", id, "number", OfflineProjectNumber, "name", id,
			"orgId", "123456789", "billingAccount", "000000-000000-000000"), nil
	}
	return nil, fmt.Errorf("invoking %s: the offline engine has no answer for this Google Cloud function", token)
}

// autoName is the physical name the provider gives a resource whose name is left to Pulumi: the logical name
// and a random suffix, here derived from the name so that runs are reproducible.
func autoName(logical string) string { return logical + "-" + digits(logical, 7) }

// digits returns n decimal digits derived from s: stable stand-ins for the numbers the cloud assigns.
func digits(s string, n int) string {
	h := fnv.New64a()
	h.Write([]byte(s))
	out := fmt.Sprintf("%020d", h.Sum64())
	for len(out) < n {
		out += out
	}
	return out[:n]
}
