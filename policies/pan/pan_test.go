package pan

import (
	"slices"
	"testing"
)

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"bare visa test number", "4111111111111111", []string{"************1111"}},
		{"grouped by spaces", "card 4111 1111 1111 1111 end", []string{"************1111"}},
		{"grouped by hyphens", "5555-5555-5555-4444", []string{"************4444"}},
		{"amex test number", "378282246310005", []string{"***********0005"}},
		{"fails luhn", "4111111111111112", nil},
		{"aws account id is too short", "arn:aws:iam::123456789012:root", nil},
		{"digit run longer than 19", "41111111111111111111111", nil},
		{"glued to letters", "id4111111111111111x", nil},
		{"empty", "", nil},
		{"two numbers", "4111111111111111,5555555555554444", []string{"************1111", "************4444"}},
		{"guid whose last groups pass luhn", "8e3af657-a8ff-443c-1234-567890123452", nil},
		{"role assignment id ending in such a guid", "/subscriptions/x/providers/Microsoft.Authorization/roleAssignments/8e3af657-a8ff-443c-1234-567890123452", nil},
		{"card number after a guid", "8e3af657-a8ff-443c-1234-567890123452 refund 4111111111111111", []string{"************1111"}},
		{"guid-like run glued to letters is not a guid", "x8e3af657-a8ff-443c-1234-567890123452", []string{"************3452"}},
		{"21-digit service account unique id", "109876543210987654321", nil},
		{"13-digit millisecond timestamp failing luhn", "backup-1700000000001", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Find(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Find: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMaskNeverKeepsMoreThanFour(t *testing.T) {
	if got := Mask("4111111111111111"); got != "************1111" {
		t.Errorf("Mask: got %q", got)
	}
	if got := Mask("123"); got != "***" {
		t.Errorf("Mask short: got %q", got)
	}
}
