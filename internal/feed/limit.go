package feed

import (
	"bytes"
	"container/heap"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/digestbot/digestbot/internal/markup"
)

// MaxItems is the most items Parse takes from one document: the newest, by
// their published (else updated) date, with undated items ranked after dated
// ones in document order. Any Manage Server user can add a feed, and a
// 10 MiB document can list 300,000 tiny items; parsing and storing them all
// would cost minutes and hundreds of megabytes. No news feed lists more than
// a few hundred stories, so the cap drops nothing a reader would miss.
const MaxItems = 1000

// capItems returns body unchanged when it cannot hold more than max items,
// else a smaller document of the same kind holding only the max newest
// items, so the full parser never builds the others. The scan keeps only
// max byte ranges, so its memory does not grow with the item count.
func capItems(body []byte, max int) ([]byte, error) {
	if isJSON(body) {
		// Every item is an object, so few braces mean few items.
		if bytes.Count(body, []byte("{")) <= max {
			return body, nil
		}
		return capJSONItems(body, max)
	}
	// Every item or entry start tag contains one of these; counting closing
	// tags and prefixed names as well only overestimates, which is safe.
	if bytes.Count(body, []byte("item"))+bytes.Count(body, []byte("entry")) <= max {
		return body, nil
	}
	return capXMLItems(body, max)
}

// MaxDepth is how deeply Parse lets XML elements nest. The feed parser's
// memory grows with the depth (a 6 MB Atom document of <a><a><a>… took
// 1.3 GB), while a real feed nests a dozen levels, a few dozen with XHTML
// content.
const MaxDepth = 500

// maxNestingWeight bounds the depth of every element summed over a
// document. Each end tag makes the HTML parser that reads XHTML content
// search the elements open above it, so 10 MiB of Atom entries whose XHTML
// nests 490 deep took 7 s to parse where 10 MiB of shallow entries takes
// about 1 s. A real feed weighs far less: 1,000 entries of 200 elements
// 15 deep weigh 3 M.
const maxNestingWeight = 16 << 20

// maxXHTMLClones bounds the formatting elements the HTML parser would copy
// reading a document's XHTML content (see markup.Model): gofeed parses each
// Atom entry's XHTML with it, and 250 unclosed <b>s followed by 20,000
// "<div>x</div>", 250 KB, took 11 s. Well-formed XHTML makes none.
const maxXHTMLClones = 20_000

// checkDepth refuses an XML document whose elements nest deeper than max,
// or whose elements' depths add up to more than maxNestingWeight, or whose
// XHTML content would make the HTML parser copy more than maxXHTMLClones
// elements.
// It keeps the stack of open elements as the feed parser does (not strict:
// an end tag closes every element opened inside its own, so an unclosed
// <br> ends with its parent) and stops at the first element too deep, so
// its memory is bounded by max. Syntax errors are left to the parser.
func checkDepth(body []byte, max int) error {
	// Fewer tags than max cannot nest deeper than max.
	if bytes.Count(body, []byte("<")) <= max {
		return nil
	}
	d := lenientDecoder(body)
	var open []xml.Name
	weight := 0
	xhtml := xhtmlContent{at: -1}
	for {
		tok, err := d.RawToken()
		if err != nil {
			return nil
		}
		switch t := tok.(type) {
		case xml.CharData:
			xhtml.text()
		case xml.StartElement:
			if xhtml.start(t, len(open)) > maxXHTMLClones {
				return &ParseError{Err: errors.New("XHTML content with formatting elements left open over and over")}
			}
			if open = append(open, t.Name); len(open) > max {
				return &ParseError{Err: fmt.Errorf("elements nested more than %d deep", max)}
			}
			if weight += len(open); weight > maxNestingWeight {
				return &ParseError{Err: errors.New("elements nested deeply too often")}
			}
		case xml.EndElement:
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == t.Name {
					open = open[:i]
					break
				}
			}
			xhtml.end(t, len(open))
		}
	}
}

// xhtmlContent follows a document's XHTML content (Atom text of type
// "xhtml") as the HTML parser will read it, to count what it copies.
type xhtmlContent struct {
	at    int // open elements outside the XHTML content; -1: not in any
	model markup.Model
}

// start follows a start tag with depth elements open around it, and
// returns the clones so far.
func (x *xhtmlContent) start(t xml.StartElement, depth int) int {
	if x.at >= 0 {
		x.model.Add(html.StartTagToken, strings.ToLower(t.Name.Local))
		return x.model.Clones
	}
	for _, a := range t.Attr {
		if a.Name.Local == "type" && strings.TrimSpace(a.Value) == "xhtml" {
			x.at = depth + 1
		}
	}
	return x.model.Clones
}

// end follows an end tag that left depth elements open.
func (x *xhtmlContent) end(t xml.EndElement, depth int) {
	switch {
	case x.at < 0:
	case depth < x.at:
		x.at = -1 // the element that holds the XHTML ended
	default:
		x.model.Add(html.EndTagToken, strings.ToLower(t.Name.Local))
	}
}

func (x *xhtmlContent) text() {
	if x.at >= 0 {
		x.model.Add(html.TextToken, "")
	}
}

// lenientDecoder reads body's XML tokens as the feed parser does, not
// strict (feeds use HTML entities such as &nbsp;), and leaves the bytes
// undecoded: the scans here look at structure, not text.
func lenientDecoder(body []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	return d
}

func isJSON(body []byte) bool {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(trimmed) > 0 && trimmed[0] == '{'
}

// span is one item of a document being capped: where it is, and how it ranks.
type span struct {
	start, end int64 // byte range in the document (XML)
	raw        []byte
	date       time.Time
	order      int // position in the document
}

