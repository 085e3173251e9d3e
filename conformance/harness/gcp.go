package harness

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	gcpq "github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/conformance/queuetest"
	"github.com/pciqueue/pciqueue/internal/cloudid"
	"github.com/pciqueue/pciqueue/internal/duration"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// GCP is the harness of the Google Cloud SecureQueue, deployed with the ProjectControls of its project.
type GCP struct{}

func init() { queuetest.Register(GCP{}) }

// The offline world a Google Cloud case is deployed into.
const (
	GCPRegion       = "europe-west1"
	GCPAccessPolicy = "accessPolicies/123456789"
	GCPAccessLevel  = GCPAccessPolicy + "/accessLevels/pciqueue_deployers"
	// GCPControlsName is the logical name of the project controls, as the stack program names them, so that
	// the mutations written against a stack apply to a harness deployment too.
	GCPControlsName = "project"
	// GCPBroughtKeyName is the key a Google Cloud bring-your-own-key case uses, in a separate key project.
	GCPBroughtKeyName = "projects/pciqueue-keys/locations/europe-west1/keyRings/pciqueue/cryptoKeys/queues"
)

// Type tokens of the Google Cloud resources the derivation reads.
const (
	gcpCryptoKey       = "gcp:kms/cryptoKey:CryptoKey"
	gcpTopic           = "gcp:pubsub/topic:Topic"
	gcpSubscription    = "gcp:pubsub/subscription:Subscription"
	gcpAccount         = "gcp:serviceaccount/account:Account"
	gcpAccountKey      = "gcp:serviceaccount/key:Key"
	gcpServiceIdentity = "gcp:projects/serviceIdentity:ServiceIdentity"
	gcpAuditConfig     = "gcp:projects/iAMAuditConfig:IAMAuditConfig"
	gcpOrgPolicy       = "gcp:projects/organizationPolicy:OrganizationPolicy"
	gcpOrgPolicyV2     = "gcp:orgpolicy/policy:Policy"
	gcpPerimeter       = "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter"
	gcpPerimeterMember = "gcp:accesscontextmanager/servicePerimeterResource:ServicePerimeterResource"
	gcpLogBucket       = "gcp:logging/projectBucketConfig:ProjectBucketConfig"
	gcpLogSink         = "gcp:logging/projectSink:ProjectSink"
	gcpAlertPolicy     = "gcp:monitoring/alertPolicy:AlertPolicy"
)

// gcpRestrictTLSConstraint is the organization policy constraint that makes Google's API front ends refuse
// TLS versions; without it they still accept TLS 1.0 and 1.1 for the Pub/Sub and Cloud KMS APIs.
const gcpRestrictTLSConstraint = "gcp.restrictTLSVersion"

// gcpLegacyTLS are the values of gcpRestrictTLSConstraint that must be denied for TLS 1.2 to be the minimum.
var gcpLegacyTLS = []string{"TLS_VERSION_1", "TLS_VERSION_1_1"}

func (GCP) Cloud() components.Cloud { return gcpq.Cloud }

func (GCP) BroughtKey() string { return GCPBroughtKeyName }

func (GCP) KnownGaps() map[string]string {
	return map[string]string{
		"PrivateNetworkOnly": "Google Cloud is stricter: the queue's project is always inside an enforced VPC Service " +
			"Controls perimeter restricting Pub/Sub and Cloud KMS (the contract's network boundary on this cloud, and " +
			"what the policy pack requires), so a case that does not ask for the private boundary still gets it; a " +
			"dry-run perimeter would block nothing and is used only for a first rollout",
	}
}

// GCPArgs maps a case onto the arguments of the project controls and of the queue. The perimeter is enforced
// in every case: see KnownGaps.
func GCPArgs(c queuetest.Case) (*gcpq.ProjectControlsArgs, *gcpq.SecureQueueArgs) {
	controls := &gcpq.ProjectControlsArgs{
		AccessPolicy: GCPAccessPolicy,
		AccessLevels: []string{GCPAccessLevel},
	}
	queue := &gcpq.SecureQueueArgs{Spec: c.Spec, Region: GCPRegion}
	if c.BringYourOwnKey {
		queue.KeyName = GCPBroughtKeyName
	}
	return controls, queue
}

