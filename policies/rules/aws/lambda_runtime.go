package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// LambdaRuntime forbids runtimes that no longer receive security patches.
var LambdaRuntime = rule.Rule{
	Name:        "pci-6.3.3-lambda-runtime",
	Requirement: "6.3.3",
	Description: "Lambda functions run on a runtime that still receives security patches: runtime is not a deprecated one (go1.x, provided, nodejs20.x and older, python3.10 and older, java8, dotnet7 and older, ruby3.2 and older: past the end of support AWS publishes for Lambda runtimes as of November 2026). Fix: build for provided.al2023 (Go) or a current managed runtime.",
	Types:       []string{Function},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		rt, st := props.String(r.Properties, "runtime")
		if !f.Unreadable(st, "runtime") && deprecatedRuntimes[strings.ToLower(rt)] {
			f.Violation("runtime", "runtime %s no longer receives security patches; move to provided.al2023 or a current runtime", rt)
		}
		return f
	},
}

var deprecatedRuntimes = map[string]bool{
	"go1.x": true, "provided": true,
	"nodejs": true, "nodejs4.3": true, "nodejs4.3-edge": true, "nodejs6.10": true, "nodejs8.10": true,
	"nodejs10.x": true, "nodejs12.x": true, "nodejs14.x": true, "nodejs16.x": true, "nodejs18.x": true, "nodejs20.x": true,
	"python2.7": true, "python3.6": true, "python3.7": true, "python3.8": true, "python3.9": true, "python3.10": true,
	"java8": true, "dotnetcore1.0": true, "dotnetcore2.0": true, "dotnetcore2.1": true, "dotnetcore3.1": true,
	"dotnet5.0": true, "dotnet6": true, "dotnet7": true, "ruby2.5": true, "ruby2.7": true, "ruby3.2": true,
}
