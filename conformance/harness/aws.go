package harness

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	awsq "github.com/pciqueue/pciqueue/components/aws"
	"github.com/pciqueue/pciqueue/conformance/queuetest"
	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/internal/iamdoc"
)

// AWS is the harness of the AWS SecureQueue.
type AWS struct{}

func init() { queuetest.Register(AWS{}) }

// BroughtKeyArn is the key an AWS bring-your-own-key case uses.
const BroughtKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

func (AWS) Cloud() components.Cloud { return awsq.Cloud }

func (AWS) KnownGaps() map[string]string { return nil }

func (AWS) BroughtKey() string { return BroughtKeyArn }

// AWSArgs maps a case onto the AWS component's arguments.
func AWSArgs(c queuetest.Case) *awsq.SecureQueueArgs {
	args := &awsq.SecureQueueArgs{Spec: c.Spec}
	if c.BringYourOwnKey {
		args.KeyArn = BroughtKeyArn
	}
	if c.Private {
		args.VpcEndpointID = "vpce-0123456789abcdef0"
	}
	return args
}

func (AWS) Deploy(c queuetest.Case) ([]enginetest.Resource, error) {
	eng := enginetest.New("pciqueue", "conformance", false)
	err := eng.Run(func(ctx *pulumi.Context) error {
		q, err := awsq.NewSecureQueue(ctx, c.Spec.Name, AWSArgs(c))
		if err != nil {
			return err
		}
		_, err = awsq.NewAuditControls(ctx, "audit", &awsq.AuditControlsArgs{Queues: []*awsq.SecureQueue{q}})
		return err
	}, nil)
	return eng.Resources(), err
}

// awsStatements decodes a policy document in every shape IAM accepts (Action and Resource as a string or a
// list); a document that does not parse grants and denies nothing.
func awsStatements(doc string) []iamdoc.Statement {
	d, err := iamdoc.ParseJSON(doc)
	if err != nil {
		return nil
	}
	return d.Statements
}

var awsTaggable = map[string]bool{
	"aws:sqs/queue:Queue": true, "aws:kms/key:Key": true, "aws:iam/role:Role": true,
	"aws:cloudwatch/logGroup:LogGroup": true, "aws:cloudtrail/trail:Trail": true,
	"aws:s3/bucketV2:BucketV2": true, "aws:cloudwatch/metricAlarm:MetricAlarm": true,
}

