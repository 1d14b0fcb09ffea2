package markdown

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"

	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/shortcode"
)

// Shortcodes runs the shortcodes of a page (see package shortcode).
type Shortcodes interface {
	// Lookup reports whether shortcode name exists and whether it reads
	// what a call encloses (then a call must be closed).
	Lookup(name string) (exists, inner bool)
	// Render returns the output of the last call of path, whose
	// ancestors come before it, given what it encloses with the calls in
	// it already run.
	Render(path []*shortcode.Call, inner string) (string, error)
	// Names lists the shortcodes, for the hint of an unknown one.
	Names() []string
}

// CallError is an error of a shortcode call: unknown, not closed, or what
// its Render returned.
type CallError struct {
	Line int // 1-based, in the body
	Name string
	Err  error
}

func (e *CallError) Error() string { return fmt.Sprintf("shortcode %q: %v", e.Name, e.Err) }
func (e *CallError) Unwrap() error { return e.Err }

// ErrorLine returns the 1-based line in the body of an error of Convert or
// ConvertPage, and 0 when it has none.
func ErrorLine(err error) int {
	switch e := err.(type) {
	case *LimitError:
		return e.Line
	case *shortcode.Error:
		return e.Line
	case *CallError:
		return e.Line
	case *HookError:
		return e.Line
	}
	return 0
}

// A placeholder stands in the Markdown for the output of a {{< >}} call
// until the HTML is made: letters and digits only, so that neither the
// parser nor the typography changes it.
const (
	phOpen  = "ALLIANCESC"
	phClose = "X"
)

func placeholder(n int) string { return phOpen + strconv.Itoa(n) + phClose }

// fragment is the output of a {{< >}} call and its plain text; literal
// fragments (what a {{</* */>}} shows) stay in their paragraph.
type fragment struct {
	html, text string
	literal    bool
}

// expansion is a body with its shortcodes run.
type expansion struct {
	unsafe bool // the site's raw HTML is kept
	src    []byte
	frags  []fragment
	// trusted are the ranges of src that a {{% %}} call's template wrote
	// (not what it encloses): raw HTML there is the layout's, kept even
	// when the site's raw HTML is escaped.
	trusted [][2]int
	// spans map src back to the body: each is a range of src and the
	// offset of the body it comes from (a call's output all comes from
	// the call's start).
	spans []span
}

type span struct {
	start, end, from int
	verbatim         bool // src[start:end] is the body's bytes from from on
}

// expand runs the shortcodes of src. A body without one is returned as it
// is (x.frags empty).
func (c *Converter) expand(src []byte, sc Shortcodes) (*expansion, error) {
	x := &expansion{src: src, unsafe: c.unsafe}
	if !shortcode.Has(src) {
		return x, nil
	}
	nodes, err := shortcode.Parse(src, c.codeRanges(src))
	if err != nil {
		return nil, err
	}
	if !hasCall(nodes) && !hasComment(src, nodes) {
		return x, nil
	}
	var out bytes.Buffer
	for _, n := range nodes {
		start := out.Len()
		if err := x.node(&out, src, n, nil, sc); err != nil {
			return nil, err
		}
		x.spans = append(x.spans, span{start: start, end: out.Len(), from: n.Start, verbatim: n.Call == nil && n.Text == string(src[n.Start:n.End])})
	}
	x.src = out.Bytes()
	return x, nil
}

func hasCall(nodes []shortcode.Node) bool {
	for _, n := range nodes {
		if n.Call != nil {
			return true
		}
	}
	return false
}

func hasComment(src []byte, nodes []shortcode.Node) bool {
	for _, n := range nodes {
		if n.Call == nil && n.Text != string(src[n.Start:n.End]) {
			return true
		}
	}
	return false
}

