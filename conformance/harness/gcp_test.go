package harness_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/conformance/harness"
	"github.com/pciqueue/pciqueue/conformance/mutation"
	"github.com/pciqueue/pciqueue/conformance/queuetest"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// gcpPaymentsCase is the suite's payments queue (producers checkout and pos, consumer settlement) behind an
// enforced perimeter, so that every guarantee, the network boundary included, is present to be weakened.
func gcpPaymentsCase(t *testing.T) queuetest.Case {
	t.Helper()
	for _, c := range queuetest.Cases() {
		if c.Name == "ordered with several producers" {
			c.Private = true
			return c
		}
	}
	t.Fatal("the suite has no case \"ordered with several producers\"")
	return queuetest.Case{}
}

// restrictTLS is the organization policy that makes TLS 1.2 the minimum for the project's Google APIs,
// with the denied values given; the component does not create it (see the harness's MinTLSVersion).
func restrictTLS(typ string, denied ...string) enginetest.Resource {
	values := make([]resource.PropertyValue, len(denied))
	for i, d := range denied {
		values[i] = resource.NewProperty(d)
	}
	r := enginetest.Resource{Type: typ, Name: "project-restrict-tls", Custom: true}
	switch typ {
	case "gcp:projects/organizationPolicy:OrganizationPolicy":
		r.Inputs = resource.PropertyMap{
			"project":    resource.NewProperty(gcp.OfflineProject),
			"constraint": resource.NewProperty("gcp.restrictTLSVersion"),
			"listPolicy": resource.NewProperty(resource.PropertyMap{
				"deny": resource.NewProperty(resource.PropertyMap{"values": resource.NewProperty(values)}),
			}),
		}
	case "gcp:orgpolicy/policy:Policy":
		parent := "projects/" + gcp.OfflineProject
		r.Inputs = resource.PropertyMap{
			"parent": resource.NewProperty(parent),
			"name":   resource.NewProperty(parent + "/policies/gcp.restrictTLSVersion"),
			"spec": resource.NewProperty(resource.PropertyMap{"rules": resource.NewProperty([]resource.PropertyValue{
				resource.NewProperty(resource.PropertyMap{"values": resource.NewProperty(resource.PropertyMap{
					"deniedValues": resource.NewProperty(values),
				})}),
			})}),
		}
	}
	return r
}

// deployGCP records the case and adds the TLS policy, so that the derivation starts from the full contract.
func deployGCP(t *testing.T, c queuetest.Case) []enginetest.Resource {
	t.Helper()
	rs, err := harness.GCP{}.Deploy(c)
	if err != nil {
		t.Fatalf("deploying: %v", err)
	}
	return append(rs, restrictTLS("gcp:projects/organizationPolicy:OrganizationPolicy", "TLS_VERSION_1", "TLS_VERSION_1_1"))
}

func deriveGCP(t *testing.T, c queuetest.Case, rs []enginetest.Resource) components.Guarantees {
	t.Helper()
	g, err := harness.GCP{}.Derive(c, rs)
	if err != nil {
		t.Fatalf("deriving: %v", err)
	}
	return g
}

// fields names the Guarantees fields a Diff mentions.
func fields(diff []string) []string {
	var out []string
	for _, d := range diff {
		if i := strings.IndexAny(d, ":["); i >= 0 {
			d = d[:i]
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// With the project's TLS version policy the component records everything the contract asks for.
func TestGCP_derivationEqualsTheContractForEveryCase(t *testing.T) {
	for _, c := range queuetest.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			if d := queuetest.Differences(deriveGCP(t, c, deployGCP(t, c)), queuetest.Expected(c), harness.GCP{}.KnownGaps()); len(d) != 0 {
				t.Errorf("differs from the contract: %v", d)
			}
		})
	}
}