func (GCP) Deploy(c queuetest.Case) ([]enginetest.Resource, error) {
	eng := enginetest.New("pciqueue", "conformance", false)
	controlsArgs, queueArgs := GCPArgs(c)
	err := eng.Run(func(ctx *pulumi.Context) error {
		controls, err := gcpq.NewProjectControls(ctx, GCPControlsName, controlsArgs)
		if err != nil {
			return err
		}
		queueArgs.Controls = controls
		_, err = gcpq.NewSecureQueue(ctx, c.Spec.Name, queueArgs)
		return err
	}, nil)
	return eng.Resources(), err
}

// gcpGrant is one role granted to one member on one target, from any IAM member, binding or policy resource.
type gcpGrant struct {
	typ, role, target, member string
}

// gcpGrants flattens every IAM member, binding and policy resource into single grants. The target is the
// topic, subscription or key for the resource-level types the component uses; a project-level grant
// targets "projects/<project>"; any other type keeps its type as the target, which no check allows.
func gcpGrants(rs []enginetest.Resource) []gcpGrant {
	var out []gcpGrant
	for _, r := range rs {
		token := r.Type[strings.LastIndex(r.Type, ":")+1:]
		target := r.Type
		for _, k := range []string{"cryptoKeyId", "topic", "subscription"} {
			if v := str(r, k); v != "" {
				target = v
			}
		}
		if strings.HasPrefix(r.Type, "gcp:projects/") {
			target = "projects/" + str(r, "project")
		}
		switch {
		case strings.HasSuffix(token, "IAMMember"):
			out = append(out, gcpGrant{r.Type, str(r, "role"), target, str(r, "member")})
		case strings.HasSuffix(token, "IAMBinding"):
			for _, m := range strList(r, "members") {
				out = append(out, gcpGrant{r.Type, str(r, "role"), target, m})
			}
		case strings.HasSuffix(token, "IAMPolicy"):
			var doc struct {
				Bindings []struct {
					Role    string
					Members []string
				}
			}
			if json.Unmarshal([]byte(str(r, "policyData")), &doc) == nil {
				for _, b := range doc.Bindings {
					for _, m := range b.Members {
						out = append(out, gcpGrant{r.Type, b.Role, target, m})
					}
				}
			}
		}
	}
	return out
}

// Roles that carry a data-plane capability on a Pub/Sub topic or subscription, wherever they are granted.
var (
	gcpPublishRoles   = []string{gcpq.RolePublisher, "roles/pubsub.editor", "roles/pubsub.admin", "roles/editor", "roles/owner"}
	gcpSubscribeRoles = []string{gcpq.RoleSubscriber, "roles/pubsub.editor", "roles/pubsub.admin", "roles/editor", "roles/owner"}
)

var gcpServiceAgent = regexp.MustCompile(`^service-([0-9]+)@gcp-sa-pubsub\.iam\.gserviceaccount\.com$`)

