package markdown

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// summaryBlocks returns the first and the last of the top-level blocks that
// make the summary: those before the marker (and the paragraph holding an
// inline marker), else the first paragraph; nil, nil if there are none.
func summaryBlocks(doc, more ast.Node, inline bool) (first, last ast.Node) {
	if more == nil {
		for b := doc.FirstChild(); b != nil; b = b.NextSibling() {
			if b.Kind() == ast.KindParagraph {
				return b, b
			}
		}
		return nil, nil
	}
	if inline {
		return doc.FirstChild(), more
	}
	if more == doc.FirstChild() {
		return nil, nil
	}
	return doc.FirstChild(), more.PreviousSibling()
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

// extraction is what extract finds in a document.
type extraction struct {
	toc      []Heading
	sections []Section
	links    []Link
	text     string
	words    int
	// more is the top-level block that holds the first <!--more--> marker,
	// or nil; inline is true when the marker is inside that block (a
	// paragraph) rather than the block itself.
	more   ast.Node
	inline bool
	// images are the images to render through the Resolver, when it is
	// an ImageRenderer; the slice is the scratch's.
	images []pendingImage
}

// scratch is the working memory of extract, reused from one document to
// the next: the results are copied out of it at their final size.
type scratch struct {
	t      collapser
	toc    []Heading
	spans  [][2]int // the text of each heading of toc in t.buf
	links  []Link
	images []pendingImage // for the Resolver, when it is an ImageRenderer
	raw    []byte         // the raw HTML that may be the <!--more--> marker
}

// extract walks doc once and returns its table of contents (the h2, h3 and
// h4 headings at its top level), the destinations of its links, images and
// autolinks with their lines, its plain text with white space collapsed and
// the number of its words (runs holding a letter or a digit), and the block
// that holds the <!--more--> marker.
func extract(doc ast.Node, src []byte, sc *scratch, r Resolver) extraction {
	sc.t.Reset()
	x := extractor{src: src, t: &sc.t, sc: sc, lastLine: 1, resolve: r}
	sc.toc, sc.spans, sc.links, sc.images = sc.toc[:0], sc.spans[:0], sc.links[:0], sc.images[:0]
	for b := doc.FirstChild(); b != nil; b = b.NextSibling() {
		x.top = b
		if h, ok := b.(*ast.HTMLBlock); ok && x.res.more == nil {
			raw := sc.raw[:0]
			for i := range h.Lines().Len() {
				seg := h.Lines().At(i)
				raw = append(raw, seg.Value(src)...)
			}
			if isMore(raw) {
				x.res.more = b
			}
			sc.raw = raw
		}
		h, heading := b.(*ast.Heading)
		heading = heading && h.Level >= 2 && h.Level <= 4
		start := len(x.t.buf)
		x.walk(b)
		if heading {
			x.heading(h, start)
		}
	}
	x.res.text = x.t.String()
	if len(sc.toc) > 0 {
		// The text of a heading is that of the heading alone: the plain
		// text of the body holds it, after a space unless it comes first.
		x.res.toc = slices.Clone(sc.toc)
		x.res.sections = make([]Section, len(sc.toc))
		for i, span := range sc.spans {
			x.res.toc[i].Text = x.res.text[span[0]:span[1]]
			// The text under a heading runs to the next heading, less the
			// spaces between them.
			end := len(x.res.text)
			if i+1 < len(sc.spans) {
				end = max(span[1], sc.spans[i+1][0]-1)
			}
			body := x.res.text[min(span[1]+1, end):end]
			x.res.sections[i] = Section{ID: sc.toc[i].ID, Heading: x.res.toc[i].Text, Body: body, Start: span[0]}
		}
	}
	if len(sc.links) > 0 {
		x.res.links = slices.Clone(sc.links)
	}
	x.res.images = sc.images
	// Drop the strings before the scratch is pooled.
	clear(sc.toc)
	clear(sc.links)
	x.res.words = countWords(x.res.text)
	return x.res
}

// extractor holds the state of extract.
type extractor struct {
	src []byte
	t   *collapser
	sc  *scratch
	top ast.Node // the top-level block being walked
	res extraction

	resolve Resolver // for relative links and images; may be nil

	// The offset and line of the last link, which lineOf counts from.
	lastOff, lastLine int
}

// heading adds heading h, a top-level block whose text was written to
// x.t.buf from start, to the table of contents.
func (x *extractor) heading(h *ast.Heading, start int) {
	var id string
	if v, ok := h.AttributeString("id"); ok {
		if s, ok := v.([]byte); ok {
			id = string(s)
		}
	}
	end := len(x.t.buf)
	if start > 0 && start < end && x.t.buf[start] == ' ' {
		start++ // the space between the text before and the heading's
	}
	x.sc.toc = append(x.sc.toc, Heading{Level: h.Level, ID: id})
	x.sc.spans = append(x.sc.spans, [2]int{start, end})
}

// walk visits n and its descendants in document order: it writes their
// text and notes their links and the <!--more--> marker.
func (x *extractor) walk(n ast.Node) {
	x.note(n)
	switch n.Kind() {
	case ast.KindHTMLBlock:
		return
	case ast.KindCodeBlock, ast.KindFencedCodeBlock:
		for i := range n.Lines().Len() {
			seg := n.Lines().At(i)
			x.t.Write(seg.Value(x.src))
		}
		x.t.Space()
		return
	}
	if n.Type() == ast.TypeBlock {
		if c := n.FirstChild(); c != nil && c.Type() == ast.TypeInline {
			x.inline(n)
			x.t.Space()
			return
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		x.walk(c)
	}
}

// inline writes the text of the inline children of n, and notes their
// links and the <!--more--> marker.
func (x *extractor) inline(n ast.Node) {
	src := x.src
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		x.note(c)
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(src)
			if !c.IsRaw() {
				v = unescape(v)
			}
			x.t.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				x.t.Space()
			}
		case *ast.String:
			if c.IsRaw() || c.IsCode() {
				x.t.Write(c.Value)
			} else {
				x.t.Write(unescape(c.Value))
			}
		case *ast.AutoLink:
			x.t.Write(c.Label(src))
		case *ast.RawHTML:
		default:
			x.inline(c)
		}
	}
}

