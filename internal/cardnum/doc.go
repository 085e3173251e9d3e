// Package cardnum is the one definition of a card number (a primary account number, PAN) for the whole
// project: components refuse it in names and tags, the policy pack refuses it in resource metadata, the
// functions scrub it from logs and errors, and the evidence report masks it. They all call this package,
// so they agree.
//
// # What a card number is
//
// A card number is 13 to 19 digits that pass the Luhn check. A digit is an ASCII digit or a full-width
// digit (U+FF10–U+FF19). Between two digits there may be one separator: space, '-', '.', '_', '/',
// no-break space (U+00A0), figure space (U+2007), thin space (U+2009), narrow no-break space (U+202F),
// ideographic space (U+3000), non-breaking hyphen (U+2011) or full-width hyphen-minus (U+FF0D), mixed
// freely ("4012.8888.8888.1881", "4111 1111-1111_1111"). Two separators in a row, or any other character,
// end the number.
//
// # Whole-value mode
//
// [IsCardNumber] and [Parse] judge a whole value, such as a field that should hold a card number: the value,
// with surrounding white space trimmed, must be exactly one card number.
//
// # Embedded mode
//
// [Contains], [Find] and [Scrub] look for card numbers anywhere in free text (a log line, a tag, a
// description). The text is cut into runs: a run is a maximal sequence of digit groups joined by single
// separators, and a group is a maximal sequence of digits. A card number is any sequence of consecutive
// whole groups of a run with 13 to 19 digits in all that passes the Luhn check. Hence:
//
//   - Letters and other characters around a run never hide it: "x4111111111111111", "id4111111111111111ok"
//     and "card_4111111111111111" hold a card number.
//   - Groups joined to a card number by separators never hide it either: in "order-4111111111111111-9",
//     "2024-4111111111111111" and "4111 1111 1111 1111 12/30" the card number is found.
//   - A group is judged whole and never split: 20 or more digits in a row are not a card number, nor is
//     any part of them (long ids, snowflake and unique ids), and digits glued to a card number without a
//     separator make another number, judged as such.
//   - A run of fewer than 13 digits is not a card number (an account id of 12 digits).
//   - The hyphens of a GUID (8-4-4-4-12 hexadecimal groups not glued to letters or digits) are GUID syntax,
//     not separators, so a GUID, whose longest digit group is 12, never holds a card number. A hexadecimal
//     id without hyphens holds one when it has 13 to 19 digits in a row that pass the Luhn check.
//
// # False positives
//
// The detector cannot know what a number means. About one in ten numbers of 13 to 19 digits passes the Luhn
// check by chance, so a millisecond timestamp, an order number or a few short numbers joined by single
// separators (a list of dates or addresses "10.0.0.1 10.0.0.2 …") are reported when they happen to pass.
// The detector errs towards reporting. Exemptions that depend on where a value appears (an id the cloud
// assigned as a whole segment of a resource path) belong to the caller, not here.
//
// # Masking
//
// [Mask] is the one masked form: the first six and last four digits of a number of 15 to 19 digits, the
// last four of a number of 13 or 14 digits (first six plus last four would leave too few hidden digits),
// every digit hidden below that. That is at most what PCI DSS requirement 3.4.1 allows to be displayed.
// [Scrub] writes that form over each card number it finds, keeping its separators, and hides with '*'
// every other digit of the same run (an expiry date or a sequence number joined to it), so that no digit
// next to a card number helps to rebuild it. Scrub works on the whole text: callers that shorten text must
// scrub first, since a cut can leave a card number with too few digits to be recognised.
package cardnum
