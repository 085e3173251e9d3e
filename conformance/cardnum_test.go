package conformance_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/aws"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/logscrub"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/rules/common"
)

// cardCorpus holds the values on which the three copies of a card-number detector that existed before
// internal/cardnum disagreed, and the ordinary values none of them may flag. Each is put in a tag.
var cardCorpus = []struct {
	name, value string
	card        bool
}{
	{"contiguous", "4111111111111111", true},
	{"spaces", "card 4111 1111 1111 1111", true},
	{"dots", "4012.8888.8888.1881", true},
	{"underscores", "4012_8888_8888_1881", true},
	{"slashes", "4012/8888/8888/1881", true},
	{"no-break spaces", "4012\u00a08888\u00a08888\u00a01881", true},
	{"narrow no-break spaces", "4012\u202f8888\u202f8888\u202f1881", true},
	{"full-width digits", "４０１２８８８８８８８８１８８１", true},
	{"mixed separators", "4012 8888-8888.1881", true},
	{"glued to a letter", "x4111111111111111", true},
	{"hyphenated suffix", "order-4111111111111111-9", true},
	{"expiry joined by a space", "5555 5555 5555 4444 12/30", true},
	{"13 digits", "4222222222222", true},
	{"luhn failure", "4111111111111112", false},
	{"12 digits", "123456789012", false},
	{"20 digits", "41111111111111111113", false},
	{"GUID whose last groups pass luhn", "8e3af657-a8ff-443c-1234-567890123452", false},
	{"date", "2024-05-01", false},
	{"timestamp failing luhn", "1700000000001", false},
	{"plain word", "payments", false},
}

// The component validation, the pack's pci-3.5.1-no-pan-in-metadata and the functions' log scrubber all
// call internal/cardnum; on the same corpus they flag the same values, and none repeats a card number.
func TestCardNumbers_componentsPackAndLogScrubberAgree(t *testing.T) {
	if common.NoPANInMetadata.Name != "pci-3.5.1-no-pan-in-metadata" {
		t.Fatalf("the rule is now %s; this test names it", common.NoPANInMetadata.Name)
	}
	for _, tc := range cardCorpus {
		t.Run(tc.name, func(t *testing.T) {
			if got := cardnum.Contains(tc.value); got != tc.card {
				t.Fatalf("cardnum.Contains = %v, want %v", got, tc.card)
			}
			component, componentText := componentFlags(tc.value)
			pack, packText := packFlags(tc.value)
			logs, logText := scrubberFlags(t, tc.value)
			if component != tc.card || pack != tc.card || logs != tc.card {
				t.Errorf("flagged: components %v, pack %v, log scrubber %v; want %v for all", component, pack, logs, tc.card)
			}
			for where, text := range map[string]string{"component error": componentText, "pack message": packText, "log line": logText} {
				if tc.card && (cardnum.Contains(text) || strings.Contains(cardnum.AllDigits(text), cardnum.AllDigits(tc.value))) {
					t.Errorf("the %s repeats the card number: %s", where, cardnum.Scrub(text))
				}
			}
		})
	}
}

// componentFlags reports whether QueueSpec validation refuses v in a tag as a card number, with the error.
func componentFlags(v string) (bool, string) {
	s := components.QueueSpec{Name: "payments", Tags: map[string]string{"note": v}}.WithDefaults()
	err := s.Validate(aws.Cloud)
	if err == nil {
		return false, ""
	}
	return strings.Contains(err.Error(), "tags.note = [redacted]"), err.Error()
}

// packFlags reports whether the rule finds a violation on a queue tag holding v, with its messages.
func packFlags(v string) (bool, string) {
	r := rule.Resource{
		Type: "aws:sqs/queue:Queue", Name: "orders", URN: "urn:pulumi:test::pciqueue::aws:sqs/queue:Queue::orders",
		Properties: property.NewMap(map[string]property.Value{
			"tags": property.New(property.NewMap(map[string]property.Value{"note": property.New(v)})),
		}),
	}
	flagged := false
	var msgs strings.Builder
	for _, f := range common.NoPANInMetadata.Check(r, rule.Config{}) {
		msgs.WriteString(f.Message + "\n")
		if f.Kind == rule.Violation && f.Path == "tags.note" {
			flagged = true
		}
	}
	return flagged, msgs.String()
}

// scrubberFlags reports whether the log scrubber changed v, logged as an attribute, with the log line.
func scrubberFlags(t *testing.T, v string) (bool, string) {
	var buf bytes.Buffer
	slog.New(logscrub.NewHandler(slog.NewJSONHandler(&buf, nil))).Info("refund", "note", v)
	var line struct{ Note string }
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("log line is not JSON: %v", err)
	}
	return line.Note != v, buf.String()
}