// note records n if it is a link, an image or an autolink, or the first
// <!--more--> marker written inside a block.
func (x *extractor) note(n ast.Node) {
	var dest []byte
	image := false
	switch n := n.(type) {
	case *ast.Link:
		dest = n.Destination
	case *ast.Image:
		dest, image = n.Destination, true
	case *ast.AutoLink:
		dest = n.URL(x.src)
		if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(dest), []byte("mailto:")) {
			dest = append([]byte("mailto:"), dest...)
		}
	case *ast.RawHTML:
		if x.res.more == nil && x.top.Kind() != ast.KindHTMLBlock {
			raw := x.sc.raw[:0]
			for i := range n.Segments.Len() {
				seg := n.Segments.At(i)
				raw = append(raw, seg.Value(x.src)...)
			}
			if isMore(raw) {
				x.res.more, x.res.inline = x.top, true
			}
			x.sc.raw = raw
		}
		return
	default:
		return
	}
	pos, end := position(n)
	if pos >= 0 && len(dest) > 0 && pos < end && end <= len(x.src) {
		if k := bytes.Index(x.src[pos:end], dest); k >= 0 {
			pos += k
		}
	}
	line := 1
	if pos >= 0 {
		line = x.lineOf(pos)
	}
	l := Link{Dest: string(dest), Line: line, Image: image, URL: string(dest)}
	if img, ok := n.(*ast.Image); ok {
		x.noteImage(img, line)
	}
	if x.resolve != nil && Relative(l.Dest) {
		if url, ok := x.resolve.Resolve(l.Dest, image); ok {
			l.URL, l.Resolved = url, true
			switch n := n.(type) {
			case *ast.Link:
				n.Destination = []byte(url)
			case *ast.Image:
				n.Destination = []byte(url)
			}
		}
	}
	x.sc.links = append(x.sc.links, l)
}

// Relative reports whether a link destination is relative to the page's file:
// not empty, not an anchor of the page, no scheme, not from the site's
// root.
func Relative(dest string) bool {
	if dest == "" || dest[0] == '#' || dest[0] == '/' || dest[0] == '?' {
		return false
	}
	if i := strings.IndexAny(dest, ":/?#"); i > 0 && dest[i] == ':' {
		return false // a scheme: https:, mailto:, data:...
	}
	return true
}

