// Package aws holds the PCI rules for AWS resources (pulumi-aws type tokens
// and property names), one rule per file, and the stack rules that relate
// queues, keys, roles and audit trails.
//
// AWS carries policy documents (queue, key, role and identity policies) and
// the queue redrive settings as JSON strings; the rules read them with
// props.JSON and iamdoc, so a document given as an object is judged the same.
package aws
