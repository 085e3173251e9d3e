// Package card holds the rules every pciqueue function applies to a primary
// account number (PAN): validation, masking, the token format that replaces a
// PAN outside the vault, and detection of PAN-looking text so logs can be
// scrubbed.
//
// Guarantees:
//
//   - A PAN is accepted only when it has 13 to 19 ASCII digits (spaces and
//     dashes between digits are allowed and dropped) and passes the Luhn check.
//     Errors describe what is wrong, never the number itself.
//   - A [PAN] value never prints in clear: fmt verbs, slog and encoding/json
//     all see the masked form. The digits come out only through [PAN.Reveal],
//     so every use of the clear number is greppable.
//   - [Mask] shows at most the first six and last four digits, the most PCI DSS
//     requirement 3.4.1 allows to be displayed (see [Mask] for shorter PANs).
//   - A [Token] is random text with no mathematical link to the PAN it stands
//     for, and cannot be mistaken for a PAN (it is not a digit run).
//   - [Scrub] rewrites every digit run in a text that could be a PAN, so a
//     number that slipped into a log line or an error is redacted before it is
//     written. It errs towards redaction: a long numeric identifier may be
//     starred out, a PAN is never left in clear.
//
// The package knows nothing about any cloud.
package card
