// Package article fetches a news page safely and extracts its readable text
// and metadata for the summariser.
package article

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/RadhiFadlillah/whatlanggo"
	"golang.org/x/net/html"

	"github.com/digestbot/digestbot/digest"
)

// Article is a page's readable text and what the page says about itself.
type Article struct {
	URL       string
	Title     string
	Byline    string
	Site      string
	Language  string // lower-case primary subtag, e.g. "en"
	Published time.Time
	// Canonical is the page's canonical link or og:url, absolute; "" when
	// it gives none.
	Canonical string
	// Text is plain text, one paragraph (or heading or list item) per block,
	// blocks separated by a blank line, boilerplate removed.
	Text string
	// Blocks type the blocks of Text, in order, by offsets into Text; nil
	// when the structure is unknown (digest.MakeBlocks then infers it).
	Blocks []digest.Block
}

// Errors callers branch on with errors.Is; each has a short meaning a user
// can be shown.
var (
	ErrNoArticle = errors.New("no article text found on the page")
	ErrNotHTML   = errors.New("the link is not a web page")
	ErrNotFound  = errors.New("the page was not found")
	ErrTooLarge  = errors.New("the page is too large")
	ErrTimeout   = errors.New("the site took too long to answer")
)

// minTextRunes is the least text we call an article; anything shorter is a
// landing page, a paywall stub or an error page.
const minTextRunes = 150

// Extract finds the article in an HTML page. It is pure: bytes in, values
// out. pageURL resolves the site name when the page gives none. The charset
// comes from a BOM or <meta charset>; use Fetcher to honour a Content-Type.
// Like Fetcher, it looks at no more than DefaultMaxBytes of the page, so a
// huge file costs no more than a large page.
func Extract(page []byte, pageURL string) (Article, error) {
	if len(page) > DefaultMaxBytes {
		a, err := extract(page[:DefaultMaxBytes], pageURL, "")
		if errors.Is(err, ErrNoArticle) {
			err = fmt.Errorf("%w (%w: read the first %d bytes)", err, ErrTooLarge, DefaultMaxBytes)
		}
		return a, err
	}
	return extract(page, pageURL, "")
}

func extract(page []byte, pageURL, contentType string) (a Article, err error) {
	// The extractors are large third-party code fed with untrusted pages; a
	// panic in them must cost one article, not the bot.
	defer func() {
		if r := recover(); r != nil {
			a, err = Article{URL: pageURL}, fmt.Errorf("article: %s: extractor panic: %v: %w", pageURL, r, ErrNoArticle)
		}
	}()
	if len(page) == 0 {
		return Article{URL: pageURL}, fmt.Errorf("article: %s: empty page: %w", pageURL, ErrNoArticle)
	}
	if !looksLikeText(page) {
		return Article{URL: pageURL}, fmt.Errorf("article: %s: binary content: %w", pageURL, ErrNotHTML)
	}
	doc, err := html.Parse(strings.NewReader(cutMarkup(decodeHTML(page, contentType))))
	if err != nil {
		// Only pathological markup fails to parse (say, 512 nested <div>s).
		return Article{URL: pageURL}, fmt.Errorf("article: %s: %w: %w", pageURL, ErrNoArticle, err)
	}
	meta := readMeta(doc)
	a = Article{URL: pageURL, Byline: meta.byline(), Published: meta.published(), Language: meta.language()}
	a.Site = meta.siteName(pageURL)
	a.Canonical = meta.canonicalURL(pageURL)
	a.Title = meta.titleText(a.Site)

	// The metadata came from the whole page; the article is looked for
	// in as much of it as readability can read in bounded time.
	boundPage(doc)
	paras, ra := readabilityParagraphs(doc, pageURL)
	if ra != nil {
		if a.Language == "" {
			a.Language = primaryLanguage(ra.Language())
		}
		if a.Byline == "" {
			a.Byline = bareByline(ra.Byline())
		}
		if a.Published.IsZero() {
			if t, err := ra.PublishedTime(); err == nil {
				a.Published = t
			}
		}
		if a.Title == "" {
			a.Title = ra.Title()
		}
	}
	kept := cleanParagraphs(cutAtComments(paras), a.Title, a.Byline)
	typeBlocks(kept)
	a.Text, a.Blocks = joinBlocks(kept)
	if utf8.RuneCountInString(a.Text) < minTextRunes {
		// A page that builds its story with script still declares it in
		// its JSON-LD: the publisher's own text beats no card.
		if text, blocks := joinBlocks(cleanParagraphs(declaredParagraphs(meta.ldBody), a.Title, a.Byline)); utf8.RuneCountInString(text) >= minTextRunes {
			a.Text, a.Blocks = text, blocks
		}
	}
	if utf8.RuneCountInString(a.Text) < minTextRunes {
		return a, fmt.Errorf("article: %s: %w", pageURL, ErrNoArticle)
	}
	if a.Language == "" {
		// The page does not say; a trigram guess on the text is reliable
		// at article length.
		a.Language = whatlanggo.DetectLang(a.Text).Iso6391()
	}
	return a, nil
}

