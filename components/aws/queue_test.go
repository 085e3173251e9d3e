package aws

import (
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/internal/iamdoc"
)

const (
	queueType  = "aws:sqs/queue:Queue"
	keyType    = "aws:kms/key:Key"
	roleType   = "aws:iam/role:Role"
	inlineType = "aws:iam/rolePolicy:RolePolicy"
	qpType     = "aws:sqs/queuePolicy:QueuePolicy"
)

// deploy runs NewSecureQueue under the recording engine and returns what was registered.
func deploy(t *testing.T, args *SecureQueueArgs, dryRun bool) ([]enginetest.Resource, error) {
	t.Helper()
	eng := enginetest.New("pciqueue", "test", dryRun)
	err := eng.Run(func(ctx *pulumi.Context) error {
		_, err := NewSecureQueue(ctx, args.Spec.Name, args)
		return err
	}, nil)
	return eng.Resources(), err
}

func mustDeploy(t *testing.T, args *SecureQueueArgs) []enginetest.Resource {
	t.Helper()
	rs, err := deploy(t, args, false)
	if err != nil {
		t.Fatalf("NewSecureQueue: %v", err)
	}
	return rs
}

func paymentsArgs() *SecureQueueArgs {
	return &SecureQueueArgs{Spec: components.QueueSpec{
		Name: "payments", Ordered: true, Producers: []string{"checkout", "pos"}, Consumers: []string{"settlement"},
	}}
}

func find(t *testing.T, rs []enginetest.Resource, typ, name string) enginetest.Resource {
	t.Helper()
	r, ok := enginetest.Find(rs, typ, name)
	if !ok {
		t.Fatalf("no %s %q registered; have %v", typ, name, enginetest.Types(rs))
	}
	return r
}

func str(r enginetest.Resource, key string) string {
	v, ok := r.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsString() {
		return ""
	}
	return v.StringValue()
}

func num(r enginetest.Resource, key string) float64 {
	v, ok := r.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsNumber() {
		return -1
	}
	return v.NumberValue()
}

func boolean(r enginetest.Resource, key string) (bool, bool) {
	v, ok := r.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsBool() {
		return false, false
	}
	return v.BoolValue(), true
}

type stmt = iamdoc.Statement

func policyOf(t *testing.T, r enginetest.Resource, key string) []stmt {
	t.Helper()
	doc, err := iamdoc.ParseJSON(str(r, key))
	if err != nil {
		t.Fatalf("%s %q: %s is not a policy document: %v", r.Type, r.Name, key, err)
	}
	return doc.Statements
}

// resources returns a statement's resources sorted, so a test compares them as a set.
func resources(s stmt) []string { return slices.Sorted(slices.Values(s.Resource)) }

// condition returns the single value of a condition key under an operator, or "" when it has none or several.
func condition(s stmt, op, key string) string {
	if vals := s.Condition[op][key]; len(vals) == 1 {
		return vals[0]
	}
	return ""
}

func outputArn(t *testing.T, rs []enginetest.Resource, typ, name string) string {
	t.Helper()
	r := find(t, rs, typ, name)
	v, ok := r.Outputs["arn"]
	if !ok || !v.IsString() {
		t.Fatalf("%s %q has no arn output", typ, name)
	}
	return v.StringValue()
}

func TestSecureQueue_bothQueuesUseTheCustomerManagedKey(t *testing.T) {
	rs := mustDeploy(t, paymentsArgs())
	keyArn := outputArn(t, rs, keyType, "payments-key")
	for _, name := range []string{"payments-queue", "payments-dlq"} {
		q := find(t, rs, queueType, name)
		if got := str(q, "kmsMasterKeyId"); got != keyArn {
			t.Errorf("%s kmsMasterKeyId = %q, want the data key %q", name, got, keyArn)
		}
		if sse, ok := boolean(q, "sqsManagedSseEnabled"); !ok || sse {
			t.Errorf("%s sqsManagedSseEnabled = %v (set %v), want explicitly false", name, sse, ok)
		}
		if got := num(q, "kmsDataKeyReusePeriodSeconds"); got != DataKeyReuseSeconds {
			t.Errorf("%s kmsDataKeyReusePeriodSeconds = %v", name, got)
		}
	}
}

