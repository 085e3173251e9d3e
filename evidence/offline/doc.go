// Package offline runs a committed stack without cloud credentials or the Pulumi CLI: it reads
// stacks/Pulumi.<stack>.yaml the way the engine does, runs the real stack program under the recording
// engine as a preview (no IDs, outputs unknown until apply) and renders what would be created.
//
// It guarantees that what it shows is what `pulumi preview` would send to the providers: the same program,
// the same config, the same resource registrations. Only the answers to provider functions (account,
// region, project) come from the offline world each cloud package registers with internal/enginetest.
package offline
