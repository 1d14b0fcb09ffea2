package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// alertAttr is the attribute that marks a blockquote written with GitHub's
// alert syntax; it is never rendered (no HTML filter lets it through).
const alertAttr = "alliance-alert"

// titleAttr marks the paragraph holding an alert's title.
const titleAttr = "alliance-alert-title"

type alert struct{ typ, sign string }

// alertLine is the first line of an alert: [!TYPE], a fold sign, a title.
var alertLine = regexp.MustCompile(`^\[!([A-Za-z]+)\]([-+]?)[ \t]*`)

// alertTransformer finds the quotes whose first line is an alert marker
// (> [!NOTE], > [!TIP]- Title), drops the marker and keeps the title in a
// paragraph of its own, first in the quote.
type alertTransformer struct{}

func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		p, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			continue
		}
		first := p.Lines().At(0)
		m := alertLine.FindSubmatchIndex(first.Value(src))
		if m == nil {
			continue
		}
		line := first.Value(src)
		q.SetAttributeString(alertAttr, &alert{typ: strings.ToLower(string(line[m[2]:m[3]])), sign: string(line[m[4]:m[5]])})
		titleStart, lineEnd := first.Start+m[1], first.Start+len(bytes.TrimRight(line, "\n"))
		title := ast.NewParagraph()
		title.SetAttributeString(titleAttr, true)
		for c := p.FirstChild(); c != nil; {
			next := c.NextSibling()
			pos, _ := position(c)
			if t, ok := c.(*ast.Text); ok {
				pos = t.Segment.Start
			}
			t, isText := c.(*ast.Text)
			if isText && t.Segment.Len() == 0 && pos <= lineEnd {
				p.RemoveChild(p, c) // the first line's soft line break
				c = next
				continue
			}
			if pos >= lineEnd || pos < 0 {
				break
			}
			switch {
			case isText && t.Segment.Stop <= titleStart:
				p.RemoveChild(p, c)
			case isText && t.Segment.Start < titleStart:
				t.Segment = t.Segment.WithStart(titleStart)
				fallthrough
			default:
				p.RemoveChild(p, c)
				if isText && t.Segment.Stop >= lineEnd {
					t.SetSoftLineBreak(false)
				}
				title.AppendChild(title, c)
			}
			c = next
		}
		if p.ChildCount() == 0 {
			q.RemoveChild(q, p)
		}
		if title.ChildCount() > 0 {
			title.Lines().Append(text.NewSegment(titleStart, lineEnd))
			q.InsertBefore(q, q.FirstChild(), title)
		}
	}
}

// alertOf returns the alert of a quote, or nil.
func alertOf(q ast.Node) *alert {
	v, ok := q.AttributeString(alertAttr)
	if !ok {
		return nil
	}
	a, _ := v.(*alert)
	return a
}

func isAlertTitle(n ast.Node) bool {
	_, ok := n.AttributeString(titleAttr)
	return ok
}