func (AWS) Derive(c queuetest.Case, rs []enginetest.Resource) (components.Guarantees, error) {
	name := c.Spec.Name
	var g components.Guarantees
	queue, ok := enginetest.Find(rs, "aws:sqs/queue:Queue", name+"-queue")
	dlq, ok2 := enginetest.Find(rs, "aws:sqs/queue:Queue", name+"-dlq")
	if !ok || !ok2 {
		return g, fmt.Errorf("queue %q or its dead-letter queue was not registered", name)
	}
	queueArn, dlqArn := output(queue, "arn"), output(dlq, "arn")

	keys := map[string]enginetest.Resource{}
	for _, k := range enginetest.ByType(rs, "aws:kms/key:Key") {
		keys[output(k, "arn")] = k
	}
	isCMK := func(q enginetest.Resource) bool {
		id := str(q, "kmsMasterKeyId")
		if _, inStack := keys[id]; inStack {
			return !boolean(q, "sqsManagedSseEnabled")
		}
		return strings.Contains(id, ":key/") && !boolean(q, "sqsManagedSseEnabled")
	}
	g.QueueCMK, g.DeadLetterCMK = isCMK(queue), isCMK(dlq)
	g.SameKey = str(queue, "kmsMasterKeyId") != "" && str(queue, "kmsMasterKeyId") == str(dlq, "kmsMasterKeyId")
	if key, inStack := keys[str(queue, "kmsMasterKeyId")]; inStack {
		if boolean(key, "enableKeyRotation") {
			g.KeyRotationDays = int(num(key, "rotationPeriodInDays"))
		}
		g.KeyDeletionGuarded = num(key, "deletionWindowInDays") == awsq.KeyDeletionWindowDays
		g.KeyProtectedInPulumi = key.Protect
	}

	policies := map[string][]iamdoc.Statement{}
	for _, p := range enginetest.ByType(rs, "aws:sqs/queuePolicy:QueuePolicy") {
		policies[str(p, "queueUrl")] = awsStatements(str(p, "policy"))
	}
	denies := func(q enginetest.Resource, pred func(iamdoc.Statement) bool) bool {
		return slices.ContainsFunc(policies[output(q, "url")], func(s iamdoc.Statement) bool { return s.Effect == "Deny" && pred(s) })
	}
	tls := func(s iamdoc.Statement) bool {
		return slices.Contains(s.Action, "sqs:*") && slices.Equal(s.Condition["Bool"]["aws:SecureTransport"], []string{"false"})
	}
	// SQS endpoints accept TLS 1.2 and later only; the queue policy makes TLS itself mandatory.
	if denies(queue, tls) && denies(dlq, tls) {
		g.MinTLSVersion = "1.2"
	}
	private := func(s iamdoc.Statement) bool { return s.Condition["StringNotEquals"]["aws:SourceVpce"] != nil }
	g.PrivateNetworkOnly = denies(queue, private) && denies(dlq, private)
	g.SharedKeysDisabled = len(enginetest.ByType(rs, "aws:iam/user:User"))+len(enginetest.ByType(rs, "aws:iam/accessKey:AccessKey")) == 0

	roles := map[string]enginetest.Resource{}
	for _, r := range enginetest.ByType(rs, "aws:iam/role:Role") {
		roles[output(r, "id")] = r
		roles[r.Name] = r
	}
	g.Identities = map[string][]components.Capability{}
	g.GrantsScopedToQueue = true
	allowedQueues := []string{queueArn, dlqArn}
	for _, rp := range enginetest.ByType(rs, "aws:iam/rolePolicy:RolePolicy") {
		role, ok := roles[strings.TrimSuffix(rp.Name, "-policy")]
		if !ok {
			return g, fmt.Errorf("role policy %q belongs to no recorded role", rp.Name)
		}
		t := tags(role, "tags")
		if t[components.TagQueue] != name {
			continue
		}
		kind := t[components.TagRole]
		id := strings.TrimPrefix(role.Name, name+"-"+kind+"-")
		var caps []components.Capability
		for _, s := range awsStatements(str(rp, "policy")) {
			if s.Effect != "Allow" {
				continue
			}
			for _, res := range s.Resource {
				if res != str(queue, "kmsMasterKeyId") && !slices.Contains(allowedQueues, res) {
					g.GrantsScopedToQueue = false
				}
			}
			if slices.Contains(s.Action, "sqs:SendMessage") && slices.Contains(s.Resource, queueArn) {
				caps = append(caps, components.CapSend)
			}
			if slices.Contains(s.Action, "sqs:ReceiveMessage") && slices.Contains(s.Resource, queueArn) {
				caps = append(caps, components.CapReceive)
			}
			if slices.ContainsFunc(s.Action, func(a string) bool { return strings.HasSuffix(a, "*") }) {
				g.GrantsScopedToQueue = false
			}
		}
		g.Identities[components.IdentityKey(kind, id)] = caps
	}

	var redrive struct {
		DeadLetterTargetArn string
		MaxReceiveCount     int
	}
	if err := jsonString(str(queue, "redrivePolicy"), &redrive); err == nil && redrive.DeadLetterTargetArn == dlqArn {
		g.MaxDeliveries = redrive.MaxReceiveCount
		g.DeadLetterKept = num(dlq, "messageRetentionSeconds") >= num(queue, "messageRetentionSeconds")
	}
	g.MessageRetentionSecs = int64(num(queue, "messageRetentionSeconds"))
	g.VisibilityTimeoutSecs = int64(num(queue, "visibilityTimeoutSeconds"))
	g.Ordered = boolean(queue, "fifoQueue") && boolean(dlq, "fifoQueue")

	for _, trail := range enginetest.ByType(rs, "aws:cloudtrail/trail:Trail") {
		if !boolean(trail, "enableLogFileValidation") {
			continue
		}
		sel, _ := prop(trail, "advancedEventSelectors")
		if sel.IsArray() && strings.Contains(fmt.Sprint(sel), "AWS::SQS::Queue") && strings.Contains(fmt.Sprint(sel), queueArn) {
			g.AuditDataAccess = true
		}
	}
	for _, lg := range enginetest.ByType(rs, "aws:cloudwatch/logGroup:LogGroup") {
		if str(lg, "kmsKeyId") != "" {
			g.AuditRetentionDays = int(num(lg, "retentionInDays"))
		}
	}
	g.ScopeMarked, g.Scope, g.DataClassification = scopeMarked(rs, "tags", awsTaggable)
	return g, nil
}
