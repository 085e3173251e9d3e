package aws

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/cloudid"
)

// AuditControlsType is the type token of the per-stack audit component.
const AuditControlsType = "pciqueue:aws:AuditControls"

// MaxTrailSelectorValues is CloudTrail's limit on the values of all conditions of all advanced event selectors
// of one trail; it cannot be raised.
const MaxTrailSelectorValues = 500

// AuditControlsArgs configure the audit of a stack's queues. Field names are the pciqueue:aws config keys.
type AuditControlsArgs struct {
	// Queues are every SecureQueue of the stack; the trail records the SQS data events of each queue and its
	// dead-letter queue.
	Queues []*SecureQueue
	// ExistingTrailArn references an organization trail that already records the SQS data events and the
	// management events (every KMS call) of this account; the stack then creates no trail of its own. Nil
	// creates a trail; the value may be an output of another resource.
	ExistingTrailArn pulumi.StringInput
	// OrganizationRecordsManagementEvents states that an organization trail already records the account's
	// management events, so the stack's trail records only SQS data events and no KMS call is billed twice.
	OrganizationRecordsManagementEvents bool
}

// Validate reports every problem with the settings, so a stack can check them before it creates its queues;
// NewAuditControls checks the queues as well.
func (a *AuditControlsArgs) Validate() error {
	var errs []error
	if a.ExistingTrailArn != nil {
		errs = append(errs, components.CheckString(a.ExistingTrailArn, checkTrailArn))
	}
	if a.ExistingTrailArn != nil && a.OrganizationRecordsManagementEvents {
		errs = append(errs, settingError("organizationRecordsManagementEvents", "true", "it only without existingTrailArn: with an existing trail the stack creates no trail whose management events could be recorded twice"))
	}
	return errors.Join(errs...)
}

func settingError(field, value, allowed string) error {
	return fmt.Errorf("%s = %q is not allowed: use %s", field, cardnum.Scrub(value), allowed)
}

// checkTrailArn checks existingTrailArn, now when it is known and otherwise when it resolves.
func checkTrailArn(v string) error {
	if cloudid.CloudTrailTrail.Matches(v) {
		return nil
	}
	return settingError("existingTrailArn", v, "a CloudTrail trail ARN (arn:aws:cloudtrail:<region>:<account>:trail/<name>)")
}

// validateQueues checks that every queue of the stack is given, once.
func (a *AuditControlsArgs) validateQueues() error {
	var errs []error
	if len(a.Queues) == 0 {
		errs = append(errs, errors.New("queues is empty: use every SecureQueue of the stack, so the trail records each one"))
	}
	seen := map[string]bool{}
	for i, q := range a.Queues {
		switch {
		case q == nil:
			errs = append(errs, fmt.Errorf("queues[%d] is nil: pass the *SecureQueue NewSecureQueue returned", i))
		case seen[q.spec.Name]:
			errs = append(errs, fmt.Errorf("queues[%d] = %q is not allowed: use each queue once: two queues of a stack may not share a name", i, q.spec.Name))
		default:
			seen[q.spec.Name] = true
		}
	}
	return errors.Join(errs...)
}

// AuditControls are the audit resources a stack needs once, however many queues it holds: one KMS key for
// audit records, one CloudWatch log group and one CloudTrail trail (or a reference to an organization trail).
// AWS allows five trails per region, and every trail bills the management events it records again, so a trail
// per queue would stop the sixth queue and multiply the bill.
type AuditControls struct {
	pulumi.ResourceState

	TrailArn     pulumi.StringOutput
	LogGroupName pulumi.StringOutput
	AuditKeyArn  pulumi.StringOutput
}

