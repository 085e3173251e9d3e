package aws

import (
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/policies/iamdoc"
	"github.com/pciqueue/pciqueue/policies/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// QueueAuditTrail requires SQS data-plane audit into a sink that keeps a year.
var QueueAuditTrail = rule.Rule{
	Name:        "pci-10.2.1-queue-audit-trail",
	Requirement: "10.2.1",
	Description: "Every access to a queue in scope is recorded and kept a year: a CloudTrail trail of the same stack that is logging has an advanced event selector for data events (eventCategory Data) on resources.type AWS::SQS::Queue covering the queue, and delivers to an aws.cloudwatch.LogGroup of the stack whose retentionInDays is 0 (never expire) or at least 365. Fix: add an advanced event selector {eventCategory: Data, resources.type: AWS::SQS::Queue} to the trail and point cloudWatchLogsGroupArn at a log group with retentionInDays 365.",
	Types:       []string{Queue, Trail, LogGroup},
	CheckStack:  checkQueueAuditTrail,
}

func checkQueueAuditTrail(s *rule.Stack, _ rule.Config) (f rule.Findings) {
	for _, q := range s.OfType(Queue) {
		if !s.InScope(q) {
			continue
		}
		covered, unknown := false, false
		for _, t := range s.OfType(Trail) {
			c, u := trailAudits(s, t, q)
			covered, unknown = covered || c, unknown || u
		}
		switch {
		case covered:
		case unknown:
			f.UnverifiedAt(q.URN, "advancedEventSelectors")
		default:
			f.ViolationAt(q.URN, "", "no logging CloudTrail trail of this stack records SQS data events for this queue into a log group kept 365 days or more; add one")
		}
	}
	return f
}

// trailAudits reports whether trail t records q's data events into a
// compliant sink, and whether that could not be told because a value is
// computed.
func trailAudits(s *rule.Stack, t, q rule.Resource) (covered, unknown bool) {
	if on, st := props.Bool(t.Properties, "enableLogging"); st == props.Unknown {
		unknown = true
	} else if st.Ok() && !on {
		return false, false
	}
	selects, u := selectsQueue(t, q)
	if !selects {
		return false, u
	}
	sink, u := sinkKeepsAYear(s, t)
	return sink, unknown || u
}

func selectsQueue(t, q rule.Resource) (bool, bool) {
	selectors, st := props.Array(t.Properties, "advancedEventSelectors")
	if st == props.Unknown {
		return false, true
	}
	unknown := false
	for i := range selectors {
		fields, st := props.Array(t.Properties, "advancedEventSelectors["+itoa(i)+"].fieldSelectors")
		if st == props.Unknown {
			unknown = true
			continue
		}
		data, sqs, arnOK := false, false, true
		for j := range fields {
			base := "advancedEventSelectors[" + itoa(i) + "].fieldSelectors[" + itoa(j) + "]"
			field, _ := props.String(t.Properties, base+".field")
			equals, est := props.Strings(t.Properties, base+".equals")
			starts, sst := props.Strings(t.Properties, base+".startsWiths")
			if est == props.Unknown || sst == props.Unknown {
				unknown = true
			}
			switch field {
			case "eventCategory":
				data = slices.Contains(equals, "Data")
			case "resources.type":
				sqs = slices.Contains(equals, "AWS::SQS::Queue")
			case "resources.ARN":
				if est == props.Unknown || sst == props.Unknown {
					arnOK = slices.Contains(t.PropertyDependencies["advancedEventSelectors"], q.URN)
					continue
				}
				arnOK = arnSelected(q, equals, starts)
			}
		}
		if data && sqs && arnOK {
			return true, false
		}
	}
	return false, unknown
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
		for _, g := range s.Match(strings.TrimSuffix(arn, ":*"), LogGroup) {
			groups = appendUnique(groups, g)
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
