package awslambda

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// FunctionURL adapts an http.Handler (the producer's) to Lambda function
// URL events. Deploy the function URL with AuthType AWS_IAM, so Lambda
// refuses unsigned callers before the handler runs.
func FunctionURL(h http.Handler) func(context.Context, events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
	return func(ctx context.Context, ev events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
		body := []byte(ev.Body)
		if ev.IsBase64Encoded {
			b, err := base64.StdEncoding.DecodeString(ev.Body)
			if err != nil {
				return events.LambdaFunctionURLResponse{StatusCode: http.StatusBadRequest, Body: `{"error":"the body is not valid base64"}`,
					Headers: map[string]string{"Content-Type": "application/json"}}, nil
			}
			body = b
		}
		req, err := http.NewRequestWithContext(ctx, ev.RequestContext.HTTP.Method, "https://"+ev.RequestContext.DomainName+ev.RawPath, bytes.NewReader(body))
		if err != nil {
			return events.LambdaFunctionURLResponse{StatusCode: http.StatusBadRequest, Body: `{"error":"the request line is not valid"}`,
				Headers: map[string]string{"Content-Type": "application/json"}}, nil
		}
		for k, v := range ev.Headers {
			req.Header.Set(k, v)
		}
		w := &responseWriter{header: http.Header{}, status: http.StatusOK}
		h.ServeHTTP(w, req)
		headers := map[string]string{}
		for k, v := range w.header {
			headers[k] = strings.Join(v, ",")
		}
		return events.LambdaFunctionURLResponse{StatusCode: w.status, Headers: headers, Body: w.body.String()}, nil
	}
}

// responseWriter collects a handler's response for the Lambda reply.
type responseWriter struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (w *responseWriter) Header() http.Header { return w.header }

func (w *responseWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = status, true
	}
}

func (w *responseWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(b)
}
