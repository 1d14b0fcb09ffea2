package email

import (
	"bytes"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TextWidth is the widest line, in columns, that Text writes, except for a
// line that holds a single word or URL longer than that: under the 78
// columns of RFC 5322, with room for a reply's "> ".
const TextWidth = 72

// maxIndent bounds the indentation (quote marks, list markers) that Text
// writes before a line, so that deeply nested input still leaves room for
// its words.
const maxIndent = TextWidth / 2

// Text returns the plain-text version of an HTML document or fragment, for
// the text/plain part of a message (see the package doc for the rules).
// Its lines end with "\n", and so does the text.
func Text(doc []byte) string {
	root, _ := html.Parse(bytes.NewReader(doc)) // reading from bytes cannot fail
	c := getTextConv(TextWidth, nil)
	defer putTextConv(c, false)
	c.children(root)
	c.flush()
	out := c.finish()
	if len(c.links.urls) > 0 {
		if len(out) > 0 {
			out = append(out, '\n')
		}
		for i, u := range c.links.urls {
			out = append(out, '[')
			out = strconv.AppendInt(out, int64(i+1), 10)
			out = append(out, "] "...)
			out = append(out, u...)
			out = append(out, '\n')
		}
	}
	return string(out)
}

// linkTable numbers the links of a text, in order of first appearance; a
// URL that appears twice keeps its first number.
type linkTable struct {
	urls []string
	num  map[string]int
}

func (t *linkTable) ref(u string) int {
	if n, ok := t.num[u]; ok {
		return n
	}
	t.urls = append(t.urls, u)
	t.num[u] = len(t.urls)
	return len(t.urls)
}

// word is a unit of inline text: a word (its bytes in textConv.wbuf), a
// link reference glued to the word before it, or a forced line break.
type word struct {
	start, end int  // its text, wbuf[start:end]
	glue       bool // no line break before it
	br         bool // a line break (no text)
}

// frame is one level of indentation: its first line starts with first (a
// list marker), the others with rest.
type frame struct {
	first, rest string
	used        bool
}

// openLink is the <a> being converted; its text is textConv.linkText.
type openLink struct {
	href string
	done bool // its reference is written
}

// textConv converts a parsed tree to lines of text. Inline text gathers in
// words until a block ends; then the words are wrapped to the width left by
// the indentation frames and appended to the lines. Its buffers are kept
// from one text to the next (see getTextConv), so that a build converting
// thousands of editions allocates little more than the texts.
type textConv struct {
	width int
	flat  bool // inside a data table's cell: one line, no markers
	links *linkTable

	// out holds the lines written, each followed by "\n"; nlines is how
	// many (no line holds a "\n").
	out    []byte
	nlines int
	frames []frame
	words  []word
	// wbuf holds the words' text; the word being read is wbuf[cur:],
	// after every word of words.
	wbuf     []byte
	cur      int
	gap      int   // before the next line: 0 none, 2 a blank line
	attach   bool  // text that follows at once joins the last word (a reference)
	pending  []int // the numbers of the references waiting for the end of the word
	link     *openLink
	linkText []byte           // the text of link
	pre      *strings.Builder // the text of the <pre> being read, if any
	fields   []byte           // scratch: a link's text, its white space collapsed
}

// textConvs keeps converters, with their buffers, for the next texts.
var textConvs = sync.Pool{New: func() any { return new(textConv) }}

// getTextConv returns a converter writing lines of width columns, numbering
// links in links (a new table when nil); putTextConv gives it back.
func getTextConv(width int, links *linkTable) *textConv {
	c := textConvs.Get().(*textConv)
	c.width = width
	if links == nil {
		if c.links == nil {
			c.links = &linkTable{num: map[string]int{}}
		}
	} else {
		c.links = links
	}
	return c
}

// putTextConv empties c, keeping its buffers (not too large ones), and
// gives it back. A converter of a table's cell gives back the links table
// it shared with its text's converter, which keeps it.
func putTextConv(c *textConv, shared bool) {
	if cap(c.out) > maxKept || cap(c.wbuf) > maxKept {
		return
	}
	links := c.links
	if shared {
		links = nil
	} else {
		clear(links.num)
		clear(links.urls)
		links.urls = links.urls[:0]
	}
	clear(c.frames)
	*c = textConv{
		links:    links,
		out:      c.out[:0],
		frames:   c.frames[:0],
		words:    c.words[:0],
		wbuf:     c.wbuf[:0],
		pending:  c.pending[:0],
		linkText: c.linkText[:0],
		fields:   c.fields[:0],
	}
	textConvs.Put(c)
}

// displayNone matches the inline styles that hide an element.
var displayNone = regexp.MustCompile(`(?i)(^|[;\s])(display\s*:\s*none|mso-hide\s*:\s*all)`)

// hides says whether an inline style hides its element, as displayNone
// matches, without the regular expression for the ASCII styles that are
// nearly all of them: Go's (?i) folds ſ to s and K to k, so a style with
// other bytes is left to displayNone.
func hides(style string) bool {
	for i := 0; i < len(style); i++ {
		if style[i] >= 0x80 {
			return displayNone.MatchString(style)
		}
	}
	for i := 0; i < len(style); i++ {
		if c := style[i] | 0x20; c != 'd' && c != 'm' { // neither display nor mso-hide, in any case
			continue
		}
		if i > 0 && !isCSSSpace(style[i-1]) && style[i-1] != ';' {
			continue
		}
		if declIs(style[i:], "display", "none") || declIs(style[i:], "mso-hide", "all") {
			return true
		}
	}
	return false
}

// declIs says whether s starts with prop, white space, a colon, white
// space and value, in any ASCII case.
func declIs(s, prop, value string) bool {
	if len(s) < len(prop) || !strings.EqualFold(s[:len(prop)], prop) {
		return false
	}
	s = strings.TrimLeft(s[len(prop):], " \t\n\f\r")
	if s == "" || s[0] != ':' {
		return false
	}
	s = strings.TrimLeft(s[1:], " \t\n\f\r")
	return len(s) >= len(value) && strings.EqualFold(s[:len(value)], value)
}

// isCSSSpace is what \s matches in a Go regular expression.
func isCSSSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// skipped says whether n and its content are left out of the text: what a
// reader never sees (head, scripts, templates, hidden elements such as the
// preheader).
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Head, atom.Title, atom.Script, atom.Style, atom.Template, atom.Noscript,
		atom.Iframe, atom.Noembed, atom.Noframes, atom.Select, atom.Datalist:
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return a.Namespace == ""
		case "style":
			if hides(a.Val) {
				return true
			}
		}
	}
	return false
}

