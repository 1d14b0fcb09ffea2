package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Block attributes, as Hugo's goldmark option markup.goldmark.parser.
// attribute.block has them: a line that is only {.class #id key="value"},
// right after a block, gives that block those attributes.

var kindAttributes = ast.NewNodeKind("AllianceAttributes")

// attributesBlock is such a line until the transformer moves its
// attributes to the block before it.
type attributesBlock struct{ ast.BaseBlock }

func (n *attributesBlock) Kind() ast.NodeKind         { return kindAttributes }
func (n *attributesBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type attributesParser struct{}

func (attributesParser) Trigger() []byte { return []byte{'{'} }

func (attributesParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if parent.LastChild() == nil {
		return nil, parser.NoChildren
	}
	l, pos := reader.Position()
	attrs, ok := parser.ParseAttributes(reader)
	if rest, _ := reader.PeekLine(); !ok || !util.IsBlank(rest) {
		// Not a line of attributes alone: read it again as text.
		reader.SetPosition(l, pos)
		return nil, parser.NoChildren
	}
	reader.AdvanceToEOL()
	n := &attributesBlock{}
	for _, a := range attrs {
		n.SetAttribute(a.Name, a.Value)
	}
	return n, parser.NoChildren
}

func (attributesParser) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}
func (attributesParser) Close(ast.Node, text.Reader, parser.Context) {}
func (attributesParser) CanInterruptParagraph() bool                 { return true }
func (attributesParser) CanAcceptIndentedLine() bool                 { return false }

// attributesTransformer gives each line of attributes' attributes to the
// block before it, and removes the line.
type attributesTransformer struct{}

func (attributesTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var found []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == kindAttributes {
			found = append(found, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range found {
		if prev := n.PreviousSibling(); prev != nil && prev.Type() == ast.TypeBlock {
			for _, a := range n.Attributes() {
				if string(a.Name) == "class" {
					if old, ok := prev.AttributeString("class"); ok {
						prev.SetAttribute(a.Name, append(append([]byte{}, old.([]byte)...), append([]byte{' '}, a.Value.([]byte)...)...))
						continue
					}
				}
				prev.SetAttribute(a.Name, a.Value)
			}
		}
		n.Parent().RemoveChild(n.Parent(), n)
	}
}
