package common

import "testing"

// The cases hold test card numbers, so a failure names the case and never
// prints the values.
func TestWithoutPathIDs(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"server-assigned alert policy id", "projects/pay-prod/alertPolicies/1706376622442825442", "projects/pay-prod/alertPolicies/#"},
		{"project number", "projects/123456789012/topics/orders", "projects/#/topics/orders"},
		{"account id in an ARN", "arn:aws:iam::123456789012:role/producer", "arn:aws:iam::#:role/producer"},
		{"numeric segment of an Azure resource id", "/subscriptions/x/resourceGroups/4111111111111111/a/b", "/subscriptions/x/resourceGroups/#/a/b"},
		{"plain name keeps its digits", "refund-4111111111111111", "refund-4111111111111111"},
		{"a path that is not a resource path keeps its digits", "orders/4111111111111111", "orders/4111111111111111"},
		{"a segment mixing text and digits is kept", "projects/p/alertPolicies/card-4111111111111111", "projects/p/alertPolicies/card-4111111111111111"},
	}
	for _, tt := range tests {
		if got := withoutPathIDs(tt.in); got != tt.want {
			t.Errorf("%s: withoutPathIDs did not give the expected value", tt.name)
		}
	}
}
