// Package integration holds the end-to-end tests of the pciqueue functions:
// one produce → queue → consume suite run over every transport that can run
// here (gocloud's mempubsub, and the real Google Cloud Pub/Sub client with
// the gcppubsub driver against the pstest in-memory server on loopback), the
// card-data leak test across every entry point and failure path, and the
// per-message benchmarks. It has no non-test code.
//
// # What differs by cloud
//
// AWS SQS and Azure Service Bus have no server that can run on these
// machines; their entry points are driven with the events those platforms
// deliver (package awslambda and azurefunc tests, and the leak test here).
// Dead-lettering on those clouds is the broker's work after the entry point
// reports a failure, which their tests assert for every delivery attempt.
package integration
