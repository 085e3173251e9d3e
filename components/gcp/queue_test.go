package gcp_test

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// Type tokens of the resources the component creates.
const (
	tKeyRing        = "gcp:kms/keyRing:KeyRing"
	tKey            = "gcp:kms/cryptoKey:CryptoKey"
	tKeyMember      = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
	tTopic          = "gcp:pubsub/topic:Topic"
	tSubscription   = "gcp:pubsub/subscription:Subscription"
	tTopicMember    = "gcp:pubsub/topicIAMMember:TopicIAMMember"
	tSubMember      = "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember"
	tAccount        = "gcp:serviceaccount/account:Account"
	tBucket         = "gcp:logging/projectBucketConfig:ProjectBucketConfig"
	tSink           = "gcp:logging/projectSink:ProjectSink"
	tAlert          = "gcp:monitoring/alertPolicy:AlertPolicy"
	tAuditConfig    = "gcp:projects/iAMAuditConfig:IAMAuditConfig"
	tOrgPolicy      = "gcp:projects/organizationPolicy:OrganizationPolicy"
	tServiceAgent   = "gcp:projects/serviceIdentity:ServiceIdentity"
	tPerimeter      = "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter"
	tPerimeterMbr   = "gcp:accesscontextmanager/servicePerimeterResource:ServicePerimeterResource"
	tPerimeterDryMb = "gcp:accesscontextmanager/servicePerimeterDryRunResource:ServicePerimeterDryRunResource"
)

var cloudKMSKeyName = regexp.MustCompile(`^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$`)

func TestSecureQueue_resourceSet(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	golden(t, "payments.golden", strings.Join(enginetest.Types(d.rs), "\n")+"\n")
}

func TestSecureQueue_bothTopicsUseTheQueueKey(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	key := d.find(t, tKey, "payments-key")
	keyID := outputOf(key, "id")
	if !cloudKMSKeyName.MatchString(keyID) {
		t.Fatalf("key ID %q is not a Cloud KMS key name", keyID)
	}
	for _, name := range []string{"payments-topic", "payments-dlq-topic"} {
		topic := d.find(t, tTopic, name)
		if got := str(t, topic, "kmsKeyName"); got != keyID {
			t.Errorf("%s kmsKeyName = %q, want the queue key %q", name, got, keyID)
		}
		if !slices.Contains(topic.PropertyDependencies["kmsKeyName"], key.URN) {
			t.Errorf("%s kmsKeyName does not come from the queue key resource", name)
		}
	}
	if got := d.outputs["keyId"]; got != keyID {
		t.Errorf("output keyId = %v, want %q", got, keyID)
	}
}

func TestSecureQueue_keyRotatesAndDestructionIsDelayed(t *testing.T) {
	args := queueArgs()
	args.ProtectionLevel = gcp.ProtectionHSM
	key := mustDeploy(t, false, controlsArgs(), args).find(t, tKey, "payments-key")
	for path, want := range map[string]string{
		"purpose":                         "ENCRYPT_DECRYPT",
		"rotationPeriod":                  "7776000s", // 90 days
		"destroyScheduledDuration":        "2592000s", // 30 days
		"versionTemplate.algorithm":       gcp.KeyAlgorithm,
		"versionTemplate.protectionLevel": gcp.ProtectionHSM,
	} {
		if got := str(t, key, strings.Split(path, ".")...); got != want {
			t.Errorf("key %s = %q, want %q", path, got, want)
		}
	}
}

