// Package azurefunc is the Azure Functions entry point of the pciqueue
// consumer: a custom handler (an HTTP server the Functions host calls) for a
// Service Bus queue or topic trigger with cardinality "one".
//
// For every message the host POSTs /<function name> with a JSON body
// {"Data": {"<binding>": <message>}, "Metadata": {"MessageId": ..., "DeliveryCount": ..., ...}}.
// The host serializes string values a second time, so the message and the
// string metadata arrive as JSON strings that themselves contain JSON
// strings; a binary ("dataType": "binary") message arrives base64-encoded.
// The handler accepts all of these forms.
//
// Guarantees: the handler answers 200 with {"Outputs":{},"Logs":[],"ReturnValue":null}
// only when the consumer processed the event (or had already). Any other
// outcome is answered 500: the host then fails the invocation, the Service
// Bus trigger abandons the message, and Service Bus delivers it again until
// the queue's maxDeliveryCount moves it to the dead-letter sub-queue. The
// response body carries the scrubbed reason, never card data.
//
// function.json: {"bindings":[{"type":"serviceBusTrigger","direction":"in","name":"<binding>",
// "queueName":"...","connection":"..."}]}, host.json: {"customHandler":
// {"description":{"defaultExecutablePath":"<binary>"}}}. Serve on ListenAddr().
package azurefunc