// node writes the Markdown that n stands for: text as it is (a
// {{</* */>}} as a placeholder of its text), a {{% %}} call's output, a
// {{< >}} call's placeholder.
func (x *expansion) node(out *bytes.Buffer, src []byte, n shortcode.Node, path []*shortcode.Call, sc Shortcodes) error {
	if n.Call == nil {
		if n.Text == string(src[n.Start:n.End]) {
			out.WriteString(n.Text)
			return nil
		}
		x.frags = append(x.frags, fragment{html: html.EscapeString(n.Text), text: n.Text, literal: true})
		out.WriteString(placeholder(len(x.frags) - 1))
		return nil
	}
	call := n.Call
	fail := func(err error) error { return &CallError{Line: call.Line, Name: call.Name, Err: err} }
	if sc == nil {
		return fail(fmt.Errorf("shortcodes are not available here"))
	}
	exists, inner := sc.Lookup(call.Name)
	if !exists {
		want := "a file layouts/shortcodes/" + call.Name + ".html"
		if near := diag.Closest(call.Name, sc.Names()); near != "" {
			want = near + ", or " + want
		}
		return fail(fmt.Errorf("no such shortcode (want %s)", want))
	}
	if inner && !call.Closed {
		d, e := "<", ">"
		if call.Markdown {
			d, e = "%", "%"
		}
		return fail(fmt.Errorf("not closed (want {{%s /%s %s}} after what it encloses)", d, call.Name, e))
	}
	if !inner && call.Closed && !call.SelfClosed {
		d, e := "<", ">"
		if call.Markdown {
			d, e = "%", "%"
		}
		return fail(fmt.Errorf("has a closing tag but its layout never reads .Inner (want {{%s %s %s}} alone)", d, call.Name, e))
	}
	path = append(path, call)
	var in bytes.Buffer
	for _, child := range call.Inner {
		if err := x.node(&in, src, child, path, sc); err != nil {
			return err
		}
	}
	text := in.String()
	if !call.Markdown && !x.unsafe {
		// A {{< >}} call's layout may print what it encloses as HTML:
		// the editor's tags show as text, as in the rest of the page.
		text = strings.ReplaceAll(text, "<", "&lt;")
	}
	res, err := sc.Render(path, text)
	if err != nil {
		return fail(err)
	}
	if !call.Markdown {
		out.WriteString(x.fragment(res))
		return nil
	}
	// The template's own text is trusted, what the call encloses is not.
	base := out.Len()
	out.WriteString(res)
	from := 0
	for text != "" {
		k := strings.Index(res[from:], text)
		if k < 0 {
			break
		}
		x.trust(base+from, base+from+k)
		from += k + len(text)
	}
	x.trust(base+from, base+len(res))
	return nil
}

func (x *expansion) trust(start, end int) {
	if end > start {
		x.trusted = append(x.trusted, [2]int{start, end})
	}
}

// fragment registers the HTML of a call and returns its placeholder.
func (x *expansion) fragment(h string) string {
	x.frags = append(x.frags, fragment{html: h, text: htmlText(h)})
	return placeholder(len(x.frags) - 1)
}

// isTrusted reports whether offset off of the expanded source was written
// by a {{% %}} call's template.
func (x *expansion) isTrusted(off int) bool {
	k := sort.Search(len(x.trusted), func(k int) bool { return x.trusted[k][1] > off })
	return k < len(x.trusted) && x.trusted[k][0] <= off
}

// bodyLine maps a 1-based line of the expanded source to the body's.
func (x *expansion) bodyLine(body []byte, line int) int {
	if len(x.spans) == 0 {
		return line
	}
	off := 0
	for l := 1; l < line; l++ {
		k := bytes.IndexByte(x.src[off:], '\n')
		if k < 0 {
			break
		}
		off += k + 1
	}
	k := sort.Search(len(x.spans), func(k int) bool { return x.spans[k].end > off })
	if k == len(x.spans) {
		return 1 + bytes.Count(body, []byte("\n"))
	}
	s := x.spans[k]
	from := s.from
	if s.verbatim {
		from += off - s.start
	}
	return 1 + bytes.Count(body[:min(from, len(body))], []byte("\n"))
}

// substitute puts the calls' outputs in place of their placeholders: a
// placeholder alone in a paragraph takes the paragraph's place.
func (x *expansion) substitute(h string, text bool) string {
	if len(x.frags) == 0 || !strings.Contains(h, phOpen) {
		return h
	}
	for range 8 { // outputs may hold the placeholders of the calls they enclose
		if !strings.Contains(h, phOpen) {
			break
		}
		var b strings.Builder
		for {
			i := strings.Index(h, phOpen)
			if i < 0 {
				b.WriteString(h)
				break
			}
			j := i + len(phOpen)
			k := j
			for k < len(h) && h[k] >= '0' && h[k] <= '9' {
				k++
			}
			n, err := strconv.Atoi(h[j:k])
			if err != nil || k >= len(h) || h[k] != phClose[0] || n >= len(x.frags) {
				b.WriteString(h[:j])
				h = h[j:]
				continue
			}
			pre, end := h[:i], k+1
			f := x.frags[n]
			if text {
				b.WriteString(pre)
				b.WriteString(f.text)
			} else if !f.literal && strings.HasSuffix(pre, "<p>") && strings.HasPrefix(h[end:], "</p>") {
				b.WriteString(pre[:len(pre)-3])
				b.WriteString(f.html)
				end += 4
			} else {
				b.WriteString(pre)
				b.WriteString(f.html)
			}
			h = h[end:]
		}
		h = b.String()
	}
	return h
}