// NewAuditControls validates args and creates the stack's audit resources after its queues. Nothing is
// registered when args are invalid.
func NewAuditControls(ctx *pulumi.Context, name string, args *AuditControlsArgs, opts ...pulumi.ResourceOption) (*AuditControls, error) {
	if args == nil {
		return nil, fmt.Errorf("creating AuditControls %q: args are required (at least Queues)", cardnum.Scrub(name))
	}
	if err := errors.Join(args.Validate(), args.validateQueues()); err != nil {
		return nil, fmt.Errorf("creating AuditControls %q: %w", cardnum.Scrub(name), err)
	}
	names, err := auditNamesFor(ctx.Stack())
	if err != nil {
		return nil, fmt.Errorf("creating AuditControls %q: %w", cardnum.Scrub(name), err)
	}
	shared := sharedSettings(args.Queues)

	c := &AuditControls{}
	if err := ctx.RegisterComponentResource(AuditControlsType, name, c, opts...); err != nil {
		return nil, fmt.Errorf("registering AuditControls %q: %w", cardnum.Scrub(name), err)
	}
	parent := pulumi.Parent(c)
	e := lookupEnv(ctx, c)
	tags := pulumi.ToStringMap(shared.tags)

	key, err := newKey(ctx, name+"-key", names.keyAlias, fmt.Sprintf("pciqueue audit-log key of stack %s", names.stack),
		shared.rotationDays, auditKeyPolicy(e, names.logGroup, names.trail), shared.tags, shared.protect, parent)
	if err != nil {
		return nil, err
	}
	lg, err := cloudwatch.NewLogGroup(ctx, name+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(names.logGroup),
		RetentionInDays: pulumi.Int(shared.retentionDays),
		LogGroupClass:   pulumi.String("STANDARD"),
		KmsKeyId:        key.Arn,
		Tags:            tags,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating CloudWatch log group %q: %w", names.logGroup, err)
	}
	if args.ExistingTrailArn != nil {
		c.TrailArn = components.CheckedString(args.ExistingTrailArn, checkTrailArn)
	} else {
		selectors := trailSelectors(args.Queues, !args.OrganizationRecordsManagementEvents)
		trail, err := newTrail(ctx, name, e, names, shared.retentionDays, tags, lg, key.Arn, selectors, parent)
		if err != nil {
			return nil, err
		}
		c.TrailArn = trail.Arn
	}
	c.LogGroupName, c.AuditKeyArn = lg.Name, key.Arn
	if err := ctx.RegisterResourceOutputs(c, c.Outputs()); err != nil {
		return nil, fmt.Errorf("registering outputs of AuditControls %q: %w", cardnum.Scrub(name), err)
	}
	return c, nil
}

// Outputs declares the component's outputs once: it registers them and the stack program exports them.
func (c *AuditControls) Outputs() pulumi.Map {
	return pulumi.Map{"trailArn": c.TrailArn, "logGroupName": c.LogGroupName, "auditKeyArn": c.AuditKeyArn}
}

// trailSelectors records the SQS data events of every queue and dead-letter queue by exact ARN while
// CloudTrail's 500 values allow it (2 per queue plus the category and type conditions: 248 queues), and
// beyond that by the queues' longest common ARN prefix, which is derived from the ARNs and so still covers
// every one of them. Management events include every KMS call on the queues' keys.
func trailSelectors(queues []*SecureQueue, management bool) cloudtrail.TrailAdvancedEventSelectorArray {
	arns := make([]any, 0, 2*len(queues))
	for _, q := range queues {
		arns = append(arns, q.QueueArn, q.DeadLetterArn)
	}
	fixed := 2
	if management {
		fixed++
	}
	arnField := &cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs{Field: pulumi.String("resources.ARN")}
	all := pulumi.All(arns...).ApplyT(func(vs []any) []string { return toStrings(vs) }).(pulumi.StringArrayOutput)
	if len(arns)+fixed <= MaxTrailSelectorValues {
		arnField.Equals = all
	} else {
		arnField.StartsWiths = all.ApplyT(func(vs []string) []string { return []string{commonPrefix(vs)} }).(pulumi.StringArrayOutput)
	}
	selectors := cloudtrail.TrailAdvancedEventSelectorArray{
		&cloudtrail.TrailAdvancedEventSelectorArgs{
			Name: pulumi.String("SQS data events on the stack's queues and dead-letter queues"),
			FieldSelectors: cloudtrail.TrailAdvancedEventSelectorFieldSelectorArray{
				&cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs{Field: pulumi.String("eventCategory"), Equals: pulumi.ToStringArray([]string{"Data"})},
				&cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs{Field: pulumi.String("resources.type"), Equals: pulumi.ToStringArray([]string{"AWS::SQS::Queue"})},
				arnField,
			},
		},
	}
	if management {
		// KMS Encrypt, Decrypt and GenerateDataKey are management events: this selector records every use of the keys.
		selectors = append(selectors, &cloudtrail.TrailAdvancedEventSelectorArgs{
			Name: pulumi.String("Management events, including every KMS key use"),
			FieldSelectors: cloudtrail.TrailAdvancedEventSelectorFieldSelectorArray{
				&cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs{Field: pulumi.String("eventCategory"), Equals: pulumi.ToStringArray([]string{"Management"})},
			},
		})
	}
	return selectors
}