// newer reports whether a ranks before b: dated before undated, later date
// first, then document order (feeds list their newest first).
func newer(a, b span) bool {
	if a.date.IsZero() != b.date.IsZero() {
		return !a.date.IsZero()
	}
	if !a.date.Equal(b.date) {
		return a.date.After(b.date)
	}
	return a.order < b.order
}

// keepNewest is a min-heap whose root is the oldest kept item, so a new item
// replaces it when it ranks higher.
type keepNewest struct {
	max   int
	items []span
}

func (k *keepNewest) Len() int           { return len(k.items) }
func (k *keepNewest) Less(i, j int) bool { return newer(k.items[j], k.items[i]) }
func (k *keepNewest) Swap(i, j int)      { k.items[i], k.items[j] = k.items[j], k.items[i] }
func (k *keepNewest) Push(x any)         { k.items = append(k.items, x.(span)) }
func (k *keepNewest) Pop() any {
	last := k.items[len(k.items)-1]
	k.items = k.items[:len(k.items)-1]
	return last
}

func (k *keepNewest) offer(s span) {
	if len(k.items) < k.max {
		heap.Push(k, s)
	} else if newer(s, k.items[0]) {
		k.items[0] = s
		heap.Fix(k, 0)
	}
}

// inOrder returns the kept items in document order.
func (k *keepNewest) inOrder() []span {
	out := slices.Clone(k.items)
	slices.SortFunc(out, func(a, b span) int { return a.order - b.order })
	return out
}

// dateElements are the item children that date it, in RSS, RDF and Atom.
var dateElements = map[string]bool{"pubDate": true, "published": true, "updated": true, "date": true, "issued": true, "modified": true}

// capXMLItems rebuilds an RSS, RDF or Atom document with the max newest
// <item> or <entry> elements: the text before the first item, the kept
// items, and the text after the last one.
func capXMLItems(body []byte, max int) ([]byte, error) {
	d := lenientDecoder(body)
	keep := &keepNewest{max: max}
	var cur *span
	depth, first, last, n := 0, int64(-1), int64(0), 0
	dateDepth := -1
	for {
		off := d.InputOffset()
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &ParseError{Err: fmt.Errorf("more than %d items and not well-formed XML: %w", max, err)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case cur == nil && (t.Name.Local == "item" || t.Name.Local == "entry"):
				cur = &span{start: off, order: n}
				n++
				if first < 0 {
					first = off
				}
				depth = 1
			case cur != nil && depth == 2 && dateElements[t.Name.Local]:
				dateDepth = depth
			}
		case xml.CharData:
			if cur != nil && dateDepth == depth && cur.date.IsZero() {
				cur.date = parseLooseDate(string(t))
			}
		case xml.EndElement:
			if cur != nil && depth == 1 {
				cur.end = d.InputOffset()
				last = cur.end
				keep.offer(*cur)
				cur = nil
			}
			if depth == dateDepth {
				dateDepth = -1
			}
			depth--
		}
	}
	if cur != nil || first < 0 {
		return nil, &ParseError{Err: fmt.Errorf("more than %d items and an unterminated item", max)}
	}
	var out bytes.Buffer
	out.Write(body[:first])
	for _, s := range keep.inOrder() {
		out.Write(body[s.start:s.end])
		out.WriteByte('\n')
	}
	out.Write(body[last:])
	return out.Bytes(), nil
}

// capJSONItems rebuilds a JSON Feed with the max newest of its "items",
// keeping every other member as it was.
func capJSONItems(body []byte, max int) ([]byte, error) {
	d := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))))
	bad := func(err error) error {
		return &ParseError{Err: fmt.Errorf("more than %d items and not a JSON Feed: %w", max, err)}
	}
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, bad(err)
	}
	var out bytes.Buffer
	out.WriteByte('{')
	members := 0
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, bad(err)
		}
		name, _ := tok.(string)
		if members > 0 {
			out.WriteByte(',')
		}
		members++
		key, _ := json.Marshal(name)
		out.Write(key)
		out.WriteByte(':')
		if name != "items" {
			var raw json.RawMessage
			if err := d.Decode(&raw); err != nil {
				return nil, bad(err)
			}
			out.Write(raw)
			continue
		}
		if err := writeNewestJSONItems(d, &out, max); err != nil {
			return nil, bad(err)
		}
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

func writeNewestJSONItems(d *json.Decoder, out *bytes.Buffer, max int) error {
	if tok, err := d.Token(); err != nil || tok != json.Delim('[') {
		return fmt.Errorf("items is not an array")
	}
	keep := &keepNewest{max: max}
	for n := 0; d.More(); n++ {
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return err
		}
		var dates struct {
			Published string `json:"date_published"`
			Modified  string `json:"date_modified"`
		}
		_ = json.Unmarshal(raw, &dates) // an item that is not an object ranks as undated
		date := parseLooseDate(dates.Published)
		if date.IsZero() {
			date = parseLooseDate(dates.Modified)
		}
		keep.offer(span{raw: raw, date: date, order: n})
	}
	if _, err := d.Token(); err != nil { // the closing bracket
		return err
	}
	out.WriteByte('[')
	for i, s := range keep.inOrder() {
		if i > 0 {
			out.WriteByte(',')
		}
		out.Write(s.raw)
	}
	out.WriteByte(']')
	return nil
}

// looseDateLayouts are the date forms feeds use most; a date in another form
// only ranks its item as undated for the cap.
var looseDateLayouts = []string{
	time.RFC1123Z, time.RFC1123, time.RFC3339Nano, time.RFC3339,
	"Mon, _2 Jan 2006 15:04:05 -0700", "Mon, _2 Jan 2006 15:04:05 MST", "_2 Jan 2006 15:04:05 -0700",
	"2006-01-02T15:04:05", "2006-01-02",
}

func parseLooseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	for _, layout := range looseDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
