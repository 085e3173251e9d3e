// Package duration reads and writes the three duration forms pciqueue meets, one parser per form, each
// rejecting malformed input with an error that names the value and shows a valid example.
//
//   - The config form ([ParseConfig], [FormatConfig]) is how stack configuration states retention, visibility
//     and rotation: Go's duration syntax ("90s", "12h", "1h30m") with an optional leading whole number of days
//     ("14d", "4d12h"). Negative durations are rejected.
//   - ISO 8601 ([ParseISO8601], [ISO8601Days], [FormatISO8601]) is how Azure writes durations.
//   - Google's form ([ParseGoogle], [FormatGoogle]) is how Google Cloud APIs write google.protobuf.Duration.
//
// The cloud forms are read as float64 seconds rather than [time.Duration]: Azure writes "never expires" as
// P10675199DT2H48M5.4775807S (.NET's TimeSpan.MaxValue), which is longer than a time.Duration can hold.
//
// # Azure (ISO 8601)
//
// The form is P[nY][nM][nW][nD][T[nH][nM][nS]], case-insensitive, with the units in that order and at least
// one unit present; "P" alone and a "T" with no time units are malformed. Only the last unit written may carry
// a decimal fraction, with "." or "," (P1.5D, PT0.5S). Calendar units have fixed lengths: a year is 365 days,
// a month 30 days and a week 7 days. This is how Key Vault bounds rotation policies, and it is what the
// policy pack's 365-day limits mean: P1Y and P12M (360 days) both pass a 365-day limit, P13M (390) does not.
// Signs, exponents and the .NET "d.hh:mm:ss" form are rejected.
//
// # Google Cloud
//
// The form is a non-negative decimal number of seconds followed by "s": "31536000s", "600.5s". Surrounding
// spaces are ignored; a missing "s", a sign or an exponent is malformed.
package duration
