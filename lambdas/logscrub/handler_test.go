package logscrub

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"testing/slogtest"

	"github.com/pciqueue/pciqueue/internal/cardnum"
)

const testPAN = "4111111111111111"

type cardHolder struct {
	Name   string
	Number string
}

type panValuer struct{}

func (panValuer) LogValue() slog.Value { return slog.StringValue("pan " + testPAN) }

type panStringer struct{}

func (panStringer) String() string { return "card " + testPAN }

type panText struct{}

func (panText) MarshalText() ([]byte, error) { return []byte(testPAN), nil }

// logBoth logs through scrubbing JSON and text handlers and returns the
// output of both.
func logBoth(fn func(*slog.Logger)) string {
	var buf bytes.Buffer
	fn(slog.New(NewHandler(slog.NewJSONHandler(&buf, nil))))
	fn(slog.New(NewHandler(slog.NewTextHandler(&buf, nil))))
	return buf.String()
}

func TestHandler_redactsPANsEverywhere(t *testing.T) {
	tests := []struct {
		name string
		log  func(*slog.Logger)
	}{
		{"message", func(l *slog.Logger) { l.Info("declined " + testPAN) }},
		{"message with spaces", func(l *slog.Logger) { l.Info("declined 4111 1111 1111 1111") }},
		{"string attribute", func(l *slog.Logger) { l.Info("m", "pan", testPAN) }},
		{"attribute key", func(l *slog.Logger) { l.Info("m", testPAN, "x") }},
		{"int64", func(l *slog.Logger) { l.Info("m", "n", int64(4111111111111111)) }},
		{"uint64", func(l *slog.Logger) { l.Info("m", "n", uint64(4111111111111111)) }},
		{"float64", func(l *slog.Logger) { l.Info("m", "n", 4111111111111111.0) }},
		{"error", func(l *slog.Logger) { l.Error("m", "err", fmt.Errorf("charging: %w", errors.New("card "+testPAN))) }},
		{"struct", func(l *slog.Logger) { l.Info("m", "holder", cardHolder{"Jane", testPAN}) }},
		{"pointer to struct", func(l *slog.Logger) { l.Info("m", "holder", &cardHolder{"Jane", testPAN}) }},
		{"map", func(l *slog.Logger) { l.Info("m", "data", map[string]any{"card": testPAN}) }},
		{"slice", func(l *slog.Logger) { l.Info("m", "list", []string{"a", testPAN}) }},
		{"LogValuer", func(l *slog.Logger) { l.Info("m", "v", panValuer{}) }},
		{"Stringer", func(l *slog.Logger) { l.Info("m", "v", panStringer{}) }},
		{"TextMarshaler", func(l *slog.Logger) { l.Info("m", "v", panText{}) }},
		{"nested groups", func(l *slog.Logger) {
			l.Info("m", slog.Group("outer", slog.Group("inner", "pan", testPAN, "v", panValuer{})))
		}},
		{"WithAttrs", func(l *slog.Logger) { l.With("pan", testPAN).Info("m") }},
		{"WithAttrs group", func(l *slog.Logger) { l.With(slog.Group("g", "pan", testPAN)).Info("m") }},
		{"WithGroup name", func(l *slog.Logger) { l.WithGroup("g"+testPAN).Info("m", "k", "v") }},
		{"WithGroup then attrs", func(l *slog.Logger) { l.WithGroup("req").With("pan", testPAN).Info("m", "err", errors.New(testPAN)) }},
		{"LogAttrs", func(l *slog.Logger) { l.LogAttrs(nil, slog.LevelWarn, "m", slog.String("pan", testPAN)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := logBoth(tt.log)
			if strings.Contains(out, testPAN) || strings.Contains(out, "4111 1111 1111 1111") || cardnum.Contains(out) {
				t.Errorf("PAN reached the log: %s", cardnum.Scrub(out))
			}
			if !strings.Contains(out, "411111") && !strings.Contains(out, "****") {
				t.Errorf("no masked value in the log, was the attribute dropped? %s", cardnum.Scrub(out))
			}
		})
	}
}

func TestHandler_keepsCleanValuesAsTheyAre(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(NewHandler(slog.NewJSONHandler(&buf, nil)))
	l.Info("processed", "count", 42, "ok", true, "amount", 19.99,
		"holder", cardHolder{Name: "Jane", Number: "411111******1111"},
		slog.Group("msg", "id", "01HZX", "attempt", 3))
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got["count"] != 42.0 || got["ok"] != true || got["amount"] != 19.99 {
		t.Errorf("scalar attributes changed: %v", got)
	}
	holder, ok := got["holder"].(map[string]any)
	if !ok || holder["Number"] != "411111******1111" {
		t.Errorf("clean struct was not passed on as a structure: %#v", got["holder"])
	}
	group, ok := got["msg"].(map[string]any)
	if !ok || group["id"] != "01HZX" || group["attempt"] != 3.0 {
		t.Errorf("group changed: %#v", got["msg"])
	}
}

func TestHandler_respectsLevel(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(NewHandler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn})))
	l.Info("hidden")
	if buf.Len() != 0 {
		t.Errorf("info record written by a warn-level handler: %s", buf.String())
	}
}

// TestHandler_slogtest runs the standard library's handler conformance
// tests against the wrapper.
func TestHandler_slogtest(t *testing.T) {
	var buf bytes.Buffer
	h := NewHandler(slog.NewJSONHandler(&buf, nil))
	results := func() []map[string]any {
		var ms []map[string]any
		for _, line := range bytes.Split(buf.Bytes(), []byte{'\n'}) {
			if len(line) == 0 {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				t.Fatal(err)
			}
			ms = append(ms, m)
		}
		return ms
	}
	if err := slogtest.TestHandler(h, results); err != nil {
		t.Error(err)
	}
}