func TestSecureQueue_keyRotatesAndDeletionIsGuarded(t *testing.T) {
	args := paymentsArgs()
	args.Spec.KeyRotation = 180 * 24 * time.Hour
	rs := mustDeploy(t, args)
	for _, name := range []string{"payments-key"} {
		k := find(t, rs, keyType, name)
		if rot, _ := boolean(k, "enableKeyRotation"); !rot {
			t.Errorf("%s: rotation off", name)
		}
		if got := num(k, "rotationPeriodInDays"); got != 180 {
			t.Errorf("%s rotationPeriodInDays = %v, want 180", name, got)
		}
		if got := num(k, "deletionWindowInDays"); got != 30 {
			t.Errorf("%s deletionWindowInDays = %v, want 30", name, got)
		}
		if bypass, ok := boolean(k, "bypassPolicyLockoutSafetyCheck"); !ok || bypass {
			t.Errorf("%s bypasses the policy lockout check", name)
		}
		if !k.Protect {
			t.Errorf("%s is not protected although the spec protects by default", name)
		}
	}
}

func TestSecureQueue_unprotectedKeyWhenSpecAsks(t *testing.T) {
	args := paymentsArgs()
	off := false
	args.Spec.Protect = &off
	rs := mustDeploy(t, args)
	if find(t, rs, keyType, "payments-key").Protect {
		t.Fatal("key protected although spec.Protect is false")
	}
}

func TestSecureQueue_keyPolicySeparatesCustody(t *testing.T) {
	rs := mustDeploy(t, paymentsArgs())
	stmts := policyOf(t, find(t, rs, keyType, "payments-key"), "policy")
	producers := []string{outputArn(t, rs, roleType, "payments-producer-checkout"), outputArn(t, rs, roleType, "payments-producer-pos")}
	consumer := outputArn(t, rs, roleType, "payments-consumer-settlement")
	crypto := []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:*"}
	var sawProducer, sawConsumer bool
	for _, s := range stmts {
		principal, _ := json.Marshal(s.Principal)
		if strings.Contains(string(principal), ":root") {
			for _, a := range s.Action {
				if slices.Contains(crypto, a) {
					t.Errorf("account root holds %s on the data key: administration must not imply use", a)
				}
			}
			continue
		}
		if condition(s, "StringEquals", "kms:ViaService") != "sqs.eu-west-1.amazonaws.com" {
			t.Errorf("statement %s lets roles use the key outside SQS: %v", s.Sid, s.Condition)
		}
		switch {
		case strings.Contains(string(principal), "producer"):
			sawProducer = true
			for _, p := range producers {
				if !strings.Contains(string(principal), p) {
					t.Errorf("producer %s missing from %s", p, s.Sid)
				}
			}
			if !slices.Equal(s.Action, ProducerKeyActions) {
				t.Errorf("producers may %v on the key, want %v", s.Action, ProducerKeyActions)
			}
		case strings.Contains(string(principal), consumer):
			sawConsumer = true
			if !slices.Equal(s.Action, ConsumerKeyActions) {
				t.Errorf("consumers may %v on the key, want %v", s.Action, ConsumerKeyActions)
			}
		default:
			t.Errorf("unexpected principal %s in the data key policy", principal)
		}
	}
	if !sawProducer || !sawConsumer {
		t.Fatalf("key policy lacks producer (%v) or consumer (%v) use", sawProducer, sawConsumer)
	}
}

