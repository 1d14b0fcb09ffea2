// Package shortcode reads the shortcodes of a Markdown body as Hugo writes
// them, and nothing else: it finds the calls, their arguments and what they
// enclose, and leaves every other byte as it was.
//
// # Syntax
//
//	{{< name arg1 "arg 2" >}}             a call whose output is HTML
//	{{< name key="value" key2=`raw` >}}   named arguments
//	{{< name >}}inner{{< /name >}}        a call enclosing text
//	{{% name %}}Markdown{{% /name %}}     a call whose output is Markdown
//	{{< name />}}                         a call that is closed at once
//	{{</* name */>}}                      the text {{< name >}}, not a call
//
// Arguments are all positional or all named. A value is a bare word, a
// "quoted string" (with \" and \\ escapes) or a `raw string`; a bare true,
// false, integer or decimal number is a bool, an int or a float64, as in
// Hugo. A call without a closing tag encloses nothing; whether its
// shortcode needs one is for the caller to say (see Call.Closed).
//
// # Code
//
// Parse is given the byte ranges of the body's code spans and code blocks:
// a shortcode that starts in one of them is text, unlike in Hugo, so that
// a page can show the syntax in code; {{</* */>}} still reads as the call
// it shows, as Hugo's sites write it.
//
// # Errors
//
// A malformed call is an *Error with its 1-based line in the body.
package shortcode

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Node is a part of a body or of what a call encloses: a run of text or a
// call. Start and End are its byte offsets in the body.
type Node struct {
	Start, End int
	Text       string // for text: the bytes of the body, but for {{</* */>}} which reads as the call's syntax
	Call       *Call  // nil for text
}

// Call is one shortcode call.
type Call struct {
	Name     string
	Markdown bool  // {{% %}}: its output is Markdown
	Args     []Arg // in order; all positional (Name "") or all named
	Named    bool  // the arguments are named
	Closed   bool  // it has a closing tag (or />), and encloses Inner
	// SelfClosed is set for {{< name />}}.
	SelfClosed bool
	Inner      []Node
	// InnerStart and InnerEnd are the offsets of what it encloses.
	InnerStart, InnerEnd int
	Line                 int // of its opening tag, 1-based
	Ordinal              int // 0-based position among the calls of its parent (or of the body)
}

// Arg is an argument: Name is "" for a positional one.
type Arg struct {
	Name  string
	Value any // string, bool, int or float64
}

