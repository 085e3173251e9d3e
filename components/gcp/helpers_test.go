package gcp_test

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gcpsdk "github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const (
	testRegion       = "europe-west1"
	testAccessPolicy = "accessPolicies/123456789"
	testAccessLevel  = testAccessPolicy + "/accessLevels/pciqueue_deployers"
	// pubsubAgent is the Pub/Sub service agent of the offline project.
	pubsubAgent = "serviceAccount:service-" + gcp.OfflineProjectNumber + "@gcp-sa-pubsub.iam.gserviceaccount.com"
)

const day = 24 * time.Hour

// paymentsSpec is the payments queue of the dev stacks: ordered, two producers, one consumer.
func paymentsSpec() components.QueueSpec {
	off := false
	return components.QueueSpec{
		Name: "payments", Ordered: true, MessageRetention: 4 * day, VisibilityTimeout: time.Minute, MaxDeliveries: 5,
		Producers: []string{"checkout", "pos"}, Consumers: []string{"settlement"}, KeyRotation: 90 * day,
		LogRetentionDays: 400, Tags: map[string]string{"team": "payments"}, Protect: &off,
	}
}

func controlsArgs() gcp.ProjectControlsArgs {
	return gcp.ProjectControlsArgs{AccessPolicy: testAccessPolicy, AccessLevels: []string{testAccessLevel}}
}

func queueArgs() gcp.SecureQueueArgs {
	return gcp.SecureQueueArgs{Spec: paymentsSpec(), Region: testRegion, AllowedRegions: []string{testRegion, "europe-west4"}}
}

// deployment is one recorded run: every registration and, in update mode, the queue's resolved outputs.
type deployment struct {
	rs      []enginetest.Resource
	outputs map[string]any
}

// deploy runs a program that creates an explicit provider, the project controls and one queue, the way the
// stack program does, and returns what the engine recorded and the program's error.
func deploy(t *testing.T, dryRun bool, controls gcp.ProjectControlsArgs, queue gcp.SecureQueueArgs) (deployment, error) {
	t.Helper()
	eng := enginetest.New("pciqueue", "test", dryRun)
	var mu sync.Mutex
	d := deployment{outputs: map[string]any{}}
	err := eng.Run(func(ctx *pulumi.Context) error {
		p, err := gcpsdk.NewProvider(ctx, "gcp", &gcpsdk.ProviderArgs{Project: pulumi.String(gcp.OfflineProject), Region: pulumi.String(testRegion)})
		if err != nil {
			return err
		}
		c, err := gcp.NewProjectControls(ctx, "project", &controls, pulumi.Provider(p))
		if err != nil {
			return err
		}
		queue.Controls = c
		q, err := gcp.NewSecureQueue(ctx, "payments", &queue, pulumi.Provider(p))
		if err != nil {
			return err
		}
		pulumi.Map{
			"topicId": q.TopicID, "subscriptionId": q.SubscriptionID, "deadLetterTopicId": q.DeadLetterTopicID,
			"deadLetterSubscriptionId": q.DeadLetterSubscriptionID, "keyId": q.KeyID,
			"producerServiceAccounts": q.ProducerServiceAccounts, "consumerServiceAccounts": q.ConsumerServiceAccounts,
			"logBucketId": q.LogBucketID, "perimeterName": q.PerimeterName,
			"controls.perimeterEnforced": c.PerimeterEnforced, "controls.pubsubServiceAgent": c.PubSubServiceAgent,
		}.ToMapOutput().ApplyT(func(m map[string]any) error {
			mu.Lock()
			defer mu.Unlock()
			for k, v := range m {
				d.outputs[k] = v
			}
			return nil
		})
		return nil
	}, nil)
	d.rs = eng.Resources()
	return d, err
}

// mustDeploy deploys the given args and fails the test on a program error.
func mustDeploy(t *testing.T, dryRun bool, controls gcp.ProjectControlsArgs, queue gcp.SecureQueueArgs) deployment {
	t.Helper()
	d, err := deploy(t, dryRun, controls, queue)
	if err != nil {
		t.Fatalf("deploying: %v", err)
	}
	return d
}

func (d deployment) find(t *testing.T, typ, name string) enginetest.Resource {
	t.Helper()
	r, ok := enginetest.Find(d.rs, typ, name)
	if !ok {
		t.Fatalf("no %s %q was registered; got:\n%s", typ, name, strings.Join(enginetest.Types(d.rs), "\n"))
	}
	return r
}

// prop returns the input at path (object keys, or list indexes as "0"), looking through secrets and output
// values; a missing value is null.
func prop(r enginetest.Resource, path ...string) resource.PropertyValue {
	v := resource.NewProperty(r.Inputs)
	for _, p := range path {
		v = plain(v)
		switch {
		case v.IsObject():
			v = v.ObjectValue()[resource.PropertyKey(p)]
		case v.IsArray():
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(v.ArrayValue()) {
				return resource.NewNullProperty()
			}
			v = v.ArrayValue()[i]
		default:
			return resource.NewNullProperty()
		}
	}
	return plain(v)
}

func plain(v resource.PropertyValue) resource.PropertyValue {
	for {
		switch {
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsOutput() && v.OutputValue().Known:
			v = v.OutputValue().Element
		default:
			return v
		}
	}
}

func unknown(v resource.PropertyValue) bool {
	return v.IsComputed() || (v.IsOutput() && !v.OutputValue().Known)
}

// str returns a known string input, failing the test when it is missing, unknown or not a string.
func str(t *testing.T, r enginetest.Resource, path ...string) string {
	t.Helper()
	v := prop(r, path...)
	if !v.IsString() {
		t.Fatalf("%s %q: input %s = %v, want a known string", r.Type, r.Name, strings.Join(path, "."), v)
	}
	return v.StringValue()
}

func stringList(t *testing.T, r enginetest.Resource, path ...string) []string {
	t.Helper()
	v := prop(r, path...)
	if !v.IsArray() {
		t.Fatalf("%s %q: input %s = %v, want a list", r.Type, r.Name, strings.Join(path, "."), v)
	}
	var out []string
	for _, e := range v.ArrayValue() {
		e = plain(e)
		if !e.IsString() {
			t.Fatalf("%s %q: %s holds %v, want known strings", r.Type, r.Name, strings.Join(path, "."), e)
		}
		out = append(out, e.StringValue())
	}
	return out
}

// outputOf is an output the engine gave a resource in update mode.
func outputOf(r enginetest.Resource, key string) string {
	if v, ok := r.Outputs[resource.PropertyKey(key)]; ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatalf("writing %s: %v", path, err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s: %v (run go test -update to create it)", path, err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run go test -update after checking the change):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
