package cardnum

import (
	"strings"
	"testing"
)

// logLine returns a typical function log line of 200 bytes with merchantRef in it.
func logLine(merchantRef string) string {
	s := `time=2026-11-28T03:00:31.123Z level=INFO msg="payment event sent" message_id=01JD3M5X8Q2W7 token=tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ queue=payments currency=EUR merchant_ref=` + merchantRef
	return s + strings.Repeat(" ", 200-len(s))
}

func BenchmarkScrub(b *testing.B) {
	for _, bc := range []struct{ name, line string }{
		{"clean", logLine("order-20261128-0042")},
		{"card", logLine("order-" + visa16 + "-9")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.line)))
			for b.Loop() {
				_ = Scrub(bc.line)
			}
		})
	}
}