// lineOf returns the line of offset off. Links come mostly in the order of
// the text, so it counts the line breaks from the last offset asked.
func (x *extractor) lineOf(off int) int {
	off = min(off, len(x.src))
	if off < x.lastOff {
		x.lastOff, x.lastLine = 0, 1
	}
	x.lastLine += bytes.Count(x.src[x.lastOff:off], []byte("\n"))
	x.lastOff = off
	return x.lastLine
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

// A collapser builds a text from the pieces written to it, with every run
// of ASCII white space replaced by one space and none at the ends, as if
// the whole were written first and collapsed after. No-break spaces are
// kept. Its buffer is reused after Reset.
type collapser struct {
	buf   []byte
	space bool // white space was written after the text so far
}

// Reset empties the text.
func (c *collapser) Reset() {
	c.buf = c.buf[:0]
	c.space = false
}

// Write adds p.
func (c *collapser) Write(p []byte) {
	// The common case: single spaces between words, and perhaps one space
	// at either end, next to emphasis or a link. The words and the spaces
	// between them are copied whole.
	lead := len(p) > 0 && p[0] == ' '
	trail := len(p) > 1 && p[len(p)-1] == ' '
	words := p
	if lead {
		words = words[1:]
	}
	if trail {
		words = words[:len(words)-1]
	}
	if plainSpaced(words) {
		if lead {
			c.Space()
		}
		if c.space {
			c.buf = append(c.buf, ' ')
		}
		c.buf = append(c.buf, words...)
		c.space = trail
		return
	}
	for len(p) > 0 {
		// Copy the text up to the next white space, then skip it.
		i := 0
		for i < len(p) && !isASCIISpace(p[i]) {
			i++
		}
		if i > 0 {
			if c.space {
				c.buf = append(c.buf, ' ')
			}
			c.buf = append(c.buf, p[:i]...)
			c.space = false
		}
		for i < len(p) && isASCIISpace(p[i]) {
			i++
			c.space = len(c.buf) > 0
		}
		p = p[i:]
	}
}

// Space adds white space, which shows as one space between two pieces of
// text.
func (c *collapser) Space() {
	c.space = len(c.buf) > 0
}

// String returns a copy of the text.
func (c *collapser) String() string { return string(c.buf) }

// plainSpaced reports whether p is not empty and its only white space is
// single spaces between other characters, which collapsing leaves as they
// are. Most text is so: the loop reads every byte without a branch that
// depends on it, which is faster than the general case.
func plainSpaced(p []byte) bool {
	if len(p) == 0 || p[0] == ' ' || p[len(p)-1] == ' ' {
		return false
	}
	var bad, prev uint8 // prev: the class of the byte before
	for _, b := range p {
		class := asciiClass[b]
		bad |= class&otherSpace | class&prev&space
		prev = class
	}
	return bad == 0
}

// isASCIISpace reports whether c is ASCII white space.
func isASCIISpace(c byte) bool { return asciiClass[c]&space != 0 }

// The classes of bytes, as bits of asciiClass.
const (
	space      = 1 << iota // ASCII white space
	otherSpace             // ASCII white space other than ' '
	wordChar               // an ASCII letter or digit
)

// asciiClass gives the class bits of every byte; those of non-ASCII bytes
// are 0.
var asciiClass = func() (t [256]uint8) {
	t[' '] = space
	for _, c := range "\t\n\r\f\v" {
		t[c] = space | otherSpace
	}
	for c := range 128 {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			t[c] = wordChar
		}
	}
	return t
}()

// countWords counts the runs between spaces that hold a letter or a digit.
func countWords(s string) int {
	n := 0
	var counted uint8 // 1 when the current run is counted
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			// unicode.IsSpace, IsLetter and IsDigit for ASCII, computed
			// without a branch that depends on the character.
			class := asciiClass[c]
			isWord := (class & wordChar) >> 2 // 1 for a letter or a digit
			isSpace := class & space          // 1 for white space
			n += int(isWord &^ counted)
			counted = (counted | isWord) &^ isSpace
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsSpace(r):
			counted = 0
		case counted == 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			n++
			counted = 1
		}
	}
	return n
}
