// Package gcpfunc is the Google Cloud entry point of the pciqueue consumer:
// a CloudEvent handler for Pub/Sub "messagePublished" events, as Cloud
// Functions (2nd gen) and Cloud Run receive them through Eventarc.
//
// The event arrives over HTTP in the CloudEvents binary content mode
// (ce-id, ce-type, ce-source, ce-specversion headers; the data as the body)
// or the structured mode (Content-Type application/cloudevents+json). Its
// data is {"message": {"data": "<base64>", "messageId": ..., "attributes":
// {...}, "publishTime": ...}, "subscription": "projects/<p>/subscriptions/<s>"}.
//
// Guarantees: the handler answers 2xx only when the consumer processed the
// event (or had already). Every other outcome, including an event of another
// type, is answered 500, which Pub/Sub treats as a negative acknowledgement:
// it redelivers with the subscription's retry policy and, after
// maxDeliveryAttempts, forwards the message to the dead-letter topic. The
// response carries the scrubbed reason, never card data.
//
// With the Functions Framework and the CloudEvents SDK, register a function
// that copies the SDK event's type, ID and data into an Event and calls
// HandleCloudEvent; or serve Handler directly on $PORT.
package gcpfunc
