// Package server serves a policyx policy pack over the Pulumi analyzer gRPC
// protocol, as policyx.Main does, with two differences that make a
// per-resource Analyze cost about what a one-policy pack costs:
//
//   - each request's properties, provider and options are converted once,
//     not once per policy;
//   - a policy that says which types it covers (rule.Covering) runs only on
//     resources of those types; every other policy runs on every resource.
//
// Every policy stays registered on its own: GetAnalyzerInfo lists the same
// policies, enforcement levels, descriptions and configuration schemas, a
// configured level or configuration applies to its policy alone, and
// diagnostics carry the same fields in the same order as policyx's. One
// addition: a policy that escalates (rule.Escalating) may report a finding at
// a level above its configured one, which policyx cannot express; the scope
// policy does so when the configuration says scope is marked by tags.
package server