func TestGCP_minTLSVersionNeedsBothLegacyVersionsDenied(t *testing.T) {
	c := gcpPaymentsCase(t)
	deployed, err := harness.GCP{}.Deploy(c)
	if err != nil {
		t.Fatalf("deploying: %v", err)
	}
	// Start from the stack without the component's own TLS policy, then add the policy under test.
	var rs []enginetest.Resource
	for _, r := range deployed {
		if v, ok := r.Inputs["constraint"]; !ok || !v.IsString() || v.StringValue() != gcp.RestrictTLSConstraint {
			rs = append(rs, r)
		}
	}
	if len(rs) != len(deployed)-1 {
		t.Fatalf("the component recorded %d TLS version policies, want 1", len(deployed)-len(rs))
	}
	for _, tc := range []struct {
		name   string
		policy []enginetest.Resource
		want   string
	}{
		{"no policy", nil, ""},
		{"TLS 1.0 only denied", []enginetest.Resource{restrictTLS("gcp:projects/organizationPolicy:OrganizationPolicy", "TLS_VERSION_1")}, ""},
		{"both denied", []enginetest.Resource{restrictTLS("gcp:projects/organizationPolicy:OrganizationPolicy", "TLS_VERSION_1", "TLS_VERSION_1_1")}, "1.2"},
		{"both denied through the v2 API", []enginetest.Resource{restrictTLS("gcp:orgpolicy/policy:Policy", "TLS_VERSION_1", "TLS_VERSION_1_1")}, "1.2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := deriveGCP(t, c, append(slices.Clone(rs), tc.policy...)).MinTLSVersion; got != tc.want {
				t.Errorf("MinTLSVersion = %q, want %q", got, tc.want)
			}
		})
	}
}

// Each weakening of the mutation suite that touches a guarantee is reported in that guarantee's field.
func TestGCP_deriveReportsEachWeakening(t *testing.T) {
	c := gcpPaymentsCase(t)
	rs := deployGCP(t, c)
	base := deriveGCP(t, c, rs)
	if d := base.Diff(queuetest.Expected(c)); len(d) != 0 {
		t.Fatalf("the unweakened stack already differs from the contract: %v", d)
	}
	byName := map[string]mutation.Mutation{}
	for _, m := range mutation.For(gcp.Cloud) {
		byName[m.Name] = m
	}
	for _, h := range mutation.HardeningFor(gcp.Cloud) {
		byName[h.Name] = h.Mutation
	}
	for name, want := range map[string][]string{
		"topic without a key":                                 {"QueueCMK", "SameKey"},
		"dead-letter topic without a key":                     {"DeadLetterCMK", "SameKey"},
		"dead-letter topic on another key":                    {"DeadLetterCMK", "SameKey"},
		"key rotation off":                                    {"KeyRotationDays"},
		"key rotates every two years":                         {"KeyRotationDays"},
		"key destroyable after a day":                         {"KeyDeletionGuarded"},
		"anyone may publish":                                  {"Identities", "GrantsScopedToQueue"},
		"any Google account may subscribe":                    {"Identities", "GrantsScopedToQueue"},
		"producer may administer the topic":                   {"GrantsScopedToQueue"},
		"producer may also decrypt":                           {"GrantsScopedToQueue"},
		"producer holds pubsub.editor on the project":         {"Identities", "GrantsScopedToQueue"},
		"consumer owns the project":                           {"Identities", "GrantsScopedToQueue"},
		"a key for the producer's service account":            {"SharedKeysDisabled"},
		"service account keys allowed":                        {"SharedKeysDisabled"},
		"no perimeter":                                        {"PrivateNetworkOnly"},
		"perimeter in dry-run only":                           {"PrivateNetworkOnly"},
		"perimeter does not restrict Pub/Sub":                 {"PrivateNetworkOnly"},
		"perimeter admits any identity from anywhere":         {"PrivateNetworkOnly"},
		"Pub/Sub audit without DATA_READ":                     {"AuditDataAccess"},
		"Cloud KMS data access unaudited for a batch account": {"AuditDataAccess"},
		"audit log kept 30 days":                              {"AuditRetentionDays"},
		"audit sink disabled":                                 {"AuditDataAccess"},
		"no dead-letter policy":                               {"MaxDeliveries", "DeadLetterKept"},
		"1000 delivery attempts":                              {"MaxDeliveries"},
		"no dead-letter subscription":                         {"DeadLetterKept", "Ordered", "GrantsScopedToQueue"},
		"push delivery over plain HTTP":                       {"MinTLSVersion"},
		"scope labels removed from the topic":                 {"ScopeMarked"},
	} {
		t.Run(name, func(t *testing.T) {
			m, ok := byName[name]
			if !ok {
				t.Fatalf("no Google Cloud mutation named %q", name)
			}
			weakened, err := m.Apply(rs)
			if err != nil {
				t.Fatalf("applying: %v", err)
			}
			got := fields(deriveGCP(t, c, weakened).Diff(base))
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("derivation reports %v, want exactly %v", got, want)
			}
		})
	}
}
