// Package rule is the framework every PCI rule of the pack is written in: the
// Rule model, the findings a judgement returns, the read-only views of a
// resource and of a stack that judgements receive, and the adapters that turn
// rules into policyx policies.
//
// # Writing a rule (guide for rule authors)
//
// One rule per file, in the package of its cloud (rules/aws, rules/azure,
// rules/gcp) or rules/common when it judges every cloud. A rule is a value:
//
//	var QueueCMK = rule.Rule{
//		Name:        "pci-3.5.1-queue-cmk",          // pci-<requirement>-<what>
//		Requirement: "3.5.1",
//		Description: "SQS queues must be encrypted with a customer-managed KMS key. Fix: set kmsMasterKeyId to an aws.kms.Key you manage.",
//		Types:       []string{"aws:sqs/queue:Queue"}, // real type tokens; their prefixes give the clouds covered
//		Check:       checkQueueCMK,                   // or CheckStack for a stack rule
//	}
//
// and is listed once in the registry (package pack). Type tokens of an
// explicit azure-native API version (azure-native:keyvault/v20230701:Vault)
// are judged as the default-version token: Covers, Stack.OfType and the
// resources a judgement receives all use typetoken.Canonical. A rule that must see
// every resource of its clouds, whatever the type (card numbers in a
// description), sets EveryType. Description says what is
// required, then "Fix:" and how to fix it. Level defaults to Mandatory; users
// may override it per policy with the standard policy configuration.
//
// A judgement is a pure function of the resource (or stack) and the rule's
// configuration. It reads properties only through package props, which never
// panics, and returns Findings:
//
//	func checkQueueCMK(r rule.Resource, _ rule.Config) (f rule.Findings) {
//		key, st := props.String(r.Properties, "kmsMasterKeyId")
//		if f.Unreadable(st, "kmsMasterKeyId") { // computed → Unverified; wrong kind → Violation
//			return f
//		}
//		if st == props.Absent || key == "alias/aws/sqs" {
//			f.Violation("kmsMasterKeyId", "the queue uses an AWS-managed key; ...")
//		}
//		return f
//	}
//
// Never treat a computed value as compliant and never return early without a
// finding when the value you need is unknown: call f.Unverified(path) (or let
// f.Unreadable do it). Messages never include a value that could be a card
// number; use MaskPAN when quoting one.
//
// Every rule ships fixtures in policies/testdata/<rule-name>/, at least one
// "<cloud>-allowed-*.json" and one "<cloud>-disallowed-*.json" per cloud the
// rule covers (see package fixture for the format). The pack tests fail until
// they exist. A real-world idiom that is compliant (for example the account
// root statement of a KMS key policy) deserves its own allowed fixture.
//
// # Unknown values
//
// A judgement reports Unverified when a value it needs is computed. In a
// preview (dry run) those findings are not reported by the rule's own policy,
// which would block every preview of a stack that creates its key and queue
// together, but by the advisory policy named [UnverifiedPolicy] (for resource
// rules) or [UnverifiedStackPolicy] (for stack rules), with the rule's name
// and requirement in the message: "could not be verified in preview:
// <property> is computed". On an update, where values are known, any
// remaining Unverified finding is reported by the rule's own policy at the
// rule's level. Setting the two unverified policies to mandatory makes
// previews strict.
//
// # Configuration
//
// policyx delivers a policy's configuration only to that policy's resource
// validations and never to stack validations. The runtime therefore keeps the
// pack-wide settings from the configuration of the policy named
// scope.PolicyName, which it runs first on every resource: the scope (package
// scope), applied to resource and stack rules alike, and the keys and audit
// sinks declared managed outside the stack (package external), which stack
// rules read with Stack.External. Until that policy has run, and when it is
// disabled, every resource is in scope and nothing is declared.
//
// # Requirements met outside the stack
//
// A rule that accepts a key or audit sink because the configuration declares
// it managed outside the stack never passes silently: it adds a Notice
// (Findings.NoticeAt) saying what must be evidenced where that resource
// lives. The runtime reports every notice, in previews and updates, through
// the advisory policy named [OutsideStackPolicy]; making that policy
// mandatory refuses the declarations again. Rule-specific parameters (Params) are
// declared with a default and a JSON schema and read with Config getters;
// stack rules always see their defaults for the same reason.
//
// # Remediation
//
// A resource rule may carry Remediate, a pure function that returns the
// corrected properties when a safe automatic fix exists. It is exposed as the
// policy "<name>-fix" (policyx runs remediations unless configured
// "disabled"). A remediation never fires on a computed value.
//
// # What differs by cloud
//
// Nothing in this package: the cloud of a rule is derived from its type
// tokens (aws:, azure-native:, gcp:), and the scope marking differs by cloud
// as package scope documents.
package rule
