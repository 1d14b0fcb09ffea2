package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// rawHTMLRenderer renders raw HTML blocks and inline raw HTML: escaped as
// text in safe mode, with dangerous URLs neutralised in unsafe mode. The
// <!--more--> marker renders as nothing.
type rawHTMLRenderer struct {
	unsafe bool
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *rawHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, r.renderBlock)
	reg.Register(ast.KindRawHTML, r.renderInline)
}

func (r *rawHTMLRenderer) renderBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	var raw []byte
	for i := range n.Lines().Len() {
		seg := n.Lines().At(i)
		raw = append(raw, seg.Value(src)...)
	}
	if n.HasClosure() {
		raw = append(raw, n.ClosureLine.Value(src)...)
	}
	if isMore(raw) {
		return ast.WalkSkipChildren, nil
	}
	if r.unsafe || trusted(n) {
		_, _ = w.Write(sanitize(raw))
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString("<p>")
	_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(raw, "\n")))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

func (r *rawHTMLRenderer) renderInline(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	var raw []byte
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		raw = append(raw, seg.Value(src)...)
	}
	switch {
	case isMore(raw):
	case r.unsafe || trusted(n):
		_, _ = w.Write(sanitize(raw))
	default:
		_, _ = w.Write(util.EscapeHTML(raw))
	}
	return ast.WalkSkipChildren, nil
}

// isMore reports whether raw HTML b is the summary marker <!--more-->
// (spaces and case do not matter).
func isMore(b []byte) bool {
	b = bytes.TrimSpace(b)
	if !bytes.HasPrefix(b, []byte("<!--")) || !bytes.HasSuffix(b, []byte("-->")) || len(b) < 7 {
		return false
	}
	return string(bytes.ToLower(bytes.TrimSpace(b[4:len(b)-3]))) == "more"
}

// urlAttrs are the attributes whose value is a URL that a browser may follow
// or load.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"poster": true, "background": true, "data": true, "codebase": true, "cite": true,
	"longdesc": true, "dynsrc": true, "lowsrc": true,
}

// sanitize returns raw HTML b with the value of every URL attribute that
// holds a dangerous URL replaced by "#". Everything else is kept as is.
func sanitize(b []byte) []byte {
	var out []byte // nil until something changes
	last := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '<' || i+1 >= len(b) || !isLetter(b[i+1]) {
			continue
		}
		// Inside a tag: read attributes up to '>'.
		j := i + 1
		for j < len(b) && b[j] != '>' && !isSpaceByte(b[j]) && b[j] != '/' {
			j++
		}
		for j < len(b) && b[j] != '>' {
			if isSpaceByte(b[j]) || b[j] == '/' {
				j++
				continue
			}
			nameStart := j
			for j < len(b) && !isSpaceByte(b[j]) && b[j] != '=' && b[j] != '>' && b[j] != '/' {
				j++
			}
			name := strings.ToLower(string(b[nameStart:j]))
			for j < len(b) && isSpaceByte(b[j]) {
				j++
			}
			if j >= len(b) || b[j] != '=' {
				continue
			}
			j++
			for j < len(b) && isSpaceByte(b[j]) {
				j++
			}
			vStart, vEnd := j, j
			if j < len(b) && (b[j] == '"' || b[j] == '\'') {
				q := b[j]
				k := bytes.IndexByte(b[j+1:], q)
				if k < 0 {
					vStart, vEnd, j = j+1, len(b), len(b)
				} else {
					vStart, vEnd, j = j+1, j+1+k, j+2+k
				}
			} else {
				for j < len(b) && !isSpaceByte(b[j]) && b[j] != '>' {
					j++
				}
				vEnd = j
			}
			if urlAttrs[name] && dangerousURL(string(b[vStart:vEnd])) {
				out = append(out, b[last:vStart]...)
				out = append(out, '#')
				last = vEnd
			}
		}
		i = j
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// dangerousURL reports whether u, an attribute value or a link destination
// as written, is a javascript:, vbscript: or data: URL once its entities are
// decoded and the white space and control characters that browsers ignore
// are removed.
func dangerousURL(u string) bool {
	u = html.UnescapeString(u)
	var b strings.Builder
	for _, r := range u {
		if r <= ' ' || r == 0x7f || r == '\u00a0' || r == '\ufeff' || r >= 0x80 && r <= 0x9f {
			continue
		}
		if b.Len() >= 16 {
			break
		}
		b.WriteRune(r)
	}
	s := strings.ToLower(b.String())
	return strings.HasPrefix(s, "javascript:") || strings.HasPrefix(s, "vbscript:") || strings.HasPrefix(s, "data:")
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// urlGuard replaces dangerous destinations of Markdown links, images and
// autolinks by "#". It is used in unsafe mode, where goldmark's renderer
// keeps every URL.
type urlGuard struct{}

// Transform implements parser.ASTTransformer.
func (urlGuard) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var autolinks []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if dangerousURL(string(n.Destination)) {
				n.Destination = []byte("#")
			}
		case *ast.Image:
			if dangerousURL(string(n.Destination)) {
				n.Destination = []byte("#")
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && dangerousURL(string(n.URL(src))) {
				autolinks = append(autolinks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, a := range autolinks {
		l := ast.NewLink()
		l.Destination = []byte("#")
		label := ast.NewString(a.Label(src))
		label.SetRaw(true)
		l.AppendChild(l, label)
		a.Parent().ReplaceChild(a.Parent(), a, l)
	}
}

// taskBoxRenderer writes task-list checkboxes with an accessible name, the
// text of their item: a form control without one is an accessibility
// failure, even disabled.
type taskBoxRenderer struct{}

func (taskBoxRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var label bytes.Buffer
		if parent := node.Parent(); parent != nil {
			ast.Walk(parent, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if entering {
					switch t := n.(type) {
					case *ast.Text:
						label.Write(t.Segment.Value(src))
						if t.SoftLineBreak() {
							label.WriteByte(' ')
						}
					case *ast.String:
						label.Write(t.Value)
					}
				}
				return ast.WalkContinue, nil
			})
		}
		w.WriteString(`<input`)
		if node.(*east.TaskCheckBox).IsChecked {
			w.WriteString(` checked=""`)
		}
		w.WriteString(` disabled="" type="checkbox" aria-label="`)
		words := strings.FieldsFunc(label.String(), func(r rune) bool { // ASCII only: no-break spaces stay
			return r == ' ' || r == '\t' || r == '\n' || r == '\r'
		})
		w.Write(util.EscapeHTML([]byte(strings.Join(words, " "))))
		w.WriteString(`"> `)
		return ast.WalkContinue, nil
	})
}

// trusted reports whether raw HTML n was written by a {{% %}} call's
// layout, not by the editor.
func trusted(n ast.Node) bool {
	_, ok := n.AttributeString(trustedAttr)
	return ok
}
