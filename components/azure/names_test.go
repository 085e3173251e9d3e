package azure

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/internal/enginetest"
)

var (
	vaultNamePattern     = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$`)
	namespaceNamePattern = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$`)
)

func TestNames_globalNamesFitAzureRulesForTheLongestQueueName(t *testing.T) {
	for _, name := range []string{"abc", "payments", strings.Repeat("a", 40), strings.Repeat("ab-", 13) + "a", "a-" + strings.Repeat("b", 38), "abcdefghijklm-nopq", strings.Repeat("a", 37) + "-b"} {
		args := paymentsArgs()
		args.Spec.Name = name
		rs := mustDeploy(t, false, args)
		vault := str(one(t, rs, typeVault, "payments-vault").Inputs, "vaultName")
		ns := str(one(t, rs, typeNamespace, "payments-namespace").Inputs, "namespaceName")
		if !vaultNamePattern.MatchString(vault) || strings.Contains(vault, "--") {
			t.Errorf("queue %q: vault name %q breaks the Key Vault naming rules", name, vault)
		}
		if !namespaceNamePattern.MatchString(ns) || strings.Contains(ns, "--") {
			t.Errorf("queue %q: namespace name %q breaks the Service Bus naming rules", name, ns)
		}
	}
}

func TestNames_globalNamesDifferByStackAndAreStable(t *testing.T) {
	names := func(stack string) (string, string) {
		eng := enginetest.New("pciqueue", stack, false)
		if err := eng.Run(programFor(paymentsArgs()), nil); err != nil {
			t.Fatal(err)
		}
		rs := eng.Resources()
		return str(one(t, rs, typeVault, "payments-vault").Inputs, "vaultName"), str(one(t, rs, typeNamespace, "payments-namespace").Inputs, "namespaceName")
	}
	v1, n1 := names("prod")
	v2, n2 := names("prod")
	v3, n3 := names("staging")
	if v1 != v2 || n1 != n2 {
		t.Errorf("names change between runs: %s/%s then %s/%s", v1, n1, v2, n2)
	}
	if v1 == v3 || n1 == n3 {
		t.Errorf("stacks prod and staging share global names %s / %s", v1, n1)
	}
}

var (
	workspaceNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$`)
	identityNamePattern  = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$`)
)

func TestNames_groupScopedNamesCarryTheStackAndFitAzureRules(t *testing.T) {
	for _, stack := range []string{"dev", "org.payments_production-west-europe", "___", "a.b"} {
		args := paymentsArgs()
		args.Spec.Name = strings.Repeat("q", 40)
		eng := enginetest.New("pciqueue", stack, false)
		if err := eng.Run(programFor(args), nil); err != nil {
			t.Fatalf("stack %q: %v", stack, err)
		}
		rs := eng.Resources()
		ws := str(one(t, rs, typeWorkspace, "payments-audit").Inputs, "workspaceName")
		if !workspaceNamePattern.MatchString(ws) || strings.Contains(ws, "--") {
			t.Errorf("stack %q: workspace name %q breaks the Log Analytics naming rules", stack, ws)
		}
		for _, r := range enginetest.ByType(rs, typeIdentity) {
			if n := str(r.Inputs, "resourceName"); !identityNamePattern.MatchString(n) {
				t.Errorf("stack %q: identity name %q breaks the managed identity naming rules", stack, n)
			}
		}
	}
	rs := mustDeploy(t, false, paymentsArgs())
	if got := str(one(t, rs, typeIdentity, "payments-producer-pos").Inputs, "resourceName"); got != "test-payments-producer-pos" {
		t.Errorf("identity name = %q, want <stack>-<queue>-<role>-<name>", got)
	}
}
