// Package frtypo applies French typography to text: as a goldmark extension
// that rewrites the text nodes of a document, and on plain strings and HTML
// fragments.
//
// # Rules
//
//   - ' becomes ’ (apostrophe and elision: l'été gives l’été);
//   - straight double quotes become guillemets, with a narrow no-break space
//     (U+202F) inside: "mot" gives « mot »; existing guillemets get that space
//     if they lack it;
//   - a narrow no-break space goes before ; ! ? and a no-break space (U+00A0)
//     before :, replacing a plain space; a group such as ?! takes one space;
//   - ... becomes …
//
// Existing no-break spaces are kept, never doubled, so the rules are
// idempotent. Code, URLs, autolinks, raw HTML, link destinations and
// attribute values are left alone, as are times and ratios (13:00, 2:1) and
// URL schemes (http:, mailto:). A double quote written as an entity (&quot;)
// or escaped (\") is kept straight.
package frtypo

import (
	"bytes"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// An Option configures the extension.
type Option func(*config)

type config struct {
	priority int
}

// WithPriority sets the priority of the AST transformer among goldmark's
// transformers, which run in increasing order. The default, 1000, runs after
// the footnote transformer (999).
func WithPriority(p int) Option {
	return func(c *config) { c.priority = p }
}

// New returns a goldmark extension that applies French typography to the
// text of every block of a parsed document.
func New(opts ...Option) goldmark.Extender {
	c := config{priority: 1000}
	for _, o := range opts {
		o(&c)
	}
	return &extender{c: c}
}

type extender struct{ c config }

// Extend registers the transformer.
func (x *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		util.Prioritized(&transformer{}, x.c.priority),
	))
}

// transformer rewrites text nodes block by block, so that quotes pair across
// emphasis and links within a paragraph. It is safe for concurrent use.
type transformer struct {
	pool sync.Pool // *scratch
}

// scratch is the per-document working memory of the transformer.
type scratch struct {
	e       engine
	src     []byte // the editable text of the block, as written
	spans   []span
	buf     []byte   // the new text of the nodes that change
	changes []change // the nodes that change
}

// A change is the new text of the node of span, buf[from:to].
type change struct {
	span, from, to int
}

// A span is one editable inline node and its units.
type span struct {
	node       ast.Node // *ast.Text or *ast.String
	start, end int      // units
	from, to   int      // its text in scratch.src
}

// Transform implements parser.ASTTransformer.
func (t *transformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	s, _ := t.pool.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	source := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		if c := n.FirstChild(); c == nil || c.Type() != ast.TypeInline {
			return ast.WalkContinue, nil
		}
		s.block(n, source)
		return ast.WalkSkipChildren, nil
	})
	clear(s.spans[:cap(s.spans)]) // drop the nodes before pooling
	s.spans = s.spans[:0]
	t.pool.Put(s)
}

// block applies the rules to the inline content of block n.
func (s *scratch) block(n ast.Node, source []byte) {
	s.e.reset()
	s.src = s.src[:0]
	s.spans = s.spans[:0]
	s.collect(n, source)
	if len(s.spans) == 0 || !hasTrigger(s.src) {
		return
	}
	s.e.run()
	// Write the new text of every changed node to s.buf, one after the
	// other; the units of a node cover its text without gaps, so copy the
	// text between the edits, and what the edits write.
	edits := s.e.edits
	s.buf = s.buf[:0]
	s.changes = s.changes[:0]
	k := 0 // the first edit not yet applied
	for i, sp := range s.spans {
		for k < len(edits) && int(edits[k].i) < sp.start {
			k++
		}
		if k == len(edits) || int(edits[k].i) >= sp.end {
			continue // the node is unchanged
		}
		start := len(s.buf)
		pos := sp.from
		for ; k < len(edits) && int(edits[k].i) < sp.end; k++ {
			ed := edits[k]
			u := s.e.units[ed.i]
			s.buf = append(s.buf, s.src[pos:u.src]...)
			s.buf = append(s.buf, s.e.out[ed.from:ed.to]...)
			pos = int(u.end)
		}
		s.buf = append(s.buf, s.src[pos:sp.to]...)
		s.changes = append(s.changes, change{span: i, from: start, to: len(s.buf)})
	}
	if len(s.changes) == 0 {
		return
	}
	// One copy holds the new text of all the nodes of the block.
	values := bytes.Clone(s.buf)
	for _, ch := range s.changes {
		var value []byte // nil if the new text is empty
		if ch.to > ch.from {
			value = values[ch.from:ch.to:ch.to]
		}
		switch node := s.spans[ch.span].node.(type) {
		case *ast.String:
			node.Value = value
		case *ast.Text:
			parent := node.Parent()
			parent.InsertBefore(parent, node, ast.NewString(value))
			if node.SoftLineBreak() || node.HardLineBreak() {
				// Keep the node, emptied, for the line break it renders.
				node.Segment = text.NewSegment(node.Segment.Stop, node.Segment.Stop)
			} else {
				parent.RemoveChild(parent, node)
			}
		}
	}
}

