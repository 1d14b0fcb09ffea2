package email

import (
	"bytes"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// decl is one CSS declaration.
type decl struct {
	prop      string // lower-case
	value     string
	important bool
}

// cssItem is a rule of a style sheet: a style rule (at == "") with its
// selector and declarations, or an at-rule (at == "@media", ...) with its
// prelude and either nested rules, declarations (@font-face, @page) or, for
// the at-rules this package does not know, the raw text of its block.
type cssItem struct {
	at       string
	prelude  string
	decls    []decl
	children []*cssItem
	block    bool   // an at-rule with a block, not a statement such as @import
	raw      string // the block of an unknown at-rule
	offset   int    // where the item starts in the style sheet
}

// cssError is a syntax error in a style sheet, at a byte offset.
type cssError struct {
	offset int
	msg    string
}

// parseCSS reads a style sheet, returned as the children of an item (or,
// with inline, a style attribute, returned as the item's declarations) with
// github.com/tdewolff/parse, which follows CSS Syntax Level 3 and recovers
// from errors as browsers do; the errors are returned too.
func parseCSS(src string, inline bool) (*cssItem, []cssError) {
	p := css.NewParser(parse.NewInputString(src), inline)
	root := &cssItem{}
	stack := []*cssItem{root}
	var errs []cssError
	last := 0 // offset where the current grammar started
	for {
		start := skipSpace(src, last)
		gt, _, data := p.Next()
		last = p.Offset()
		top := stack[len(stack)-1]
		switch gt {
		case css.ErrorGrammar:
			if !p.HasParseError() {
				return root, errs // the end of the input
			}
			msg := "syntax error"
			if perr, ok := p.Err().(*parse.Error); ok {
				msg = perr.Message
			}
			errs = append(errs, cssError{offset: start, msg: msg})
		case css.BeginRulesetGrammar:
			it := &cssItem{prelude: strings.TrimSpace(joinTokens(p.Values())), offset: start}
			top.children = append(top.children, it)
			stack = append(stack, it)
		case css.BeginAtRuleGrammar:
			it := &cssItem{at: string(bytes.ToLower(data)), prelude: strings.TrimSpace(joinTokens(p.Values())), block: true, offset: start}
			top.children = append(top.children, it)
			stack = append(stack, it)
		case css.AtRuleGrammar:
			top.children = append(top.children, &cssItem{at: string(bytes.ToLower(data)), prelude: strings.TrimSpace(joinTokens(p.Values())), offset: start})
		case css.EndRulesetGrammar, css.EndAtRuleGrammar:
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case css.DeclarationGrammar:
			top.decls = append(top.decls, newDecl(string(data), p.Values()))
		case css.CustomPropertyGrammar:
			value := ""
			if v := p.Values(); len(v) > 0 {
				value = string(v[0].Data)
			}
			d := decl{prop: string(data), value: strings.TrimSpace(value)}
			if v, ok := cutImportant(d.value); ok {
				d.value, d.important = v, true
			}
			top.decls = append(top.decls, d)
		case css.TokenGrammar:
			if top != root {
				top.raw += string(data)
			}
		}
	}
}

// skipSpace returns the offset of the first byte at or after i that is
// neither white space nor in a comment.
func skipSpace(src string, i int) int {
	for i < len(src) {
		switch {
		case strings.IndexByte(" \t\n\r\f", src[i]) >= 0:
			i++
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return len(src)
			}
			i += end + 4
		default:
			return i
		}
	}
	return i
}

func joinTokens(tokens []css.Token) string {
	var b strings.Builder
	for _, t := range tokens {
		b.Write(t.Data)
	}
	return b.String()
}

// newDecl makes a declaration from the parser's tokens, with its
// !important flag taken off the value.
func newDecl(prop string, values []css.Token) decl {
	d := decl{prop: strings.ToLower(prop)}
	end := len(values)
	for end > 0 && values[end-1].TokenType == css.WhitespaceToken {
		end--
	}
	if end >= 2 && values[end-1].TokenType == css.IdentToken && strings.EqualFold(string(values[end-1].Data), "important") {
		bang := end - 2
		for bang > 0 && values[bang].TokenType == css.WhitespaceToken {
			bang--
		}
		if values[bang].TokenType == css.DelimToken && string(values[bang].Data) == "!" {
			d.important = true
			end = bang
		}
	}
	d.value = strings.TrimSpace(joinTokens(values[:end]))
	return d
}

func cutImportant(v string) (string, bool) {
	lower := strings.ToLower(v)
	if !strings.HasSuffix(lower, "important") {
		return v, false
	}
	rest := strings.TrimRight(v[:len(v)-len("important")], " \t\n\r\f")
	if !strings.HasSuffix(rest, "!") {
		return v, false
	}
	return strings.TrimSpace(rest[:len(rest)-1]), true
}

// importantAts are the at-rules whose nested style rules, kept in a <style>
// element after inlining, are made !important so that they still win over
// the inlined styles (a media query for small screens or dark mode).
var importantAts = map[string]bool{"@media": true, "@supports": true, "@document": true, "@layer": true, "@container": true}

// write serializes it; with important, every declaration of a style rule
// is written !important.
func (it *cssItem) write(b *strings.Builder, important bool) {
	if it.at == "" {
		b.WriteString(it.prelude)
		b.WriteString("{")
		writeDecls(b, it.decls, important)
		for _, k := range it.children {
			k.write(b, important)
		}
		b.WriteString("}\n")
		return
	}
	b.WriteString(it.at)
	if it.prelude != "" {
		b.WriteString(" ")
		b.WriteString(it.prelude)
	}
	if !it.block {
		b.WriteString(";\n")
		return
	}
	b.WriteString("{\n")
	writeDecls(b, it.decls, false)
	b.WriteString(it.raw)
	for _, k := range it.children {
		k.write(b, importantAts[it.at])
	}
	b.WriteString("}\n")
}

func writeDecls(b *strings.Builder, decls []decl, important bool) {
	for i, d := range decls {
		if i > 0 {
			b.WriteString(";")
		}
		b.WriteString(d.prop)
		b.WriteString(":")
		b.WriteString(d.value)
		if important || d.important {
			b.WriteString(" !important")
		}
	}
}
