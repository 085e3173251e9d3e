package report_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/evidence/offline"
	"github.com/pciqueue/pciqueue/evidence/report"
	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/policies/pack"
)

// TestDiagram_everyCommittedStackShowsTheContract builds the report of every committed stack, as a preview
// and as an update, and requires the diagram to show for each SecureQueue what the contract (docs/contract.md)
// promises: a key encrypting its queues, an identity sending and one receiving, an audit sink, and on
// clouds with a separate dead-letter queue, the dead-lettering.
func TestDiagram_everyCommittedStackShowsTheContract(t *testing.T) {
	stacks, err := offline.Stacks("../../stacks")
	if err != nil || len(stacks) == 0 {
		t.Fatalf("stacks = %v, %v", stacks, err)
	}
	for _, stack := range stacks {
		for _, dryRun := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/dryRun=%v", stack, dryRun), func(t *testing.T) {
				rs, err := offline.Run("../../stacks", stack, dryRun)
				if err != nil {
					t.Fatal(err)
				}
				cloud, _, _ := strings.Cut(stack, "-")
				r := build(t, report.Input{Stack: stack, Cloud: cloud, Date: reportDate, DryRun: dryRun, Resources: rs, Rules: report.RulesFrom(pack.Rules())})
				rels := report.Relationships(r)
				var queues []string
				// A namespace its queues share (Azure) holds the key and the audited namespace of each of them.
				shared := map[string]bool{}
				for _, res := range rs {
					if strings.HasSuffix(res.Type, ":SecureQueue") {
						queues = append(queues, res.Name)
					}
					if res.Type == "pciqueue:azure:Namespace" {
						shared[res.Name] = true
					}
				}
				if len(queues) == 0 {
					t.Fatal("the stack has no SecureQueue")
				}
				for _, q := range queues {
					want := map[string]func(report.Relationship) bool{
						"a key encrypts a queue": func(x report.Relationship) bool {
							return x.Label == "encrypts" && x.FromColumn == "Keys" && x.ToColumn == "Queues" && (x.ToGroup == q || shared[x.ToGroup])
						},
						"an identity sends to a queue": func(x report.Relationship) bool {
							return x.Label == "sends to" && x.ToGroup == q && x.FromGroup == q
						},
						"an identity receives from a queue": func(x report.Relationship) bool {
							return x.Label == "receives from" && x.ToGroup == q && x.FromGroup == q
						},
						"a queue is audited": func(x report.Relationship) bool {
							return x.Label == "audited by" && x.FromColumn == "Queues" && (x.FromGroup == q || shared[x.FromGroup]) && x.ToColumn == "Audit"
						},
					}
					if cloud != "azure" {
						want["a queue dead-letters"] = func(x report.Relationship) bool {
							return x.Label == "dead-letters to" && x.FromGroup == q && x.ToGroup == q
						}
					}
					for what, ok := range want {
						if !slices.ContainsFunc(rels, ok) {
							t.Errorf("SecureQueue %s: the diagram does not show that %s", q, what)
						}
					}
				}
				for _, x := range rels {
					if x.Label == "sends to" && strings.Contains(x.From, "consumer") || x.Label == "receives from" && strings.Contains(x.From, "producer") {
						t.Errorf("wrong direction of access: %s %s %s", x.From, x.Label, x.To)
					}
				}
			})
		}
	}
}

func TestOccurrences_matchWholeNamesOnly(t *testing.T) {
	for _, tc := range []struct {
		s, id string
		want  []int
	}{
		{"aws-dev-refunds", "aws-dev-refunds", []int{0}},
		{"arn:aws:sqs:eu-west-1:123456789012:aws-dev-refunds", "aws-dev-refunds", []int{35}},
		{"aws-dev-refunds-dlq", "aws-dev-refunds", nil},
		{"aws-dev-refunds.fifo", "aws-dev-refunds", nil},
		{"my-aws-dev-refunds", "aws-dev-refunds", nil},
		{"log-group:/pciqueue/aws-dev/payments:*", "/pciqueue/aws-dev/payments", []int{10}},
		{"serviceAccount:sa-1@p.iam.gserviceaccount.com", "sa-1@p.iam.gserviceaccount.com", []int{15}},
		{"a/x b/x", "x", []int{2, 6}},
	} {
		if got := report.Occurrences(tc.s, tc.id); !slices.Equal(got, tc.want) {
			t.Errorf("Occurrences(%q, %q) = %v, want %v", tc.s, tc.id, got, tc.want)
		}
	}
}

// TestDiagram_valueReferencesPreferTheLongestName: a Pub/Sub subscription and its topic share a short
// name, so only the full topic path may decide which one an IAM member grants.
func TestDiagram_valueReferencesPreferTheLongestName(t *testing.T) {
	rs, err := offline.Run("../../stacks", "gcp-dev", false)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rs {
		rs[i].PropertyDependencies = nil
	}
	r := build(t, report.Input{Stack: "gcp-dev", Cloud: "gcp", Date: reportDate, Resources: rs})
	edges := report.Edges(r)
	for _, want := range []string{"payments-producer-checkout sends to payments-topic", "payments-consumer-settlement receives from payments-subscription"} {
		if !slices.Contains(edges, want) {
			t.Errorf("without property dependencies the diagram lacks %q", want)
		}
	}
	for _, wrong := range []string{"payments-producer-checkout sends to payments-subscription", "payments-consumer-settlement receives from payments-topic"} {
		if slices.Contains(edges, wrong) {
			t.Errorf("the diagram confuses a topic and its subscription: %q", wrong)
		}
	}
	if _, ok := enginetest.Find(rs, "gcp:pubsub/topic:Topic", "payments-topic"); !ok {
		t.Fatal("gcp-dev has no payments-topic")
	}
}