func TestSecureQueue_tlsAndPrincipalDenialsOnBothQueues(t *testing.T) {
	rs := mustDeploy(t, paymentsArgs())
	for _, c := range []struct{ policy, queue string }{{"payments-queue-policy", "payments-queue"}, {"payments-dlq-policy", "payments-dlq"}} {
		queueArn := outputArn(t, rs, queueType, c.queue)
		byID := map[string]stmt{}
		for _, s := range policyOf(t, find(t, rs, qpType, c.policy), "policy") {
			byID[s.Sid] = s
			if s.Effect != "Deny" {
				t.Errorf("%s: statement %s is %s; queue policies only deny, roles carry the grants", c.policy, s.Sid, s.Effect)
			}
			if r := resources(s); len(r) != 1 || r[0] != queueArn {
				t.Errorf("%s: statement %s applies to %v, want only %s", c.policy, s.Sid, r, queueArn)
			}
		}
		tls, ok := byID["DenyInsecureTransport"]
		if !ok || tls.Principal == nil || !tls.Principal.Wildcard || !slices.Equal(tls.Action, []string{"sqs:*"}) || condition(tls, "Bool", "aws:SecureTransport") != "false" {
			t.Errorf("%s: no deny of every request without TLS: %+v", c.policy, tls)
		}
		if s, ok := byID["DenyOtherAccounts"]; !ok || condition(s, "StringNotEquals", "aws:PrincipalAccount") != OfflineAccount {
			t.Errorf("%s: principals of other accounts are not denied", c.policy)
		}
		if _, ok := byID["DenyUndeclaredPrincipals"]; !ok {
			t.Errorf("%s: undeclared principals are not denied the data plane", c.policy)
		}
	}
	dlq := policyOf(t, find(t, rs, qpType, "payments-dlq-policy"), "policy")
	if !slices.ContainsFunc(dlq, func(s stmt) bool { return s.Sid == "DenyAllSenders" && s.Condition == nil }) {
		t.Error("the dead-letter queue accepts messages from principals; only SQS redrive may fill it")
	}
}

func TestSecureQueue_rolesHaveExactlyTheMinimalActionsOnThisQueueAndKey(t *testing.T) {
	rs := mustDeploy(t, paymentsArgs())
	queueArn := outputArn(t, rs, queueType, "payments-queue")
	dlqArn := outputArn(t, rs, queueType, "payments-dlq")
	keyArn := outputArn(t, rs, keyType, "payments-key")
	both := []string{dlqArn, queueArn}
	sort.Strings(both)
	cases := []struct {
		policy                string
		queueActions, keyActs []string
		queues                []string
	}{
		{"payments-producer-checkout-policy", ProducerQueueActions, ProducerKeyActions, []string{queueArn}},
		{"payments-producer-pos-policy", ProducerQueueActions, ProducerKeyActions, []string{queueArn}},
		{"payments-consumer-settlement-policy", ConsumerQueueActions, ConsumerKeyActions, both},
	}
	for _, c := range cases {
		stmts := policyOf(t, find(t, rs, inlineType, c.policy), "policy")
		if len(stmts) != 2 {
			t.Fatalf("%s has %d statements, want 2", c.policy, len(stmts))
		}
		for _, s := range stmts {
			if s.Effect != "Allow" {
				t.Errorf("%s: %s is %s", c.policy, s.Sid, s.Effect)
			}
			switch s.Sid {
			case "ThisQueueOnly":
				if !slices.Equal(s.Action, c.queueActions) || !slices.Equal(resources(s), c.queues) {
					t.Errorf("%s: queue grant %v on %v, want %v on %v", c.policy, s.Action, resources(s), c.queueActions, c.queues)
				}
			case "ThisKeyOnly":
				if !slices.Equal(s.Action, c.keyActs) || !slices.Equal(resources(s), []string{keyArn}) {
					t.Errorf("%s: key grant %v on %v, want %v on %s", c.policy, s.Action, resources(s), c.keyActs, keyArn)
				}
			default:
				t.Errorf("%s: unexpected statement %s", c.policy, s.Sid)
			}
		}
	}
	if got := ConsumerQueueActions; slices.Contains(got, "sqs:SendMessage") || slices.Contains(ProducerQueueActions, "sqs:ReceiveMessage") {
		t.Fatal("a role can both send and receive")
	}
}

