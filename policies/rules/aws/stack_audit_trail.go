package aws

import (
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/internal/iamdoc"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// QueueAuditTrail requires SQS data-plane audit into a sink that keeps a year.
var QueueAuditTrail = rule.Rule{
	Name:        "pci-10.2.1-queue-audit-trail",
	Requirement: "10.2.1",
	Description: "Every access to a queue in scope is recorded and kept a year: a CloudTrail trail of the same stack that is logging has an advanced event selector for data events (eventCategory Data) on resources.type AWS::SQS::Queue covering the queue, and delivers to an aws.cloudwatch.LogGroup of the stack whose retentionInDays is 0 (never expire) or at least 365. When the pack configuration declares trails in externalTrails (on pci-12.5.2-scope-tags), such as an organization trail of a security account, a queue no trail of the stack audits passes with a notice from pci-evidence-outside-stack that the declared trail's SQS data events and retention must be evidenced where it lives. Fix: add an advanced event selector {eventCategory: Data, resources.type: AWS::SQS::Queue} to the trail and point cloudWatchLogsGroupArn at a log group with retentionInDays 365.",
	Types:       []string{Queue, Trail, LogGroup},
	CheckStack:  checkQueueAuditTrail,
}

// trailView is what a trail says about SQS data-event audit, read once.
type trailView struct {
	urn string
	// selectors are the trail's SQS data-event selectors.
	selectors []sqsSelector
	// unknown is true when logging, selectors or sink could not be read.
	unknown bool
	// sink is true when the trail delivers to a log group kept a year.
	sink bool
	// deps are the resources the selectors depend on: a computed ARN
	// restriction that depends on a queue selects that queue.
	deps []string
}

// sqsSelector is one advanced event selector for SQS data events, with its
// resources.ARN restriction.
type sqsSelector struct {
	equals, starts []string
	// arnUnknown is true when the ARN restriction is computed.
	arnUnknown bool
}

func checkQueueAuditTrail(s *rule.Stack, _ rule.Config) (f rule.Findings) {
	var trails []trailView
	for _, t := range s.OfType(Trail) {
		if v, ok := viewTrail(s, t); ok {
			trails = append(trails, v)
		}
	}
	for _, q := range s.OfType(Queue) {
		if !s.InScope(q) {
			continue
		}
		covered, unknown := false, false
		for _, t := range trails {
			c, u := t.audits(q)
			covered, unknown = covered || c, unknown || u
		}
		external := s.External().Trails
		switch {
		case covered:
		case len(external) > 0:
			f.NoticeAt(q.URN, "", "no trail of this stack records the SQS data events of queue %s; the pack configuration declares them recorded by %s, managed outside the stack (externalTrails): evidence there that its data-event selectors cover this queue and that its logs are kept 365 days or more", q.Name, strings.Join(external, ", "))
		case unknown:
			f.UnverifiedAt(q.URN, "advancedEventSelectors")
		default:
			f.ViolationAt(q.URN, "", "no logging CloudTrail trail of this stack records SQS data events for this queue into a log group kept 365 days or more; add one, or declare the organization trail that does in externalTrails")
		}
	}
	return f
}

// viewTrail reads a trail; ok is false for a trail that is known to be
// stopped.
func viewTrail(s *rule.Stack, t rule.Resource) (trailView, bool) {
	v := trailView{urn: t.URN, deps: t.PropertyDependencies["advancedEventSelectors"]}
	on, st := props.Bool(t.Properties, "enableLogging")
	if st.Ok() && !on {
		return v, false
	}
	v.unknown = st == props.Unknown
	selectors, st := props.Array(t.Properties, "advancedEventSelectors")
	v.unknown = v.unknown || st == props.Unknown
	for i := range selectors {
		base := "advancedEventSelectors[" + itoa(i) + "].fieldSelectors"
		fields, st := props.Array(t.Properties, base)
		if st == props.Unknown {
			v.unknown = true
			continue
		}
		data, sqs := false, false
		var sel sqsSelector
		for j := range fields {
			fb := base + "[" + itoa(j) + "]"
			field, _ := props.String(t.Properties, fb+".field")
			equals, est := props.Strings(t.Properties, fb+".equals")
			starts, sst := props.Strings(t.Properties, fb+".startsWiths")
			unknown := est == props.Unknown || sst == props.Unknown
			switch field {
			case "eventCategory":
				data = slices.Contains(equals, "Data")
				v.unknown = v.unknown || unknown
			case "resources.type":
				sqs = slices.Contains(equals, "AWS::SQS::Queue")
				v.unknown = v.unknown || unknown
			case "resources.ARN":
				sel = sqsSelector{equals: equals, starts: starts, arnUnknown: unknown}
			}
		}
		if data && sqs {
			v.selectors = append(v.selectors, sel)
		}
	}
	sink, unknown := sinkKeepsAYear(s, t)
	v.sink, v.unknown = sink, v.unknown || unknown
	return v, true
}

// audits reports whether the trail records q's data events into a compliant
// sink, and whether that could not be told because a value is computed.
func (t trailView) audits(q rule.Resource) (covered, unknown bool) {
	selects := false
	for _, sel := range t.selectors {
		if sel.arnUnknown {
			if slices.Contains(t.deps, q.URN) {
				selects = true
			} else {
				unknown = true
			}
			continue
		}
		if arnSelected(q, sel.equals, sel.starts) {
			selects = true
		}
	}
	if selects && t.sink {
		return true, false
	}
	return false, unknown || t.unknown
}

// arnSelected reports whether a resources.ARN field selector admits q. A
// queue whose ARN is computed is admitted only if the selector has no ARN
// restriction at all.
func arnSelected(q rule.Resource, equals, starts []string) bool {
	if len(equals) == 0 && len(starts) == 0 {
		return true
	}
	arn, st := props.String(q.Properties, "arn")
	if !st.Ok() {
		return false
	}
	return slices.Contains(equals, arn) || slices.ContainsFunc(starts, func(p string) bool { return strings.HasPrefix(arn, p) }) ||
		slices.ContainsFunc(equals, func(p string) bool { return strings.Contains(p, "*") && iamdoc.Match(p, arn) })
}

func sinkKeepsAYear(s *rule.Stack, t rule.Resource) (bool, bool) {
	groups := s.Refs(t, "cloudWatchLogsGroupArn", LogGroup)
	if arn, st := props.String(t.Properties, "cloudWatchLogsGroupArn"); st.Ok() {
		arn = strings.TrimSuffix(arn, ":*")
		for _, g := range s.Match(arn, LogGroup) {
			groups = appendUnique(groups, g)
		}
		// In a preview the log group's own ARN is computed; the literal ARN
		// still names it by its name.
		if name, ok := logGroupName(arn); ok {
			for _, g := range s.Match(name, LogGroup) {
				groups = appendUnique(groups, g)
			}
		}
	} else if st == props.Unknown && len(groups) == 0 {
		return false, true
	}
	unknown := false
	for _, g := range groups {
		days, st := props.Number(g.Properties, "retentionInDays")
		switch {
		case st == props.Unknown:
			unknown = true
		case st == props.Absent, st.Ok() && (days == 0 || days >= 365):
			return true, false
		}
	}
	return false, unknown
}

// logGroupName returns the log group name an ARN
// arn:<partition>:logs:<region>:<account>:log-group:<name> carries.
func logGroupName(arn string) (string, bool) {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) != 7 || parts[0] != "arn" || parts[2] != "logs" || parts[5] != "log-group" || parts[6] == "" {
		return "", false
	}
	return parts[6], true
}
