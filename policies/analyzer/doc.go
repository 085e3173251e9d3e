// Package analyzer starts a built policy pack binary and drives it over the
// Pulumi analyzer gRPC protocol exactly as the engine does, so that tests, the
// offline preview and the conformance suite judge resources with the real
// pack and not with a re-implementation of it.
//
// The sequence mirrors the engine (sdk/go/common/resource/plugin
// NewPolicyAnalyzer and the deployment executor):
//
//  1. start the binary with the engine address as its argument; the pack
//     (policyx.Main) listens on a free loopback port and prints it as the
//     first line of stdout;
//  2. Handshake with the engine address and the pack directory as root and
//     program directory;
//  3. ConfigureStack with stack, project, organization, stack config, tags
//     and whether the operation is a preview (policyx builds the pack here);
//  4. GetAnalyzerInfo, then Configure with the effective policy
//     configuration: for every policy, its enforcement level from the user's
//     configuration (the policy's entry, else "all", else the policy's
//     default) and its properties (the schema defaults overlaid with the
//     user's values);
//  5. per resource Remediate (when asked) and Analyze, with resource options
//     and provider; finally AnalyzeStack with parents, dependencies and
//     property dependencies.
//
// The engine address is served by [Engine], a minimal pulumirpc.EngineServer
// that records the pack's Log calls: the pack logs to the engine, so a peer
// must answer there.
//
// One [Client] is one analyzer process for one operation: a preview and an
// update are two clients, as they are two plugin processes for the engine.
// AnalyzeStack expects each resource's outputs, as the engine sends them
// (in a preview, inputs with unknowns for computed outputs).
package analyzer
