package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// HookKind names a render hook, as Hugo's layouts/_default/_markup/ files
// do: render-link.html, render-image.html...
type HookKind string

const (
	HookLink       HookKind = "link"
	HookImage      HookKind = "image"
	HookHeading    HookKind = "heading"
	HookBlockquote HookKind = "blockquote"
	HookCodeblock  HookKind = "codeblock"
)

// Hook is what a render hook is given: the fields of Hugo's contexts for
// its kind, with Hugo's names. Page is the caller's (see Hooks).
type Hook struct {
	Kind HookKind
	// Links and images.
	Destination string        // where it leads (as resolved for the page)
	Title       string        // the "title" of [text](dest "title")
	Text        template.HTML // link text, image alt, heading text, quote's content
	PlainText   string        // Text without markup
	IsBlock     bool          // an image alone in its paragraph
	// Headings.
	Level  int
	Anchor string // the heading's id
	// Block attributes ({.class #id}), and a code block's.
	Attributes map[string]any
	// Code blocks: the code and its language; quotes: "alert" or "regular".
	Inner string
	Type  string
	// Quotes written with GitHub's alert syntax (> [!NOTE]).
	AlertType  string        // "note", "tip", "important", "warning", "caution", or another word, lower-cased
	AlertTitle template.HTML // the text after the marker, if any
	AlertSign  string        // "+" (folding, open), "-" (folding, closed) or ""
	Ordinal    int           // 0-based, among the page's hooks of its kind
	Line       int           // 1-based, in the body
	Page       any
}

// Hooks renders a page's Markdown nodes with templates.
type Hooks interface {
	// Has reports whether there is a hook for kind; lang is a code
	// block's language ("" otherwise).
	Has(kind HookKind, lang string) bool
	Render(h *Hook) (template.HTML, error)
}

// HookError is the error of a render hook.
type HookError struct {
	Line int
	Kind HookKind
	Err  error
}

func (e *HookError) Error() string { return fmt.Sprintf("render-%s hook: %v", e.Kind, e.Err) }
func (e *HookError) Unwrap() error { return e.Err }

// kindHooked is a node whose HTML a hook wrote.
var kindHooked = ast.NewNodeKind("AllianceHooked")

type hooked struct {
	ast.BaseInline
	html, plain string
	block       bool
}

func (n *hooked) Kind() ast.NodeKind { return kindHooked }
func (n *hooked) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"html": n.html}, nil)
}

// Type is block when the node takes a block's place.
func (n *hooked) Type() ast.NodeType {
	if n.block {
		return ast.TypeBlock
	}
	return ast.TypeInline
}

type hookedRenderer struct{}

