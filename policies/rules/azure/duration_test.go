package azure

import "testing"

func TestIsoDays(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"P1Y", 365, true},
		{"P12M", 360, true},
		{"P90D", 90, true},
		{"P2W", 14, true},
		{"PT12H", 0.5, true},
		{"P1DT12H", 1.5, true},
		{"p14d", 14, true},
		{"PT1440M", 1, true},
		{"P10675199DT2H48M5.4775807S", 10675199 + (2*3600+48*60+5.4775807)/86400, true},
		{"", 0, false},
		{"P", 0, false},
		{"PT", 0, false},
		{"14", 0, false},
		{"P1D1Y", 0, false},
		{"P1H", 0, false},
		{"P-1D", 0, false},
		{"14.00:00:00", 0, false},
	}
	for _, tt := range tests {
		got, ok := isoDays(tt.in)
		if ok != tt.ok || (ok && (got-tt.want > 1e-9 || tt.want-got > 1e-9)) {
			t.Errorf("isoDays(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
