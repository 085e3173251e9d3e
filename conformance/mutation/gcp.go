package mutation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	gcpq "github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

const (
	gcpTopic        = "gcp:pubsub/topic:Topic"
	gcpSubscription = "gcp:pubsub/subscription:Subscription"
	gcpTopicMember  = "gcp:pubsub/topicIAMMember:TopicIAMMember"
	gcpSubMember    = "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember"
	gcpCryptoKey    = "gcp:kms/cryptoKey:CryptoKey"
	gcpKeyMember    = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
	gcpAccount      = "gcp:serviceaccount/account:Account"
	gcpProjectIAM   = "gcp:projects/iAMMember:IAMMember"
	gcpAuditConfig  = "gcp:projects/iAMAuditConfig:IAMAuditConfig"
	gcpOrgPolicy    = "gcp:projects/organizationPolicy:OrganizationPolicy"
	gcpPerimeter    = "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter"
	gcpLogBucket    = "gcp:logging/projectBucketConfig:ProjectBucketConfig"
	gcpLogSink      = "gcp:logging/projectSink:ProjectSink"
)

func init() { Register(gcpq.Cloud, gcpMutations, gcpHardening, nil) }

// gcpMutations assume the compliant stack holds a SecureQueue named "payments" with the producer
// "checkout" and the consumer "settlement", and ProjectControls named "project", as the gcp-dev stack does.
var gcpMutations = []Mutation{
	{"topic without a key", "QueueCMK", rules("pci-3.5.1-pubsub-topic-cmek"), edit(gcpTopic, "payments-topic", del("kmsKeyName"))},
	{"dead-letter topic without a key", "DeadLetterCMK", rules("pci-3.5.1-pubsub-topic-cmek"), edit(gcpTopic, "payments-dlq-topic", del("kmsKeyName"))},
	{"dead-letter topic on another key", "SameKey", rules("pci-3.5.1-pubsub-dlq-same-key"), edit(gcpTopic, "payments-dlq-topic",
		set("kmsKeyName", "projects/pciqueue-dev/locations/europe-west1/keyRings/shared/cryptoKeys/other"))},
	{"key rotation off", "KeyRotationDays", rules("pci-3.7.4-gcp-kms-key-rotation"), edit(gcpCryptoKey, "payments-key", del("rotationPeriod"))},
	{"key rotates every two years", "KeyRotationDays", rules("pci-3.7.4-gcp-kms-key-rotation"), edit(gcpCryptoKey, "payments-key", set("rotationPeriod", "63072000s"))},
	{"key destroyable after a day", "KeyDeletionGuarded", rules("pci-3.7.5-gcp-kms-key-destruction"), edit(gcpCryptoKey, "payments-key", set("destroyScheduledDuration", "86400s"))},
	{"anyone may publish", "GrantsScopedToQueue", rules("pci-1.4.2-gcp-iam-no-public", "pci-7.2.2-pubsub-access-declared"), edit(gcpTopicMember, "payments-producer-checkout-publish", set("member", "allUsers"))},
	{"any Google account may subscribe", "GrantsScopedToQueue", rules("pci-1.4.2-gcp-iam-no-public", "pci-7.2.2-pubsub-access-declared"), edit(gcpSubMember, "payments-consumer-settlement-subscribe", set("member", "allAuthenticatedUsers"))},
	{"producer may administer the topic", "Identities", rules("pci-7.2.2-gcp-iam-least-privilege"), edit(gcpTopicMember, "payments-producer-checkout-publish", set("role", "roles/pubsub.admin"))},
	{"producer may also decrypt", "Identities", rules("pci-7.2.2-pubsub-access-declared"), edit(gcpKeyMember, "payments-producer-checkout-encrypt", set("role", "roles/cloudkms.cryptoKeyEncrypterDecrypter"))},
	{"producer holds pubsub.editor on the project", "GrantsScopedToQueue", rules("pci-7.2.2-gcp-iam-least-privilege"), grantOnProject("payments-producer-checkout", "roles/pubsub.editor")},
	{"consumer owns the project", "GrantsScopedToQueue", rules("pci-7.2.2-gcp-iam-least-privilege"), grantOnProject("payments-consumer-settlement", "roles/owner")},
	{"a key for the producer's service account", "SharedKeysDisabled", rules("pci-8.6.2-gcp-service-account-key"), derived(func(rs []enginetest.Resource) (enginetest.Resource, error) {
		acct, err := account(rs, "payments-producer-checkout")
		if err != nil {
			return enginetest.Resource{}, err
		}
		return enginetest.Resource{Type: "gcp:serviceaccount/key:Key", Name: "payments-producer-checkout-key",
			Inputs: resource.PropertyMap{"serviceAccountId": resource.NewProperty(outputOf(acct, "name"))}}, nil
	})},
	{"service account keys allowed", "SharedKeysDisabled", rules("pci-8.6.2-gcp-key-creation-constraint"), edit(gcpOrgPolicy, "project-no-service-account-keys", setPath(false, "booleanPolicy", "enforced"))},
	{"no perimeter", "PrivateNetworkOnly", rules("pci-1.3.1-pubsub-perimeter"), remove(gcpPerimeter)},
	{"perimeter in dry-run only", "PrivateNetworkOnly", rules("pci-1.3.1-gcp-vpc-sc-perimeter", "pci-1.3.1-pubsub-perimeter"), edit(gcpPerimeter, "project-perimeter", func(in resource.PropertyMap) error {
		status, ok := in["status"]
		if !ok {
			return fmt.Errorf("no enforced status to move to the dry-run spec")
		}
		delete(in, "status")
		in["spec"] = status
		in["useExplicitDryRunSpec"] = resource.NewProperty(true)
		return nil
	})},
	{"perimeter does not restrict Pub/Sub", "PrivateNetworkOnly", rules("pci-1.3.1-gcp-vpc-sc-perimeter", "pci-1.3.1-pubsub-perimeter"), edit(gcpPerimeter, "project-perimeter", filterList(func(v resource.PropertyValue) bool {
		return !v.IsString() || v.StringValue() != "pubsub.googleapis.com"
	}, "status", "restrictedServices"))},
	{"perimeter admits any identity from anywhere", "PrivateNetworkOnly", rules("pci-1.3.1-gcp-vpc-sc-perimeter", "pci-1.3.1-pubsub-perimeter"), edit(gcpPerimeter, "project-perimeter", setPath([]any{map[string]any{
		"ingressFrom": map[string]any{"identityType": "ANY_IDENTITY", "sources": []any{map[string]any{"accessLevel": "*"}}},
		"ingressTo":   map[string]any{"resources": []any{"*"}, "operations": []any{map[string]any{"serviceName": "pubsub.googleapis.com"}}},
	}}, "status", "ingressPolicies"))},
	{"Pub/Sub audit without DATA_READ", "AuditDataAccess", rules("pci-10.2.1-gcp-audit-config", "pci-10.2.1-gcp-data-access-audit"), edit(gcpAuditConfig, "project-audit-pubsub", filterList(func(v resource.PropertyValue) bool {
		if !v.IsObject() {
			return true
		}
		t := v.ObjectValue()["logType"]
		return !t.IsString() || t.StringValue() != "DATA_READ"
	}, "auditLogConfigs"))},
	{"Cloud KMS data access unaudited for a batch account", "AuditDataAccess", rules("pci-10.2.1-gcp-audit-config"), edit(gcpAuditConfig, "project-audit-cloudkms", func(in resource.PropertyMap) error {
		exempt := resource.NewProperty([]resource.PropertyValue{resource.NewProperty("serviceAccount:batch@pciqueue-dev.iam.gserviceaccount.com")})
		return eachListObject(in, func(cfg resource.PropertyMap) {
			if t := cfg["logType"]; t.IsString() && strings.HasPrefix(t.StringValue(), "DATA_") {
				cfg["exemptedMembers"] = exempt
			}
		}, "auditLogConfigs")
	})},
	{"audit log kept 30 days", "AuditRetentionDays", rules("pci-10.5.1-gcp-log-bucket-retention"), edit(gcpLogBucket, "payments-audit-bucket", set("retentionDays", 30.0))},
	{"audit sink disabled", "AuditDataAccess", rules("pci-10.5.1-gcp-audit-log-bucket"), edit(gcpLogSink, "payments-audit-sink", set("disabled", true))},
	{"no dead-letter policy", "DeadLetterKept", rules("pci-10.7.2-pubsub-has-dlq"), edit(gcpSubscription, "payments-subscription", del("deadLetterPolicy"))},
	{"1000 delivery attempts", "MaxDeliveries", rules("pci-10.7.2-pubsub-dead-letter"), edit(gcpSubscription, "payments-subscription", setPath(1000.0, "deadLetterPolicy", "maxDeliveryAttempts"))},
	{"no dead-letter subscription", "DeadLetterKept", rules("pci-10.7.2-pubsub-has-dlq"), removeNamed(gcpSubscription, "payments-dlq-subscription")},
	{"push delivery over plain HTTP", "MinTLSVersion", rules("pci-4.2.1-pubsub-push-auth"), edit(gcpSubscription, "payments-subscription",
		set("pushConfig", map[string]any{"pushEndpoint": "http://settlement.example.com/push"}))},
	{"acknowledged messages retained", "MessageRetentionSecs", rules("pci-3.2.1-pubsub-message-retention"), edit(gcpSubscription, "payments-subscription", set("retainAckedMessages", true))},
	{"card number in a label", NoCardNumbers, rules("pci-3.5.1-no-pan-in-metadata"), edit(gcpTopic, "payments-topic", setPath("4111111111111111", "labels", "note"))},
}