func (c *textConv) children(n *html.Node) {
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.node(k)
	}
}

func (c *textConv) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		c.text(n.Data)
		return
	case html.ElementNode:
	default:
		c.children(n)
		return
	}
	if skipped(n) {
		return
	}
	if n.Namespace != "" { // svg, math: their text only
		c.children(n)
		return
	}
	switch n.DataAtom {
	case atom.Br:
		c.lineBreak()
	case atom.Img:
		c.text(attr(n, "alt"))
	case atom.A:
		c.anchor(n)
	case atom.Sup:
		if s, ok := superscript(textOf(n)); ok {
			c.text(s) // a note's number: "invisible¹"
			return
		}
		c.children(n)
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		c.block(2)
		c.children(n)
		c.flushHeading(headingRule[n.DataAtom])
		c.block(2)
	case atom.P, atom.Figure, atom.Address, atom.Details, atom.Fieldset, atom.Form:
		c.block(2)
		c.children(n)
		c.block(2)
	case atom.Blockquote:
		c.block(2)
		c.push("> ", "> ")
		c.children(n)
		c.block(2)
		c.pop()
	case atom.Ul, atom.Ol:
		c.list(n)
	case atom.Li: // outside a list
		c.item(n, "- ")
	case atom.Dl:
		c.block(2)
		c.children(n)
		c.block(2)
	case atom.Dd:
		c.block(1)
		c.push("    ", "    ")
		c.children(n)
		c.block(1)
		c.pop()
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext:
		c.preformatted(n)
	case atom.Hr:
		c.block(2)
		c.addWord("* * *", false)
		c.block(2)
	case atom.Table:
		if isDataTable(n) && !c.flat {
			c.dataTable(n)
		} else {
			c.block(1)
			c.children(n)
			c.block(1)
		}
	default:
		if blockElements[n.DataAtom] {
			c.block(1)
			c.children(n)
			c.block(1)
			return
		}
		c.children(n)
	}
}

