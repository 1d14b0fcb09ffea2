// Package markdown configures goldmark once per site and turns a page body
// into HTML, a summary, a table of contents, the links it holds (with their
// lines) and its plain text.
//
// # Dialect
//
// CommonMark with GFM (tables, strikethrough, autolinks, task lists),
// footnotes, definition lists and heading IDs. IDs are slugs of the heading
// text (see package slug), unique within a body: intro, intro-1, intro-2; a
// heading without letters gets "section". Attributes are on, as Hugo has them:
// "## Title {#id .class}" for a heading, and a line "{.class #id}" right
// after any other block.
//
// # Shortcodes and render hooks
//
// ConvertEnv runs a page's shortcodes (package shortcode) before the parser
// sees the body: a {{% %}} call's output is Markdown, parsed with the page
// (the raw HTML its layout writes is kept, what it encloses is not); a
// {{< >}} call's output is HTML, put in place of a placeholder once the
// page is rendered, taking the place of its paragraph when alone in it.
// Neither the parser nor the typography ever sees a call's arguments.
// Then Hooks render links, images, headings, quotes and code blocks, with
// the fields of Hugo's render hooks; quotes written with GitHub's alert
// syntax (> [!NOTE], > [!TIP]- Title) carry their type, title and fold
// sign.
//
// # Raw HTML
//
// Unless Options.UnsafeHTML is set, raw HTML is escaped: it shows as text and
// is never dropped. When it is set, raw HTML is written as is, but
// javascript:, vbscript: and data: URLs are replaced by "#" in Markdown links,
// images and autolinks and in the URL attributes (href, src, action...) of
// the raw HTML. The <!--more--> marker is never shown.
//
// # Images
//
// When the Resolver given to ConvertPage is also an ImageRenderer, every
// image whose destination has no scheme is written as the HTML it returns
// (the build's <picture>), and an image with a title alone in its
// paragraph replaces the paragraph (a <figure>). Images are still listed
// in Result.Links, with their lines.
//
// # Summary
//
// The summary is the HTML of the blocks before the <!--more--> marker when
// the body has one, else that of the first paragraph.
package markdown

import (
	"bufio"
	"bytes"
	"html"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/catalyseurs/alliance/internal/markdown/frtypo"
)

// Options configures a Converter.
type Options struct {
	UnsafeHTML bool // render raw HTML; otherwise it is escaped (shown as text, not dropped)
	French     bool // apply French typography (package frtypo)
}

// A Converter turns Markdown into HTML. It is safe for concurrent use.
type Converter struct {
	md      goldmark.Markdown // built once, by New
	french  bool
	unsafe  bool
	buffers sync.Pool // *output
	scratch sync.Pool // *scratch, for extract
}

// output is a reusable render target.
type output struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

// Heading is an entry of a table of contents.
type Heading struct {
	Level    int
	ID, Text string
}

// Section is a heading of the table of contents and the text under it, up
// to the next heading of the table of contents. Heading and Body are parts
// of Result.Text: Heading starts at Result.Text[Start:], Body after it and
// a space.
type Section struct {
	ID, Heading, Body string
	Start             int
}

// Link is a link or image destination found in a body.
type Link struct {
	Dest     string // as written
	Line     int    // 1-based line within the body
	Image    bool
	URL      string // what the HTML links to: Dest, or where the Resolver said it leads
	Resolved bool   // the Resolver knew where a relative Dest leads
}

// A Resolver tells where the links and images of a page lead. Resolve
// returns the URL to write for dest as written, and ok false when dest is
// relative and leads nowhere the Resolver knows (the HTML then keeps dest).
// It is not asked about absolute URLs, paths from the site's root or
// same-page anchors.
type Resolver interface {
	Resolve(dest string, image bool) (url string, ok bool)
}

// Result is what Convert makes of a body.
type Result struct {
	HTML    string    // whole body
	Summary string    // HTML of the text before <!--more--> if present, else of the first paragraph (empty if none); a part of HTML
	HasMore bool      // body had a <!--more--> marker
	TOC     []Heading // h2..h4 in order
	// Sections are the headings of the TOC with the text under each; the
	// text before the first heading is in none.
	Sections []Section
	Links    []Link // every link and image destination in the body, with its line
	Text     string // plain text of the body (for search and reading time), whitespace collapsed
	Words    int
}

// New returns a Converter for opts.
func New(opts Options) *Converter {
	exts := []goldmark.Extender{
		extension.GFM,
		extension.Footnote,
		extension.DefinitionList,
	}
	if opts.French {
		exts = append(exts, frtypo.New())
	}
	parserOpts := []parser.Option{
		parser.WithAutoHeadingID(),
		parser.WithAttribute(),
		parser.WithBlockParsers(util.Prioritized(attributesParser{}, 850)),
		parser.WithASTTransformers(
			util.Prioritized(attributesTransformer{}, 100),
			util.Prioritized(alertTransformer{}, 500),
		),
	}
	if opts.UnsafeHTML {
		parserOpts = append(parserOpts, parser.WithASTTransformers(
			util.Prioritized(urlGuard{}, 50),
		))
	}
	md := goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(parserOpts...),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			// 100 wins over goldmark's HTML renderer (1000).
			util.Prioritized(&rawHTMLRenderer{unsafe: opts.UnsafeHTML}, 100),
			// and over the task-list extension's (500).
			util.Prioritized(taskBoxRenderer{}, 100),
			util.Prioritized(hookedRenderer{}, 100),
			util.Prioritized(imageRenderer{}, 100),
		)),
	)
	return &Converter{md: md, french: opts.French, unsafe: opts.UnsafeHTML}
}

// Typeset applies French typography to plain text when the converter is
// French, and returns s unchanged otherwise.
func (c *Converter) Typeset(s string) string {
	if c.french {
		return frtypo.String(s)
	}
	return s
}

