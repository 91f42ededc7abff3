// Package redact hides the secrets that travel inside URLs — the userinfo of
// http://user:password@host/feed — before a URL reaches a log line, an error
// or the terminal. Feed URLs come from users and some carry credentials; the
// stored URL keeps them (it is needed to fetch) and everything shown does not.
//
// Text scans free text (error messages quote URLs, sometimes several) rather
// than parsing one URL, so it also cleans what libraries wrote.
package redact

import (
	"strings"
)

// Mask replaces the userinfo. Go's url.Redacted hides only the password, but
// a user name alone is often a token (https://TOKEN@host/feed.xml).
const Mask = "xxxxx"

// URL returns raw with any userinfo replaced by Mask.
func URL(raw string) string { return Text(raw) }

// Text returns s with the userinfo of every URL in it replaced by Mask. It is
// linear in len(s) and returns s itself when there is nothing to hide.
func Text(s string) string {
	if !strings.Contains(s, "@") || !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	rest := s
	for {
		i := strings.Index(rest, "://")
		if i < 0 {
			break
		}
		start := i + len("://")
		end := start + authorityEnd(rest[start:])
		at := strings.LastIndexByte(rest[start:end], '@')
		if at < 0 {
			b.WriteString(rest[:end])
		} else {
			b.WriteString(rest[:start])
			b.WriteString(Mask)
			b.WriteString(rest[start+at : end])
		}
		rest = rest[end:]
	}
	if b.Len() == 0 {
		return s
	}
	b.WriteString(rest)
	return b.String()
}

// authorityEnd is the length of the URL authority (userinfo@host:port) at the
// start of s: up to the path, query or fragment, or anything that cannot be
// part of a URL in running text (space, quotes, brackets around it).
func authorityEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/', '?', '#', ' ', '\t', '\n', '\r', '"', '\'', '`', '<', '>', '\\', '(', ')', ',', ';':
			return i
		}
	}
	return len(s)
}

// Error returns err with its text cleaned by Text, still unwrapping to err so
// errors.Is and errors.As work. Use it where an error's text is stored or
// sent on (a feed's last error) rather than only logged.
func Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := Text(msg); clean != msg {
		return &cleanError{msg: clean, err: err}
	}
	return err
}

type cleanError struct {
	msg string
	err error
}

func (e *cleanError) Error() string { return e.msg }
func (e *cleanError) Unwrap() error { return e.err }
