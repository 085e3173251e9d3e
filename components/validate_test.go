package components_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/aws"
	"github.com/pciqueue/pciqueue/components/azure"
	_ "github.com/pciqueue/pciqueue/components/clouds"
	"github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/internal/cardnum"
)

func validSpec() components.QueueSpec { return components.QueueSpec{Name: "payments"}.WithDefaults() }

func TestDefaults_validOnEveryRegisteredCloud(t *testing.T) {
	s := validSpec()
	for _, c := range components.Clouds() {
		if err := s.Validate(c); err != nil {
			t.Errorf("defaults invalid on %s: %v", c, err)
		}
	}
}

func TestValidate_rejectsWithFieldValueAndRange(t *testing.T) {
	cases := []struct {
		name  string
		cloud components.Cloud
		edit  func(*components.QueueSpec)
		field string
		want  string // a fragment of the message: the allowed range or the reason
	}{
		{"log retention below a year", aws.Cloud, func(s *components.QueueSpec) { s.LogRetentionDays = 90 }, "logRetentionDays", "at least 365"},
		{"log retention not a CloudWatch period", aws.Cloud, func(s *components.QueueSpec) { s.LogRetentionDays = 366 }, "logRetentionDays", "one of 365, 400"},
		{"log retention above Log Analytics", azure.Cloud, func(s *components.QueueSpec) { s.LogRetentionDays = 1000 }, "logRetentionDays", "at most 730"},
		{"max deliveries below Pub/Sub range", gcp.Cloud, func(s *components.QueueSpec) { s.MaxDeliveries = 3 }, "maxDeliveries", "5–100 on gcp"},
		{"max deliveries above portable range", aws.Cloud, func(s *components.QueueSpec) { s.MaxDeliveries = 500 }, "maxDeliveries", "1–100 on aws"},
		{"negative max deliveries", azure.Cloud, func(s *components.QueueSpec) { s.MaxDeliveries = -1 }, "maxDeliveries", "1–100"},
		{"retention above 14 days", aws.Cloud, func(s *components.QueueSpec) { s.MessageRetention = 15 * components.Day }, "messageRetention", "–14d"},
		{"retention above Pub/Sub 7 days", gcp.Cloud, func(s *components.QueueSpec) { s.MessageRetention = 8 * components.Day }, "messageRetention", "–7d on gcp"},
		{"retention below 10 minutes", aws.Cloud, func(s *components.QueueSpec) { s.MessageRetention = time.Minute }, "messageRetention", "10m0s–"},
		{"lock above Service Bus 5 minutes", azure.Cloud, func(s *components.QueueSpec) { s.VisibilityTimeout = 10 * time.Minute }, "visibilityTimeout", "5m0s on azure"},
		{"ack deadline above Pub/Sub", gcp.Cloud, func(s *components.QueueSpec) { s.VisibilityTimeout = time.Hour }, "visibilityTimeout", "10m0s on gcp"},
		{"fractional visibility", aws.Cloud, func(s *components.QueueSpec) { s.VisibilityTimeout = 15500 * time.Millisecond }, "visibilityTimeout", "whole number of seconds"},
		{"rotation above a year", gcp.Cloud, func(s *components.QueueSpec) { s.KeyRotation = 400 * components.Day }, "keyRotation", "PCI DSS 3.7.4"},
		{"rotation below KMS minimum", aws.Cloud, func(s *components.QueueSpec) { s.KeyRotation = 30 * components.Day }, "keyRotation", "90d–365d"},
		{"rotation not whole days", gcp.Cloud, func(s *components.QueueSpec) { s.KeyRotation = 36 * time.Hour }, "keyRotation", "whole number of days"},
		{"name with capitals", aws.Cloud, func(s *components.QueueSpec) { s.Name = "Payments" }, "name", "lower-case"},
		{"name with underscore", gcp.Cloud, func(s *components.QueueSpec) { s.Name = "pay_ments" }, "name", "lower-case"},
		{"name too long", azure.Cloud, func(s *components.QueueSpec) { s.Name = strings.Repeat("a", 41) }, "name", "3–40"},
		{"name too short", aws.Cloud, func(s *components.QueueSpec) { s.Name = "pq" }, "name", "3–40"},
		{"name reserved by Pub/Sub", aws.Cloud, func(s *components.QueueSpec) { s.Name = "google-events" }, "name", `"goog"`},
		{"name ends with hyphen", aws.Cloud, func(s *components.QueueSpec) { s.Name = "payments-" }, "name", "lower-case"},
		{"sensitive authentication data", aws.Cloud, func(s *components.QueueSpec) { s.DataClassification = "sad" }, "dataClassification", "PCI DSS 3.3.1"},
		{"unknown scope", aws.Cloud, func(s *components.QueueSpec) { s.Scope = "public" }, "scope", `"cde"`},
		{"identity both producer and consumer", aws.Cloud, func(s *components.QueueSpec) { s.Consumers = []string{"producer"} }, "consumers", "PCI DSS 7.2.2"},
		{"duplicate consumer", aws.Cloud, func(s *components.QueueSpec) { s.Consumers = []string{"ledger", "ledger"} }, "consumers[1]", "not already listed"},
		{"bad identity name", azure.Cloud, func(s *components.QueueSpec) { s.Producers = []string{"Checkout Svc"} }, "producers[0]", "lower-case"},
		{"reserved tag", aws.Cloud, func(s *components.QueueSpec) { s.Tags = map[string]string{components.TagPCIScope: "none"} }, "tags.pci-scope", "sets this tag itself"},
		{"upper-case label on Google components.Cloud", gcp.Cloud, func(s *components.QueueSpec) { s.Tags = map[string]string{"Team": "pay"} }, "tags.Team", "lower-case"},
		{"label value too long on Google components.Cloud", gcp.Cloud, func(s *components.QueueSpec) { s.Tags = map[string]string{"team": strings.Repeat("x", 64)} }, "tags.team", "63"},
		{"forbidden character in azure.Cloud tag", azure.Cloud, func(s *components.QueueSpec) { s.Tags = map[string]string{"a/b": "x"} }, "tags.a/b", "<>%&"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := validSpec()
			tc.edit(&s)
			err := s.Validate(tc.cloud)
			if err == nil {
				t.Fatalf("Validate(%s) accepted an invalid spec", tc.cloud)
			}
			var fe *components.FieldError
			found := false
			for _, e := range unjoin(err) {
				if errors.As(e, &fe) && fe.Field == tc.field {
					found = true
					if !strings.Contains(fe.Error(), tc.want) {
						t.Errorf("error %q does not say %q", fe.Error(), tc.want)
					}
					if !strings.Contains(fe.Error(), fe.Value) || fe.Value == "" {
						t.Errorf("error %q does not name the value", fe.Error())
					}
				}
			}
			if !found {
				t.Fatalf("no error for field %s in %v", tc.field, err)
			}
		})
	}
}

