// Package props reads resource properties without ever panicking: the policy
// pack reads the properties the Pulumi engine hands it, and the conformance
// harnesses read the inputs their recording engine captured (converted with
// resource.FromResourcePropertyMap), through the same getters.
//
// The [property.Value] accessors (AsString, AsMap, ...) panic when the value has
// another kind, and during a preview any input that depends on another
// resource's output arrives as a computed (unknown) value. Every getter here
// therefore returns the value together with a [Status] that says whether the
// value was known, known but wrapped in a secret (the secret is unwrapped),
// absent (missing or null), unknown (computed) or of the wrong kind. A rule
// decides what each status means for its requirement; it never has to guess.
//
// Paths are dot-separated property names with optional [n] indexes, for example
// "encryption.keyVaultProperties[0].keyName". A computed value anywhere on the
// path makes the whole path Unknown; a secret anywhere on the path makes a known
// result Secret.
//
// [JSON] decodes properties that carry a JSON document as a string, such as the
// AWS "policy", "redrivePolicy" and "redriveAllowPolicy" properties, and also
// accepts the document already decoded into an object.
package props
