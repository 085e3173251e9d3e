package gcp

import "github.com/pciqueue/pciqueue/policies/rule"

// NoServiceAccountKeys forbids user-managed service account keys.
var NoServiceAccountKeys = rule.Rule{
	Name:        "pci-8.6.2-gcp-service-account-key",
	Requirement: "8.6.2",
	Description: "No user-managed service account key is created: a key is a long-lived secret that ends up in files, environment variables and code, where anyone holding it acts as the service account. Workloads run as their service account (attached to the function or through workload identity) instead. Fix: delete the gcp.serviceaccount.Key and enforce the organization policy iam.disableServiceAccountKeyCreation.",
	Types:       []string{ServiceAccountKey},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		f.Violation("", "%s creates a user-managed service account key; remove it and run the workload as the service account", r.Name)
		return f
	},
}
