// Package report turns one stack's recorded resources, the policy pack's rules and the findings the pack
// reported into an evidence report for a PCI DSS 4.0 assessor (QSA): a Markdown file and a self-contained
// HTML page.
//
// A report holds a header (stack, cloud, the date the caller supplies, and its provenance: preview or
// deployed state, the policy pack and version, the program revision, the hashes of the stack config and of
// the deployment export, the tool, and the effective policy configuration),
// a summary of the counts, a diagram of the resources and their relationships (keys, queues, identities
// and network boundaries, audit sinks, grouped by the component that created them), a requirement matrix
// (each requirement the pack's rules check, the resources and properties that evidence it, the policies
// that checked it and the result) and the requirements that infrastructure cannot evidence, listed with
// who is responsible for them.
//
// It guarantees that:
//   - nothing it writes depends on the clock or on map order, so the same input gives the same bytes;
//   - a requirement is FAIL as soon as one of its rules has a mandatory violation, and a value that was
//     only known after apply is shown as not verified, never as a pass;
//   - a requirement is PASS only when an enabled policy judged at least one resource for it: a disabled
//     policy reports nothing, so a requirement none of whose enabled policies judged anything is NOT
//     CHECKED, and the summary counts the disabled policies;
//   - no secret value is written (secret inputs and inputs whose name says secret print as [secret]), and
//     every string taken from the input passes through cardnum.Scrub, so no card number is written in clear;
//   - the HTML page loads nothing from outside: its style and its SVG diagram are inline, and every value
//     is escaped by html/template.
//
// # What differs by cloud
//
// Only data: which resource types are keys, queues, identities, network boundaries or audit sinks and
// which properties relate one to another (an SQS redrive policy, a Pub/Sub dead-letter policy, a Service
// Bus namespace holding its queues) are tables in diagram.go; which properties of each type evidence a
// requirement is the catalog in requirements.go. Relationships are derived the same way on every cloud:
// from the property dependencies the engine recorded and from string values that name another resource
// (its name, ARN, ID or e-mail; the longest name wins where names overlap). Google Cloud adds its
// project-wide controls, which name an API rather than a resource: an audit config for
// pubsub.googleapis.com audits every topic and subscription, and a perimeter restricting it is their
// network boundary. In a preview, values that are outputs of other resources are unknown, so a
// relationship visible only through such a value (a Google Cloud log sink's filter) appears in the
// update's report alone.
package report
