package aws

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/internal/iamdoc"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyPolicyAccess forbids open principals in key policies and requires split
// custody between key administrators and key users.
var KeyPolicyAccess = rule.Rule{
	Name:        "pci-3.6.1.3-kms-key-policy",
	Requirement: "3.6.1.3",
	Description: "A KMS key policy restricts access to the fewest custodians: no Allow statement admits Principal \"*\" without a condition pinning the caller (aws:PrincipalOrgID, aws:SourceArn, kms:CallerAccount, ...), and no principal other than the account root both administers the key (kms:*, kms:Put*, kms:ScheduleKeyDeletion, kms:Disable*, ...) and uses it (kms:Decrypt, kms:Encrypt, kms:GenerateDataKey*, kms:ReEncrypt*). The standard statement that lets the account root administer the key with Resource \"*\" delegates to IAM and is accepted; a key user's grants limited by kms:GrantIsForAWSResource are key use, not administration; each pinned Principal \"*\" statement stands for its own callers. Fix: name administrator and user roles separately and give each only its actions.",
	Types:       []string{Key, KeyPolicy},
	Check:       checkKeyPolicy,
}

var (
	keyAdminActions = []string{
		"kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:DisableKey", "kms:EnableKey",
		"kms:DisableKeyRotation", "kms:EnableKeyRotation", "kms:CreateGrant", "kms:RevokeGrant", "kms:UpdateKeyDescription",
		"kms:TagResource", "kms:UntagResource", "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias",
	}
	keyUseActions = []string{
		"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
		"kms:ReEncryptFrom", "kms:ReEncryptTo",
	}
)

func checkKeyPolicy(r rule.Resource, _ rule.Config) (f rule.Findings) {
	doc, st := document(r, "policy", &f)
	if !st.Ok() {
		return f
	}
	admins, users := map[string]bool{}, map[string]bool{}
	for i, s := range doc.Statements {
		if !s.IsAllow() {
			continue
		}
		if openPrincipal(s) {
			f.Violation("policy", "statement %d allows any principal to use the key without a condition pinning the caller; name the principals", i)
			continue
		}
		if s.Principal == nil {
			continue
		}
		admin := grantsAny(s, keyAdminActions) && !grantsForAWSResourcesOnly(s)
		use := grantsAny(s, keyUseActions)
		for _, p := range s.Principal.AWS {
			if isAccountRoot(p) {
				continue
			}
			if p == "*" {
				// A pinned wildcard is whoever meets this statement's
				// conditions, not one principal across statements.
				p = fmt.Sprintf("any caller admitted by statement %d", i)
			}
			if admin {
				admins[p] = true
			}
			if use {
				users[p] = true
			}
		}
	}
	var both []string
	for p := range admins {
		if users[p] {
			both = append(both, p)
		}
	}
	slices.Sort(both)
	if len(both) > 0 {
		f.Violation("policy", "%s both administer and use the key; split key custody between administrator and user principals", strings.Join(both, ", "))
	}
	return f
}

// grantActions are the actions of a key user's "allow attachment of
// persistent resources" statement.
var grantActions = []string{"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"}

// grantsForAWSResourcesOnly reports whether a statement's only administrative
// actions are grants that kms:GrantIsForAWSResource limits to AWS services
// acting for the principal (the console's "allow attachment of persistent
// resources" statement): that is key use through a service, not
// administration.
func grantsForAWSResourcesOnly(s iamdoc.Statement) bool {
	if !slices.Contains(s.ConditionValues("Bool", "kms:GrantIsForAWSResource"), "true") {
		return false
	}
	return !slices.ContainsFunc(keyAdminActions, func(a string) bool {
		return s.AllowsAction(a) && !slices.Contains(grantActions, a)
	})
}

func grantsAny(s iamdoc.Statement, actions []string) bool {
	return slices.ContainsFunc(actions, s.AllowsAction)
}
