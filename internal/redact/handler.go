package redact

import (
	"context"
	"fmt"
	"log/slog"
)

// Handler is a slog.Handler that passes the message and every attribute
// through Text before the wrapped handler formats them. Installed at the root
// logger, it covers every package's log lines, including errors whose text a
// library wrote with a URL in it.
type Handler struct {
	next    slog.Handler
	rewrite func(string) string
}

// NewHandler wraps next. extra, when not nil, runs after Text on every
// string (the CLI uses it to name the configured Discord API host).
func NewHandler(next slog.Handler, extra func(string) string) *Handler {
	rewrite := Text
	if extra != nil {
		rewrite = func(s string) string { return extra(Text(s)) }
	}
	return &Handler{next: next, rewrite: rewrite}
}

func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.rewrite(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = h.attr(a)
	}
	return &Handler{next: h.next.WithAttrs(clean), rewrite: h.rewrite}
}

func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{next: h.next.WithGroup(name), rewrite: h.rewrite}
}

// attr cleans one attribute. Errors and Stringers become their cleaned text
// (their Error/String is what the handler would print anyway); other values
// keep their kind so JSON output keeps its types.
func (h *Handler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.rewrite(v.String()))
	case slog.KindGroup:
		group := v.Group()
		clean := make([]any, len(group))
		for i, g := range group {
			clean[i] = h.attr(g)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, h.rewrite(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, h.rewrite(x.String()))
		case []string:
			clean := make([]string, len(x))
			for i, s := range x {
				clean[i] = h.rewrite(s)
			}
			return slog.Any(a.Key, clean)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
