package gcp_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/gcp"
)

// The IAM rule for a service account ID and the Access Context Manager rule for a perimeter name.
var (
	serviceAccountIDRule = regexp.MustCompile(`^[a-z][-a-z0-9]{4,28}[a-z0-9]$`)
	perimeterNameRule    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,49}$`)
)

func TestAccountID_validForEveryDeclarableName(t *testing.T) {
	longQueue := "a" + strings.Repeat("-b", 19)                       // 39 characters, a hyphen at every truncation point
	longName := strings.Repeat("x", components.MaxIdentityNameLength) // the longest identity name
	cases := []struct{ queue, role, name string }{
		{"pay", components.RoleProducer, "a"},
		{"payments", components.RoleConsumer, "settlement"},
		{longQueue, components.RoleProducer, longName},
		{strings.Repeat("q", components.MaxNameLength), components.RoleConsumer, "ab-cd-ef-gh-ij-k"},
	}
	for _, tc := range cases {
		id := gcp.AccountID("pciqueue", "a-very-long-stack-name-for-production", tc.queue, tc.role, tc.name)
		if !serviceAccountIDRule.MatchString(id) {
			t.Errorf("AccountID(%s, %s, %s) = %q: not a valid service account ID", tc.queue, tc.role, tc.name, id)
		}
	}
}

func TestAccountID_stableAndDistinct(t *testing.T) {
	a := gcp.AccountID("pciqueue", "gcp-dev", "payments", components.RoleProducer, "checkout-service")
	if b := gcp.AccountID("pciqueue", "gcp-dev", "payments", components.RoleProducer, "checkout-service"); a != b {
		t.Fatalf("the same declaration gave %q then %q", a, b)
	}
	others := map[string]string{
		"other stack":      gcp.AccountID("pciqueue", "gcp-prod", "payments", components.RoleProducer, "checkout-service"),
		"other role":       gcp.AccountID("pciqueue", "gcp-dev", "payments", components.RoleConsumer, "checkout-service"),
		"truncated alike":  gcp.AccountID("pciqueue", "gcp-dev", "payments", components.RoleProducer, "checkout-worker"),
		"other queue":      gcp.AccountID("pciqueue", "gcp-dev", "payments-eu", components.RoleProducer, "checkout-service"),
		"other pulumi app": gcp.AccountID("billing", "gcp-dev", "payments", components.RoleProducer, "checkout-service"),
	}
	for why, id := range others {
		if id == a {
			t.Errorf("%s: got the same ID %q", why, id)
		}
	}
}

func TestPerimeterShortName_validForAnyStackName(t *testing.T) {
	for _, stack := range []string{"gcp-dev", "org.team.gcp-prod", strings.Repeat("s", 100)} {
		if n := gcp.PerimeterShortName("pciqueue", stack); !perimeterNameRule.MatchString(n) {
			t.Errorf("PerimeterShortName(%q) = %q: not a valid perimeter name", stack, n)
		}
	}
	if gcp.PerimeterShortName("pciqueue", strings.Repeat("s", 100)) == gcp.PerimeterShortName("pciqueue", strings.Repeat("s", 99)) {
		t.Error("two long stack names share a perimeter name")
	}
}

func TestIdentityDeclaration_roundTrip(t *testing.T) {
	d := gcp.IdentityDeclaration{Queue: "payments", Role: components.RoleProducer, Name: "checkout"}
	const want = "pciqueue-queue=payments pciqueue-role=producer pciqueue-identity=checkout"
	if d.String() != want {
		t.Fatalf("String() = %q, want %q", d.String(), want)
	}
	got, err := gcp.ParseIdentityDeclaration(d.String())
	if err != nil || got != d {
		t.Fatalf("ParseIdentityDeclaration(%q) = %+v, %v", d.String(), got, err)
	}
}

func TestParseIdentityDeclaration_rejectsWhatPciqueueDidNotWrite(t *testing.T) {
	for _, desc := range []string{
		"",
		"Compute Engine default service account",
		"pciqueue-queue=payments pciqueue-role=admin pciqueue-identity=ops",
		"pciqueue-queue=payments pciqueue-role=producer",
		"pciqueue-queue=payments pciqueue-queue=refunds pciqueue-role=producer pciqueue-identity=x",
		"pciqueue-queue=payments pciqueue-role=producer pciqueue-identity=x owner=me",
		"pciqueue-queue= pciqueue-role=producer pciqueue-identity=x",
	} {
		if d, err := gcp.ParseIdentityDeclaration(desc); err == nil {
			t.Errorf("ParseIdentityDeclaration(%q) = %+v, want an error", desc, d)
		}
	}
}