// derived adds a resource built from the stack, for a weakening that names one of the stack's own
// identities or resources.
func derived(build func(rs []enginetest.Resource) (enginetest.Resource, error)) func([]enginetest.Resource) ([]enginetest.Resource, error) {
	return func(rs []enginetest.Resource) ([]enginetest.Resource, error) {
		r, err := build(rs)
		if err != nil {
			return nil, err
		}
		return add(r)(rs)
	}
}

// grantOnProject grants a role on the whole project to a service account of the stack.
func grantOnProject(accountName, role string) func([]enginetest.Resource) ([]enginetest.Resource, error) {
	return derived(func(rs []enginetest.Resource) (enginetest.Resource, error) {
		acct, err := account(rs, accountName)
		if err != nil {
			return enginetest.Resource{}, err
		}
		return enginetest.Resource{Type: gcpProjectIAM, Name: accountName + "-" + strings.TrimPrefix(role, "roles/"),
			Inputs: resource.PropertyMap{
				"project": acct.Inputs["project"], "role": resource.NewProperty(role),
				"member": resource.NewProperty(outputOf(acct, "member")),
			}}, nil
	})
}

func account(rs []enginetest.Resource, name string) (enginetest.Resource, error) {
	acct, ok := enginetest.Find(rs, gcpAccount, name)
	if !ok || outputOf(acct, "member") == "" {
		return enginetest.Resource{}, fmt.Errorf("no service account %q with a known member in the stack", name)
	}
	return acct, nil
}

