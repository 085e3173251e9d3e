package components

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pciqueue/pciqueue/internal/cardnum"
)

func validSpec() QueueSpec { return QueueSpec{Name: "payments"}.WithDefaults() }

func TestWithDefaults_pciDefaults(t *testing.T) {
	s := QueueSpec{Name: "payments"}.WithDefaults()
	if s.MessageRetention != 4*day || s.VisibilityTimeout != time.Minute || s.MaxDeliveries != 5 ||
		s.KeyRotation != 90*day || s.LogRetentionDays != 365 || s.DataClassification != ClassCardholderData ||
		s.Scope != ScopeCDE || !s.Protected() {
		t.Fatalf("defaults = %+v", s)
	}
	if len(s.Producers) != 1 || s.Producers[0] != "producer" || len(s.Consumers) != 1 || s.Consumers[0] != "consumer" {
		t.Fatalf("default identities = %v / %v", s.Producers, s.Consumers)
	}
	for _, c := range Clouds {
		if err := s.Validate(c); err != nil {
			t.Errorf("defaults invalid on %s: %v", c, err)
		}
	}
}

func TestWithDefaults_keepsExplicitValues(t *testing.T) {
	off := false
	s := QueueSpec{Name: "refunds", MaxDeliveries: 7, LogRetentionDays: 400, Protect: &off}.WithDefaults()
	if s.MaxDeliveries != 7 || s.LogRetentionDays != 400 || s.Protected() {
		t.Fatalf("explicit values overwritten: %+v", s)
	}
}