// headingRule is the character that underlines each level of heading.
var headingRule = map[atom.Atom]byte{
	atom.H1: '=', atom.H2: '-', atom.H3: '~', atom.H4: '~', atom.H5: '~', atom.H6: '~',
}

// blockElements start and end a line; the others flow in their paragraph.
var blockElements = map[atom.Atom]bool{
	atom.Article: true, atom.Aside: true, atom.Caption: true, atom.Center: true,
	atom.Dialog: true, atom.Div: true, atom.Dt: true, atom.Figcaption: true,
	atom.Footer: true, atom.Header: true, atom.Hgroup: true, atom.Legend: true,
	atom.Main: true, atom.Menu: true, atom.Nav: true, atom.Section: true,
	atom.Summary: true, atom.Tbody: true, atom.Td: true, atom.Tfoot: true,
	atom.Th: true, atom.Thead: true, atom.Tr: true, atom.Body: true, atom.Html: true,
	atom.Option: true, atom.Optgroup: true, atom.Textarea: true,
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// text adds the words of s; HTML's white space (space, tab, line feed,
// form feed, carriage return) separates words, and nothing else does: a
// no-break space is part of its word.
func (c *textConv) text(s string) {
	if c.pre != nil {
		c.pre.WriteString(s)
		return
	}
	if c.link != nil {
		c.linkText = append(c.linkText, s...)
	}
	start := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\f', '\r':
			if start >= 0 {
				c.wbuf = append(c.wbuf, s[start:i]...)
				start = -1
			}
			c.endWord()
			c.attach = false
		default:
			if len(c.pending) > 0 {
				// A reference waits for the end of the letters and digits
				// its link ended among, so that it never splits a word.
				if r, _ := utf8.DecodeRuneInString(s[i:]); !isWordRune(r) {
					if start >= 0 {
						c.wbuf = append(c.wbuf, s[start:i]...)
					}
					c.endWord()
					start = i
					continue
				}
			}
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		c.wbuf = append(c.wbuf, s[start:]...)
	}
}

// superscript writes s, digits only, in superscript digits.
func superscript(s string) (string, bool) {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 4 {
		return "", false
	}
	var b strings.Builder
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", false
		}
		b.WriteString(string([]rune(digits)[r-'0']))
	}
	return b.String(), true
}

// textOf is the text of n and its descendants.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// endWord ends the word being read, then writes the references waiting
// for it.
func (c *textConv) endWord() {
	if len(c.wbuf) > c.cur {
		if n := len(c.words); c.attach && n > 0 && !c.words[n-1].br {
			// "[1]," when text follows a reference: the reference is the
			// last word, its text just before the word read.
			c.words[n-1].end = len(c.wbuf)
		} else {
			c.words = append(c.words, word{start: c.cur, end: len(c.wbuf)})
		}
		c.cur = len(c.wbuf)
		c.attach = false
	}
	for _, ref := range c.pending {
		n := len(c.words)
		start := len(c.wbuf)
		c.wbuf = append(c.wbuf, '[')
		c.wbuf = strconv.AppendInt(c.wbuf, int64(ref), 10)
		c.wbuf = append(c.wbuf, ']')
		c.words = append(c.words, word{start: start, end: len(c.wbuf), glue: n > 0 && !c.words[n-1].br})
		c.cur = len(c.wbuf)
		c.attach = true
	}
	c.pending = c.pending[:0]
}

// addWord adds the word s, after the word being read, which it ends.
func (c *textConv) addWord(s string, glue bool) {
	c.endWord()
	start := len(c.wbuf)
	c.wbuf = append(c.wbuf, s...)
	c.words = append(c.words, word{start: start, end: len(c.wbuf), glue: glue})
	c.cur = len(c.wbuf)
}

func (c *textConv) lineBreak() {
	if c.pre != nil {
		c.pre.WriteString("\n")
		return
	}
	c.endWord()
	c.words = append(c.words, word{br: true})
}