func (GCP) Derive(c queuetest.Case, rs []enginetest.Resource) (components.Guarantees, error) {
	name := c.Spec.Name
	var g components.Guarantees
	topic, ok := enginetest.Find(rs, gcpTopic, name+"-topic")
	dlqTopic, ok2 := enginetest.Find(rs, gcpTopic, name+"-dlq-topic")
	sub, ok3 := enginetest.Find(rs, gcpSubscription, name+"-subscription")
	if !ok || !ok2 || !ok3 {
		return g, fmt.Errorf("queue %q: its topic, dead-letter topic or subscription was not registered", name)
	}
	project := str(topic, "project")
	topicID, dlqTopicID, subID := output(topic, "id"), output(dlqTopic, "id"), output(sub, "id")
	projectResource := "projects/" + project
	grants := gcpGrants(rs)
	holds := func(member, role, target string) bool {
		return slices.ContainsFunc(grants, func(gr gcpGrant) bool {
			return gr.member == member && gr.role == role && gr.target == target
		})
	}

	// The Pub/Sub service agent of the queue's project, and the project number its address carries: the
	// perimeter names the project by number.
	var agent, projectNumber string
	for _, si := range enginetest.ByType(rs, gcpServiceIdentity) {
		if str(si, "project") != project || str(si, "service") != gcpq.PubSubService {
			continue
		}
		if m := gcpServiceAgent.FindStringSubmatch(output(si, "email")); m != nil {
			agent, projectNumber = output(si, "member"), m[1]
		}
	}

	// PCI DSS 3.5.1: both topics name a Cloud KMS key, the same one, which Pub/Sub's service agent may use.
	keys := map[string]enginetest.Resource{}
	for _, k := range enginetest.ByType(rs, gcpCryptoKey) {
		keys[output(k, "id")] = k
	}
	// The queue's key is the one its topics name; either topic losing it is judged by QueueCMK or
	// DeadLetterCMK and SameKey, not by forgetting the key's own properties.
	keyName := str(topic, "kmsKeyName")
	if keyName == "" {
		keyName = str(dlqTopic, "kmsKeyName")
	}
	isCMK := func(t enginetest.Resource) bool {
		k := str(t, "kmsKeyName")
		_, inStack := keys[k]
		return (inStack || cloudid.CryptoKey.Matches(k)) && agent != "" && holds(agent, gcpq.RoleKeyEncrypterDecrypter, k)
	}
	g.QueueCMK, g.DeadLetterCMK = isCMK(topic), isCMK(dlqTopic)
	g.SameKey = str(topic, "kmsKeyName") != "" && str(topic, "kmsKeyName") == str(dlqTopic, "kmsKeyName")
	if key, inStack := keys[keyName]; inStack {
		if secs, ok := gcpSeconds(str(key, "rotationPeriod")); ok {
			g.KeyRotationDays = int(secs / (24 * 60 * 60))
		}
		secs, ok := gcpSeconds(str(key, "destroyScheduledDuration"))
		g.KeyDeletionGuarded = ok && secs >= gcpq.KeyDestroyScheduledSeconds
		g.KeyProtectedInPulumi = key.Protect
	}

	var dlqSub *enginetest.Resource
	var queueSubs []enginetest.Resource
	for _, s := range enginetest.ByType(rs, gcpSubscription) {
		switch str(s, "topic") {
		case topicID:
			queueSubs = append(queueSubs, s)
		case dlqTopicID:
			queueSubs = append(queueSubs, s)
			if dlqSub == nil {
				dlqSub = &s
			}
		}
	}

	// PCI DSS 4.2.1: Google's front ends still negotiate TLS 1.0 and 1.1 for Google Cloud APIs unless the
	// gcp.restrictTLSVersion organization policy denies them (Google Cloud, "Restrict TLS versions"), and
	// neither a perimeter nor the restricted VIP changes the TLS versions; a push subscription to an
	// http:// endpoint would leave TLS entirely.
	plainPush := slices.ContainsFunc(queueSubs, func(s enginetest.Resource) bool {
		ep := str(s, "pushConfig", "pushEndpoint")
		return ep != "" && !strings.HasPrefix(ep, "https://")
	})
	if !plainPush && gcpDeniesAll(rs, projectResource, gcpRestrictTLSConstraint, gcpLegacyTLS) {
		g.MinTLSVersion = "1.2"
	}

	// PCI DSS 8.3, 8.6: no service account key exists, and the project forbids creating one.
	g.SharedKeysDisabled = len(enginetest.ByType(rs, gcpAccountKey)) == 0 &&
		gcpEnforces(rs, projectResource, gcpq.NoServiceAccountKeysConstraint)

	// PCI DSS 1.3, 1.4: an enforced regular perimeter holds the project and restricts Pub/Sub and Cloud KMS.
	g.PrivateNetworkOnly = projectNumber != "" && gcpPerimeterRestricts(rs, "projects/"+projectNumber,
		gcpq.PubSubService, "cloudkms.googleapis.com")

	// PCI DSS 7.2: declared service accounts, what they hold on this queue, and that they hold nothing else.
	dlqSubID := ""
	if dlqSub != nil {
		dlqSubID = output(*dlqSub, "id")
	}
	allowed := map[string][]gcpGrant{
		components.RoleProducer: {{gcpTopicMember, gcpq.RolePublisher, topicID, ""}, {gcpKeyMember, gcpq.RoleKeyEncrypter, keyName, ""}},
		components.RoleConsumer: {{gcpSubMember, gcpq.RoleSubscriber, subID, ""}, {gcpSubMember, gcpq.RoleSubscriber, dlqSubID, ""},
			{gcpKeyMember, gcpq.RoleKeyDecrypter, keyName, ""}},
	}
	g.Identities = map[string][]components.Capability{}
	g.GrantsScopedToQueue = true
	var declared []string
	for _, acct := range enginetest.ByType(rs, gcpAccount) {
		decl, err := gcpq.ParseIdentityDeclaration(str(acct, "description"))
		if err != nil || decl.Queue != name {
			continue
		}
		member := output(acct, "member")
		var caps []components.Capability
		for _, gr := range grants {
			if gr.member != member {
				continue
			}
			onTopic, onSub := gr.target == topicID || gr.target == projectResource, gr.target == subID || gr.target == projectResource
			if onTopic && slices.Contains(gcpPublishRoles, gr.role) && !slices.Contains(caps, components.CapSend) {
				caps = append(caps, components.CapSend)
			}
			if onSub && slices.Contains(gcpSubscribeRoles, gr.role) && !slices.Contains(caps, components.CapReceive) {
				caps = append(caps, components.CapReceive)
			}
			if !slices.Contains(allowed[decl.Role], gcpGrant{gr.typ, gr.role, gr.target, ""}) {
				g.GrantsScopedToQueue = false
			}
		}
		g.Identities[components.IdentityKey(decl.Role, decl.Name)] = caps
		declared = append(declared, member)
	}
	// Nobody else holds anything on the queue's topics, subscriptions or key but the Pub/Sub service agent:
	// not allUsers, not an undeclared account.
	queueTargets := []string{topicID, dlqTopicID, subID, dlqSubID, keyName}
	for _, gr := range grants {
		if slices.Contains(queueTargets, gr.target) && gr.member != agent && !slices.Contains(declared, gr.member) {
			g.GrantsScopedToQueue = false
		}
	}

	// Availability and PCI DSS 10.7: after MaxDeliveries a message moves to the dead-letter topic, where a
	// subscription that never expires keeps it at least as long as the queue would have; the service agent
	// may publish there and acknowledge on the source, without which Pub/Sub cannot forward it.
	if dlqTopicID != "" && str(sub, "deadLetterPolicy", "deadLetterTopic") == dlqTopicID {
		g.MaxDeliveries = int(num(sub, "deadLetterPolicy", "maxDeliveryAttempts"))
		if dlqSub != nil {
			kept, _ := gcpSeconds(str(*dlqSub, "messageRetentionDuration"))
			queued, _ := gcpSeconds(str(sub, "messageRetentionDuration"))
			g.DeadLetterKept = kept >= queued && gcpNeverExpires(*dlqSub) && agent != "" &&
				holds(agent, gcpq.RolePublisher, dlqTopicID) && holds(agent, gcpq.RoleSubscriber, subID)
		}
	}
	retention, _ := gcpSeconds(str(sub, "messageRetentionDuration"))
	g.MessageRetentionSecs = retention
	g.VisibilityTimeoutSecs = int64(num(sub, "ackDeadlineSeconds"))
	g.Ordered = boolean(sub, "enableMessageOrdering") && dlqSub != nil && boolean(*dlqSub, "enableMessageOrdering")

	// PCI DSS 10.2, 10.3, 10.5.1: Pub/Sub writes no Data Access log for publish, pull or acknowledge, so
	// access to the messages is audited through Cloud KMS, whose every wrap and unwrap of a message's data
	// key is a Data Access entry; a sink copies the entries about the topics, subscription and key into a
	// bucket whose retention is the audit retention.
	sink, bucket, found := gcpAuditSink(rs, project, []string{topicID, dlqTopicID, subID, keyName})
	if found {
		g.AuditRetentionDays = int(num(bucket, "retentionDays"))
		g.AuditDataAccess = !boolean(sink, "disabled") && !gcpHasExclusions(sink) &&
			gcpAuditsDataAccess(rs, project, gcpq.PubSubService) && gcpAuditsDataAccess(rs, project, "cloudkms.googleapis.com")
	}

	// PCI DSS 12.5.2: every labelled resource of the queue carries the scope labels.
	children := rs
	if q, ok := enginetest.Find(rs, gcpq.SecureQueueType, name); ok {
		children = slices.DeleteFunc(slices.Clone(rs), func(r enginetest.Resource) bool { return r.Parent != q.URN })
	}
	okLabels, scope, class := scopeMarked(children, "labels", map[string]bool{gcpCryptoKey: true, gcpTopic: true, gcpSubscription: true})
	okUser, userScope, userClass := scopeMarked(children, "userLabels", map[string]bool{gcpAlertPolicy: true})
	g.ScopeMarked = okLabels && okUser && scope == userScope && class == userClass
	g.Scope, g.DataClassification = scope, class
	return g, nil
}