func TestSecureQueue_rolesTrustOnlyLambdaInThisAccountAndDeclareTheirQueue(t *testing.T) {
	rs := mustDeploy(t, paymentsArgs())
	want := map[string]string{"payments-producer-checkout": "producer", "payments-producer-pos": "producer", "payments-consumer-settlement": "consumer"}
	for name, role := range want {
		r := find(t, rs, roleType, name)
		trust := policyOf(t, r, "assumeRolePolicy")
		if len(trust) != 1 || condition(trust[0], "StringEquals", "aws:SourceAccount") != OfflineAccount {
			t.Errorf("%s trust policy = %+v", name, trust)
		}
		if p := trust[0].Principal; p == nil || p.Wildcard || len(p.AWS)+len(p.Federated)+len(p.CanonicalUser) != 0 || !slices.Equal(p.Service, []string{"lambda.amazonaws.com"}) {
			t.Errorf("%s is assumable by %+v", name, p)
		}
		tags := r.Inputs["tags"].ObjectValue()
		if tags[components.TagRole].StringValue() != role || tags[components.TagQueue].StringValue() != "payments" {
			t.Errorf("%s does not declare queue and role: %v", name, tags)
		}
	}
	if n := len(enginetest.ByType(rs, "aws:iam/user:User")) + len(enginetest.ByType(rs, "aws:iam/accessKey:AccessKey")); n != 0 {
		t.Fatalf("%d IAM users or access keys created: no shared secrets may reach the queue", n)
	}
}

func TestSecureQueue_redriveToTheDeadLetterQueueAfterMaxDeliveries(t *testing.T) {
	args := paymentsArgs()
	args.Spec.MaxDeliveries = 7
	rs := mustDeploy(t, args)
	var redrive struct {
		DeadLetterTargetArn string
		MaxReceiveCount     int
	}
	if err := json.Unmarshal([]byte(str(find(t, rs, queueType, "payments-queue"), "redrivePolicy")), &redrive); err != nil {
		t.Fatal(err)
	}
	if redrive.DeadLetterTargetArn != outputArn(t, rs, queueType, "payments-dlq") || redrive.MaxReceiveCount != 7 {
		t.Fatalf("redrive = %+v", redrive)
	}
	var allow struct {
		RedrivePermission string
		SourceQueueArns   []string
	}
	if err := json.Unmarshal([]byte(str(find(t, rs, queueType, "payments-dlq"), "redriveAllowPolicy")), &allow); err != nil {
		t.Fatal(err)
	}
	if allow.RedrivePermission != "byQueue" || !slices.Equal(allow.SourceQueueArns, []string{outputArn(t, rs, queueType, "payments-queue")}) {
		t.Fatalf("redrive-allow = %+v, want only the source queue", allow)
	}
}

func TestSecureQueue_orderedMakesAFifoPair(t *testing.T) {
	rs := mustDeploy(t, paymentsArgs())
	for _, name := range []string{"payments-queue", "payments-dlq"} {
		q := find(t, rs, queueType, name)
		if fifo, _ := boolean(q, "fifoQueue"); !fifo || !strings.HasSuffix(str(q, "name"), ".fifo") {
			t.Errorf("%s is not FIFO: name %q", name, str(q, "name"))
		}
	}
	args := paymentsArgs()
	args.Spec.Ordered = false
	rs = mustDeploy(t, args)
	if fifo, _ := boolean(find(t, rs, queueType, "payments-queue"), "fifoQueue"); fifo {
		t.Error("unordered spec produced a FIFO queue")
	}
}

