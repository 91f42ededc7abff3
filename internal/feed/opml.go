package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Outline is one OPML outline: a feed when XMLURL is set, otherwise
// usually a folder holding Outlines.
type Outline struct {
	Text     string
	Title    string
	Type     string // "rss" for feeds, whatever the file says otherwise
	XMLURL   string
	HTMLURL  string
	Outlines []Outline
}

// Name is the outline's human label: its title, else its text.
func (o Outline) Name() string {
	if o.Title != "" {
		return o.Title
	}
	return o.Text
}

// UnmarshalXML reads attributes case-insensitively: real exports write
// xmlUrl, xmlURL and xmlurl alike.
func (o *Outline) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for _, a := range start.Attr {
		v := strings.TrimSpace(a.Value)
		switch strings.ToLower(a.Name.Local) {
		case "text":
			o.Text = v
		case "title":
			o.Title = v
		case "type":
			o.Type = v
		case "xmlurl":
			o.XMLURL = v
		case "htmlurl":
			o.HTMLURL = v
		}
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !strings.EqualFold(t.Name.Local, "outline") {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			var child Outline
			if err := d.DecodeElement(&child, &t); err != nil {
				return err
			}
			o.Outlines = append(o.Outlines, child)
		case xml.EndElement:
			return nil
		}
	}
}

// ReadOPML reads the outlines of an OPML file, nested as in the file. It
// tolerates what feed readers really export: any charset declared in the
// XML header, HTML entities, unclosed tags, attribute names in any case.
func ReadOPML(r io.Reader) ([]Outline, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel

	var outlines []Outline
	sawBody := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("feed: read OPML: %w", err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch strings.ToLower(start.Name.Local) {
		case "body":
			sawBody = true
		case "outline":
			var o Outline
			if err := d.DecodeElement(&o, &start); err != nil {
				return nil, fmt.Errorf("feed: read OPML: %w", err)
			}
			outlines = append(outlines, o)
		}
	}
	if !sawBody && len(outlines) == 0 {
		return nil, fmt.Errorf("feed: read OPML: no <body> with outlines: not an OPML file")
	}
	return outlines, nil
}

// FeedOutlines flattens nested outlines into the feeds (outlines with an
// XMLURL), depth first, folders dropped.
func FeedOutlines(outlines []Outline) []Outline {
	var out []Outline
	var walk func([]Outline)
	walk = func(list []Outline) {
		for _, o := range list {
			if o.XMLURL != "" {
				leaf := o
				leaf.Outlines = nil
				out = append(out, leaf)
			}
			walk(o.Outlines)
		}
	}
	walk(outlines)
	return out
}

// xmlOutline is the wire form WriteOPML emits.
type xmlOutline struct {
	Text     string       `xml:"text,attr"`
	Title    string       `xml:"title,attr,omitempty"`
	Type     string       `xml:"type,attr,omitempty"`
	XMLURL   string       `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string       `xml:"htmlUrl,attr,omitempty"`
	Outlines []xmlOutline `xml:"outline"`
}

func toXML(list []Outline) []xmlOutline {
	out := make([]xmlOutline, 0, len(list))
	for _, o := range list {
		x := xmlOutline{Text: o.Text, Title: o.Title, Type: o.Type, XMLURL: o.XMLURL, HTMLURL: o.HTMLURL, Outlines: toXML(o.Outlines)}
		if x.Text == "" {
			x.Text = o.Name() // text is the one required attribute
		}
		if x.Text == "" {
			x.Text = o.XMLURL
		}
		if x.Type == "" && x.XMLURL != "" {
			x.Type = "rss"
		}
		out = append(out, x)
	}
	return out
}

// WriteOPML writes an OPML 2.0 document with the given outlines.
func WriteOPML(w io.Writer, title string, outlines []Outline) error {
	doc := struct {
		XMLName xml.Name     `xml:"opml"`
		Version string       `xml:"version,attr"`
		Title   string       `xml:"head>title"`
		Created string       `xml:"head>dateCreated"`
		Body    []xmlOutline `xml:"body>outline"`
	}{Version: "2.0", Title: title, Created: time.Now().UTC().Format(time.RFC1123Z), Body: toXML(outlines)}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("feed: write OPML: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("feed: write OPML: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("feed: write OPML: %w", err)
	}
	return nil
}