// anchor converts a link: its text, then " [n]", the number of its URL in
// the list at the end, unless its text is the URL itself or the URL is not
// one a reader can follow from a text part (relative, fragment, script).
func (c *textConv) anchor(n *html.Node) {
	href := strings.TrimSpace(attr(n, "href"))
	if c.link != nil || c.pre != nil || !followable(href) {
		c.children(n)
		return
	}
	l := &openLink{href: href}
	c.link = l
	c.linkText = c.linkText[:0]
	c.children(n)
	c.link = nil
	if !l.done {
		c.reference(l)
	}
}

// reference makes the reference of l, whose text is c.linkText, wait for
// the end of the word being read, to which it is glued.
func (c *textConv) reference(l *openLink) {
	l.done = true
	// The link's text, its white space collapsed and trimmed.
	text := c.fields[:0]
	space := false
	for _, b := range c.linkText {
		if isHTMLSpace(rune(b)) { // HTML's white space is ASCII
			space = true
			continue
		}
		if space && len(text) > 0 {
			text = append(text, ' ')
		}
		space = false
		text = append(text, b)
	}
	c.fields = text
	if len(text) == 0 || sameURL(string(text), l.href) {
		return
	}
	c.pending = append(c.pending, c.links.ref(l.href))
}

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r'
}

// followable says whether href is an absolute URL a reader can use.
func followable(href string) bool {
	u, err := url.Parse(href)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "ftp":
		return u.Host != ""
	case "mailto", "tel", "sms":
		return u.Opaque != "" || u.Path != ""
	}
	return false
}

// sameURL says whether a link's text already shows its URL: whether both
// are the same once lower-cased and without their scheme, "www." and
// trailing slashes (see trimURL).
func sameURL(text, href string) bool {
	if isASCII(href) {
		switch ascii, lowerASCII := asciiLower(text); {
		case ascii: // lower-cased, both keep their length: compared in place
			return strings.EqualFold(trimURL(text, true), trimURL(href, true))
		case !lowerASCII:
			// The text lower-cased keeps a rune beyond ASCII, which
			// nothing trims: it cannot be the URL.
			return false
		}
	}
	return trimURL(strings.ToLower(text), false) == trimURL(strings.ToLower(href), false)
}

// trimURL removes from s, lower-cased or (fold) ASCII, the schemes, then
// "www.", before it, and the slashes after it.
func trimURL(s string, fold bool) string {
	for _, p := range [...]string{"https://", "http://", "mailto:", "tel:", "www."} {
		if len(s) >= len(p) && (s[:len(p)] == p || fold && strings.EqualFold(s[:len(p)], p)) {
			s = s[len(p):]
		}
	}
	return strings.TrimRight(s, "/")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiLower says whether s is ASCII and, when it is not, whether one of
// its runes beyond ASCII lower-cases to ASCII (as K, the Kelvin sign,
// does), as strings.ToLower does it (an invalid byte becomes U+FFFD).
func asciiLower(s string) (ascii, lowerASCII bool) {
	ascii = true
	for _, r := range s {
		if r >= utf8.RuneSelf {
			ascii = false
			if unicode.ToLower(r) < utf8.RuneSelf {
				return false, true
			}
		}
	}
	return ascii, false
}

// block ends the paragraph being read; gap 2 asks for a blank line before
// the next one.
func (c *textConv) block(gap int) {
	c.flush()
	if gap > c.gap {
		c.gap = gap
	}
}

func (c *textConv) push(first, rest string) {
	if c.flat {
		first, rest = "", ""
	}
	c.frames = append(c.frames, frame{first: first, rest: rest})
}

func (c *textConv) pop() {
	c.frames = c.frames[:len(c.frames)-1]
}

// list converts <ul> and <ol>: "- " or "N. " before each item, its other
// lines indented to the item's text.
func (c *textConv) list(n *html.Node) {
	gap := 2
	if c.inItem() {
		gap = 1
	}
	c.block(gap)
	num, step := 1, 1
	if n.DataAtom == atom.Ol {
		if v, err := strconv.Atoi(strings.TrimSpace(attr(n, "start"))); err == nil {
			num = v
		}
		if _, ok := hasAttr(n, "reversed"); ok {
			step = -1
			if _, ok := hasAttr(n, "start"); !ok {
				num = countItems(n)
			}
		}
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type != html.ElementNode || k.DataAtom != atom.Li || skipped(k) {
			c.node(k)
			continue
		}
		marker := "- "
		if n.DataAtom == atom.Ol {
			if v, err := strconv.Atoi(strings.TrimSpace(attr(k, "value"))); err == nil {
				num = v
			}
			marker = strconv.Itoa(num) + ". "
			num += step
		}
		c.item(k, marker)
	}
	c.block(gap)
}

func hasAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

func countItems(n *html.Node) int {
	count := 0
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.ElementNode && k.DataAtom == atom.Li {
			count++
		}
	}
	return count
}