func TestSecureQueue_keyProtectedAsTheSpecSays(t *testing.T) {
	on, off := true, false
	for _, tc := range []struct {
		name    string
		protect *bool
		want    bool
	}{{"unset protects", nil, true}, {"true protects", &on, true}, {"false does not", &off, false}} {
		t.Run(tc.name, func(t *testing.T) {
			args := queueArgs()
			args.Spec.Protect = tc.protect
			if got := mustDeploy(t, false, controlsArgs(), args).find(t, tKey, "payments-key").Protect; got != tc.want {
				t.Errorf("key protect = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSecureQueue_serviceAgentMayUseThisKeyOnlyAndBeforeTheTopics(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	keyID := outputOf(d.find(t, tKey, "payments-key"), "id")
	var agentGrants []enginetest.Resource
	for _, r := range enginetest.ByType(d.rs, tKeyMember) {
		if str(t, r, "member") == pubsubAgent {
			agentGrants = append(agentGrants, r)
		}
	}
	if len(agentGrants) != 1 {
		t.Fatalf("got %d key grants to the Pub/Sub service agent, want 1", len(agentGrants))
	}
	grant := agentGrants[0]
	if got := str(t, grant, "role"); got != gcp.RoleKeyEncrypterDecrypter {
		t.Errorf("service agent role = %q, want %q", got, gcp.RoleKeyEncrypterDecrypter)
	}
	if got := str(t, grant, "cryptoKeyId"); got != keyID {
		t.Errorf("service agent granted on %q, want the queue key %q", got, keyID)
	}
	agent := d.find(t, tServiceAgent, "project-pubsub-agent")
	if !slices.Contains(grant.Dependencies, agent.URN) {
		t.Error("the key grant does not wait for the Pub/Sub service agent to exist")
	}
	for _, name := range []string{"payments-topic", "payments-dlq-topic"} {
		if !slices.Contains(d.find(t, tTopic, name).Dependencies, grant.URN) {
			t.Errorf("%s is created before the service agent may use the key", name)
		}
	}
}

// No grant is ever broader than one topic, subscription or key: no project, folder, key ring or
// authoritative binding or policy resource exists at all.
func TestSecureQueue_noBroadOrAuthoritativeGrants(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	allowed := map[string]bool{tKeyMember: true, tTopicMember: true, tSubMember: true}
	for _, r := range d.rs {
		lower := strings.ToLower(r.Type)
		if (strings.Contains(lower, "iammember") || strings.Contains(lower, "iambinding") || strings.Contains(lower, "iampolicy")) && !allowed[r.Type] {
			t.Errorf("%s %q grants access beyond one queue resource", r.Type, r.Name)
		}
		if r.Type == "gcp:serviceaccount/key:Key" {
			t.Errorf("service account key %q created: no shared secret may reach the queue", r.Name)
		}
	}
}

func TestSecureQueue_topicsStoreMessagesOnlyInAllowedRegions(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	for _, name := range []string{"payments-topic", "payments-dlq-topic"} {
		got := stringList(t, d.find(t, tTopic, name), "messageStoragePolicy", "allowedPersistenceRegions")
		if !slices.Equal(got, []string{testRegion, "europe-west4"}) {
			t.Errorf("%s allowed regions = %v", name, got)
		}
	}
	args := queueArgs()
	args.AllowedRegions = nil
	got := stringList(t, mustDeploy(t, false, controlsArgs(), args).find(t, tTopic, "payments-topic"), "messageStoragePolicy", "allowedPersistenceRegions")
	if !slices.Equal(got, []string{testRegion}) {
		t.Errorf("default allowed regions = %v, want the region only", got)
	}
}

func TestSecureQueue_subscriptionMapsTheSpec(t *testing.T) {
	for _, ordered := range []bool{true, false} {
		t.Run(fmt.Sprintf("ordered=%v", ordered), func(t *testing.T) {
			args := queueArgs()
			args.Spec.Ordered = ordered
			args.Spec.MaxDeliveries = 7
			d := mustDeploy(t, false, controlsArgs(), args)
			sub := d.find(t, tSubscription, "payments-subscription")
			topicID := outputOf(d.find(t, tTopic, "payments-topic"), "id")
			dlqID := outputOf(d.find(t, tTopic, "payments-dlq-topic"), "id")
			checkSubscription(t, sub, topicID, "345600s", ordered)
			if got := str(t, sub, "deadLetterPolicy", "deadLetterTopic"); got != dlqID {
				t.Errorf("dead-letter topic = %q, want %q", got, dlqID)
			}
			if got := prop(sub, "deadLetterPolicy", "maxDeliveryAttempts"); !got.IsNumber() || got.NumberValue() != 7 {
				t.Errorf("maxDeliveryAttempts = %v, want 7", got)
			}
		})
	}
}

func TestSecureQueue_deadLettersAreKept(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	dlqID := outputOf(d.find(t, tTopic, "payments-dlq-topic"), "id")
	dlqSub := d.find(t, tSubscription, "payments-dlq-subscription")
	checkSubscription(t, dlqSub, dlqID, "604800s", true)
	if v := prop(dlqSub, "deadLetterPolicy"); !v.IsNull() {
		t.Errorf("the dead-letter subscription dead-letters itself: %v", v)
	}
	pub := d.find(t, tTopicMember, "payments-pubsub-agent-dlq-publish")
	if str(t, pub, "topic") != dlqID || str(t, pub, "role") != gcp.RolePublisher || str(t, pub, "member") != pubsubAgent {
		t.Errorf("service agent publish grant = %v", pub.Inputs)
	}
	subID := outputOf(d.find(t, tSubscription, "payments-subscription"), "id")
	ack := d.find(t, tSubMember, "payments-pubsub-agent-ack")
	if str(t, ack, "subscription") != subID || str(t, ack, "role") != gcp.RoleSubscriber || str(t, ack, "member") != pubsubAgent {
		t.Errorf("service agent acknowledge grant = %v", ack.Inputs)
	}
}

func checkSubscription(t *testing.T, sub enginetest.Resource, topicID, retention string, ordered bool) {
	t.Helper()
	for path, want := range map[string]string{
		"topic": topicID, "messageRetentionDuration": retention, "expirationPolicy.ttl": "",
		"retryPolicy.minimumBackoff": "10s", "retryPolicy.maximumBackoff": "600s",
	} {
		if got := str(t, sub, strings.Split(path, ".")...); got != want {
			t.Errorf("%s %s = %q, want %q", sub.Name, path, got, want)
		}
	}
	if v := prop(sub, "ackDeadlineSeconds"); !v.IsNumber() || v.NumberValue() != 60 {
		t.Errorf("%s ackDeadlineSeconds = %v, want 60", sub.Name, v)
	}
	if v := prop(sub, "enableMessageOrdering"); !v.IsBool() || v.BoolValue() != ordered {
		t.Errorf("%s enableMessageOrdering = %v, want %v", sub.Name, v, ordered)
	}
	if v := prop(sub, "retainAckedMessages"); !v.IsBool() || v.BoolValue() {
		t.Errorf("%s retainAckedMessages = %v, want false", sub.Name, v)
	}
}

// grant is one IAM member resource: who gets which role on what.
type grant struct{ role, target string }

func grantsByMember(t *testing.T, rs []enginetest.Resource) map[string][]grant {
	t.Helper()
	targetKey := map[string]string{tKeyMember: "cryptoKeyId", tTopicMember: "topic", tSubMember: "subscription"}
	out := map[string][]grant{}
	for _, r := range rs {
		if k, ok := targetKey[r.Type]; ok {
			m := str(t, r, "member")
			out[m] = append(out[m], grant{role: str(t, r, "role"), target: str(t, r, k)})
		}
	}
	for _, gs := range out {
		sortGrants(gs)
	}
	return out
}

func sortGrants(gs []grant) {
	sort.Slice(gs, func(i, j int) bool { return gs[i].role+" "+gs[i].target < gs[j].role+" "+gs[j].target })
}

func TestSecureQueue_eachDeclaredIdentityGetsExactlyItsGrants(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	keyID := outputOf(d.find(t, tKey, "payments-key"), "id")
	topicID := outputOf(d.find(t, tTopic, "payments-topic"), "id")
	subID := outputOf(d.find(t, tSubscription, "payments-subscription"), "id")
	dlqSubID := outputOf(d.find(t, tSubscription, "payments-dlq-subscription"), "id")
	want := map[string][]grant{
		components.RoleProducer: {{gcp.RoleKeyEncrypter, keyID}, {gcp.RolePublisher, topicID}},
		components.RoleConsumer: {{gcp.RoleKeyDecrypter, keyID}, {gcp.RoleSubscriber, subID}, {gcp.RoleSubscriber, dlqSubID}},
	}
	for _, gs := range want {
		sortGrants(gs)
	}
	grants := grantsByMember(t, d.rs)
	declared := map[string]bool{}
	emails := map[string]map[string]any{components.RoleProducer: {}, components.RoleConsumer: {}}
	for _, acct := range enginetest.ByType(d.rs, tAccount) {
		decl, err := gcp.ParseIdentityDeclaration(str(t, acct, "description"))
		if err != nil {
			t.Errorf("account %q: %v", acct.Name, err)
			continue
		}
		if decl.Queue != "payments" {
			t.Errorf("account %q declared for queue %q", acct.Name, decl.Queue)
		}
		declared[components.IdentityKey(decl.Role, decl.Name)] = true
		if got := str(t, acct, "project"); got != gcp.OfflineProject {
			t.Errorf("account %q in project %q", acct.Name, got)
		}
		if id := str(t, acct, "accountId"); !serviceAccountIDRule.MatchString(id) {
			t.Errorf("account %q ID %q is not a valid service account ID", acct.Name, id)
		}
		member := outputOf(acct, "member")
		if got := grants[member]; !slices.Equal(got, want[decl.Role]) {
			t.Errorf("%s %s holds %v, want exactly %v", decl.Role, decl.Name, got, want[decl.Role])
		}
		emails[decl.Role][decl.Name] = outputOf(acct, "email")
	}
	wantDeclared := map[string]bool{"producer/checkout": true, "producer/pos": true, "consumer/settlement": true}
	if fmt.Sprint(declared) != fmt.Sprint(wantDeclared) {
		t.Errorf("declared identities = %v, want %v", declared, wantDeclared)
	}
	if fmt.Sprint(d.outputs["producerServiceAccounts"]) != fmt.Sprint(emails[components.RoleProducer]) ||
		fmt.Sprint(d.outputs["consumerServiceAccounts"]) != fmt.Sprint(emails[components.RoleConsumer]) {
		t.Errorf("service account outputs = %v / %v, want %v / %v", d.outputs["producerServiceAccounts"],
			d.outputs["consumerServiceAccounts"], emails[components.RoleProducer], emails[components.RoleConsumer])
	}
}

func TestSecureQueue_auditTrailKeptForTheSpecRetention(t *testing.T) {
	for _, lock := range []bool{false, true} {
		t.Run(fmt.Sprintf("lock=%v", lock), func(t *testing.T) {
			args := queueArgs()
			args.LockLogBucket = lock
			d := mustDeploy(t, false, controlsArgs(), args)
			bucket := d.find(t, tBucket, "payments-audit-bucket")
			if v := prop(bucket, "retentionDays"); !v.IsNumber() || int(v.NumberValue()) != 400 {
				t.Errorf("bucket retentionDays = %v, want the spec's 400", v)
			}
			if v := prop(bucket, "locked"); !v.IsBool() || v.BoolValue() != lock {
				t.Errorf("bucket locked = %v, want %v", v, lock)
			}
			sink := d.find(t, tSink, "payments-audit-sink")
			wantDest := fmt.Sprintf("logging.googleapis.com/projects/%s/locations/%s/buckets/%s", gcp.OfflineProject, testRegion, str(t, bucket, "bucketId"))
			if got := str(t, sink, "destination"); got != wantDest {
				t.Errorf("sink destination = %q, want %q", got, wantDest)
			}
			filter := str(t, sink, "filter")
			for _, must := range []string{
				`logName:"cloudaudit.googleapis.com"`,
				outputOf(d.find(t, tTopic, "payments-topic"), "id"), outputOf(d.find(t, tTopic, "payments-dlq-topic"), "id"),
				outputOf(d.find(t, tSubscription, "payments-subscription"), "id"),
				outputOf(d.find(t, tSubscription, "payments-dlq-subscription"), "id"),
				outputOf(d.find(t, tKey, "payments-key"), "id"),
			} {
				if !strings.Contains(filter, `"`+must+`"`) && !strings.Contains(filter, must) {
					t.Errorf("sink filter does not select %s: %s", must, filter)
				}
			}
			for _, cfg := range enginetest.ByType(d.rs, tAuditConfig) {
				if !slices.Contains(sink.Dependencies, cfg.URN) {
					t.Errorf("sink does not wait for audit config %q", cfg.Name)
				}
			}
			if got := d.outputs["logBucketId"]; got != outputOf(bucket, "id") {
				t.Errorf("output logBucketId = %v", got)
			}
		})
	}
}

func TestSecureQueue_alertsOnDeadLetters(t *testing.T) {
	args := queueArgs()
	args.NotificationChannels = []string{"projects/pciqueue-dev/notificationChannels/42"}
	d := mustDeploy(t, false, controlsArgs(), args)
	alert := d.find(t, tAlert, "payments-dlq-alert")
	dlqSubName := str(t, d.find(t, tSubscription, "payments-dlq-subscription"), "name")
	filter := str(t, alert, "conditions", "0", "conditionThreshold", "filter")
	if !strings.Contains(filter, `subscription_id = "`+dlqSubName+`"`) || !strings.Contains(filter, gcp.DeadLetterMetric) {
		t.Errorf("alert filter %q does not watch %s on %s", filter, gcp.DeadLetterMetric, dlqSubName)
	}
	comparison := str(t, alert, "conditions", "0", "conditionThreshold", "comparison")
	threshold := prop(alert, "conditions", "0", "conditionThreshold", "thresholdValue")
	if comparison != "COMPARISON_GT" || !threshold.IsNumber() || threshold.NumberValue() != 0 {
		t.Errorf("alert fires on %s %v, want more than 0 messages", comparison, threshold)
	}
	if got := stringList(t, alert, "notificationChannels"); !slices.Equal(got, args.NotificationChannels) {
		t.Errorf("notification channels = %v", got)
	}
}

func TestSecureQueue_labelsOnEveryLabelledChild(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	labelKey := map[string]string{tKey: "labels", tTopic: "labels", tSubscription: "labels", tAlert: "userLabels"}
	want := map[string]string{components.TagPCIScope: components.ScopeCDE, components.TagDataClassification: components.ClassCardholderData, "team": "payments"}
	seen := map[string]int{}
	for _, r := range d.rs {
		k, ok := labelKey[r.Type]
		if !ok {
			continue
		}
		seen[r.Type]++
		for lk, lv := range want {
			if got := prop(r, k, lk); !got.IsString() || got.StringValue() != lv {
				t.Errorf("%s %q label %s = %v, want %q", r.Type, r.Name, lk, got, lv)
			}
		}
	}
	if len(seen) != len(labelKey) {
		t.Errorf("labelled types seen = %v, want every one of %v", seen, labelKey)
	}
}

func TestSecureQueue_everyChildParentedAndInTheControlsProject(t *testing.T) {
	d := mustDeploy(t, false, controlsArgs(), queueArgs())
	var queueURN, controlsURN string
	for _, r := range d.rs {
		switch r.Type {
		case gcp.SecureQueueType:
			queueURN = r.URN
		case gcp.ProjectControlsType:
			controlsURN = r.URN
		}
	}
	projectLevel := map[string]bool{tAuditConfig: true, tOrgPolicy: true, tServiceAgent: true, tPerimeter: true}
	for _, r := range d.rs {
		if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		want := queueURN
		if projectLevel[r.Type] {
			want = controlsURN
		}
		if r.Parent != want {
			t.Errorf("%s %q parent = %q, want %q", r.Type, r.Name, r.Parent, want)
		}
		if r.Provider == "" {
			t.Errorf("%s %q has no explicit provider", r.Type, r.Name)
		}
		if v := prop(r, "project"); !v.IsNull() && (!v.IsString() || v.StringValue() != gcp.OfflineProject) {
			t.Errorf("%s %q project = %v, want the controls' project %q", r.Type, r.Name, v, gcp.OfflineProject)
		}
	}
}

func TestSecureQueue_bringYourOwnKey(t *testing.T) {
	const byok = "projects/pciqueue-keys/locations/europe-west1/keyRings/payments/cryptoKeys/queue"
	args := queueArgs()
	args.KeyName = byok
	for _, dryRun := range []bool{false, true} {
		d := mustDeploy(t, dryRun, controlsArgs(), args)
		if n := len(enginetest.ByType(d.rs, tKey)) + len(enginetest.ByType(d.rs, tKeyRing)); n != 0 {
			t.Errorf("dryRun=%v: %d key resources created for a brought key", dryRun, n)
		}
		for _, name := range []string{"payments-topic", "payments-dlq-topic"} {
			if got := str(t, d.find(t, tTopic, name), "kmsKeyName"); got != byok {
				t.Errorf("dryRun=%v: %s kmsKeyName = %q, want the brought key", dryRun, name, got)
			}
		}
		for _, g := range enginetest.ByType(d.rs, tKeyMember) {
			if got := str(t, g, "cryptoKeyId"); got != byok {
				t.Errorf("dryRun=%v: %s granted on %q, want the brought key only", dryRun, g.Name, got)
			}
		}
	}
}

// A preview registers the same resources; values that depend on other resources stay unknown and are
// recorded as unknown, never dropped or replaced by a guess.
func TestSecureQueue_preview(t *testing.T) {
	preview := mustDeploy(t, true, controlsArgs(), queueArgs())
	up := mustDeploy(t, false, controlsArgs(), queueArgs())
	if got, want := enginetest.Types(preview.rs), enginetest.Types(up.rs); !slices.Equal(got, want) {
		t.Fatalf("preview registers\n%s\nupdate registers\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, name := range []string{"payments-topic", "payments-dlq-topic"} {
		if v := prop(preview.find(t, tTopic, name), "kmsKeyName"); !unknown(v) {
			t.Errorf("preview %s kmsKeyName = %v, want unknown until the key exists", name, v)
		}
	}
	sub := preview.find(t, tSubscription, "payments-subscription")
	if v := prop(sub, "deadLetterPolicy", "deadLetterTopic"); !unknown(v) {
		t.Errorf("preview dead-letter topic = %v, want unknown", v)
	}
	if v := prop(sub, "deadLetterPolicy", "maxDeliveryAttempts"); !v.IsNumber() || v.NumberValue() != 5 {
		t.Errorf("preview maxDeliveryAttempts = %v, want 5", v)
	}
	if v := prop(preview.find(t, tSink, "payments-audit-sink"), "filter"); !unknown(v) {
		t.Errorf("preview sink filter = %v, want unknown until the key exists", v)
	}
	// The project comes from a provider function, which a preview answers: grants to the service agent and
	// the sink's destination can be verified before anything exists.
	if got := str(t, preview.find(t, tKeyMember, "payments-pubsub-agent-key"), "member"); got != pubsubAgent {
		t.Errorf("preview service agent member = %q", got)
	}
	if got := str(t, preview.find(t, tSink, "payments-audit-sink"), "destination"); !strings.Contains(got, gcp.OfflineProject) {
		t.Errorf("preview sink destination = %q", got)
	}
}

func TestSecureQueue_invalidArgsRegisterNothing(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*gcp.SecureQueueArgs)
		field string
		want  string
	}{
		{"key version instead of key", func(a *gcp.SecureQueueArgs) {
			a.KeyName = "projects/p-keys1/locations/europe-west1/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1"
		}, "gcp.keyName", "not a key version"},
		{"key alias", func(a *gcp.SecureQueueArgs) { a.KeyName = "payments-key" }, "gcp.keyName", "projects/<project>"},
		{"external protection", func(a *gcp.SecureQueueArgs) { a.ProtectionLevel = "EXTERNAL" }, "gcp.protectionLevel", "out of pciqueue's custody"},
		{"protection with brought key", func(a *gcp.SecureQueueArgs) {
			a.KeyName = "projects/p-keys1/locations/europe-west1/keyRings/r/cryptoKeys/k"
			a.ProtectionLevel = gcp.ProtectionHSM
		}, "gcp.protectionLevel", "brought key"},
		{"no region", func(a *gcp.SecureQueueArgs) { a.Region = "" }, "gcp.region", "europe-west1"},
		{"zone as region", func(a *gcp.SecureQueueArgs) { a.Region = "europe-west1-b" }, "gcp.region", "region"},
		{"allowed region typo", func(a *gcp.SecureQueueArgs) { a.AllowedRegions = []string{testRegion, "EU"} }, "gcp.allowedRegions[1]", "region"},
		{"allowed regions without the key's", func(a *gcp.SecureQueueArgs) { a.AllowedRegions = []string{"europe-west4"} }, "gcp.allowedRegions", "includes the region"},
		{"bad notification channel", func(a *gcp.SecureQueueArgs) { a.NotificationChannels = []string{"mailto:ops@example.com"} }, "gcp.notificationChannels[0]", "notificationChannels/<id>"},
		{"Pub/Sub max deliveries", func(a *gcp.SecureQueueArgs) { a.Spec.MaxDeliveries = 3 }, "maxDeliveries", "5–100 on gcp"},
		{"Pub/Sub retention", func(a *gcp.SecureQueueArgs) { a.Spec.MessageRetention = 10 * day }, "messageRetention", "on gcp"},
		{"upper-case label", func(a *gcp.SecureQueueArgs) { a.Spec.Tags = map[string]string{"Team": "x"} }, "tags.Team", "lower-case"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := queueArgs()
			tc.edit(&args)
			if err := args.Validate(); err == nil {
				t.Fatal("Validate accepted the args")
			}
			d, err := deploy(t, false, controlsArgs(), args)
			if err == nil {
				t.Fatal("NewSecureQueue accepted the args")
			}
			var fe *components.FieldError
			if !asFieldError(err, &fe, tc.field) {
				t.Fatalf("error %q has no field error for %s", err, tc.field)
			}
			if !strings.Contains(fe.Allowed, tc.want) {
				t.Errorf("%s: allowed = %q, want it to mention %q", tc.field, fe.Allowed, tc.want)
			}
			for _, r := range d.rs {
				if r.Type == gcp.SecureQueueType || strings.HasPrefix(r.Name, "payments") {
					t.Errorf("registered %s %q although the args are invalid", r.Type, r.Name)
				}
			}
		})
	}
}

func TestSecureQueue_requiresProjectControls(t *testing.T) {
	args := queueArgs()
	if err := args.Validate(); err != nil {
		t.Fatalf("Validate, which a program runs before creating the controls, = %v", err)
	}
	eng := enginetest.New("pciqueue", "test", false)
	err := eng.Run(func(ctx *pulumi.Context) error {
		_, err := gcp.NewSecureQueue(ctx, "payments", &args)
		return err
	}, nil)
	var fe *components.FieldError
	if !asFieldError(err, &fe, "gcp.controls") {
		t.Fatalf("NewSecureQueue without controls = %v, want a gcp.controls field error", err)
	}
	if rs := eng.Resources(); len(rs) != 0 {
		t.Errorf("registered %v without controls", enginetest.Types(rs))
	}
}

func asFieldError(err error, out **components.FieldError, field string) bool {
	for _, e := range flatten(err) {
		if fe, ok := e.(*components.FieldError); ok && fe.Field == field {
			*out = fe
			return true
		}
	}
	return false
}

func flatten(err error) []error {
	switch e := err.(type) {
	case nil:
		return nil
	case interface{ Unwrap() []error }:
		var out []error
		for _, x := range e.Unwrap() {
			out = append(out, flatten(x)...)
		}
		return out
	case interface{ Unwrap() error }:
		return append([]error{err}, flatten(e.Unwrap())...)
	}
	return []error{err}
}
