package logscrub

import (
	"context"
	"encoding"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// Handler wraps another slog.Handler and scrubs everything it is given.
type Handler struct {
	next slog.Handler
}

// NewHandler returns a Handler that scrubs records, then passes them to next.
func NewHandler(next slog.Handler) *Handler {
	return &Handler{next: next}
}

// Enabled reports whether the wrapped handler handles level.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

// Handle scrubs the message and attributes of r and hands the result on.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, cardnum.Scrub(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(scrubAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

// WithAttrs scrubs attrs before the wrapped handler stores them.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	scrubbed := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		scrubbed[i] = scrubAttr(a)
	}
	return &Handler{next: h.next.WithAttrs(scrubbed)}
}

// WithGroup scrubs the group name.
func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{next: h.next.WithGroup(cardnum.Scrub(name))}
}

func scrubAttr(a slog.Attr) slog.Attr {
	return slog.Attr{Key: cardnum.Scrub(a.Key), Value: scrubValue(a.Value)}
}

func scrubValue(v slog.Value) slog.Value {
	v = v.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return scrubbedString(v, v.String())
	case slog.KindInt64:
		return scrubbedString(v, strconv.FormatInt(v.Int64(), 10))
	case slog.KindUint64:
		return scrubbedString(v, strconv.FormatUint(v.Uint64(), 10))
	case slog.KindFloat64:
		return scrubbedString(v, strconv.FormatFloat(v.Float64(), 'f', -1, 64))
	case slog.KindGroup:
		attrs := v.Group()
		scrubbed := make([]slog.Attr, len(attrs))
		for i, a := range attrs {
			scrubbed[i] = scrubAttr(a)
		}
		return slog.GroupValue(scrubbed...)
	case slog.KindAny:
		return scrubAny(v)
	default: // bool, time, duration: no card number in them
		return v
	}
}

// scrubbedString returns v unchanged when its text s holds nothing to
// redact, and the scrubbed text otherwise.
func scrubbedString(v slog.Value, s string) slog.Value {
	if !cardnum.Contains(s) {
		return v
	}
	return slog.StringValue(cardnum.Scrub(s))
}

// scrubAny checks every way a handler may render an arbitrary value: the
// error text (JSON handler), MarshalText (text handler), JSON encoding and
// fmt's %+v. If any of them holds a PAN, the value is replaced by the
// scrubbed text of that rendering.
func scrubAny(v slog.Value) slog.Value {
	x := v.Any()
	if err, ok := x.(error); ok {
		return scrubbedString(v, err.Error())
	}
	renderings := []string{fmt.Sprintf("%+v", x)}
	if tm, ok := x.(encoding.TextMarshaler); ok {
		if b, err := tm.MarshalText(); err == nil {
			renderings = append(renderings, string(b))
		}
	}
	if b, err := json.Marshal(x); err == nil {
		renderings = append(renderings, string(b))
	}
	for _, r := range renderings {
		if cardnum.Contains(r) {
			return slog.StringValue(cardnum.Scrub(r))
		}
	}
	return v
}
