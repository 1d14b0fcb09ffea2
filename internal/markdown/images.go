package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Image is a Markdown image as an ImageRenderer is asked about it.
type Image struct {
	Dest  string // as written
	Alt   string // the alt text, as plain text
	Title string // the title, "" if none
	Line  int    // 1-based line within the body
	Index int    // rank among the images of the body, from 0
	// Figure is set when the image has a title and is alone in its
	// paragraph: its HTML then replaces the paragraph (a <figure>).
	Figure bool
}

// An ImageRenderer writes the HTML of a page's images. A Resolver that is
// also an ImageRenderer is asked about every image whose destination has
// no scheme (a file beside the page, or a path from the site's root); ok
// false keeps goldmark's <img>.
type ImageRenderer interface {
	RenderImage(img Image) (html string, ok bool)
}

// pendingImage is an image of the body, found by extract, to render
// through the ImageRenderer once the walk is over.
type pendingImage struct {
	node *ast.Image
	img  Image
}

// noteImage notes an image for renderImages.
func (x *extractor) noteImage(n *ast.Image, line int) {
	if _, ok := x.resolve.(ImageRenderer); !ok || hasScheme(n.Destination) {
		return
	}
	img := Image{Dest: string(n.Destination), Title: string(n.Title), Line: line, Index: len(x.sc.images)}
	var alt bytes.Buffer
	plainText(n, x.src, &alt)
	img.Alt = alt.String()
	img.Figure = img.Title != "" && aloneInParagraph(n, x.src)
	x.sc.images = append(x.sc.images, pendingImage{n, img})
}

// renderImages replaces each image noted by the HTML the ImageRenderer
// gives, and a figure's paragraph by it.
func renderImages(r Resolver, images []pendingImage) {
	ir, _ := r.(ImageRenderer)
	for _, p := range images {
		html, ok := ir.RenderImage(p.img)
		if !ok {
			continue
		}
		node := &htmlNode{html: html}
		if p.img.Figure {
			para := p.node.Parent()
			block := &htmlBlockNode{html: html}
			para.Parent().ReplaceChild(para.Parent(), para, block)
			continue
		}
		p.node.Parent().ReplaceChild(p.node.Parent(), p.node, node)
	}
}

// hasScheme reports whether dest starts with a URL scheme (https:, data:).
func hasScheme(dest []byte) bool {
	for i, c := range dest {
		switch {
		case c == ':':
			return i > 0
		case c == '/' || c == '?' || c == '#':
			return false
		}
	}
	return false
}

// aloneInParagraph reports whether n is the only content of its paragraph,
// white space aside.
func aloneInParagraph(n ast.Node, src []byte) bool {
	para, ok := n.Parent().(*ast.Paragraph)
	if !ok || para.Parent() == nil {
		return false
	}
	for c := para.FirstChild(); c != nil; c = c.NextSibling() {
		if c == n {
			continue
		}
		t, ok := c.(*ast.Text)
		if !ok || len(bytes.TrimSpace(t.Segment.Value(src))) > 0 {
			return false
		}
	}
	return true
}

// plainText writes the text of n's descendants, as goldmark writes an
// image's alt attribute.
func plainText(n ast.Node, src []byte, w *bytes.Buffer) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			w.Write(unescape(t.Segment.Value(src)))
			if t.SoftLineBreak() {
				w.WriteByte(' ')
			}
		case *ast.String:
			w.Write(t.Value)
		case *hooked:
			w.WriteString(t.plain)
		default:
			plainText(c, src, w)
		}
	}
}

// htmlNode is an image rendered by the ImageRenderer, in a line of text.
type htmlNode struct {
	ast.BaseInline
	html string
}

var kindHTMLNode = ast.NewNodeKind("RenderedImage")

func (n *htmlNode) Kind() ast.NodeKind { return kindHTMLNode }

func (n *htmlNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// htmlBlockNode is a figure rendered by the ImageRenderer, in place of its
// paragraph.
type htmlBlockNode struct {
	ast.BaseBlock
	html string
}

var kindHTMLBlockNode = ast.NewNodeKind("RenderedFigure")

func (n *htmlBlockNode) Kind() ast.NodeKind { return kindHTMLBlockNode }

func (n *htmlBlockNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// imageRenderer writes the nodes of renderImages as they are.
type imageRenderer struct{}

func (imageRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindHTMLNode, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*htmlNode).html)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindHTMLBlockNode, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*htmlBlockNode).html)
			_ = w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
}