// codeRanges returns the byte ranges of src's code spans and code blocks,
// as goldmark parses them, sorted.
func (c *Converter) codeRanges(src []byte) [][2]int {
	doc := c.parse(src)
	var r [][2]int
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeSpan:
			var start, end = -1, -1
			for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
				if t, ok := ch.(*ast.Text); ok {
					if start < 0 {
						start = t.Segment.Start
					}
					end = t.Segment.Stop
				}
			}
			if start >= 0 {
				r = append(r, [2]int{start, end})
			}
			return ast.WalkSkipChildren, nil
		case ast.KindFencedCodeBlock, ast.KindCodeBlock:
			if l := n.Lines(); l.Len() > 0 {
				r = append(r, [2]int{l.At(0).Start, l.At(l.Len() - 1).Stop})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	sort.Slice(r, func(i, j int) bool { return r[i][0] < r[j][0] })
	return r
}

// IgnoreAttr marks an element of a shortcode's output whose text is the
// frame, not the page's content (a video's host line, a button's
// "(site externe)", an event card's date and place): htmlText leaves it
// out of the plain text, and so of the search index and the word count.
const IgnoreAttr = "data-search-ignore"

// voidElements have no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// htmlText returns the text of an HTML fragment, white space collapsed,
// without what scripts and styles hold and without the elements marked
// with IgnoreAttr.
func htmlText(h string) string {
	z := html.NewTokenizer(strings.NewReader(h))
	var b strings.Builder
	skip := 0
	ignored := 0 // open elements inside (and including) the outermost ignored one
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 && ignored == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			void := tt == html.SelfClosingTagToken || voidElements[string(name)]
			if ignored > 0 {
				if !void {
					ignored++
				}
			} else if hasAttr && !void && hasIgnoreAttr(z) {
				ignored = 1
			}
			switch string(name) {
			case "script", "style", "template":
				if !void {
					skip++
				}
			}
			b.WriteByte(' ')
		case html.EndTagToken:
			name, _ := z.TagName()
			if ignored > 0 && !voidElements[string(name)] {
				ignored--
			}
			switch string(name) {
			case "script", "style", "template":
				skip = max(0, skip-1)
			}
			b.WriteByte(' ')
		}
	}
}

// hasIgnoreAttr reports whether the tag z is at has IgnoreAttr.
func hasIgnoreAttr(z *html.Tokenizer) bool {
	for {
		key, _, more := z.TagAttr()
		if string(key) == IgnoreAttr {
			return true
		}
		if !more {
			return false
		}
	}
}

// finish puts the calls' outputs in res and the body's lines in its links.
func (x *expansion) finish(res *Result, body []byte) {
	res.HTML = x.substitute(res.HTML, false)
	res.Summary = x.substitute(res.Summary, false)
	for i := range res.Sections {
		s := &res.Sections[i]
		s.Start = len(x.substitute(res.Text[:s.Start], true))
		s.Heading, s.Body = x.substitute(s.Heading, true), x.substitute(s.Body, true)
	}
	for i := range res.TOC {
		res.TOC[i].Text = x.substitute(res.TOC[i].Text, true)
	}
	if strings.Contains(res.Text, phOpen) {
		res.Text = x.substitute(res.Text, true)
		res.Words = countWords(res.Text)
	}
	for i := range res.Links {
		l := &res.Links[i]
		l.Line = x.bodyLine(body, l.Line)
		// [text]({{< relref "x.md" >}}) leads where the call says.
		l.Dest, l.URL = x.substitute(l.Dest, true), x.substitute(l.URL, true)
	}
}

// markTrusted marks the raw HTML that {{% %}} calls' templates wrote.
func markTrusted(doc ast.Node, x *expansion) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var segs *text.Segments
		switch n := n.(type) {
		case *ast.HTMLBlock:
			segs = n.Lines()
		case *ast.RawHTML:
			segs = n.Segments
		default:
			return ast.WalkContinue, nil
		}
		if segs.Len() > 0 && x.isTrusted(segs.At(0).Start) {
			n.SetAttributeString(trustedAttr, true)
		}
		return ast.WalkSkipChildren, nil
	})
}

// trustedAttr marks raw HTML written by a layout; never rendered.
const trustedAttr = "alliance-trusted"
