package message

import (
	"fmt"

	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// safe renders v for a failure message with PAN-looking runs masked, so a
// broken guarantee does not print a card number in the test log.
func safe(v any) string { return cardnum.Scrub(fmt.Sprint(v)) }