// Type tokens of the resource-level grants the component makes.
const (
	gcpKeyMember   = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
	gcpTopicMember = "gcp:pubsub/topicIAMMember:TopicIAMMember"
	gcpSubMember   = "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember"
)

// gcpSeconds reads a Google duration ("600s") in whole seconds, as the Pub/Sub and Cloud KMS APIs write them.
func gcpSeconds(s string) (int64, bool) {
	n, err := duration.ParseGoogle(s)
	return int64(n), err == nil
}

func strList(r enginetest.Resource, path ...string) []string {
	v, ok := prop(r, path...)
	if !ok || !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// gcpNeverExpires reports whether a subscription says explicitly that it never expires: left out, the
// expiration policy defaults to 31 days of inactivity, after which the subscription and its messages go.
func gcpNeverExpires(s enginetest.Resource) bool {
	v, ok := prop(s, "expirationPolicy", "ttl")
	return ok && v.IsString() && v.StringValue() == ""
}

// gcpOrgRule is one organization policy rule on a project, from either organization policy API.
type gcpOrgRule struct {
	enforced bool
	denied   []string
}

// gcpOrgPolicies returns the policies of one constraint on a project (parent "projects/<id>").
func gcpOrgPolicies(rs []enginetest.Resource, parent, constraint string) []gcpOrgRule {
	var out []gcpOrgRule
	for _, p := range enginetest.ByType(rs, gcpOrgPolicy) {
		if "projects/"+str(p, "project") == parent && strings.TrimPrefix(str(p, "constraint"), "constraints/") == constraint {
			out = append(out, gcpOrgRule{enforced: boolean(p, "booleanPolicy", "enforced"), denied: strList(p, "listPolicy", "deny", "values")})
		}
	}
	for _, p := range enginetest.ByType(rs, gcpOrgPolicyV2) {
		if str(p, "parent") != parent || str(p, "name") != parent+"/policies/"+constraint {
			continue
		}
		rules, _ := prop(p, "spec", "rules")
		if !rules.IsArray() {
			continue
		}
		for _, rule := range rules.ArrayValue() {
			if !rule.IsObject() {
				continue
			}
			r := enginetest.Resource{Inputs: rule.ObjectValue()}
			out = append(out, gcpOrgRule{enforced: boolean(r, "enforce"), denied: strList(r, "values", "deniedValues")})
		}
	}
	return out
}

func gcpEnforces(rs []enginetest.Resource, parent, constraint string) bool {
	return slices.ContainsFunc(gcpOrgPolicies(rs, parent, constraint), func(p gcpOrgRule) bool { return p.enforced })
}

func gcpDeniesAll(rs []enginetest.Resource, parent, constraint string, values []string) bool {
	var denied []string
	for _, p := range gcpOrgPolicies(rs, parent, constraint) {
		denied = append(denied, p.denied...)
	}
	return !slices.ContainsFunc(values, func(v string) bool { return !slices.Contains(denied, v) })
}

// gcpPerimeterRestricts reports whether an enforced regular perimeter, created in the stack, holds the
// project (in its status or through an attachment) and restricts every given service, and admits no
// caller of any identity from anywhere through an ingress rule. A dry-run spec enforces nothing; an
// attachment to a perimeter the stack does not hold evidences nothing about its restricted services.
func gcpPerimeterRestricts(rs []enginetest.Resource, projectResource string, services ...string) bool {
	attached := map[string]bool{}
	for _, m := range enginetest.ByType(rs, gcpPerimeterMember) {
		if str(m, "resource") == projectResource {
			attached[str(m, "perimeterName")] = true
		}
	}
	for _, p := range enginetest.ByType(rs, gcpPerimeter) {
		if str(p, "perimeterType") == "PERIMETER_TYPE_BRIDGE" {
			continue
		}
		holds := slices.Contains(strList(p, "status", "resources"), projectResource) || attached[str(p, "name")]
		restricted := strList(p, "status", "restrictedServices")
		if holds && !slices.ContainsFunc(services, func(s string) bool { return !slices.Contains(restricted, s) }) && !gcpOpenIngress(p) {
			return true
		}
	}
	return false
}

// gcpOpenIngress reports an ingress rule that lets any identity in from any source.
func gcpOpenIngress(p enginetest.Resource) bool {
	policies, ok := prop(p, "status", "ingressPolicies")
	if !ok || !policies.IsArray() {
		return false
	}
	for _, ip := range policies.ArrayValue() {
		if !ip.IsObject() {
			continue
		}
		r := enginetest.Resource{Inputs: ip.ObjectValue()}
		if !strings.HasPrefix(str(r, "ingressFrom", "identityType"), "ANY_") {
			continue
		}
		sources, _ := prop(r, "ingressFrom", "sources")
		if !sources.IsArray() {
			continue
		}
		for _, s := range sources.ArrayValue() {
			if s.IsObject() && str(enginetest.Resource{Inputs: s.ObjectValue()}, "accessLevel") == "*" {
				return true
			}
		}
	}
	return false
}

// gcpAuditSink finds the sink of the project whose filter selects every one of the queue's resource names,
// and the log bucket of the project it writes to.
func gcpAuditSink(rs []enginetest.Resource, project string, names []string) (sink, bucket enginetest.Resource, ok bool) {
	buckets := map[string]enginetest.Resource{}
	for _, b := range enginetest.ByType(rs, gcpLogBucket) {
		buckets["logging.googleapis.com/"+output(b, "id")] = b
	}
	for _, s := range enginetest.ByType(rs, gcpLogSink) {
		b, toBucket := buckets[str(s, "destination")]
		filter := str(s, "filter")
		if str(s, "project") != project || !toBucket || !strings.Contains(filter, "cloudaudit.googleapis.com") {
			continue
		}
		if !slices.ContainsFunc(names, func(n string) bool { return n == "" || !strings.Contains(filter, `"`+n+`"`) }) {
			return s, b, true
		}
	}
	return enginetest.Resource{}, enginetest.Resource{}, false
}

func gcpHasExclusions(sink enginetest.Resource) bool {
	v, ok := prop(sink, "exclusions")
	if !ok || !v.IsArray() {
		return false
	}
	return slices.ContainsFunc(v.ArrayValue(), func(e resource.PropertyValue) bool {
		return e.IsObject() && !boolean(enginetest.Resource{Inputs: e.ObjectValue()}, "disabled")
	})
}

// gcpAuditsDataAccess reports whether the project's audit configuration of the service (or of all
// services) turns on both Data Access log types and exempts no one from either.
func gcpAuditsDataAccess(rs []enginetest.Resource, project, service string) bool {
	on := map[string]bool{}
	for _, cfg := range enginetest.ByType(rs, gcpAuditConfig) {
		if str(cfg, "project") != project || (str(cfg, "service") != service && str(cfg, "service") != "allServices") {
			continue
		}
		logs, _ := prop(cfg, "auditLogConfigs")
		if !logs.IsArray() {
			continue
		}
		for _, l := range logs.ArrayValue() {
			if !l.IsObject() {
				continue
			}
			r := enginetest.Resource{Inputs: l.ObjectValue()}
			if len(strList(r, "exemptedMembers")) == 0 {
				on[str(r, "logType")] = true
			}
		}
	}
	return on["DATA_READ"] && on["DATA_WRITE"]
}