func (c *textConv) inItem() bool {
	for _, f := range c.frames {
		if f.first != f.rest {
			return true
		}
	}
	return false
}

func (c *textConv) item(n *html.Node, marker string) {
	c.block(1)
	if c.flat {
		c.children(n)
		c.block(1)
		return
	}
	c.push(marker, spaces(textWidth(marker)))
	c.children(n)
	c.block(1)
	c.pop()
}

// preformatted converts <pre>: its lines as they are (tabs expanded), a line
// too wide broken at a space only.
func (c *textConv) preformatted(n *html.Node) {
	if c.pre != nil {
		c.children(n)
		return
	}
	c.block(2)
	var b strings.Builder
	c.pre = &b
	c.children(n)
	c.pre = nil
	text := strings.TrimSuffix(strings.ReplaceAll(b.String(), "\r\n", "\n"), "\n")
	if c.flat {
		c.text(text)
		c.block(2)
		return
	}
	for line := range strings.SplitSeq(text, "\n") {
		line = expandTabs(line)
		for _, part := range breakPre(line, c.avail()) {
			c.emit(part)
		}
	}
	c.block(2)
}

// spaces returns n spaces.
func spaces(n int) string {
	const s = "                                                                "
	if n <= len(s) {
		return s[:n]
	}
	return strings.Repeat(" ", n)
}

func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col += runeWidth(r)
	}
	return b.String()
}

// breakPre cuts a preformatted line wider than avail at its last space
// that fits, keeping the spaces of the text; a line without such a space
// stays whole.
func breakPre(line string, avail int) []string {
	var parts []string
	for textWidth(line) > avail {
		cut, w := -1, 0
		for i, r := range line {
			if w > avail {
				break
			}
			if r == ' ' && i > 0 && strings.TrimLeft(line[:i], " ") != "" {
				cut = i
			}
			w += runeWidth(r)
		}
		if cut < 0 {
			break
		}
		parts = append(parts, line[:cut])
		line = strings.TrimLeft(line[cut:], " ")
	}
	return append(parts, line)
}

// avail is the width left for text after the indentation.
func (c *textConv) avail() int {
	return c.width - c.prefixWidth()
}

// What a prefix is for.
const (
	textLine  = iota // a line of text: list markers are written once
	blankLine        // a blank line: only the frames already begun
)

// prefixWidth is the width the frames take before a line.
func (c *textConv) prefixWidth() int {
	w := 0
	for _, f := range c.frames {
		if fw := textWidth(f.rest); w+fw <= maxIndent {
			w += fw
		}
	}
	return w
}

// writePrefix appends to c.out the indentation of the next line, at most
// maxIndent wide.
func (c *textConv) writePrefix(kind int) {
	w := 0
	for i := range c.frames {
		f := &c.frames[i]
		s := f.rest
		switch {
		case kind == blankLine && !f.used:
			continue // a blank line before a frame's first line is outside it
		case kind == textLine && !f.used:
			s = f.first
			f.used = true
		}
		sw := textWidth(s)
		if w+sw > maxIndent {
			continue
		}
		c.out = append(c.out, s...)
		w += sw
	}
}

// beginLine starts a line of text in c.out, after the blank line asked
// for, if any: its indentation is written, then the caller appends its
// text and calls endLine.
func (c *textConv) beginLine() int {
	if c.gap == 2 && c.nlines > 0 {
		start := len(c.out)
		c.writePrefix(blankLine)
		c.out = trimSpaces(c.out, start)
		c.out = append(c.out, '\n')
		c.nlines++
	}
	c.gap = 0
	start := len(c.out)
	c.writePrefix(textLine)
	return start
}

