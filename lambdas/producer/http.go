package producer

import (
	"encoding/json"
	"errors"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"io"
	"net/http"
	"strings"
)

// maxBodyBytes bounds a payment request; one is a few hundred bytes.
const maxBodyBytes = 16 << 10

// maxErrorText bounds an error in a response, counted after scrubbing.
const maxErrorText = 512

// httpRequest is the JSON body of a payment request.
type httpRequest struct {
	PAN         string `json:"pan"`
	Expiry      string `json:"expiry"`
	Holder      string `json:"holder"`
	AmountMinor int64  `json:"amountMinor"`
	Currency    string `json:"currency"`
	MerchantRef string `json:"merchantRef"`
}

type httpReceipt struct {
	MessageID string `json:"messageId"`
	Token     string `json:"token"`
	MaskedPAN string `json:"maskedPan"`
}

type httpError struct {
	Error string `json:"error"`
}

// Handler serves payment requests over HTTP: POST a JSON body with pan,
// expiry, holder, amountMinor, currency and merchantRef; 202 answers with
// the message ID, token and masked PAN. A bad request gets 400 naming the
// field, a failure to tokenize, seal or send gets 503; no answer echoes
// card data. The handler does not authenticate: the platform in front of
// it must (AWS Lambda function URL with AWS_IAM auth, Azure App Service
// Authentication, Cloud Run without allUsers as invoker).
func (p *Producer) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeJSON(w, http.StatusMethodNotAllowed, httpError{"payment requests are sent with POST"})
			return
		}
		var req httpRequest
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			writeJSON(w, http.StatusBadRequest, httpError{"reading payment request: " + describeDecodeError(err)})
			return
		}
		if _, err := dec.Token(); err != io.EOF {
			writeJSON(w, http.StatusBadRequest, httpError{"reading payment request: data after the JSON object"})
			return
		}
		rc, err := p.Publish(r.Context(), Request(req))
		switch {
		case errors.Is(err, ErrInvalidRequest):
			writeJSON(w, http.StatusBadRequest, httpError{safeText(err.Error())})
		case err != nil:
			writeJSON(w, http.StatusServiceUnavailable, httpError{"payment event not sent; retry later"})
		default:
			writeJSON(w, http.StatusAccepted, httpReceipt{MessageID: rc.MessageID, Token: string(rc.Token), MaskedPAN: rc.MaskedPAN})
		}
	})
}

// describeDecodeError names what is wrong with the JSON without repeating
// any value from it.
func describeDecodeError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var big *http.MaxBytesError
	switch {
	case errors.As(err, &syn):
		return "the body is not valid JSON"
	case errors.As(err, &typ):
		return safeText("field " + typ.Field + ": must be a " + typ.Type.String())
	case errors.As(err, &big):
		return "the body is larger than 16 KiB"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return safeText(strings.TrimPrefix(err.Error(), "json: ") + "; allowed: pan, expiry, holder, amountMinor, currency, merchantRef")
	case errors.Is(err, io.EOF):
		return "the body is empty"
	}
	return "the body is not a payment request object"
}

// safeText scrubs card numbers from s, then bounds it: scrubbing first, so
// a cut never leaves part of a number the scrubber no longer sees.
func safeText(s string) string {
	s = cardnum.Scrub(s)
	if len(s) > maxErrorText {
		s = cardnum.Scrub(s[:maxErrorText]) + "…"
	}
	return s
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
