package markdown

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// The functions below are the first implementation of what extract does,
// in four walks of the document: extract must find the same.

// refFindMore returns the top-level block that holds the first <!--more-->
// marker, or nil. inline is true when the marker is inside that block (a
// paragraph) rather than the block itself.
func refFindMore(doc ast.Node, src []byte) (block ast.Node, inline bool) {
	for b := doc.FirstChild(); b != nil; b = b.NextSibling() {
		if h, ok := b.(*ast.HTMLBlock); ok {
			var raw []byte
			for i := range h.Lines().Len() {
				seg := h.Lines().At(i)
				raw = append(raw, seg.Value(src)...)
			}
			if isMore(raw) {
				return b, false
			}
			continue
		}
		found := false
		_ = ast.Walk(b, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if r, ok := n.(*ast.RawHTML); ok && entering {
				var raw []byte
				for i := range r.Segments.Len() {
					seg := r.Segments.At(i)
					raw = append(raw, seg.Value(src)...)
				}
				if isMore(raw) {
					found = true
					return ast.WalkStop, nil
				}
			}
			return ast.WalkContinue, nil
		})
		if found {
			return b, true
		}
	}
	return nil, false
}

// refTOC lists the h2, h3 and h4 headings of doc. t is scratch space.
func refTOC(doc ast.Node, src []byte, t *collapser) []Heading {
	var hs []Heading
	for b := doc.FirstChild(); b != nil; b = b.NextSibling() {
		h, ok := b.(*ast.Heading)
		if !ok || h.Level < 2 || h.Level > 4 {
			continue
		}
		var id string
		if v, ok := h.AttributeString("id"); ok {
			if s, ok := v.([]byte); ok {
				id = string(s)
			}
		}
		t.Reset()
		refInlineText(t, h, src)
		hs = append(hs, Heading{Level: h.Level, ID: id, Text: t.String()})
	}
	return hs
}

// refLinks lists the destinations of the links, images and autolinks of doc,
// each with the line of its destination (or of the link, when the
// destination is not written there, as in a reference link).
func refLinks(doc ast.Node, src []byte) []Link {
	var ls []Link
	// lineOf returns the line of offset off. Links come mostly in the order
	// of the text, so it counts the line breaks from the last offset asked.
	lastOff, lastLine := 0, 1
	lineOf := func(off int) int {
		off = min(off, len(src))
		if off < lastOff {
			lastOff, lastLine = 0, 1
		}
		lastLine += bytes.Count(src[lastOff:off], []byte("\n"))
		lastOff = off
		return lastLine
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		image := false
		switch n := n.(type) {
		case *ast.Link:
			dest = n.Destination
		case *ast.Image:
			dest, image = n.Destination, true
		case *ast.AutoLink:
			dest = n.URL(src)
			if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(dest), []byte("mailto:")) {
				dest = append([]byte("mailto:"), dest...)
			}
		default:
			return ast.WalkContinue, nil
		}
		pos, end := position(n)
		if pos >= 0 && len(dest) > 0 && pos < end && end <= len(src) {
			if k := bytes.Index(src[pos:end], dest); k >= 0 {
				pos += k
			}
		}
		line := 1
		if pos >= 0 {
			line = lineOf(pos)
		}
		ls = append(ls, Link{Dest: string(dest), Line: line, Image: image})
		return ast.WalkContinue, nil
	})
	return ls
}

// refPlainText returns the text of doc, white space collapsed, and the number
// of its words (runs holding a letter or a digit). t is scratch space.
func refPlainText(doc ast.Node, src []byte, t *collapser) (string, int) {
	t.Reset()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindHTMLBlock:
			return ast.WalkSkipChildren, nil
		case ast.KindCodeBlock, ast.KindFencedCodeBlock:
			for i := range n.Lines().Len() {
				seg := n.Lines().At(i)
				t.Write(seg.Value(src))
			}
			t.Space()
			return ast.WalkSkipChildren, nil
		}
		if n.Type() == ast.TypeBlock {
			if c := n.FirstChild(); c != nil && c.Type() == ast.TypeInline {
				refInlineText(t, n, src)
				t.Space()
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	text := t.String()
	return text, countWords(text)
}

// refInlineText writes the text of the inline children of n.
func refInlineText(sb *collapser, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(src)
			if !c.IsRaw() {
				v = unescape(v)
			}
			sb.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				sb.Space()
			}
		case *ast.String:
			if c.IsRaw() || c.IsCode() {
				sb.Write(c.Value)
			} else {
				sb.Write(unescape(c.Value))
			}
		case *ast.AutoLink:
			sb.Write(c.Label(src))
		case *ast.RawHTML:
		default:
			refInlineText(sb, c, src)
		}
	}
}

// checkExtract compares extract, with scratch space sc, with the reference
// functions on src.
func checkExtract(t *testing.T, c *Converter, sc *scratch, src []byte) {
	t.Helper()
	src = normalize(src)
	if checkLimits(src) != nil {
		return
	}
	doc := c.parse(src)
	x := extract(doc, src, sc)
	more, inline := refFindMore(doc, src)
	toc := refTOC(doc, src, &collapser{})
	links := refLinks(doc, src)
	text, words := refPlainText(doc, src, &collapser{})
	if x.more != more || x.inline != inline {
		t.Errorf("%q: more %v %v, want %v %v", src, x.more, x.inline, more, inline)
	}
	if fmt.Sprintf("%#v", x.toc) != fmt.Sprintf("%#v", toc) {
		t.Errorf("%q: TOC %#v, want %#v", src, x.toc, toc)
	}
	if fmt.Sprintf("%#v", x.links) != fmt.Sprintf("%#v", links) {
		t.Errorf("%q: links %#v, want %#v", src, x.links, links)
	}
	if x.text != text || x.words != words {
		t.Errorf("%q: text %q (%d words), want %q (%d)", src, x.text, x.words, text, words)
	}
}

// TestExtractReference runs checkExtract on the identity corpus.
func TestExtractReference(t *testing.T) {
	convs := []*Converter{New(Options{}), New(Options{French: true}), New(Options{French: true, UnsafeHTML: true})}
	sc := &scratch{} // reused, as the converters do
	for _, in := range identityCorpus(t) {
		for _, c := range convs {
			checkExtract(t, c, sc, []byte(in.in))
		}
	}
}

func FuzzExtractReference(f *testing.F) {
	for _, s := range trickyInputs {
		f.Add(s)
	}
	f.Add(page)
	c := New(Options{French: true, UnsafeHTML: true})
	f.Fuzz(func(t *testing.T, s string) {
		checkExtract(t, c, &scratch{}, []byte(s))
	})
}