// Error is a malformed call.
type Error struct {
	Line int // 1-based, in the body
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Has reports whether body may hold a shortcode: the cheap test that lets
// a caller skip Parse.
func Has(body []byte) bool {
	return bytes.Contains(body, []byte("{{<")) || bytes.Contains(body, []byte("{{%"))
}

// tag is one tag found by the scanner.
type tag struct {
	start, end int
	line       int // of start
	name       string
	markdown   bool
	closing    bool
	selfClose  bool
	args       []Arg
	named      bool
	comment    string // for {{</* */>}}: the text it stands for
}

// Parse returns the nodes of body. code holds the byte ranges [start, end)
// of its code spans and blocks, sorted by start.
func Parse(body []byte, code [][2]int) ([]Node, error) {
	src := string(body)
	tags, err := scan(src, code)
	if err != nil {
		return nil, err
	}
	return build(src, tags)
}

// scan finds every tag outside code.
func scan(src string, code [][2]int) ([]tag, error) {
	var tags []tag
	lastOff, lastLine := 0, 1
	lineOf := func(off int) int {
		lastLine += strings.Count(src[lastOff:off], "\n")
		lastOff = off
		return lastLine
	}
	for i := 0; i < len(src); {
		j := strings.Index(src[i:], "{{")
		if j < 0 {
			break
		}
		at := i + j
		if at+2 >= len(src) || (src[at+2] != '<' && src[at+2] != '%') {
			i = at + 1
			continue
		}
		if inCode(code, at) {
			// Only {{</* */>}} is read in code, as the text it stands for:
			// Hugo's sites write it there to show a call.
			if t, err := readTag(src, at); err == nil && t.comment != "" {
				t.line = lineOf(at)
				tags = append(tags, t)
				i = t.end
				continue
			}
			i = at + 3
			continue
		}
		t, err := readTag(src, at)
		if err != nil {
			return nil, err
		}
		t.line = lineOf(at)
		tags = append(tags, t)
		i = t.end
	}
	return tags, nil
}

// inCode reports whether off is inside one of the sorted ranges.
func inCode(code [][2]int, off int) bool {
	k := sort.Search(len(code), func(k int) bool { return code[k][1] > off })
	return k < len(code) && code[k][0] <= off
}

// line returns the 1-based line of offset off.
func line(src string, off int) int { return 1 + strings.Count(src[:off], "\n") }

// readTag reads the tag that starts at src[at:], "{{<" or "{{%".
func readTag(src string, at int) (tag, error) {
	delim := src[at+2]
	closer := ">}}"
	if delim == '%' {
		closer = "%}}"
	}
	t := tag{start: at, markdown: delim == '%'}
	errf := func(format string, args ...any) (tag, error) {
		return tag{}, &Error{Line: line(src, at), Msg: fmt.Sprintf(format, args...)}
	}
	p := at + 3
	// A comment: {{</* ... */>}}.
	q := skipSpace(src, p)
	if strings.HasPrefix(src[q:], "/*") {
		end := strings.Index(src[q+2:], "*/"+closer)
		if end < 0 {
			return errf("shortcode comment not closed (want */%s)", closer)
		}
		inner := src[q+2 : q+2+end]
		t.comment = "{{" + string(delim) + inner + closer
		t.end = q + 2 + end + 2 + len(closer)
		return t, nil
	}
	p = q
	if p < len(src) && src[p] == '/' {
		t.closing = true
		p = skipSpace(src, p+1)
	}
	n := p
	for n < len(src) && isNameByte(src[n]) {
		n++
	}
	if n == p {
		return errf("shortcode without a name after {{%c (want {{%c name ... %s)", delim, delim, closer)
	}
	t.name = src[p:n]
	p = n
	for {
		p = skipSpace(src, p)
		if p >= len(src) {
			return errf("shortcode %q is not closed by %s", t.name, closer)
		}
		if strings.HasPrefix(src[p:], closer) {
			t.end = p + len(closer)
			break
		}
		other := map[byte]string{'<': "%}}", '%': ">}}"}[delim]
		if strings.HasPrefix(src[p:], other) {
			return errf("shortcode %q opens with {{%c but closes with %s (want %s)", t.name, delim, other, closer)
		}
		if src[p] == '/' && strings.HasPrefix(src[skipSpace(src, p+1):], closer) {
			if t.closing {
				return errf("closing tag of shortcode %q also closes itself (want {{%c /%s %s)", t.name, delim, t.name, closer)
			}
			t.selfClose = true
			p = skipSpace(src, p+1)
			continue
		}
		if t.closing {
			return errf("closing tag of shortcode %q has arguments (want {{%c /%s %s)", t.name, delim, t.name, closer)
		}
		if t.selfClose {
			return errf("shortcode %q has text after / (want / just before %s)", t.name, closer)
		}
		a, next, err := readArg(src, p, closer)
		if err != nil {
			return errf("shortcode %q: %s", t.name, err)
		}
		if len(t.args) > 0 && (a.Name != "") != t.named {
			return errf("shortcode %q mixes positional and named arguments (want all of one kind)", t.name)
		}
		t.named = a.Name != ""
		t.args = append(t.args, a)
		p = next
	}
	return t, nil
}

// readArg reads one argument at src[p:].
func readArg(src string, p int, closer string) (Arg, int, error) {
	var a Arg
	n := p
	for n < len(src) && isKeyByte(src[n]) {
		n++
	}
	if n > p && n < len(src) && src[n] == '=' {
		a.Name = src[p:n]
		p = n + 1
		if p >= len(src) || isSpace(src[p]) {
			return a, 0, fmt.Errorf("argument %s= has no value (want %s=\"value\")", a.Name, a.Name)
		}
	} else if src[p] == '=' {
		return a, 0, fmt.Errorf("an argument starts with = (want name=\"value\")")
	}
	switch src[p] {
	case '"':
		var b strings.Builder
		for k := p + 1; k < len(src); k++ {
			switch c := src[k]; c {
			case '\\':
				if k+1 < len(src) && (src[k+1] == '"' || src[k+1] == '\\') {
					b.WriteByte(src[k+1])
					k++
					continue
				}
				b.WriteByte(c)
			case '"':
				a.Value = b.String()
				return a, k + 1, nil
			default:
				b.WriteByte(c)
			}
		}
		return a, 0, fmt.Errorf("a quoted argument is not closed (want a closing \")")
	case '`':
		k := strings.IndexByte(src[p+1:], '`')
		if k < 0 {
			return a, 0, fmt.Errorf("a raw argument is not closed (want a closing `)")
		}
		a.Value = src[p+1 : p+1+k]
		return a, p + 2 + k, nil
	}
	k := p
	for k < len(src) && !isSpace(src[k]) && !strings.HasPrefix(src[k:], closer) && !strings.HasPrefix(src[k:], "/"+closer) {
		if src[k] == '"' || src[k] == '`' || src[k] == '=' {
			return a, 0, fmt.Errorf("unexpected %c inside the argument %q (want a quoted value)", src[k], src[p:k+1])
		}
		k++
	}
	a.Value = typed(src[p:k])
	return a, k, nil
}

// typed gives a bare word the type Hugo gives it.
func typed(s string) any {
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if strings.ContainsAny(s, "0123456789") && !strings.ContainsAny(s, "eEnNxX_") {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	}
	return s
}

func skipSpace(src string, p int) int {
	for p < len(src) && isSpace(src[p]) {
		p++
	}
	return p
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '/' || c == '.'
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// frame is an open call being built.
type frame struct {
	call  *Call
	nodes []Node // of the enclosing level, before this call
	start int
}

// match pairs each closing tag with the nearest opening tag of its name
// and delimiters still open; the tags opened after that one and still
// open then enclose nothing. It returns, for each tag, the index of its
// pair (-1 for none), in linear time: a page of many calls without
// closing tags is common.
func match(src string, tags []tag) ([]int, error) {
	pair := make([]int, len(tags))
	open := make([]bool, len(tags))
	var order []int               // the open tags, in order
	byKey := map[string][]int{}   // the same, by name and delimiters
	pos := make([]int, len(tags)) // each open tag's index in order
	key := func(t tag) string { return delims(t.markdown) + t.name }
	for i, t := range tags {
		pair[i] = -1
		switch {
		case t.comment != "" || t.selfClose:
		case !t.closing:
			open[i], pos[i] = true, len(order)
			order = append(order, i)
			byKey[key(t)] = append(byKey[key(t)], i)
		default:
			st := byKey[key(t)]
			for len(st) > 0 && !open[st[len(st)-1]] {
				st = st[:len(st)-1]
			}
			byKey[key(t)] = st
			if len(st) == 0 {
				other := delims(!t.markdown) + t.name
				for _, j := range byKey[other] {
					if open[j] {
						return nil, &Error{Line: t.line, Msg: fmt.Sprintf("shortcode %q opens with {{%s and closes with {{%s (want the same)", t.name, delims(!t.markdown), delims(t.markdown))}
					}
				}
				return nil, &Error{Line: t.line, Msg: fmt.Sprintf("closing tag of shortcode %q without an opening one", t.name)}
			}
			j := st[len(st)-1]
			byKey[key(t)] = st[:len(st)-1]
			for _, k := range order[pos[j]:] {
				open[k] = false
			}
			order = order[:pos[j]]
			pair[i], pair[j] = j, i
		}
	}
	return pair, nil
}

// build turns tags into a tree (see match).
func build(src string, tags []tag) ([]Node, error) {
	pair, err := match(src, tags)
	if err != nil {
		return nil, err
	}
	var stack []frame
	var nodes []Node
	pos := 0
	text := func(end int) {
		if end > pos {
			nodes = append(nodes, Node{Start: pos, End: end, Text: src[pos:end]})
		}
		pos = end
	}
	for i, t := range tags {
		text(t.start)
		switch {
		case t.comment != "":
			nodes = append(nodes, Node{Start: t.start, End: t.end, Text: t.comment})
		case t.closing:
			f := stack[len(stack)-1] // match made it the innermost open call
			stack = stack[:len(stack)-1]
			c := f.call
			c.Closed, c.Inner, c.InnerEnd = true, nodes, t.start
			numberCalls(c.Inner)
			nodes = append(f.nodes, Node{Start: f.start, End: t.end, Call: c})
		default:
			c := &Call{Name: t.name, Markdown: t.markdown, Args: t.args, Named: t.named, Line: t.line, InnerStart: t.end, InnerEnd: t.end}
			switch {
			case t.selfClose:
				c.Closed, c.SelfClosed = true, true
				nodes = append(nodes, Node{Start: t.start, End: t.end, Call: c})
			case pair[i] < 0: // never closed: it encloses nothing
				nodes = append(nodes, Node{Start: t.start, End: t.end, Call: c})
			default:
				stack = append(stack, frame{call: c, nodes: nodes, start: t.start})
				nodes = nil
			}
		}
		pos = t.end
	}
	text(len(src))
	numberCalls(nodes)
	return nodes, nil
}

func numberCalls(nodes []Node) {
	n := 0
	for _, x := range nodes {
		if x.Call != nil {
			x.Call.Ordinal = n
			n++
		}
	}
}

func delims(markdown bool) string {
	if markdown {
		return "%"
	}
	return "<"
}

// Get returns the argument at position i (an int) or named key (a string),
// and whether there is one.
func (c *Call) Get(key any) (any, bool) {
	switch k := key.(type) {
	case int:
		if c.Named || k < 0 || k >= len(c.Args) {
			return nil, false
		}
		return c.Args[k].Value, true
	case string:
		for _, a := range c.Args {
			if a.Name == k {
				return a.Value, true
			}
		}
	}
	return nil, false
}