func (hookedRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindHooked, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			h := n.(*hooked)
			w.WriteString(h.html)
			if h.block && !strings.HasSuffix(h.html, "\n") {
				w.WriteByte('\n')
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// applyHooks replaces the nodes that hooks render by their output, the
// innermost first (a link's text holds its image's output). replaced maps
// each top-level block that was replaced to its replacement.
func (c *Converter) applyHooks(doc ast.Node, src []byte, hooks Hooks, line func(off int) int) (map[ast.Node]ast.Node, error) {
	if hooks == nil {
		return nil, nil
	}
	has := map[HookKind]bool{}
	for _, k := range []HookKind{HookLink, HookImage, HookHeading, HookBlockquote} {
		has[k] = hooks.Has(k, "")
	}
	var order []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindAutoLink:
			if has[HookLink] {
				order = append(order, n)
			}
		case ast.KindImage:
			if has[HookImage] {
				order = append(order, n)
			}
		case ast.KindHeading:
			if has[HookHeading] {
				order = append(order, n)
			}
		case ast.KindBlockquote:
			if has[HookBlockquote] {
				order = append(order, n)
			}
		case ast.KindFencedCodeBlock: // as Hugo, not indented code
			order = append(order, n)
		}
		return ast.WalkContinue, nil
	})
	if len(order) == 0 {
		return nil, nil
	}
	ordinals := map[HookKind]int{}
	replaced := map[ast.Node]ast.Node{}
	for _, n := range order {
		h := &Hook{Attributes: attributes(n)}
		target := n // the node the output replaces
		block := n.Type() == ast.TypeBlock
		var err error
		switch n := n.(type) {
		case *ast.Link:
			h.Kind, h.Destination, h.Title = HookLink, string(n.Destination), string(n.Title)
			err = c.inner(h, src, n)
		case *ast.AutoLink:
			h.Kind, h.Destination = HookLink, string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(h.Destination), "mailto:") {
				h.Destination = "mailto:" + h.Destination
			}
			label := string(n.Label(src))
			h.Text, h.PlainText = template.HTML(template.HTMLEscapeString(label)), label
		case *ast.Image:
			h.Kind, h.Destination, h.Title = HookImage, string(n.Destination), string(n.Title)
			err = c.inner(h, src, n)
			if p := n.Parent(); p != nil && p.Kind() == ast.KindParagraph && p.ChildCount() == 1 {
				h.IsBlock, target, block = true, p, true
			}
		case *ast.Heading:
			h.Kind, h.Level = HookHeading, n.Level
			if id, ok := n.AttributeString("id"); ok {
				h.Anchor = string(id.([]byte))
			}
			delete(h.Attributes, "id")
			err = c.inner(h, src, n)
		case *ast.Blockquote:
			h.Kind, h.Type = HookBlockquote, "regular"
			if a := alertOf(n); a != nil {
				h.Type, h.AlertType, h.AlertSign = "alert", a.typ, a.sign
				if t := n.FirstChild(); t != nil && isAlertTitle(t) {
					out, e := c.render(src, children(t)...)
					if e != nil {
						return nil, e
					}
					h.AlertTitle = template.HTML(out)
					n.RemoveChild(n, t)
				}
			}
			delete(h.Attributes, alertAttr)
			var out []byte
			out, err = c.render(src, children(n)...)
			h.Text = template.HTML(out)
		case *ast.FencedCodeBlock:
			lang := ""
			if n.Info != nil {
				info := n.Info.Value(src)
				lang, h.Attributes = codeInfo(info)
			}
			if !hooks.Has(HookCodeblock, lang) {
				continue
			}
			h.Kind, h.Type, h.Inner = HookCodeblock, lang, codeText(n, src)
		}
		if err != nil {
			return nil, err
		}
		if dangerousURL(h.Destination) {
			// As goldmark's own renderer does: a hook may print the
			// destination with safeURL, as Hugo's hooks do.
			h.Destination = "#"
		}
		if pos, _ := position(target); pos >= 0 {
			h.Line = line(pos)
		}
		h.Ordinal = ordinals[h.Kind]
		ordinals[h.Kind]++
		out, err := hooks.Render(h)
		if err != nil {
			return nil, &HookError{Line: h.Line, Kind: h.Kind, Err: err}
		}
		r := &hooked{html: string(out), plain: h.PlainText, block: block}
		parent := target.Parent()
		if parent == nil {
			continue
		}
		parent.ReplaceChild(parent, target, r)
		if parent == doc {
			replaced[target] = r
		}
	}
	return replaced, nil
}

// inner sets h.Text and h.PlainText from n's children.
func (c *Converter) inner(h *Hook, src []byte, n ast.Node) error {
	out, err := c.render(src, children(n)...)
	if err != nil {
		return err
	}
	h.Text = template.HTML(out)
	var plain bytes.Buffer
	plainText(n, src, &plain)
	h.PlainText = plain.String()
	return nil
}

func children(n ast.Node) []ast.Node {
	var out []ast.Node
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, c)
	}
	return out
}

// attributes returns n's block attributes ({.class #id}) as a map, class
// and id included; nil when it has none.
func attributes(n ast.Node) map[string]any {
	attrs := n.Attributes()
	if len(attrs) == 0 {
		return map[string]any{}
	}
	m := make(map[string]any, len(attrs))
	for _, a := range attrs {
		switch v := a.Value.(type) {
		case []byte:
			m[string(a.Name)] = string(v)
		default:
			m[string(a.Name)] = v
		}
	}
	return m
}

// codeInfo splits a fenced block's info string into its language and the
// attributes after it: ```go {.numbered title="main.go"}.
func codeInfo(info []byte) (string, map[string]any) {
	lang, rest, _ := bytes.Cut(bytes.TrimSpace(info), []byte(" "))
	if i := bytes.IndexByte(lang, '{'); i >= 0 {
		lang, rest = lang[:i], info[bytes.IndexByte(info, '{'):]
	}
	attrs := map[string]any{}
	rest = bytes.TrimSpace(rest)
	if len(rest) > 0 && rest[0] == '{' {
		if as, ok := parser.ParseAttributes(text.NewReader(rest)); ok {
			for _, a := range as {
				if v, ok := a.Value.([]byte); ok {
					attrs[string(a.Name)] = string(v)
				} else {
					attrs[string(a.Name)] = a.Value
				}
			}
		}
	}
	return string(lang), attrs
}

// codeText returns the lines of a code block, without the last line's
// newline, as Hugo gives them.
func codeText(n ast.Node, src []byte) string {
	var b strings.Builder
	l := n.Lines()
	for i := range l.Len() {
		seg := l.At(i)
		b.Write(seg.Value(src))
	}
	return strings.TrimSuffix(b.String(), "\n")
}
