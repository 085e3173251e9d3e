package providers_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/providers"
)

func validGCP() providers.GCPConfig {
	return providers.GCPConfig{Project: "pciqueue-dev", Region: "europe-west1", AccessPolicy: "accessPolicies/1"}
}

func TestNewGCP_pinsProjectRegionLabelsAndBillingProject(t *testing.T) {
	c := validGCP()
	c.DefaultLabels = map[string]string{"environment": "dev"}
	c.BillingProject = "pciqueue-billing"
	eng := enginetest.New("pciqueue", "test", true)
	if err := eng.Run(func(ctx *pulumi.Context) error {
		_, err := providers.NewGCP(ctx, "gcp", c)
		return err
	}, nil); err != nil {
		t.Fatal(err)
	}
	rs := enginetest.ByType(eng.Resources(), "pulumi:providers:gcp")
	if len(rs) != 1 {
		t.Fatalf("registered %d Google Cloud providers, want 1", len(rs))
	}
	in := rs[0].Inputs
	if in["project"].StringValue() != "pciqueue-dev" || in["region"].StringValue() != "europe-west1" ||
		in["billingProject"].StringValue() != "pciqueue-billing" || in["defaultLabels"].ObjectValue()["environment"].StringValue() != "dev" {
		t.Errorf("provider inputs = %v", in)
	}
	// Access Context Manager bills user credentials to the billing project only when userProjectOverride is on.
	if v := in["userProjectOverride"]; !v.IsBool() || !v.BoolValue() {
		t.Errorf("userProjectOverride = %v, want true with a billing project", v)
	}
}

func TestGCPConfig_regionsDefaultToTheRegion(t *testing.T) {
	c := validGCP()
	if got := c.Regions(); !slices.Equal(got, []string{"europe-west1"}) {
		t.Errorf("Regions() = %v", got)
	}
	c.AllowedRegions = []string{"europe-west1", "europe-west4"}
	if got := c.Regions(); !slices.Equal(got, c.AllowedRegions) {
		t.Errorf("Regions() = %v", got)
	}
}

func TestGCPConfig_validateNamesTheKey(t *testing.T) {
	cases := []struct {
		name string
		edit func(*providers.GCPConfig)
		want string
	}{
		{"no project", func(c *providers.GCPConfig) { c.Project = "" }, "pciqueue:gcp.project"},
		{"project number", func(c *providers.GCPConfig) { c.Project = "123456789012" }, "pciqueue:gcp.project"},
		{"multi-region", func(c *providers.GCPConfig) { c.Region = "eu" }, "pciqueue:gcp.region"},
		{"zone", func(c *providers.GCPConfig) { c.AllowedRegions = []string{"europe-west1", "europe-west4-a"} }, "pciqueue:gcp.allowedRegions[1]"},
		{"region not allowed", func(c *providers.GCPConfig) { c.AllowedRegions = []string{"europe-west4"} }, "does not include region"},
		{"billing project", func(c *providers.GCPConfig) { c.BillingProject = "Billing" }, "pciqueue:gcp.billingProject"},
		{"label key", func(c *providers.GCPConfig) { c.DefaultLabels = map[string]string{"1team": "x"} }, "pciqueue:gcp.defaultLabels"},
		{"label value", func(c *providers.GCPConfig) { c.DefaultLabels = map[string]string{"team": "Payments"} }, "pciqueue:gcp.defaultLabels.team"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := validGCP()
			tc.edit(&c)
			if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate = %v, want an error naming %s", err, tc.want)
			}
		})
	}
	if err := validGCP().Validate(); err != nil {
		t.Errorf("valid config rejected: %v", err)
	}
}