// readabilityParagraphs runs readability on doc, which it changes (the
// metadata pass must come first; skipping the clone saves a copy of the
// page), and returns its content as paragraphs, with the article it found
// for its metadata; nil when it found none.
func readabilityParagraphs(doc *html.Node, pageURL string) ([]block, *readability.Article) {
	u, _ := url.Parse(pageURL)
	if u == nil {
		u = &url.URL{}
	}
	parser := readability.NewParser()
	// Class names tell a caption, a byline or a dek from a paragraph.
	parser.KeepClasses = true
	art, err := parser.ParseAndMutate(doc, u)
	if err != nil || art.Node == nil {
		return nil, nil
	}
	return dropLinkBlocks(dropOwnAddress(textBlocks(art.Node, u), u)), &art
}

// Link-only blocks inside the article are teaser headlines, menus, tag
// lists and author-page links; prose with a link or two stays.
const (
	maxLinkBlockWords   = 25
	minLinkBlockDensity = 0.8
	maxLinkWordShare    = 0.4
)

// dropLinkBlocks keeps the blocks that are not mostly link text, unless
// such blocks carry most of the words: then the links are the article (a
// shopping list, a link round-up) and all blocks stay.
func dropLinkBlocks(blocks []block) []block {
	out := make([]block, 0, len(blocks))
	var linkWords, allWords int
	for _, b := range blocks {
		words := wordCount(b.text)
		allWords += words
		// A link that shows its own address is a reference the author
		// wrote out, not navigation.
		if b.linkDensity() >= minLinkBlockDensity && words <= maxLinkBlockWords && !looksLikeURL(b.text) {
			linkWords += words
			continue
		}
		out = append(out, b)
	}
	if float64(linkWords) > maxLinkWordShare*float64(allWords) {
		return blocks
	}
	return out
}

// joinBlocks lays blocks out as the article's text, separated by blank
// lines, and types each one's span of it.
func joinBlocks(blocks []block) (string, []digest.Block) {
	var sb strings.Builder
	typed := make([]digest.Block, 0, len(blocks))
	for i, b := range blocks {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		start := sb.Len()
		sb.WriteString(b.text)
		typed = append(typed, digest.Block{Kind: b.kind, Start: start, End: sb.Len()})
	}
	return sb.String(), typed
}

// looksLikeText rejects PDFs, images and other binaries before they reach
// the HTML parser, which would accept anything.
func looksLikeText(page []byte) bool {
	ct := http.DetectContentType(page)
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "xml")
}

// dropOwnAddress removes the blocks that are the page's own address: a
// permalink or "copy link" box shown with the story, never part of it. A
// written-out address of another page is a reference and stays.
func dropOwnAddress(blocks []block, page *url.URL) []block {
	return slices.DeleteFunc(blocks, func(b block) bool {
		if !looksLikeURL(b.text) {
			return false
		}
		u, err := url.Parse(b.text)
		return err == nil && u.Host != "" && samePage(u, page)
	})
}

func looksLikeURL(s string) bool {
	return !strings.ContainsAny(s, " \t") && (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "www."))
}
