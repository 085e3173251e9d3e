package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// Permission is the Lambda permission type token.
const Permission = "aws:lambda/permission:Permission"

// LambdaPermission requires invoke permissions to name the caller.
var LambdaPermission = rule.Rule{
	Name:        "pci-7.3.1-lambda-permission",
	Requirement: "7.3.1",
	Description: "A Lambda invoke permission names who may call the function: principal is not \"*\" and, for a service principal, sourceArn pins the calling resource. Fix: set principal to the service or account and sourceArn to the resource that invokes the function.",
	Types:       []string{Permission},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		p, st := props.String(r.Properties, "principal")
		if f.Unreadable(st, "principal") {
			return f
		}
		if strings.Contains(p, "*") {
			f.Violation("principal", "the function can be invoked by anyone; name the principal")
		}
		if strings.HasSuffix(p, ".amazonaws.com") {
			if a, st := props.String(r.Properties, "sourceArn"); !f.Unreadable(st, "sourceArn") && strings.TrimSpace(a) == "" {
				f.Violation("sourceArn", "the service principal %s may invoke the function from any resource, including other accounts'; set sourceArn", p)
			}
		}
		return f
	},
}
