// Package iamdoc parses AWS IAM policy documents (identity policies, resource
// policies such as SQS queue policies, KMS key policies and role trust
// policies) in every shape AWS accepts, and answers the questions the PCI
// rules ask of them.
//
// AWS accepts Statement as one object or an array; Action, NotAction,
// Resource and NotResource as a string or a list; Principal as "*" or an
// object whose AWS, Service, Federated and CanonicalUser members are a string
// or a list; and condition values as a string, number, bool or list. [Parse]
// normalises all of these into [Document] so that rules never switch on shape.
// Parsing never panics; a document that is not an IAM policy is an error
// naming the offending member.
//
// Action and resource matching follows IAM: case-insensitive service and
// action names, "*" and "?" wildcards ([Match]).
package iamdoc
