package markdown

import (
	"bytes"
	"sort"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// findMore returns the top-level block that holds the first <!--more-->
// marker, or nil. inline is true when the marker is inside that block (a
// paragraph) rather than the block itself.
func findMore(doc ast.Node, src []byte) (block ast.Node, inline bool) {
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

// summaryNodes returns the top-level blocks that make the summary: those
// before the marker (and the paragraph holding an inline marker), else the
// first paragraph.
func summaryNodes(doc, more ast.Node, inline bool) []ast.Node {
	var nodes []ast.Node
	if more == nil {
		for b := doc.FirstChild(); b != nil; b = b.NextSibling() {
			if b.Kind() == ast.KindParagraph {
				return append(nodes, b)
			}
		}
		return nil
	}
	for b := doc.FirstChild(); b != nil && b != more; b = b.NextSibling() {
		nodes = append(nodes, b)
	}
	if inline {
		nodes = append(nodes, more)
	}
	return nodes
}

// toc lists the h2, h3 and h4 headings of doc.
func toc(doc ast.Node, src []byte) []Heading {
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
		var sb strings.Builder
		inlineText(&sb, h, src)
		hs = append(hs, Heading{Level: h.Level, ID: id, Text: collapse(sb.String())})
	}
	return hs
}

// links lists the destinations of the links, images and autolinks of doc,
// each with the line of its destination (or of the link, when the
// destination is not written there, as in a reference link).
func links(doc ast.Node, src []byte) []Link {
	var ls []Link
	var starts []int // line start offsets, computed on first use
	lineOf := func(off int) int {
		if starts == nil {
			starts = append(starts, 0)
			for i, c := range src {
				if c == '\n' {
					starts = append(starts, i+1)
				}
			}
		}
		return sort.SearchInts(starts, off+1)
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

// position returns the source offset of n, or of its nearest ancestor that
// has one, and the end of the enclosing block; -1 if unknown.
func position(n ast.Node) (pos, end int) {
	pos, end = -1, -1
	for p := n; p != nil && p.Kind() != ast.KindDocument; p = p.Parent() {
		if pos < 0 {
			pos = safePos(p)
		}
		if p.Type() == ast.TypeBlock && p.Lines() != nil && p.Lines().Len() > 0 {
			lines := p.Lines()
			if pos < 0 {
				pos = lines.At(0).Start
			}
			return pos, lines.At(lines.Len() - 1).Stop
		}
	}
	return pos, end
}

// safePos returns n.Pos(); some inline nodes compute it from lines they do
// not have, so a panic means "unknown".
func safePos(n ast.Node) (pos int) {
	defer func() {
		if recover() != nil {
			pos = -1
		}
	}()
	return n.Pos()
}

// plainText returns the text of doc, white space collapsed, and the number
// of its words (runs holding a letter or a digit).
func plainText(doc ast.Node, src []byte) (string, int) {
	var sb strings.Builder
	sb.Grow(len(src))
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
				sb.Write(seg.Value(src))
			}
			sb.WriteByte(' ')
			return ast.WalkSkipChildren, nil
		}
		if n.Type() == ast.TypeBlock {
			if c := n.FirstChild(); c != nil && c.Type() == ast.TypeInline {
				inlineText(&sb, n, src)
				sb.WriteByte(' ')
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	text := collapse(sb.String())
	return text, countWords(text)
}

// inlineText writes the text of the inline children of n.
func inlineText(sb *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(src)
			if !c.IsRaw() {
				v = unescape(v)
			}
			sb.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				sb.WriteByte(' ')
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
			inlineText(sb, c, src)
		}
	}
}

// unescape resolves the backslash escapes and character references of
// Markdown text, as goldmark's renderer does.
func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	if bytes.IndexByte(v, '&') >= 0 {
		v = util.ResolveNumericReferences(v)
		v = util.ResolveEntityNames(v)
	}
	return v
}

// collapse replaces runs of ASCII white space by one space and trims the
// ends. No-break spaces are kept.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// countWords counts the runs between spaces that hold a letter or a digit.
func countWords(s string) int {
	n := 0
	counted := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			counted = false
			continue
		}
		if !counted && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			n++
			counted = true
		}
	}
	return n
}
