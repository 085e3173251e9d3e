package aws

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

const (
	trailType    = "aws:cloudtrail/trail:Trail"
	logGroupType = "aws:cloudwatch/logGroup:LogGroup"
	bucketType   = "aws:s3/bucketV2:BucketV2"
)

// stackArgs are n queues named q0, q1, ... as a stack declares them.
func stackArgs(n int) []*SecureQueueArgs {
	out := make([]*SecureQueueArgs, n)
	for i := range out {
		out[i] = &SecureQueueArgs{Spec: components.QueueSpec{Name: fmt.Sprintf("queue%d", i)}}
	}
	return out
}

// deployStack runs the queues and then their audit controls, as the stack program does.
func deployStack(t *testing.T, stack string, queues []*SecureQueueArgs, audit AuditControlsArgs, dryRun bool) ([]enginetest.Resource, error) {
	t.Helper()
	eng := enginetest.New("pciqueue", stack, dryRun)
	err := eng.Run(func(ctx *pulumi.Context) error {
		for _, a := range queues {
			q, err := NewSecureQueue(ctx, a.Spec.Name, a)
			if err != nil {
				return err
			}
			audit.Queues = append(audit.Queues, q)
		}
		_, err := NewAuditControls(ctx, "audit", &audit)
		return err
	}, nil)
	return eng.Resources(), err
}

func mustDeployStack(t *testing.T, n int, audit AuditControlsArgs) []enginetest.Resource {
	t.Helper()
	rs, err := deployStack(t, "test", stackArgs(n), audit, false)
	if err != nil {
		t.Fatalf("deploying %d queues and their audit controls: %v", n, err)
	}
	return rs
}

// selectorValues returns the values of one field condition of the trail's advanced event selectors.
func selectorValues(t *testing.T, trail enginetest.Resource, selector int, field, op string) []string {
	t.Helper()
	sels := trail.Inputs["advancedEventSelectors"].ArrayValue()
	if selector >= len(sels) {
		return nil
	}
	var out []string
	for _, f := range sels[selector].ObjectValue()["fieldSelectors"].ArrayValue() {
		o := f.ObjectValue()
		if o["field"].StringValue() != field {
			continue
		}
		v, ok := o[resource.PropertyKey(op)]
		if !ok {
			continue
		}
		for _, a := range v.ArrayValue() {
			out = append(out, a.StringValue())
		}
	}
	sort.Strings(out)
	return out
}

func queueArns(t *testing.T, rs []enginetest.Resource) []string {
	t.Helper()
	var out []string
	for _, q := range enginetest.ByType(rs, queueType) {
		out = append(out, outputArn(t, rs, queueType, q.Name))
	}
	sort.Strings(out)
	return out
}

func TestAuditControls_tenQueuesPlanOneTrailOneKeyOneLogGroup(t *testing.T) {
	rs := mustDeployStack(t, 10, AuditControlsArgs{})
	for typ, want := range map[string]int{trailType: 1, logGroupType: 1, bucketType: 1, keyType: 11, queueType: 20} {
		if got := len(enginetest.ByType(rs, typ)); got != want {
			t.Errorf("%d × %s, want %d", got, typ, want)
		}
	}
	trail := find(t, rs, trailType, "audit-trail")
	if got, want := selectorValues(t, trail, 0, "resources.ARN", "equals"), queueArns(t, rs); !slices.Equal(got, want) {
		t.Errorf("trail records data events of %v, want every queue and dead-letter queue %v", got, want)
	}
	if got := selectorValues(t, trail, 1, "eventCategory", "equals"); !slices.Equal(got, []string{"Management"}) {
		t.Errorf("second selector = %v, want management events (every KMS call)", got)
	}
}

