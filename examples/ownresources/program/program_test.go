package program

import (
	"slices"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/internal/enginetest"
)

func run(t *testing.T, dryRun bool) []enginetest.Resource {
	t.Helper()
	eng := enginetest.New("orders", "dev", dryRun)
	if err := eng.Run(Run, nil); err != nil {
		t.Fatalf("program (dryRun=%v): %v", dryRun, err)
	}
	return eng.Resources()
}

func find(t *testing.T, rs []enginetest.Resource, typ, name string) enginetest.Resource {
	t.Helper()
	r, ok := enginetest.Find(rs, typ, name)
	if !ok {
		t.Fatalf("no %s %q registered", typ, name)
	}
	return r
}

func TestRun_previewAndUpdateRegisterTheSameResources(t *testing.T) {
	preview, update := run(t, true), run(t, false)
	if p, u := enginetest.Types(preview), enginetest.Types(update); !slices.Equal(p, u) {
		t.Errorf("preview registers %v, update %v", p, u)
	}
	if len(enginetest.ByType(preview, "pciqueue:aws:SecureQueue")) != 1 {
		t.Error("the preview registers no SecureQueue")
	}
}

func TestRun_updatePassesTheProgramsOwnOutputsIntoTheQueue(t *testing.T) {
	rs := run(t, false)
	keyArn := find(t, rs, "aws:kms/key:Key", "team-key").Outputs["arn"].StringValue()
	if keys := enginetest.ByType(rs, "aws:kms/key:Key"); len(keys) != 2 {
		t.Errorf("%d KMS keys registered, want the program's and the stack's audit key: the queue created one although it was passed one", len(keys))
	}
	for _, q := range []string{"orders-queue", "orders-dlq"} {
		if got := find(t, rs, "aws:sqs/queue:Queue", q).Inputs["kmsMasterKeyId"].StringValue(); got != keyArn {
			t.Errorf("%s uses key %q, want the program's %q", q, got, keyArn)
		}
	}
	topicArn := find(t, rs, "aws:sns/topic:Topic", "orders-oncall").Outputs["arn"].StringValue()
	acts := find(t, rs, "aws:cloudwatch/metricAlarm:MetricAlarm", "orders-dlq-depth").Inputs["alarmActions"].ArrayValue()
	if len(acts) != 1 || acts[0].StringValue() != topicArn {
		t.Errorf("alarm actions %v, want the program's topic %s", acts, topicArn)
	}
	endpointID := find(t, rs, "aws:ec2/vpcEndpoint:VpcEndpoint", "orders-sqs").Outputs["id"].StringValue()
	if policy := find(t, rs, "aws:sqs/queuePolicy:QueuePolicy", "orders-queue-policy").Inputs["policy"].StringValue(); endpointID == "" || !strings.Contains(policy, endpointID) {
		t.Errorf("queue policy does not restrict to the program's endpoint %s: %s", endpointID, policy)
	}
}
