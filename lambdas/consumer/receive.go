package consumer

import (
	"context"
	"fmt"
	"sync"

	"gocloud.dev/pubsub"
)

// Receive runs the consumer as a worker on sub until ctx is done, handling
// up to maxInFlight messages at once (at least one). Each message is acked
// when Handle returns nil and nacked otherwise, so the service redelivers
// it and dead-letters it after its maximum delivery attempts. It returns
// nil when ctx ends and the error of Receive when the subscription fails.
func (c *Consumer) Receive(ctx context.Context, sub *pubsub.Subscription, maxInFlight int) error {
	sem := make(chan struct{}, max(1, maxInFlight))
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		m, err := sub.Receive(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("receiving from queue %q: %w", c.queue, err)
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			nack(m)
			return nil
		}
		wg.Go(func() {
			defer func() { <-sem }()
			err := c.Handle(ctx, Delivery{Body: m.Body, PlatformID: m.LoggableID})
			if err != nil {
				nack(m)
				return
			}
			m.Ack()
		})
	}
}

// nack asks for redelivery now where the driver supports it; elsewhere the
// message reappears when its ack deadline passes.
func nack(m *pubsub.Message) {
	if m.Nackable() {
		m.Nack()
	}
}