func TestValidate_rejectsWithFieldValueAndRange(t *testing.T) {
	cases := []struct {
		name  string
		cloud Cloud
		edit  func(*QueueSpec)
		field string
		want  string // a fragment of the message: the allowed range or the reason
	}{
		{"log retention below a year", AWS, func(s *QueueSpec) { s.LogRetentionDays = 90 }, "logRetentionDays", "at least 365"},
		{"log retention not a CloudWatch period", AWS, func(s *QueueSpec) { s.LogRetentionDays = 366 }, "logRetentionDays", "one of 365, 400"},
		{"log retention above Log Analytics", Azure, func(s *QueueSpec) { s.LogRetentionDays = 1000 }, "logRetentionDays", "at most 730"},
		{"max deliveries below Pub/Sub range", GCP, func(s *QueueSpec) { s.MaxDeliveries = 3 }, "maxDeliveries", "5–100 on gcp"},
		{"max deliveries above portable range", AWS, func(s *QueueSpec) { s.MaxDeliveries = 500 }, "maxDeliveries", "1–100 on aws"},
		{"negative max deliveries", Azure, func(s *QueueSpec) { s.MaxDeliveries = -1 }, "maxDeliveries", "1–100"},
		{"retention above 14 days", AWS, func(s *QueueSpec) { s.MessageRetention = 15 * day }, "messageRetention", "–14d"},
		{"retention above Pub/Sub 7 days", GCP, func(s *QueueSpec) { s.MessageRetention = 8 * day }, "messageRetention", "–7d on gcp"},
		{"retention below 10 minutes", AWS, func(s *QueueSpec) { s.MessageRetention = time.Minute }, "messageRetention", "10m0s–"},
		{"lock above Service Bus 5 minutes", Azure, func(s *QueueSpec) { s.VisibilityTimeout = 10 * time.Minute }, "visibilityTimeout", "5m0s on azure"},
		{"ack deadline above Pub/Sub", GCP, func(s *QueueSpec) { s.VisibilityTimeout = time.Hour }, "visibilityTimeout", "10m0s on gcp"},
		{"fractional visibility", AWS, func(s *QueueSpec) { s.VisibilityTimeout = 15500 * time.Millisecond }, "visibilityTimeout", "whole number of seconds"},
		{"rotation above a year", GCP, func(s *QueueSpec) { s.KeyRotation = 400 * day }, "keyRotation", "PCI DSS 3.7.4"},
		{"rotation below KMS minimum", AWS, func(s *QueueSpec) { s.KeyRotation = 30 * day }, "keyRotation", "90d–365d"},
		{"rotation not whole days", GCP, func(s *QueueSpec) { s.KeyRotation = 36 * time.Hour }, "keyRotation", "whole number of days"},
		{"name with capitals", AWS, func(s *QueueSpec) { s.Name = "Payments" }, "name", "lower-case"},
		{"name with underscore", GCP, func(s *QueueSpec) { s.Name = "pay_ments" }, "name", "lower-case"},
		{"name too long", Azure, func(s *QueueSpec) { s.Name = strings.Repeat("a", 41) }, "name", "3–40"},
		{"name too short", AWS, func(s *QueueSpec) { s.Name = "pq" }, "name", "3–40"},
		{"name reserved by Pub/Sub", AWS, func(s *QueueSpec) { s.Name = "google-events" }, "name", `"goog"`},
		{"name ends with hyphen", AWS, func(s *QueueSpec) { s.Name = "payments-" }, "name", "lower-case"},
		{"sensitive authentication data", AWS, func(s *QueueSpec) { s.DataClassification = "sad" }, "dataClassification", "PCI DSS 3.3.1"},
		{"unknown scope", AWS, func(s *QueueSpec) { s.Scope = "public" }, "scope", `"cde"`},
		{"identity both producer and consumer", AWS, func(s *QueueSpec) { s.Consumers = []string{"producer"} }, "consumers", "PCI DSS 7.2.2"},
		{"duplicate consumer", AWS, func(s *QueueSpec) { s.Consumers = []string{"ledger", "ledger"} }, "consumers[1]", "not already listed"},
		{"bad identity name", Azure, func(s *QueueSpec) { s.Producers = []string{"Checkout Svc"} }, "producers[0]", "lower-case"},
		{"reserved tag", AWS, func(s *QueueSpec) { s.Tags = map[string]string{TagPCIScope: "none"} }, "tags.pci-scope", "sets this tag itself"},
		{"upper-case label on Google Cloud", GCP, func(s *QueueSpec) { s.Tags = map[string]string{"Team": "pay"} }, "tags.Team", "lower-case"},
		{"label value too long on Google Cloud", GCP, func(s *QueueSpec) { s.Tags = map[string]string{"team": strings.Repeat("x", 64)} }, "tags.team", "63"},
		{"forbidden character in Azure tag", Azure, func(s *QueueSpec) { s.Tags = map[string]string{"a/b": "x"} }, "tags.a/b", "<>%&"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := validSpec()
			tc.edit(&s)
			err := s.Validate(tc.cloud)
			if err == nil {
				t.Fatalf("Validate(%s) accepted an invalid spec", tc.cloud)
			}
			var fe *FieldError
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
	if err := s.Validate(AWS); err != nil {
		t.Errorf("AWS should accept maxDeliveries 1: %v", err)
	}
	if err := s.Validate(GCP); err == nil {
		t.Error("Google Cloud should reject maxDeliveries 1")
	}
	s = validSpec()
	s.LogRetentionDays = 3653
	if err := s.Validate(AWS); err != nil {
		t.Errorf("AWS should accept the 10-year CloudWatch period: %v", err)
	}
}

func TestValidate_reportsEveryProblemAtOnce(t *testing.T) {
	s := validSpec()
	s.MaxDeliveries, s.LogRetentionDays, s.Name = 0, 1, "X"
	if n := len(unjoin(s.Validate(GCP))); n != 3 {
		t.Fatalf("got %d errors, want 3: %v", n, s.Validate(GCP))
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
	err := s.Validate(AWS)
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
		edit  func(*QueueSpec)
	}{
		{"name", func(s *QueueSpec) { s.Name = "q4111111111111111" }},
		{"producers[0]", func(s *QueueSpec) { s.Producers = []string{"a378282246310005"} }},
	}
	for _, tc := range cases {
		s := validSpec()
		tc.edit(&s)
		err := s.Validate(AWS)
		if err == nil || !strings.Contains(err.Error(), tc.field+" = [redacted]") {
			t.Errorf("%s with a card number: err = %v", tc.field, err != nil)
			continue
		}
		if strings.Contains(err.Error(), "4111111111111111") || strings.Contains(err.Error(), "378282246310005") {
			t.Errorf("%s: the error echoes the card number", tc.field)
		}
	}
}

// A card number in any form and any free-text field is refused, and no error repeats it, whichever check
// would otherwise have fired first (a dotted name also breaks the name pattern; a reserved tag key echoes its
// value).
func TestValidate_cardNumberInAnyFormIsNeverEchoed(t *testing.T) {
	cases := []struct {
		name  string
		field string
		edit  func(*QueueSpec)
	}{
		{"dotted name", "name", func(s *QueueSpec) { s.Name = "4012.8888.8888.1881" }},
		{"full-width tag value", "tags.note", func(s *QueueSpec) {
			s.Tags = map[string]string{"note": "４０１２８８８８８８８８１８８１"}
		}},
		{"no-break spaces in a tag value", "tags.note", func(s *QueueSpec) { s.Tags = map[string]string{"note": "4012\u00a08888\u00a08888\u00a01881"} }},
		{"reserved tag key", "tags.pci-scope", func(s *QueueSpec) { s.Tags = map[string]string{TagPCIScope: "x4012888888881881"} }},
		{"underscores in a producer", "producers[0]", func(s *QueueSpec) { s.Producers = []string{"p_4012_8888_8888_1881"} }},
		{"data classification", "dataClassification", func(s *QueueSpec) { s.DataClassification = "4012-8888-8888-1881" }},
	}
	for _, tc := range cases {
		s := validSpec()
		tc.edit(&s)
		err := s.Validate(AWS)
		if err == nil || !strings.Contains(err.Error(), tc.field+" = ") {
			t.Errorf("%s: no error naming %s", tc.name, tc.field)
			continue
		}
		if cardnum.Contains(err.Error()) || strings.Contains(cardnum.AllDigits(err.Error()), "4012888888881881") {
			t.Errorf("%s: the error echoes the card number: %s", tc.name, cardnum.Scrub(err.Error()))
		}
	}
}

func TestParseDuration(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{"14d", 14 * day, false},
		{"4d12h", 4*day + 12*time.Hour, false},
		{"90s", 90 * time.Second, false},
		{"1h30m", 90 * time.Minute, false},
		{"xd", 0, true},
		{"ten", 0, true},
		{"-5s", 0, true},
	}
	for _, tc := range cases {
		got, err := ParseDuration(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v", tc.in, got, err)
		}
	}
	if FormatDuration(14*day) != "14d" || FormatDuration(90*time.Second) != "1m30s" {
		t.Error("FormatDuration does not round-trip days")
	}
}

func TestExpected_identitiesAndDiff(t *testing.T) {
	s := validSpec()
	s.Producers, s.Consumers = []string{"checkout", "pos"}, []string{"settlement"}
	g := Expected(s, false)
	if len(g.Identities) != 3 || g.Identities["producer/pos"][0] != CapSend || g.Identities["consumer/settlement"][0] != CapReceive {
		t.Fatalf("identities = %v", g.Identities)
	}
	other := Expected(s, false)
	if d := g.Diff(other); len(d) != 0 {
		t.Fatalf("equal guarantees differ: %v", d)
	}
	other.SameKey = false
	other.Identities = map[string][]Capability{"producer/checkout": {CapSend, CapReceive}}
	d := g.Diff(other)
	if len(d) != 4 {
		t.Fatalf("diff = %v, want SameKey and three identity lines", d)
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
