package aws

import (
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/internal/iamdoc"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// Role declaration tags: a role states which queues it serves and how.
const (
	// RoleTag lists the role's parts: "producer", "consumer" or
	// "producer,consumer". Keys use hyphens, not colons, so that the same
	// declaration is a valid Google Cloud label.
	RoleTag = "pciqueue-role"
	// QueueTag lists the queues the role serves, comma-separated, each by its
	// logical (Pulumi resource) name, its SQS name, or the name of the
	// component that owns it (a pciqueue SecureQueue owns its queue and its
	// dead-letter queue).
	QueueTag = "pciqueue-queue"
)

// QueueAccessDeclared forbids data-plane access to queues a role is not
// declared for.
var QueueAccessDeclared = rule.Rule{
	Name:        "pci-7.2.2-queue-access-declared",
	Requirement: "7.2.2",
	Description: "No IAM role holds data-plane access (sqs:SendMessage*, ReceiveMessage, DeleteMessage*, ChangeMessageVisibility*, PurgeQueue) to a queue in scope unless it is declared for that queue and part: tag " + RoleTag + " = producer | consumer (comma-separated for both) and " + QueueTag + " = <queue names, comma-separated: the queue's logical or SQS name, or its owning component's name>. A producer may only send (plus GetQueueUrl/GetQueueAttributes); a consumer may only receive, delete and change visibility, on its queues and their dead-letter queues. Access is read from the role's inline policies, aws.iam.RolePolicy, and aws.iam.Policy or AWS-managed SQS policies attached through RolePolicyAttachment or PolicyAttachment. Fix: tag the role with its declaration, or narrow its policy to the declared queue and actions.",
	Types:       []string{Queue, Role, RolePolicy, Policy, RolePolicyAtt, PolicyAtt},
	CheckStack:  checkQueueAccessDeclared,
}

var (
	producerActions = []string{"sqs:SendMessage", "sqs:SendMessageBatch", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"}
	consumerActions = []string{
		"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:ChangeMessageVisibility",
		"sqs:ChangeMessageVisibilityBatch", "sqs:GetQueueUrl", "sqs:GetQueueAttributes",
	}
	dataPlaneActions = []string{
		"sqs:SendMessage", "sqs:SendMessageBatch", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:DeleteMessageBatch",
		"sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:PurgeQueue",
	}
	// awsManagedSQSPolicies are the AWS-managed policies that grant SQS data
	// access on every queue.
	awsManagedSQSPolicies = map[string]string{
		"arn:aws:iam::aws:policy/AmazonSQSFullAccess": `{"Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}`,
		"arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole": `{"Statement":[{"Effect":"Allow",` +
			`"Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueAttributes"],"Resource":"*"}]}`,
	}
)

// grant is one policy document that applies to a role.
type grant struct {
	carrier rule.Resource
	path    string
	doc     iamdoc.Document
	status  props.Status
}

// declaration is what a role's tags declare.
type declaration struct {
	queues   []string
	actions  []string
	consumer bool
}

func declared(r rule.Resource) declaration {
	tags, _ := scope.Tags(r.Type, r.Properties, r.Provider.Properties)
	var d declaration
	for part := range strings.SplitSeq(tags[RoleTag], ",") {
		switch strings.TrimSpace(strings.ToLower(part)) {
		case "producer":
			d.actions = append(d.actions, producerActions...)
		case "consumer":
			d.actions = append(d.actions, consumerActions...)
			d.consumer = true
		}
	}
	for q := range strings.SplitSeq(tags[QueueTag], ",") {
		if q = strings.TrimSpace(q); q != "" {
			d.queues = append(d.queues, q)
		}
	}
	return d
}

// allows reports whether the declaration covers action on q. A consumer's
// declaration also covers the dead-letter queues of its queues (sources maps
// a dead-letter queue's URN to the queues that redrive to it).
func (d declaration) allows(q rule.Resource, action string, sources map[string][]rule.Resource) bool {
	if !slices.ContainsFunc(d.actions, func(a string) bool { return strings.EqualFold(a, action) }) {
		return false
	}
	if d.names(q) {
		return true
	}
	return d.consumer && slices.Contains(consumerActions, action) && slices.ContainsFunc(sources[q.URN], d.names)
}

func (d declaration) names(q rule.Resource) bool {
	names := queueNames(q)
	return slices.ContainsFunc(d.queues, func(n string) bool { return slices.Contains(names, n) })
}

func checkQueueAccessDeclared(s *rule.Stack, _ rule.Config) (f rule.Findings) {
	var queues []rule.Resource
	for _, q := range s.OfType(Queue) {
		if s.InScope(q) {
			queues = append(queues, q)
		}
	}
	if len(queues) == 0 {
		return f
	}
	sources := map[string][]rule.Resource{}
	for _, q := range s.OfType(Queue) {
		dlqs, _ := deadLetterQueues(s, q)
		for _, d := range dlqs {
			sources[d.URN] = append(sources[d.URN], q)
		}
	}
	grants := grantsByRole(s)
	for _, role := range s.OfType(Role) {
		d := declared(role)
		for _, g := range grants[role.URN] {
			if g.status == props.Unknown {
				f.UnverifiedAt(role.URN, g.carrier.Name+"."+g.path)
				continue
			}
			for _, st := range g.doc.Statements {
				if !slices.ContainsFunc(dataPlaneActions, st.AllowsAction) {
					continue
				}
				for _, q := range queues {
					applies, unknown := statementAppliesTo(st, q)
					if unknown {
						f.UnverifiedAt(role.URN, g.carrier.Name+"."+g.path)
						continue
					}
					if !applies {
						continue
					}
					for _, a := range dataPlaneActions {
						if st.AllowsAction(a) && !d.allows(q, a, sources) {
							f.ViolationAt(role.URN, g.path, "role %s may call %s on queue %s through %s but is not declared for it; tag the role %s and %s accordingly or remove the grant", role.Name, a, q.Name, g.carrier.Name, RoleTag, QueueTag)
						}
					}
				}
			}
		}
	}
	return f
}

// statementAppliesTo reports whether a statement's resources include queue q.
func statementAppliesTo(st iamdoc.Statement, q rule.Resource) (applies, unknown bool) {
	if st.WildcardResource() {
		return true, false
	}
	arn, ast := props.String(q.Properties, "arn")
	for _, p := range st.Resource {
		switch {
		case ast.Ok():
			if iamdoc.Match(p, arn) {
				return true, false
			}
		case slices.ContainsFunc(queueNames(q), func(n string) bool { return strings.HasSuffix(p, ":"+n) }):
			return true, false
		case strings.Contains(p, "*") && strings.Contains(p, "sqs"):
			unknown = true
		}
	}
	return false, unknown
}

// grantsByRole collects, for every role of the stack (by URN), the policy
// documents that apply to it.
func grantsByRole(s *rule.Stack) map[string][]grant {
	out := map[string][]grant{}
	add := func(role string, carrier rule.Resource, path string) {
		var f rule.Findings
		doc, st := document(carrier, path, &f)
		if st.Ok() || st == props.Unknown {
			out[role] = append(out[role], grant{carrier: carrier, path: path, doc: doc, status: st})
		}
	}
	for _, role := range s.OfType(Role) {
		list, st := props.Array(role.Properties, "inlinePolicies")
		if st == props.Unknown {
			out[role.URN] = append(out[role.URN], grant{carrier: role, path: "inlinePolicies", status: props.Unknown})
			continue
		}
		for i := range list {
			add(role.URN, role, "inlinePolicies["+itoa(i)+"].policy")
		}
	}
	for _, rp := range s.OfType(RolePolicy) {
		for _, role := range s.Refs(rp, "role", Role) {
			add(role.URN, rp, "policy")
		}
	}
	for _, att := range s.OfType(RolePolicyAtt, PolicyAtt) {
		prop := "role"
		if att.Type == PolicyAtt {
			prop = "roles"
		}
		roles := s.Refs(att, prop, Role)
		if len(roles) == 0 {
			continue
		}
		policies := s.Refs(att, "policyArn", Policy)
		var managed *iamdoc.Document
		if arn, st := props.String(att.Properties, "policyArn"); st.Ok() {
			if doc, ok := awsManagedSQSPolicies[arn]; ok {
				if parsed, err := iamdoc.ParseJSON(doc); err == nil {
					managed = &parsed
				}
			}
		}
		for _, role := range roles {
			for _, p := range policies {
				add(role.URN, p, "policy")
			}
			if managed != nil {
				out[role.URN] = append(out[role.URN], grant{carrier: att, path: "policyArn", doc: *managed, status: props.Known})
			}
		}
	}
	return out
}