// collect turns the inline descendants of n into units. Code, autolinks,
// images and raw HTML become objects; line breaks become '\n'.
func (s *scratch) collect(n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				s.e.add(object, true, 0, 0)
				continue
			}
			s.addNode(c, c.Value(source))
			if c.SoftLineBreak() || c.HardLineBreak() {
				s.e.add('\n', true, 0, 0)
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				s.e.add(object, true, 0, 0)
				continue
			}
			s.addNode(c, c.Value)
		case *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink, *ast.Image:
			s.e.add(object, true, 0, 0)
		default:
			if c.HasChildren() {
				s.collect(c, source)
			} else {
				s.e.add(object, true, 0, 0)
			}
		}
	}
}

// addNode adds the units of an editable node whose text, as written in
// Markdown, is b.
func (s *scratch) addNode(node ast.Node, b []byte) {
	start := len(s.e.units)
	base := len(s.src)
	s.src = append(s.src, b...)
	decodeMarkdown(&s.e, b, base)
	s.spans = append(s.spans, span{node: node, start: start, end: len(s.e.units), from: base, to: len(s.src)})
}

// decodeMarkdown adds the units of Markdown inline text b, whose first byte
// is at offset base of the source buffer. Backslash escapes and entity
// references become the character they stand for; a double quote written
// that way is literal.
func decodeMarkdown(e *engine, b []byte, base int) {
	for i := 0; i < len(b); {
		// Most characters are plain ASCII, which stand for themselves:
		// append their units in a tight loop.
		if units := e.units; plainASCII[b[i]] {
			for ; i < len(b) && plainASCII[b[i]]; i++ {
				units = append(units, unit{r: rune(b[i]), src: int32(base + i), end: int32(base + i + 1)})
			}
			e.units = units
			continue
		}
		switch c := b[i]; {
		case c == '\\' && i+1 < len(b) && util.IsPunct(b[i+1]):
			e.add(rune(b[i+1]), b[i+1] == '"', base+i, base+i+2)
			i += 2
		case c == '&':
			if r, n := entity(b[i:]); n > 0 {
				e.add(r, r == '"' || r == object, base+i, base+i+n)
				i += n
				continue
			}
			e.add('&', false, base+i, base+i+1)
			i++
		case c < utf8.RuneSelf:
			e.add(rune(c), false, base+i, base+i+1)
			i++
		default:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				e.add(object, true, base+i, base+i+1)
			} else {
				e.add(r, false, base+i, base+i+n)
			}
			i += n
		}
	}
}

// plainASCII marks the ASCII characters that decodeMarkdown may append as
// units of their own without a second look: all but the backslash and the
// ampersand, which may start an escape or a reference, and the colon, whose
// index add must record.
var plainASCII = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = c != '\\' && c != '&' && c != ':'
	}
	return t
}()

// hasTrigger reports whether b holds a character that some rule acts on.
// Guillemets and no-break spaces start with 0xC2 in UTF-8.
func hasTrigger[T string | []byte](b T) bool {
	for i := range len(b) {
		switch b[i] {
		case '\'', '"', '.', ';', ':', '!', '?', 0xC2:
			return true
		}
	}
	return false
}