// Convert renders body. The error is a *LimitError for a text nested too
// deeply, or with too many footnotes, to parse in reasonable time (see
// MaxNesting and MaxFootnotes); else that of the renderer.
func (c *Converter) Convert(body []byte) (Result, error) {
	return c.ConvertPage(body, nil)
}

// ConvertPage renders the body of a page, whose relative links and
// images r resolves (see Resolver); r may be nil.
func (c *Converter) ConvertPage(body []byte, r Resolver) (Result, error) {
	return c.ConvertEnv(body, Env{Resolver: r})
}

// Env is what the conversion of a page calls on; any field may be nil.
type Env struct {
	Resolver   Resolver
	Shortcodes Shortcodes // runs {{< >}} and {{% %}} calls; without, a call is an error
	Hooks      Hooks      // renders links, images, headings, quotes and code blocks
}

// ConvertEnv renders the body of a page: its shortcodes first (their
// arguments never reach the parser or the typography), then its Markdown,
// whose nodes env's hooks render. The error's line in the body is
// ErrorLine(err).
func (c *Converter) ConvertEnv(body []byte, env Env) (Result, error) {
	src := normalize(body)
	if err := checkLimits(src); err != nil {
		return Result{}, err
	}
	ex, err := c.expand(src, env.Shortcodes)
	if err != nil {
		return Result{}, err
	}
	doc := c.parse(ex.src)
	if len(ex.trusted) > 0 {
		markTrusted(doc, ex)
	}
	sc, _ := c.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	x := extract(doc, ex.src, sc, env.Resolver)
	if env.Hooks == nil || !env.Hooks.Has(HookImage, "") {
		// Without a render-image hook, the Resolver writes the images.
		for i := range x.images {
			x.images[i].img.Line = ex.bodyLine(src, x.images[i].img.Line)
		}
		renderImages(env.Resolver, x.images)
	}
	clear(sc.images)
	c.scratch.Put(sc)
	res := Result{
		HasMore:  x.more != nil,
		TOC:      x.toc,
		Sections: x.sections,
		Links:    x.links,
		Text:     x.text,
		Words:    x.words,
	}
	first, last := summaryBlocks(doc, x.more, x.inline)
	lineOf := func(off int) int { return ex.bodyLine(src, 1+bytes.Count(ex.src[:off], []byte("\n"))) }
	replaced, err := c.applyHooks(doc, ex.src, env.Hooks, lineOf)
	if err != nil {
		return Result{}, err
	}
	if r, ok := replaced[first]; ok {
		first = r
	}
	if r, ok := replaced[last]; ok {
		last = r
	}
	if res.HTML, res.Summary, err = c.renderBody(ex.src, doc, first, last); err != nil {
		return Result{}, err
	}
	if len(ex.spans) > 0 {
		ex.finish(&res, src)
	}
	return res, nil
}

// Inline renders a short Markdown string, such as a front matter field; a
// single paragraph is unwrapped (no <p>).
func (c *Converter) Inline(s string) []byte {
	src := normalize([]byte(s))
	if checkLimits(src) != nil {
		return []byte(html.EscapeString(s)) // shown as text rather than parsed for hours
	}
	doc := c.parse(src)
	nodes := []ast.Node{doc}
	if p := doc.FirstChild(); p != nil && p.NextSibling() == nil && p.Kind() == ast.KindParagraph {
		nodes = nodes[:0]
		for n := p.FirstChild(); n != nil; n = n.NextSibling() {
			nodes = append(nodes, n)
		}
	}
	out, err := c.render(src, nodes...)
	if err != nil {
		return nil
	}
	return bytes.TrimRight(out, "\n")
}

func (c *Converter) parse(src []byte) ast.Node {
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	return c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
}

// render renders nodes one after the other and returns a copy of the HTML.
func (c *Converter) render(src []byte, nodes ...ast.Node) ([]byte, error) {
	if len(nodes) == 0 {
		return nil, nil
	}
	o := c.output()
	defer c.buffers.Put(o)
	for _, n := range nodes {
		if err := c.md.Renderer().Render(o.w, src, n); err != nil {
			return nil, err
		}
	}
	if err := o.w.Flush(); err != nil {
		return nil, err
	}
	return bytes.Clone(o.buf.Bytes()), nil
}

// renderBody renders the top-level blocks of doc one after the other, which
// gives the HTML of doc (a document writes nothing of its own), and returns
// it and the HTML of the blocks first to last, the summary, a part of it:
// empty if first is nil. Both are strings, which the build uses as they
// are, without the copy a conversion from bytes would make.
func (c *Converter) renderBody(src []byte, doc, first, last ast.Node) (html, summary string, err error) {
	o := c.output()
	defer c.buffers.Put(o)
	start, end := 0, 0 // of the summary in the HTML
	for b := doc.FirstChild(); b != nil; b = b.NextSibling() {
		if b == first {
			start = o.buf.Len()
		}
		// Render flushes o.w when it is done, so o.buf holds all so far.
		if err := c.md.Renderer().Render(o.w, src, b); err != nil {
			return "", "", err
		}
		if b == last {
			end = o.buf.Len()
		}
	}
	html = o.buf.String()
	if first != nil {
		summary = html[start:end]
	}
	return html, summary, nil
}

// output returns an empty render target from the pool; the caller puts it
// back.
func (c *Converter) output() *output {
	o, _ := c.buffers.Get().(*output)
	if o == nil {
		o = &output{}
		o.w = bufio.NewWriterSize(&o.buf, 4096)
	}
	o.buf.Reset()
	o.w.Reset(&o.buf)
	return o
}

// normalize turns CRLF line endings into LF, which keeps line numbers.
func normalize(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
}
