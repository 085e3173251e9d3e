package harness_test

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/conformance/harness"
	"github.com/pciqueue/pciqueue/conformance/queuetest"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// singleValued rewrites every one-element Action and Resource list of the role and queue policies as a plain
// string, a shape IAM accepts and hand-written policies often use.
func singleValued(t *testing.T, rs []enginetest.Resource) int {
	t.Helper()
	rewritten := 0
	for i, r := range rs {
		if r.Type != "aws:iam/rolePolicy:RolePolicy" && r.Type != "aws:sqs/queuePolicy:QueuePolicy" {
			continue
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(r.Inputs["policy"].StringValue()), &doc); err != nil {
			t.Fatalf("%s %q: policy is not JSON: %v", r.Type, r.Name, err)
		}
		for _, s := range doc["Statement"].([]any) {
			stmt := s.(map[string]any)
			for _, member := range []string{"Action", "Resource"} {
				if list, ok := stmt[member].([]any); ok && len(list) == 1 {
					stmt[member] = list[0]
					rewritten++
				}
			}
		}
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		inputs := r.Inputs.Copy()
		inputs["policy"] = resource.NewProperty(string(b))
		rs[i].Inputs = inputs
	}
	return rewritten
}

// IAM accepts Action and Resource as a string or a list; the derivation must read both the same way.
func TestAWS_derivationReadsStringValuedActionAndResource(t *testing.T) {
	for _, c := range queuetest.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			rs, err := harness.AWS{}.Deploy(c)
			if err != nil {
				t.Fatalf("deploying: %v", err)
			}
			if singleValued(t, rs) == 0 {
				t.Fatal("no policy statement has a single action or resource to rewrite")
			}
			g, err := harness.AWS{}.Derive(c, rs)
			if err != nil {
				t.Fatalf("deriving: %v", err)
			}
			if d := queuetest.Differences(g, queuetest.Expected(c), harness.AWS{}.KnownGaps()); len(d) != 0 {
				t.Errorf("with string-valued members the derivation differs from the contract: %v", d)
			}
		})
	}
}
