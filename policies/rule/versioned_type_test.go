package rule

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/policies/scope"
)

func TestVersionedAzureTokens_areCoveredAndRelatedAsThePlainToken(t *testing.T) {
	const vault, namespace = "azure-native:keyvault:Vault", "azure-native:servicebus:Namespace"
	r := Rule{Types: []string{vault}}
	if !r.Covers("azure-native:keyvault/v20230701:Vault") {
		t.Error("Covers must accept the versioned token of a covered type")
	}
	if r.Covers("azure-native:keyvault/v20230701:Key") {
		t.Error("Covers must not accept another type of the same module")
	}
	s := NewStack([]Resource{
		{Type: "azure-native:keyvault/v20230701:Vault", URN: "urn:v1", Name: "v1"},
		{Type: vault, URN: "urn:v2", Name: "v2"},
		{Type: "azure-native:servicebus/v20221001preview:Namespace", URN: "urn:ns", Name: "ns",
			Properties: property.NewMap(map[string]property.Value{"name": property.New("ns")})},
	}, scope.Default())
	if got := s.OfType(vault); len(got) != 2 || got[0].Type != vault {
		t.Errorf("OfType(vault) = %+v, want both vaults with the plain token", got)
	}
	if got := s.OfType("azure-native:servicebus/v20221001preview:Namespace"); len(got) != 1 || got[0].URN != "urn:ns" {
		t.Errorf("OfType of a versioned token = %+v", got)
	}
	if got := s.Match("ns", namespace); len(got) != 1 {
		t.Errorf("Match by the plain token = %+v", got)
	}
}

func TestEveryType_coversEveryTypeOfItsClouds(t *testing.T) {
	r := Rule{Types: []string{"aws:sqs/queue:Queue", "azure-native:keyvault:Vault"}, EveryType: true}
	for typ, want := range map[string]bool{
		"aws:iam/rolePolicy:RolePolicy":                       true,
		"azure-native:authorization/v20220401:RoleAssignment": true,
		"gcp:pubsub/topic:Topic":                              false,
		"pulumi:pulumi:Stack":                                 false,
	} {
		if got := r.Covers(typ); got != want {
			t.Errorf("Covers(%q) = %v, want %v", typ, got, want)
		}
	}
}