func commonPrefix(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// shared are the settings of the stack's audit derived from its queues: the strictest of each, so every queue
// is audited at least as its spec asks.
type shared struct {
	retentionDays, rotationDays int
	protect                     bool
	tags                        map[string]string
}

func sharedSettings(queues []*SecureQueue) shared {
	s := shared{tags: map[string]string{
		components.TagPCIScope: components.ScopeConnected, components.TagDataClassification: components.ClassTokenized,
	}}
	rotation := components.MaxKeyRotation
	for _, q := range queues {
		s.retentionDays = max(s.retentionDays, q.spec.LogRetentionDays)
		rotation = min(rotation, q.spec.KeyRotation)
		s.protect = s.protect || q.spec.Protected()
		if q.spec.Scope == components.ScopeCDE {
			s.tags[components.TagPCIScope] = components.ScopeCDE
		}
		if q.spec.DataClassification == components.ClassCardholderData {
			s.tags[components.TagDataClassification] = components.ClassCardholderData
		}
	}
	s.rotationDays = int(rotation / (24 * time.Hour))
	return s
}

// auditNames are the physical names of the stack's audit resources; each carries the stack, so two stacks
// in one account and region never collide.
type auditNames struct {
	stack, keyAlias, logGroup, trail, trailBucketPrefix string
}

var (
	// CloudTrail: 3–128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, no two
	// separators in a row.
	trailNamePattern = regexp.MustCompile(`^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$`)
	// S3 bucket names are lower case; a prefix leaves 26 characters for the generated suffix.
	bucketPrefixPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?-$`)
)

const maxBucketPrefixLength = 37

func auditNamesFor(stack string) (auditNames, error) {
	n := auditNames{
		stack:             stack,
		keyAlias:          fmt.Sprintf("alias/pciqueue/%s/audit", stack),
		logGroup:          fmt.Sprintf("/pciqueue/%s/audit", stack),
		trail:             fmt.Sprintf("pciqueue-%s-audit", stack),
		trailBucketPrefix: fmt.Sprintf("pciqueue-%s-", strings.ToLower(stack)),
	}
	if !trailNamePattern.MatchString(n.trail) || len(n.trail) > 128 {
		return n, fmt.Errorf("naming the CloudTrail trail: stack %q gives %q, which CloudTrail rejects: use a stack name of letters and digits with single '-', '_' or '.' between them", cardnum.Scrub(stack), cardnum.Scrub(n.trail))
	}
	if !bucketPrefixPattern.MatchString(n.trailBucketPrefix) || len(n.trailBucketPrefix) > maxBucketPrefixLength {
		return n, fmt.Errorf("naming the trail bucket: stack %q gives the prefix %q, which S3 rejects: use a stack name of at most %d letters, digits and single hyphens", cardnum.Scrub(stack), cardnum.Scrub(n.trailBucketPrefix), maxBucketPrefixLength-len("pciqueue--"))
	}
	return n, nil
}
