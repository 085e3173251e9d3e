// Package conformance proves the three clouds give the same guarantees and that the policy pack catches
// every weakening. The suite is in queuetest, the per-cloud harnesses in harness, the offline preview in
// offline and cmd/preview; this package's tests run them together.
package conformance