func outputOf(r enginetest.Resource, key string) string {
	if v, ok := r.Outputs[resource.PropertyKey(key)]; ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}

// removeNamed deletes one resource by type and logical name.
func removeNamed(typ, name string) func([]enginetest.Resource) ([]enginetest.Resource, error) {
	return func(rs []enginetest.Resource) ([]enginetest.Resource, error) {
		out := slices.DeleteFunc(Clone(rs), func(r enginetest.Resource) bool { return r.Type == typ && r.Name == name })
		if len(out) == len(rs) {
			return nil, fmt.Errorf("no %s %q to remove", typ, name)
		}
		return out, nil
	}
}

// list returns the list at a path of nested objects, or an error naming the path.
func list(in resource.PropertyMap, path ...string) ([]resource.PropertyValue, func([]resource.PropertyValue), error) {
	m := in
	for _, k := range path[:len(path)-1] {
		next, ok := m[resource.PropertyKey(k)]
		if !ok || !next.IsObject() {
			return nil, nil, fmt.Errorf("no object at %s", k)
		}
		m = next.ObjectValue()
	}
	last := resource.PropertyKey(path[len(path)-1])
	v, ok := m[last]
	if !ok || !v.IsArray() {
		return nil, nil, fmt.Errorf("no list at %s", strings.Join(path, "."))
	}
	return v.ArrayValue(), func(a []resource.PropertyValue) { m[last] = resource.NewProperty(a) }, nil
}

// filterList keeps the elements of a nested list for which keep is true; it fails when nothing is dropped.
func filterList(keep func(resource.PropertyValue) bool, path ...string) func(resource.PropertyMap) error {
	return func(in resource.PropertyMap) error {
		elems, store, err := list(in, path...)
		if err != nil {
			return err
		}
		kept := slices.DeleteFunc(slices.Clone(elems), func(v resource.PropertyValue) bool { return !keep(v) })
		if len(kept) == len(elems) {
			return fmt.Errorf("nothing to drop from %s", strings.Join(path, "."))
		}
		store(kept)
		return nil
	}
}

// eachListObject lets f edit every object of a nested list in place.
func eachListObject(in resource.PropertyMap, f func(resource.PropertyMap), path ...string) error {
	elems, _, err := list(in, path...)
	if err != nil {
		return err
	}
	for _, e := range elems {
		if e.IsObject() {
			f(e.ObjectValue())
		}
	}
	return nil
}

// gcpHardening weaken the project's own hardening where PCI DSS is still met.
var gcpHardening = []Hardening{
	{Mutation{Name: "topic stores messages in any region", Apply: edit(gcpTopic, "payments-topic", del("messageStoragePolicy"))}, "pci-12.5.2-pubsub-storage-regions",
		"PCI DSS sets no place of storage; message storage regions are data-residency hardening"},
	{Mutation{Name: "subscription expires after 31 idle days", Apply: edit(gcpSubscription, "payments-subscription", setPath("2678400s", "expirationPolicy", "ttl"))}, "pci-10.7.2-pubsub-subscription-expiration",
		"an idle subscription's expiry loses undelivered messages, an availability risk, not a PCI control failure"},
	{Mutation{Name: "scope labels removed from the topic", Apply: edit(gcpTopic, "payments-topic", set("labels", map[string]any{"team": "payments"}))}, "pci-12.5.2-scope-tags",
		"as for AWS: scope is the whole stack by default"},
}