func TestSecureQueue_bringYourOwnKey(t *testing.T) {
	const byok = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	args := paymentsArgs()
	args.KeyArn = byok
	rs := mustDeploy(t, args)
	if _, ok := enginetest.Find(rs, keyType, "payments-key"); ok {
		t.Fatal("a data key was created although one was brought")
	}
	for _, q := range []string{"payments-queue", "payments-dlq"} {
		if got := str(find(t, rs, queueType, q), "kmsMasterKeyId"); got != byok {
			t.Errorf("%s uses %q", q, got)
		}
	}
	for _, s := range policyOf(t, find(t, rs, inlineType, "payments-consumer-settlement-policy"), "policy") {
		if s.Sid == "ThisKeyOnly" && !slices.Equal(resources(s), []string{byok}) {
			t.Errorf("consumer key grant on %v", resources(s))
		}
	}
}

func TestSecureQueue_vpcEndpointRestrictsTheDataPlane(t *testing.T) {
	args := paymentsArgs()
	args.VpcEndpointID = "vpce-0123456789abcdef0"
	rs := mustDeploy(t, args)
	for _, p := range []string{"payments-queue-policy", "payments-dlq-policy"} {
		ok := slices.ContainsFunc(policyOf(t, find(t, rs, qpType, p), "policy"), func(s stmt) bool {
			return s.Sid == "DenyOutsideVpcEndpoint" && condition(s, "StringNotEquals", "aws:SourceVpce") == args.VpcEndpointID
		})
		if !ok {
			t.Errorf("%s does not deny requests from outside %s", p, args.VpcEndpointID)
		}
	}
}

func TestSecureQueue_deadLetterAlarm(t *testing.T) {
	args := paymentsArgs()
	args.AlarmActions = []string{"arn:aws:sns:eu-west-1:123456789012:payments-oncall"}
	rs := mustDeploy(t, args)
	a := find(t, rs, "aws:cloudwatch/metricAlarm:MetricAlarm", "payments-dlq-depth")
	if a.Inputs["dimensions"].ObjectValue()["QueueName"].StringValue() != str(find(t, rs, queueType, "payments-dlq"), "name") ||
		num(a, "threshold") != 1 || str(a, "metricName") != "ApproximateNumberOfMessagesVisible" {
		t.Fatalf("alarm does not watch the dead-letter queue depth: %v", a.Inputs)
	}
	if acts := a.Inputs["alarmActions"].ArrayValue(); len(acts) != 1 || acts[0].StringValue() != args.AlarmActions[0] {
		t.Fatalf("alarm actions = %v", acts)
	}
}

// taggable lists the registered types that accept tags; each must carry the scope tags.
var taggable = map[string]bool{
	queueType: true, keyType: true, roleType: true, "aws:cloudwatch/metricAlarm:MetricAlarm": true,
}

func TestSecureQueue_scopeTagsOnEveryTaggableChildAndEveryChildParented(t *testing.T) {
	args := paymentsArgs()
	args.Spec.Tags = map[string]string{"team": "payments"}
	rs := mustDeploy(t, args)
	var component enginetest.Resource
	for _, r := range rs {
		if r.Type == SecureQueueType {
			component = r
		}
	}
	if component.URN == "" {
		t.Fatal("component not registered")
	}
	seen := map[string]bool{}
	for _, r := range rs {
		if r.Type == SecureQueueType {
			continue
		}
		if r.Parent != component.URN {
			t.Errorf("%s %q is not parented to the component", r.Type, r.Name)
		}
		seen[r.Type] = true
		v, has := r.Inputs["tags"]
		if taggable[r.Type] != has {
			t.Errorf("%s %q: tags present = %v, taggable = %v", r.Type, r.Name, has, taggable[r.Type])
			continue
		}
		if !has {
			continue
		}
		tags := v.ObjectValue()
		if tags[components.TagPCIScope].StringValue() != "cde" || tags[components.TagDataClassification].StringValue() != "cardholder-data" || tags["team"].StringValue() != "payments" {
			t.Errorf("%s %q tags = %v", r.Type, r.Name, tags)
		}
	}
	for typ := range taggable {
		if !seen[typ] {
			t.Errorf("no %s registered", typ)
		}
	}
}