func TestValidate_acceptsCloudSpecificRanges(t *testing.T) {
	s := validSpec()
	s.MaxDeliveries = 1
	if err := s.Validate(aws.Cloud); err != nil {
		t.Errorf("aws.Cloud should accept maxDeliveries 1: %v", err)
	}
	if err := s.Validate(gcp.Cloud); err == nil {
		t.Error("Google components.Cloud should reject maxDeliveries 1")
	}
	s = validSpec()
	s.LogRetentionDays = 3653
	if err := s.Validate(aws.Cloud); err != nil {
		t.Errorf("aws.Cloud should accept the 10-year CloudWatch period: %v", err)
	}
}

func TestValidate_reportsEveryProblemAtOnce(t *testing.T) {
	s := validSpec()
	s.MaxDeliveries, s.LogRetentionDays, s.Name = 0, 1, "X"
	if n := len(unjoin(s.Validate(gcp.Cloud))); n != 3 {
		t.Fatalf("got %d errors, want 3: %v", n, s.Validate(gcp.Cloud))
	}
}

func TestValidate_unknownCloud(t *testing.T) {
	err := validSpec().Validate("oracle")
	if err == nil || !strings.Contains(err.Error(), "aws, azure, gcp") {
		t.Fatalf("err = %v", err)
	}
}

func TestValidate_panInTagIsRejectedWithoutEchoingIt(t *testing.T) {
	const pan = "4111 1111 1111 1111"
	s := validSpec()
	s.Tags = map[string]string{"note": "card " + pan}
	err := s.Validate(aws.Cloud)
	if err == nil {
		t.Fatal("a PAN in a tag value was accepted")
	}
	if strings.Contains(err.Error(), "1111 1111") || !strings.Contains(err.Error(), "[redacted]") {
		t.Fatal("the error echoes the card number or does not say it was redacted")
	}
}

func TestValidate_panInANameIsRejectedWithoutEchoingIt(t *testing.T) {
	cases := []struct {
		field string
		edit  func(*components.QueueSpec)
	}{
		{"name", func(s *components.QueueSpec) { s.Name = "q4111111111111111" }},
		{"producers[0]", func(s *components.QueueSpec) { s.Producers = []string{"a378282246310005"} }},
	}
	for _, tc := range cases {
		s := validSpec()
		tc.edit(&s)
		err := s.Validate(aws.Cloud)
		if err == nil || !strings.Contains(err.Error(), tc.field+" = [redacted]") {
			t.Errorf("%s with a card number: err = %v", tc.field, err != nil)
			continue
		}
		if strings.Contains(err.Error(), "4111111111111111") || strings.Contains(err.Error(), "378282246310005") {
			t.Errorf("%s: the error echoes the card number", tc.field)
		}
	}
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// A card number in any form and any free-text field is refused, and no error repeats it, whichever check
// would otherwise have fired first (a dotted name also breaks the name pattern; a reserved tag key echoes its
// value).
func TestValidate_cardNumberInAnyFormIsNeverEchoed(t *testing.T) {
	cases := []struct {
		name  string
		field string
		edit  func(*components.QueueSpec)
	}{
		{"dotted name", "name", func(s *components.QueueSpec) { s.Name = "4012.8888.8888.1881" }},
		{"full-width tag value", "tags.note", func(s *components.QueueSpec) {
			s.Tags = map[string]string{"note": "４０１２８８８８８８８８１８８１"}
		}},
		{"no-break spaces in a tag value", "tags.note", func(s *components.QueueSpec) {
			s.Tags = map[string]string{"note": "4012\u00a08888\u00a08888\u00a01881"}
		}},
		{"reserved tag key", "tags.pci-scope", func(s *components.QueueSpec) { s.Tags = map[string]string{components.TagPCIScope: "x4012888888881881"} }},
		{"underscores in a producer", "producers[0]", func(s *components.QueueSpec) { s.Producers = []string{"p_4012_8888_8888_1881"} }},
		{"data classification", "dataClassification", func(s *components.QueueSpec) { s.DataClassification = "4012-8888-8888-1881" }},
	}
	for _, tc := range cases {
		s := validSpec()
		tc.edit(&s)
		err := s.Validate(aws.Cloud)
		if err == nil || !strings.Contains(err.Error(), tc.field+" = ") {
			t.Errorf("%s: no error naming %s", tc.name, tc.field)
			continue
		}
		if cardnum.Contains(err.Error()) || strings.Contains(cardnum.AllDigits(err.Error()), "4012888888881881") {
			t.Errorf("%s: the error echoes the card number: %s", tc.name, cardnum.Scrub(err.Error()))
		}
	}
}