func TestAuditControls_auditLogKeptAYearEncryptedWithASeparateKey(t *testing.T) {
	queues := stackArgs(2)
	queues[0].Spec.LogRetentionDays = 400
	rs, err := deployStack(t, "test", queues, AuditControlsArgs{}, false)
	if err != nil {
		t.Fatal(err)
	}
	lg := find(t, rs, logGroupType, "audit-logs")
	if got := num(lg, "retentionInDays"); got != 400 {
		t.Errorf("log retention %v days, want the longest any queue asks for (400)", got)
	}
	auditKey := outputArn(t, rs, keyType, "audit-key")
	if str(lg, "kmsKeyId") != auditKey || auditKey == outputArn(t, rs, keyType, "queue0-key") {
		t.Errorf("log group key %q, want the audit key %q distinct from the data keys", str(lg, "kmsKeyId"), auditKey)
	}
	trail := find(t, rs, trailType, "audit-trail")
	if v, _ := boolean(trail, "enableLogFileValidation"); !v || str(trail, "kmsKeyId") != auditKey {
		t.Errorf("trail validation %v, key %q", v, str(trail, "kmsKeyId"))
	}
	pab := find(t, rs, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "audit-trail-bucket-public-access")
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		if v, _ := boolean(pab, k); !v {
			t.Errorf("trail bucket %s is not true", k)
		}
	}
	ver := find(t, rs, "aws:s3/bucketVersioningV2:BucketVersioningV2", "audit-trail-bucket-versioning")
	if ver.Inputs["versioningConfiguration"].ObjectValue()["status"].StringValue() != "Enabled" {
		t.Error("trail bucket versioning is not enabled")
	}
	k := find(t, rs, keyType, "audit-key")
	if rot, _ := boolean(k, "enableKeyRotation"); !rot || num(k, "rotationPeriodInDays") != 90 || !k.Protect {
		t.Errorf("audit key rotation %v every %v days, protected %v", rot, num(k, "rotationPeriodInDays"), k.Protect)
	}
}

func TestAuditControls_existingOrganizationTrailIsReferencedNotCreated(t *testing.T) {
	rs := mustDeployStack(t, 3, AuditControlsArgs{ExistingTrailArn: pulumi.String("arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-trail")})
	if n := len(enginetest.ByType(rs, trailType)) + len(enginetest.ByType(rs, bucketType)); n != 0 {
		t.Fatalf("created %d trail resources although an organization trail was given", n)
	}
	find(t, rs, logGroupType, "audit-logs")
}

func TestAuditControls_organizationManagementEventsAreNotRecordedTwice(t *testing.T) {
	rs := mustDeployStack(t, 2, AuditControlsArgs{OrganizationRecordsManagementEvents: true})
	trail := find(t, rs, trailType, "audit-trail")
	if n := len(trail.Inputs["advancedEventSelectors"].ArrayValue()); n != 1 {
		t.Fatalf("trail has %d selectors, want only the SQS data-event one", n)
	}
	if got := selectorValues(t, trail, 0, "eventCategory", "equals"); !slices.Equal(got, []string{"Data"}) {
		t.Errorf("selector records %v, want Data only", got)
	}
}

func TestAuditControls_beyondTheSelectorLimitACommonPrefixCoversEveryQueue(t *testing.T) {
	n := (MaxTrailSelectorValues-3)/2 + 1
	rs := mustDeployStack(t, n, AuditControlsArgs{})
	trail := find(t, rs, trailType, "audit-trail")
	if got := selectorValues(t, trail, 0, "resources.ARN", "equals"); len(got) != 0 {
		t.Fatalf("%d exact ARNs for %d queues, over CloudTrail's %d values", len(got), n, MaxTrailSelectorValues)
	}
	prefixes := selectorValues(t, trail, 0, "resources.ARN", "startsWiths")
	if len(prefixes) != 1 || !strings.HasSuffix(prefixes[0], ":test-queue") {
		t.Fatalf("ARN prefixes %v, want one ending in the stack's queue names", prefixes)
	}
	for _, arn := range queueArns(t, rs) {
		if !strings.HasPrefix(arn, prefixes[0]) {
			t.Errorf("queue %s is not covered by prefix %s", arn, prefixes[0])
		}
	}
}