func TestSecureQueue_previewRegistersTheSameResourcesWithUnknownsKept(t *testing.T) {
	update := mustDeploy(t, paymentsArgs())
	preview, err := deploy(t, paymentsArgs(), true)
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	if got, want := enginetest.Types(preview), enginetest.Types(update); !slices.Equal(got, want) {
		t.Fatalf("preview registers %v\nupdate registers %v", got, want)
	}
	q := find(t, preview, queueType, "payments-queue")
	for _, k := range []resource.PropertyKey{"kmsMasterKeyId", "redrivePolicy"} {
		v, ok := q.Inputs[k]
		if !ok || !(v.IsComputed() || (v.IsOutput() && !v.OutputValue().Known)) {
			t.Errorf("queue %s in preview = %v (present %v), want an unknown value, not a dropped one", k, v, ok)
		}
	}
	if deps := q.PropertyDependencies["kmsMasterKeyId"]; len(deps) != 1 || !strings.HasSuffix(deps[0], "payments-key") {
		t.Errorf("queue kmsMasterKeyId depends on %v, want the data key", deps)
	}
	// Values known before apply are known in preview too.
	if got := num(q, "messageRetentionSeconds"); got != 4*24*3600 {
		t.Errorf("retention in preview = %v", got)
	}
}

func TestNewSecureQueue_invalidArgsRegisterNothing(t *testing.T) {
	cases := []struct {
		name, field string
		edit        func(*SecureQueueArgs)
	}{
		{"spec error", "maxDeliveries", func(a *SecureQueueArgs) { a.Spec.MaxDeliveries = 5000 }},
		{"alias instead of key", "aws.keyArn", func(a *SecureQueueArgs) { a.KeyArn = "alias/aws/sqs" }},
		{"bad endpoint", "aws.vpcEndpointId", func(a *SecureQueueArgs) { a.VpcEndpointID = "endpoint-1" }},
		{"user as admin", "aws.adminRoleArns[0]", func(a *SecureQueueArgs) { a.AdminRoleArns = []string{"arn:aws:iam::123456789012:user/alice"} }},
		{"bad alarm action", "aws.alarmActions[0]", func(a *SecureQueueArgs) { a.AlarmActions = []string{"mailto:x"} }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := paymentsArgs()
			tc.edit(args)
			rs, err := deploy(t, args, true)
			var fe *components.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a field error", err)
			}
			if !strings.Contains(err.Error(), tc.field) || !strings.Contains(err.Error(), "use ") {
				t.Errorf("error %q does not name %s and the fix", err, tc.field)
			}
			if len(rs) != 0 {
				t.Errorf("registered %v before failing validation", enginetest.Types(rs))
			}
		})
	}
	if _, err := deploy(t, &SecureQueueArgs{}, true); err == nil {
		t.Error("an empty spec was accepted")
	}
}

func TestNewSecureQueue_nameTooLongForSQS(t *testing.T) {
	args := paymentsArgs()
	args.Spec.Name = strings.Repeat("a", 40)
	eng := enginetest.New("pciqueue", strings.Repeat("s", 40), true)
	err := eng.Run(func(ctx *pulumi.Context) error {
		_, err := NewSecureQueue(ctx, "long", args)
		return err
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "SQS limit of 80") {
		t.Fatalf("err = %v", err)
	}
}

func TestNewSecureQueue_stackNameTheCloudRejectsFailsThePreview(t *testing.T) {
	for _, stack := range []string{"prod.eu", "prod eu", "prod/eu"} {
		eng := enginetest.New("pciqueue", stack, true)
		err := eng.Run(func(ctx *pulumi.Context) error {
			_, err := NewSecureQueue(ctx, "payments", paymentsArgs())
			return err
		}, nil)
		if err == nil || !strings.Contains(err.Error(), stack) || !strings.Contains(err.Error(), "use a stack name") {
			t.Errorf("stack %q: err = %v, want one naming the stack and the fix", stack, err)
		}
		if len(eng.Resources()) != 0 {
			t.Errorf("stack %q: registered %v before failing", stack, enginetest.Types(eng.Resources()))
		}
	}
}
