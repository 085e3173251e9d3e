package program_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/pciqueue/pciqueue/evidence/offline"
)

// BenchmarkPreview_awsQueues previews AWS stacks of 10, 100 and 500 queues with their shared audit controls;
// the ms/queue metric is the preview time divided by the number of queues.
func BenchmarkPreview_awsQueues(b *testing.B) {
	for _, n := range []int{10, 100, 500} {
		queues := make([]map[string]any, n)
		for i := range queues {
			queues[i] = map[string]any{"name": fmt.Sprintf("queue%d", i), "producers": []string{"producer"}, "consumers": []string{"consumer"}}
		}
		list, err := json.Marshal(queues)
		if err != nil {
			b.Fatal(err)
		}
		cfg := map[string]string{
			"pciqueue:cloud":  "aws",
			"pciqueue:aws":    `{"region":"eu-west-1","allowedAccountIds":["123456789012"]}`,
			"pciqueue:queues": string(list),
		}
		b.Run(fmt.Sprintf("queues=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := offline.RunConfig("aws-bench", cfg, true); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(n), "ms/queue")
		})
	}
}
