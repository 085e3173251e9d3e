// Package card holds what every pciqueue function does with a primary account number (PAN) as card data:
// parsing it for tokenization, a value that never prints in clear, and the token that replaces a PAN outside
// the vault. Recognising a card number (digits, separators, the Luhn check), masking it and scrubbing it from
// text belong to internal/cardnum, the project's one definition; this package calls it.
//
// Guarantees:
//
//   - [ParsePAN] accepts exactly what cardnum accepts as a whole value: 13 to 19 digits passing the Luhn
//     check, with one separator allowed between two digits. Errors describe what is wrong, never the number.
//   - A [PAN] value never prints in clear: fmt verbs, slog and encoding/json all see the masked form
//     (cardnum.Mask: at most the first six and last four digits, what PCI DSS requirement 3.4.1 allows to
//     be displayed). The digits come out only through [PAN.Reveal], so every use of the clear number is
//     greppable.
//   - A [Token] is random text with no mathematical link to the PAN it stands for, and cannot be mistaken
//     for a PAN (it is not a digit run).
//
// The package knows nothing about any cloud.
package card
