// Package logscrub provides a log/slog handler that masks card numbers before any record reaches the handler
// that writes it, with internal/cardnum, the detector the components and the policy pack use too: a number
// in any form cardnum recognises (spaces, dashes, dots, underscores, slashes, no-break spaces, full-width
// digits, glued to letters) is masked.
//
// Guarantees: the message, every attribute key and value, attributes added with WithAttrs, group names,
// nested groups, values produced by slog.LogValuer, errors, and any other value in whichever way a JSON or
// text handler would render it, pass through cardnum.Scrub before the handler renders or shortens them.
// Numbers are checked too, since a PAN fits in an int64. Values with nothing to mask are passed on
// unchanged, keeping their kind and structure.
//
// The scrubber is the last line of defence: pciqueue code does not log card data in the first place
// (card.PAN masks itself), and the tests prove both.
package logscrub
