package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// TrailCloudWatch requires the trail to deliver to CloudWatch Logs.
var TrailCloudWatch = rule.Rule{
	Name:        "pci-10.3.3-cloudtrail-cloudwatch",
	Requirement: "10.3.3",
	Description: "CloudTrail events are sent promptly to a central log store that alerts and retention apply to: cloudWatchLogsGroupArn and cloudWatchLogsRoleArn are set. Fix: create an aws.cloudwatch.LogGroup (KMS-encrypted, 365-day retention) and a delivery role, and set both properties on the trail.",
	Types:       []string{Trail},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		for _, p := range []string{"cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn"} {
			if v, st := props.String(r.Properties, p); !f.Unreadable(st, p) && strings.TrimSpace(v) == "" {
				f.Violation(p, "%s is not set; deliver the trail to a CloudWatch log group", p)
			}
		}
		return f
	},
}
