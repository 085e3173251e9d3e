package aws

import (
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// Redrive type tokens: the redrive settings as resources of their own.
const (
	RedrivePolicyRes      = "aws:sqs/redrivePolicy:RedrivePolicy"
	RedriveAllowPolicyRes = "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy"
)

// QueueDeadLetter checks the redrive settings a queue carries. Whether every
// queue has a dead-letter queue at all is a stack question (the settings may
// live on separate RedrivePolicy resources): pci-10.7.2-queue-has-dlq.
var QueueDeadLetter = rule.Rule{
	Name:        "pci-10.7.2-queue-dead-letter",
	Requirement: "10.7.2",
	Description: "Redrive settings keep failed messages without opening the dead-letter queue to others: a redrivePolicy (on the queue or an aws.sqs.RedrivePolicy) names deadLetterTargetArn with maxReceiveCount between 1 and maxReceiveCount (100, the pciqueue contract's bound), and a redriveAllowPolicy (on a dead-letter queue or an aws.sqs.RedriveAllowPolicy) uses redrivePermission byQueue with its source queues. Fix: set redrivePolicy {deadLetterTargetArn, maxReceiveCount: 5} on the source queue and redriveAllowPolicy {redrivePermission: byQueue, sourceQueueArns: [source ARN]} on the dead-letter queue.",
	Types:       []string{Queue, RedrivePolicyRes, RedriveAllowPolicyRes},
	Params: []rule.Param{{
		Name: "maxReceiveCount", Description: "Largest allowed maxReceiveCount.",
		Default: float64(100), Schema: map[string]any{"type": "number", "minimum": 1, "maximum": 1000},
	}},
	Check: checkQueueDeadLetter,
}

func checkQueueDeadLetter(r rule.Resource, c rule.Config) (f rule.Findings) {
	if r.Type != RedriveAllowPolicyRes {
		checkRedrive(r, c, &f)
	}
	if r.Type != RedrivePolicyRes {
		checkRedriveAllow(r, &f)
	}
	return f
}

func checkRedrive(r rule.Resource, c rule.Config, f *rule.Findings) {
	redrive, st := props.JSON(r.Properties, "redrivePolicy")
	if f.Unreadable(st, "redrivePolicy") || !st.Ok() {
		if st == props.Absent && r.Type == RedrivePolicyRes {
			f.Violation("redrivePolicy", "the redrive policy is empty; set deadLetterTargetArn and maxReceiveCount")
		}
		return
	}
	obj, ok := redrive.(map[string]any)
	if !ok {
		f.Violation("redrivePolicy", "redrivePolicy is not a JSON object; set {\"deadLetterTargetArn\": ..., \"maxReceiveCount\": ...}")
		return
	}
	if arn, _ := obj["deadLetterTargetArn"].(string); arn == "" {
		f.Violation("redrivePolicy.deadLetterTargetArn", "redrivePolicy names no deadLetterTargetArn; set it to the dead-letter queue's ARN")
	}
	count, ok := number(obj["maxReceiveCount"])
	switch limit := c.Number("maxReceiveCount"); {
	case !ok:
		f.Violation("redrivePolicy.maxReceiveCount", "redrivePolicy has no numeric maxReceiveCount; set it between 1 and %g", limit)
	case count < 1 || count > limit:
		f.Violation("redrivePolicy.maxReceiveCount", "maxReceiveCount is %g; set it between 1 and %g so poison messages reach the dead-letter queue", count, limit)
	}
}

func checkRedriveAllow(r rule.Resource, f *rule.Findings) {
	allow, st := props.JSON(r.Properties, "redriveAllowPolicy")
	if f.Unreadable(st, "redriveAllowPolicy") || !st.Ok() {
		if st == props.Absent && r.Type == RedriveAllowPolicyRes {
			f.Violation("redriveAllowPolicy", "the redrive allow policy is empty; set redrivePermission byQueue with the source queue ARNs")
		}
		return
	}
	obj, ok := allow.(map[string]any)
	if !ok {
		f.Violation("redriveAllowPolicy", "redriveAllowPolicy is not a JSON object")
		return
	}
	if perm, _ := obj["redrivePermission"].(string); perm != "byQueue" {
		f.Violation("redriveAllowPolicy.redrivePermission", "redrivePermission is %q; set it to byQueue and list the source queue ARNs, so no other queue can dead-letter into this one", perm)
	}
}

// number reads a JSON number, or a numeric string as SQS also accepts.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case string:
		if n == "" {
			return 0, false
		}
		var x float64
		for _, ch := range n {
			if ch < '0' || ch > '9' {
				return 0, false
			}
			x = x*10 + float64(ch-'0')
		}
		return x, true
	default:
		return 0, false
	}
}
