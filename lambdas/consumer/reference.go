package consumer

import (
	"context"
	"log/slog"

	"github.com/pciqueue/pciqueue/lambdas/message"
)

// Reference returns the processor the deployable entry points run: it
// records each opened payment in the log by token, masked PAN and amount
// and succeeds. It proves the pipeline end to end; a deployment with
// business logic builds its own main with its own Processor.
func Reference(logger *slog.Logger) Processor {
	return ProcessorFunc(func(ctx context.Context, p message.Payment) error {
		logger.InfoContext(ctx, "payment received", "message_id", p.ID, "token", p.Token, "masked_pan", p.MaskedPAN,
			"amount_minor", p.AmountMinor, "currency", p.Currency)
		return nil
	})
}
