package pipelinetest

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sync"
)

// ErrRecorded is the error every recorded request fails with.
var ErrRecorded = errors.New("pipelinetest: request recorded and failed; no cloud is reached")

// Call is one API request a real SDK client tried to make.
type Call struct {
	Method, Host, Path string
	// Target is the X-Amz-Target header of AWS JSON-protocol APIs
	// ("TrentService.Encrypt", "AmazonSQS.SendMessageBatch"), empty
	// elsewhere.
	Target string
	Body   []byte
}

// Recorder is an http.RoundTripper that records each request and fails it,
// so a test sees which API calls a function makes through the real
// drivers and SDKs without any server, real or imitated.
type Recorder struct {
	mu    sync.Mutex
	calls []Call
}

// RoundTrip records req and fails it with ErrRecorded.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, Call{Method: req.Method, Host: req.URL.Host, Path: req.URL.Path, Target: req.Header.Get("X-Amz-Target"), Body: bytes.Clone(body)})
	return nil, ErrRecorded
}

// Calls returns the requests recorded so far.
func (r *Recorder) Calls() []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Call(nil), r.calls...)
}
