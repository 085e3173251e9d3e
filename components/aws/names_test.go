package aws

import (
	"slices"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/internal/enginetest"
)

func TestRoleName_carriesTheStackAndStaysWithinIAMsLimit(t *testing.T) {
	long := strings.Repeat("q", 60)
	cases := []struct{ stack, queue, identity string }{
		{"aws-dev", "payments", "checkout"},
		{"aws-prod", "payments", "checkout"},
		{"aws-dev", long, "checkout"},
		{"aws-dev", long, "pos"},
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		n, err := roleName(tc.stack, tc.queue, "producer", tc.identity)
		if err != nil {
			t.Fatalf("roleName(%q, %q): %v", tc.stack, tc.queue, err)
		}
		if len(n) > maxRoleNameLength || !strings.HasPrefix(n, tc.stack+"-") || seen[n] {
			t.Errorf("role name %q: want at most %d characters, the stack first and no collision", n, maxRoleNameLength)
		}
		seen[n] = true
		if again, _ := roleName(tc.stack, tc.queue, "producer", tc.identity); again != n {
			t.Errorf("role name is not stable: %q then %q", n, again)
		}
	}
	if _, err := roleName("prod eu", "payments", "producer", "checkout"); err == nil || !strings.Contains(err.Error(), "stack") {
		t.Errorf("a stack name IAM rejects was accepted: %v", err)
	}
}

func TestSecureQueue_queuePoliciesAreKnownAtPreview(t *testing.T) {
	rs, err := deploy(t, paymentsArgs(), true)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"payments-queue-policy", "payments-dlq-policy"} {
		r := find(t, rs, qpType, p)
		if v := r.Inputs["policy"]; !v.IsString() {
			t.Fatalf("%s policy is %v at preview, want a known document", p, v)
		}
		for _, s := range policyOf(t, r, "policy") {
			if s.Sid == "DenyUndeclaredSenders" && !strings.Contains(strings.Join(s.Condition["ArnNotEquals"]["aws:PrincipalArn"], " "), "role/test-payments-producer-checkout") {
				t.Errorf("%s senders %v do not name the checkout role by its ARN", p, s.Condition)
			}
		}
	}
	key := find(t, rs, keyType, "payments-key")
	if v := key.Inputs["policy"]; !v.IsString() {
		t.Errorf("data key policy is %v at preview, want a known document", v)
	}
	roles := enginetest.ByType(rs, roleType)
	if len(roles) == 0 {
		t.Fatal("no role registered")
	}
	// KMS refuses a key policy naming a role that does not exist yet.
	for _, r := range roles {
		if !slices.Contains(key.Dependencies, r.URN) {
			t.Errorf("data key does not wait for role %s it names", r.Name)
		}
	}
}
