// Package redact hides the secrets that travel inside URLs — the userinfo of
// http://user:password@host/feed and query values such as ?token=… — before a URL reaches a log line, an error
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

// Text returns s with the userinfo of every URL in it, and the values of
// query parameters named like secrets (?token=, &api_key=), replaced by Mask.
// It is linear in len(s) and returns s itself when there is nothing to hide.
func Text(s string) string {
	if !strings.Contains(s, "://") || !strings.ContainsAny(s, "@=") {
		return s
	}
	var b strings.Builder
	changed := false
	rest := s
	for {
		i := strings.Index(rest, "://")
		if i < 0 {
			break
		}
		start := i + len("://")
		end := start + authorityEnd(rest[start:])
		b.WriteString(rest[:start])
		if at := strings.LastIndexByte(rest[start:end], '@'); at >= 0 {
			b.WriteString(Mask)
			b.WriteString(rest[start+at : end])
			changed = true
		} else {
			b.WriteString(rest[start:end])
		}
		rest = rest[end:]
		tail := urlEnd(rest)
		changed = writeQuery(&b, rest[:tail]) || changed
		rest = rest[tail:]
	}
	if !changed {
		return s
	}
	b.WriteString(rest)
	return b.String()
}

// secretParams are query parameter names whose values are credentials.
var secretParams = map[string]bool{
	"token": true, "access_token": true, "auth_token": true, "private_token": true, "api_key": true,
	"apikey": true, "api-key": true, "key": true, "secret": true, "client_secret": true, "password": true,
	"passwd": true, "pwd": true, "pass": true, "auth": true, "sig": true, "signature": true,
	"session": true, "sessionid": true, "sid": true, "code": true,
}

// writeQuery writes the path, query and fragment of a URL with the values
// of secret parameters masked, and reports whether it masked any.
func writeQuery(b *strings.Builder, tail string) bool {
	q := strings.IndexByte(tail, '?')
	if q < 0 {
		b.WriteString(tail)
		return false
	}
	b.WriteString(tail[:q+1])
	query, fragment := tail[q+1:], ""
	if h := strings.IndexByte(query, '#'); h >= 0 {
		query, fragment = query[:h], query[h:]
	}
	masked := false
	for n, param := range strings.Split(query, "&") {
		if n > 0 {
			b.WriteByte('&')
		}
		name, _, hasValue := strings.Cut(param, "=")
		if hasValue && secretParams[strings.ToLower(name)] {
			b.WriteString(name + "=" + Mask)
			masked = true
			continue
		}
		b.WriteString(param)
	}
	b.WriteString(fragment)
	return masked
}

// urlEnd is the length of the rest of a URL (path, query, fragment) at the
// start of s: up to white space, quotes or angle brackets.
func urlEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '"', '\'', '`', '<', '>':
			return i
		}
	}
	return len(s)
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
