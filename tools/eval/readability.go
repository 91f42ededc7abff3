package eval

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// ReadabilityPageURL is the address Mozilla Readability's test suite gives
// every test page; its expected output resolves links against it.
const ReadabilityPageURL = "http://fakehost/test/page.html"

// LoadReadabilityPages reads a copy of Mozilla Readability's test pages
// (dir/<name>/source.html and expected.html, Readability.js's own output)
// as extraction pages whose body is the text of expected.html: a reference
// extraction, not a human's. list, when not empty, is a file naming the
// pages to read, one a line, so that a tuning half and a held-out half can
// be scored apart; otherwise every folder holding both files is read.
func LoadReadabilityPages(dir, list string) ([]ExtractionPage, error) {
	names, err := readabilityNames(dir, list)
	if err != nil {
		return nil, err
	}
	pages := make([]ExtractionPage, 0, len(names))
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(dir, name, "source.html"))
		if err != nil {
			return nil, fmt.Errorf("eval: readability page %s: %w", name, err)
		}
		exp, err := os.ReadFile(filepath.Join(dir, name, "expected.html"))
		if err != nil {
			return nil, fmt.Errorf("eval: readability page %s: %w", name, err)
		}
		body, err := HTMLText(exp)
		if err != nil {
			return nil, fmt.Errorf("eval: readability page %s: expected.html: %w", name, err)
		}
		pages = append(pages, ExtractionPage{ID: name, URL: ReadabilityPageURL, Body: body, HTML: src})
	}
	return pages, nil
}

// readabilityNames lists the pages to read, sorted: those list names, or
// every folder of dir that holds an expected.html.
func readabilityNames(dir, list string) ([]string, error) {
	var names []string
	if list != "" {
		f, err := os.Open(list)
		if err != nil {
			return nil, fmt.Errorf("eval: readability page list: %w", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if name := strings.TrimSpace(sc.Text()); name != "" && !strings.HasPrefix(name, "#") {
				names = append(names, name)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("eval: readability page list: %w", err)
		}
	} else {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("eval: readability pages: %w", err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			_, err := os.Stat(filepath.Join(dir, e.Name(), "expected.html"))
			switch {
			case err == nil:
				names = append(names, e.Name())
			case !errors.Is(err, os.ErrNotExist):
				return nil, fmt.Errorf("eval: readability pages: %w", err)
			}
		}
	}
	sort.Strings(names)
	return names, nil
}

// htmlBreaks are the elements whose edges separate words even without
// whitespace in the markup; inline elements ("<b>W</b>ord") do not.
var htmlBreaks = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "header": true, "footer": true,
	"aside": true, "nav": true, "figure": true, "figcaption": true, "blockquote": true, "pre": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true, "ol": true, "li": true,
	"dl": true, "dt": true, "dd": true, "table": true, "tr": true, "td": true, "th": true, "br": true,
	"hr": true, "img": true, "address": true, "details": true, "summary": true,
}

var lineBreaks = strings.NewReplacer("\n", " ", "\r", " ")

// HTMLText is a fragment's visible text, the way a browser's innerText
// reads it: text nodes in order, a line break at each block element's
// edges, nothing from scripts and styles.
func HTMLText(page []byte) (string, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			// Line breaks in the markup are spaces on the screen.
			sb.WriteString(lineBreaks.Replace(n.Data))
			return
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "template"):
			return
		}
		brk := n.Type == html.ElementNode && htmlBreaks[n.Data]
		if brk {
			sb.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if brk {
			sb.WriteByte('\n')
		}
	}
	walk(doc)
	lines := strings.Split(sb.String(), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n"), nil
}
