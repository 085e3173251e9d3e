package gcp

import "testing"

func TestSeconds(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"31536000s", 31536000, true},
		{"600.5s", 600.5, true},
		{" 86400s ", 86400, true},
		{"0s", 0, true},
		{"86400", 0, false},
		{"s", 0, false},
		{"", 0, false},
		{"-5s", 0, false},
		{"1e9s", 0, false},
		{"P1D", 0, false},
	}
	for _, tt := range tests {
		if got, ok := seconds(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("seconds(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