// endLine ends the line begun at start, without the spaces and no-break
// spaces at its end.
func (c *textConv) endLine(start int) {
	out := c.out
	for len(out) > start {
		switch n := len(out); {
		case out[n-1] == ' ' || out[n-1] == '\t':
			out = out[:n-1]
			continue
		case n-2 >= start && out[n-2] == 0xc2 && out[n-1] == 0xa0: // U+00A0
			out = out[:n-2]
			continue
		case n-3 >= start && out[n-3] == 0xe2 && out[n-2] == 0x80 && out[n-1] == 0xaf: // U+202F
			out = out[:n-3]
			continue
		}
		break
	}
	c.out = append(out, '\n')
	c.nlines++
}

// trimSpaces removes the spaces at the end of b[start:].
func trimSpaces(b []byte, start int) []byte {
	for len(b) > start && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

// emit appends one line of text, after the blank line asked for, if any.
func (c *textConv) emit(line string) {
	start := c.beginLine()
	c.out = append(c.out, line...)
	c.endLine(start)
}

// flush wraps the pending words into lines.
func (c *textConv) flush() {
	c.endWord()
	if c.link != nil && !c.link.done && len(c.words) > 0 {
		c.reference(c.link)
		c.endWord()
	}
	c.attach = false
	if len(c.words) == 0 {
		return
	}
	c.wrap(c.avail())
	c.words, c.wbuf, c.cur = c.words[:0], c.wbuf[:0], 0
}

// flushHeading wraps the pending words as a heading, underlined with rule.
func (c *textConv) flushHeading(rule byte) {
	c.endWord()
	if c.link != nil && !c.link.done && len(c.words) > 0 {
		c.reference(c.link)
		c.endWord()
	}
	if len(c.words) == 0 {
		return
	}
	widest := c.wrap(c.avail())
	c.words, c.wbuf, c.cur = c.words[:0], c.wbuf[:0], 0
	if !c.flat && widest > 0 {
		if widest > c.avail() {
			widest = c.avail()
		}
		start := c.beginLine()
		for range widest {
			c.out = append(c.out, rule)
		}
		c.endLine(start)
	}
}

// wrap writes the pending words as lines of at most avail columns,
// breaking only between words (never inside one, nor before a glued
// reference, which joins the word before it with a space); a word wider
// than avail gets a line of its own. Line breaks at the end add nothing.
// It returns the width of the widest line.
func (c *textConv) wrap(avail int) (widest int) {
	words := c.words
	empty := 0  // lines left empty by line breaks, written before the next line of text
	start := -1 // where the line being filled starts in c.out; -1 before its first word
	lw := 0     // its width
	endLine := func() {
		widest = max(widest, lw)
		if start < 0 {
			empty++ // an empty line, written if a line of text follows
		} else {
			c.endLine(start)
		}
		start, lw = -1, 0
	}
	for i := 0; i < len(words); {
		w := words[i]
		i++
		if w.br {
			endLine()
			continue
		}
		// The unit: a word and the references glued to it.
		j := i
		uw := textWidth(bytesString(c.wbuf[w.start:w.end]))
		for j < len(words) && words[j].glue {
			uw += 1 + textWidth(bytesString(c.wbuf[words[j].start:words[j].end]))
			j++
		}
		switch {
		case start < 0:
		case lw+1+uw <= avail:
			c.out = append(c.out, ' ')
			lw += 1 + uw
		default:
			endLine()
		}
		if start < 0 {
			for ; empty > 0; empty-- {
				c.endLine(c.beginLine())
			}
			start, lw = c.beginLine(), uw
		}
		c.out = append(c.out, c.wbuf[w.start:w.end]...)
		for ; i < j; i++ {
			c.out = append(c.out, ' ')
			c.out = append(c.out, c.wbuf[words[i].start:words[i].end]...)
		}
	}
	if start >= 0 {
		endLine()
	}
	return widest
}

// bytesString is b as a string that shares its bytes, for reading them
// while b is not changed.
func bytesString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// finish returns the lines, without blank lines at either end.
func (c *textConv) finish() []byte {
	out := c.out
	for len(out) > 0 && out[0] == '\n' {
		out = out[1:]
	}
	for len(out) >= 2 && out[len(out)-2] == '\n' {
		out = out[:len(out)-1]
	}
	return out
}
