package providers_test

import (
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/providers"
)

func TestAzureConfig_Validate(t *testing.T) {
	const sub = "00000000-0000-0000-0000-000000000001"
	cases := []struct {
		name string
		cfg  providers.AzureConfig
		want string // empty: valid
	}{
		{"valid", providers.AzureConfig{SubscriptionID: sub, Location: "westeurope"}, ""},
		{"valid with tenant", providers.AzureConfig{SubscriptionID: sub, TenantID: sub, Location: "uksouth"}, ""},
		{"missing subscription", providers.AzureConfig{Location: "westeurope"}, "pciqueue:azure.subscriptionId"},
		{"subscription name", providers.AzureConfig{SubscriptionID: "payments", Location: "westeurope"}, `"payments"`},
		{"bad tenant", providers.AzureConfig{SubscriptionID: sub, TenantID: "contoso.com", Location: "westeurope"}, "pciqueue:azure.tenantId"},
		{"display-name location", providers.AzureConfig{SubscriptionID: sub, Location: "West Europe"}, "pciqueue:azure.location"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("valid config rejected: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want it to name %s", err, tc.want)
			}
		})
	}
}