func TestAuditControls_previewKeepsTheSelectorsDependentOnEveryQueue(t *testing.T) {
	rs, err := deployStack(t, "test", stackArgs(3), AuditControlsArgs{}, true)
	if err != nil {
		t.Fatal(err)
	}
	trail := find(t, rs, trailType, "audit-trail")
	deps := trail.PropertyDependencies["advancedEventSelectors"]
	for _, q := range enginetest.ByType(rs, queueType) {
		if !slices.Contains(deps, q.URN) {
			t.Errorf("trail selectors do not depend on %s, so a preview cannot tell they cover it", q.Name)
		}
	}
}

func TestAuditControls_physicalNamesCarryTheStack(t *testing.T) {
	rs, err := deployStack(t, "aws-prod", stackArgs(1), AuditControlsArgs{}, true)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ typ, name, key, want string }{
		{trailType, "audit-trail", "name", "pciqueue-aws-prod-audit"},
		{logGroupType, "audit-logs", "name", "/pciqueue/aws-prod/audit"},
		{bucketType, "audit-trail-bucket", "bucketPrefix", "pciqueue-aws-prod-"},
		{"aws:kms/alias:Alias", "audit-key-alias", "name", "alias/pciqueue/aws-prod/audit"},
		{"aws:kms/alias:Alias", "queue0-key-alias", "name", "alias/pciqueue/aws-prod/queue0"},
	}
	for _, c := range checks {
		if got := str(find(t, rs, c.typ, c.name), c.key); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.typ, c.key, got, c.want)
		}
	}
}

func TestNewAuditControls_invalidArgsRegisterNothingAndNameTheField(t *testing.T) {
	cases := []struct {
		name, stack, want string
		queues            []*SecureQueueArgs
		audit             AuditControlsArgs
	}{
		{"no queues", "test", "queues is empty", nil, AuditControlsArgs{}},
		{"bad trail", "test", "existingTrailArn", stackArgs(1), AuditControlsArgs{ExistingTrailArn: pulumi.String("org-trail")}},
		{"org trail twice", "test", "organizationRecordsManagementEvents", stackArgs(1),
			AuditControlsArgs{ExistingTrailArn: pulumi.String("arn:aws:cloudtrail:eu-west-1:123456789012:trail/org"), OrganizationRecordsManagementEvents: true}},
		{"stack name CloudTrail rejects", "prod..eu", "stack name", stackArgs(1), AuditControlsArgs{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := deployStack(t, tc.stack, tc.queues, tc.audit, true)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "use ") {
				t.Fatalf("err = %v, want one naming %s and the fix", err, tc.want)
			}
			if slices.ContainsFunc(rs, func(r enginetest.Resource) bool { return r.Type == AuditControlsType }) {
				t.Error("audit controls registered before failing validation")
			}
		})
	}
	dup := AuditControlsArgs{}
	eng := enginetest.New("pciqueue", "test", true)
	err := eng.Run(func(ctx *pulumi.Context) error {
		q, err := NewSecureQueue(ctx, "payments", paymentsArgs())
		if err != nil {
			return err
		}
		dup.Queues = []*SecureQueue{q, q}
		_, err = NewAuditControls(ctx, "audit", &dup)
		return err
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "queues[1]") {
		t.Errorf("a queue given twice: err = %v", err)
	}
}

// A stack name S3 or CloudTrail rejects is named in the error, but a card number in it never is, in any form.
func TestAuditNamesFor_cardNumberInTheStackIsNeverEchoed(t *testing.T) {
	pan := cardnum.WithCheckDigit("401288888888188")
	for _, stack := range []string{
		pan[:4] + "." + pan[4:8] + "." + pan[8:12] + "." + pan[12:],
		"prod_" + pan,
		"x" + pan + "..eu",
	} {
		_, err := auditNamesFor(stack)
		if err == nil {
			t.Errorf("stack %q was accepted; want a naming error", cardnum.Scrub(stack))
			continue
		}
		if strings.Contains(cardnum.AllDigits(err.Error()), pan) {
			t.Errorf("the error for stack %q repeats the card number: %s", cardnum.Scrub(stack), cardnum.Scrub(err.Error()))
		}
	}
}
