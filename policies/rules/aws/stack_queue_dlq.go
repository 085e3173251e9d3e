package aws

import (
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// QueueHasDLQ requires every queue to dead-letter into a queue of the stack
// that accepts redrive from its sources only.
var QueueHasDLQ = rule.Rule{
	Name:        "pci-10.7.2-queue-has-dlq",
	Requirement: "10.7.2",
	Description: "No message is lost silently: every SQS queue in scope either is a dead-letter queue (it carries a redriveAllowPolicy, or another queue redrives to it) or redrives (redrivePolicy on the queue or an aws.sqs.RedrivePolicy) to a dead-letter queue managed in the same stack, and that dead-letter queue accepts redrive by queue only (redrivePermission byQueue). Fix: create a dead-letter queue in the stack with redriveAllowPolicy {redrivePermission: byQueue} and point the queue's redrivePolicy at it.",
	Types:       []string{Queue, RedrivePolicyRes, RedriveAllowPolicyRes},
	CheckStack:  checkQueueHasDLQ,
}

func checkQueueHasDLQ(s *rule.Stack, _ rule.Config) (f rule.Findings) {
	dlqSet := deadLetterSet(s)
	for _, q := range s.OfType(Queue) {
		if !s.InScope(q) || dlqSet[q.URN] {
			continue
		}
		dlqs, st := deadLetterQueues(s, q)
		switch {
		case len(dlqs) > 0:
		case st == props.Unknown:
			f.UnverifiedAt(q.URN, "redrivePolicy")
			continue
		case st == props.Absent:
			f.ViolationAt(q.URN, "redrivePolicy", "the queue has no dead-letter queue; create one and set redrivePolicy")
			continue
		default:
			f.ViolationAt(q.URN, "redrivePolicy.deadLetterTargetArn", "the dead-letter queue is not managed in this stack, so its encryption and access cannot be shown; manage it here")
			continue
		}
		for _, d := range dlqs {
			_, allow, ast := redriveSettings(s, d, "redriveAllowPolicy", RedriveAllowPolicyRes)
			switch {
			case ast == props.Unknown:
				f.UnverifiedAt(d.URN, "redriveAllowPolicy")
			case ast == props.Absent:
				f.ViolationAt(d.URN, "redriveAllowPolicy", "the dead-letter queue accepts redrive from any queue (no redriveAllowPolicy); set redrivePermission byQueue with the source queue ARNs")
			case allow["redrivePermission"] != "byQueue":
				f.ViolationAt(d.URN, "redriveAllowPolicy.redrivePermission", "the dead-letter queue's redrivePermission is %v; set it to byQueue", allow["redrivePermission"])
			}
		}
	}
	return f
}
