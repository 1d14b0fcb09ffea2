package shortcode

import (
	"fmt"
	"strings"
	"testing"
)

// show writes nodes as a readable outline: text in quotes, calls with
// their arguments and what they enclose.
func show(nodes []Node) string {
	var b strings.Builder
	for i, n := range nodes {
		if i > 0 {
			b.WriteByte(' ')
		}
		if n.Call == nil {
			fmt.Fprintf(&b, "%q", n.Text)
			continue
		}
		c := n.Call
		d := "<"
		if c.Markdown {
			d = "%"
		}
		fmt.Fprintf(&b, "%s%s#%d@%d", d, c.Name, c.Ordinal, c.Line)
		for _, a := range c.Args {
			if a.Name != "" {
				fmt.Fprintf(&b, " %s=", a.Name)
			} else {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%T:%v", a.Value, a.Value)
		}
		if c.Closed {
			fmt.Fprintf(&b, " [%s]", show(c.Inner))
		}
	}
	return b.String()
}

func TestParse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", `"plain text"`},
		{`a {{< figure src="/x.svg" >}} b`, `"a " <figure#0@1 src=string:/x.svg " b"`},
		{"{{< video https://youtu.be/x 42 true 1.5 >}}", `<video#0@1 string:https://youtu.be/x int:42 bool:true float64:1.5`},
		{"{{< x `raw \"q\"` \"esc \\\"q\\\" \\\\\" >}}", `<x#0@1 string:raw "q" string:esc "q" \`},
		{"{{% details summary=\"Plus\" %}}\n*inner*\n{{% /details %}}", `%details#0@1 summary=string:Plus ["\n*inner*\n"]`},
		{"{{< a >}}x{{< b >}}y{{< /a >}}", `<a#0@1 ["x" <b#0@1 "y"]`},
		{"{{< a >}}{{< a >}}in{{< /a >}}{{< /a >}}", `<a#0@1 [<a#0@1 ["in"]]`},
		{"{{< a />}} {{< b >}}\n{{< c >}}", `<a#0@1 [] " " <b#1@1 "\n" <c#2@2`},
		{"{{</* figure src=\"x\" */>}}", `"{{< figure src=\"x\" >}}"`},
		{"{{{< x >}}}", `"{" <x#0@1 "}"`},
		{"`{{< x >}}` {{< y >}}", "\"`{{< x >}}` \" <y#0@1"},
		{"{{ .Title }} {{<x>}}", `"{{ .Title }} " <x#0@1`},
	}
	for _, tt := range tests {
		var code [][2]int
		if strings.HasPrefix(tt.in, "`") {
			code = [][2]int{{0, strings.Index(tt.in[1:], "`") + 2}}
		}
		nodes, err := Parse([]byte(tt.in), code)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := show(nodes); got != tt.want {
			t.Errorf("Parse(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		line int
		msg  string
	}{
		{"a\n{{< figure src=\"x\"", 2, `shortcode "figure" is not closed by >}}`},
		{"{{< x a=1 2 >}}", 1, "mixes positional and named"},
		{"\n\n{{< x a= >}}", 3, "has no value"},
		{"{{< x \"open >}}", 1, "quoted argument is not closed"},
		{"{{< x %}}", 1, "opens with {{< but closes with %}}"},
		{"text\n{{< /x >}}", 2, "without an opening one"},
		{"a\n\n{{< /x />}}", 3, "also closes itself"},
		{"{{% x >}}y{{< /x >}}", 1, "opens with {{% but closes with >}}"},
		{"{{< x >}}y{{% /x %}}", 1, "opens with {{< and closes with {{%"},
		{"{{< >}}", 1, "without a name"},
		{"{{< /x a >}}", 1, "has arguments"},
		{"{{< x a\"b >}}", 1, "unexpected \""},
		{"{{</* x >}}", 1, "comment not closed"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in), nil)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("Parse(%q) = %v, want an *Error", tt.in, err)
			continue
		}
		if e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("Parse(%q) = line %d %q, want line %d %q", tt.in, e.Line, e.Msg, tt.line, tt.msg)
		}
	}
}

func TestGet(t *testing.T) {
	nodes, _ := Parse([]byte(`{{< x a="1" b=2 >}}{{< y p q >}}`), nil)
	x, y := nodes[0].Call, nodes[1].Call
	if v, ok := x.Get("b"); !ok || v != 2 {
		t.Errorf(`Get("b") = %v, %v`, v, ok)
	}
	if _, ok := x.Get(0); ok {
		t.Error("Get(0) of named arguments found one")
	}
	if v, ok := y.Get(1); !ok || v != "q" {
		t.Errorf("Get(1) = %v, %v", v, ok)
	}
	if _, ok := y.Get(2); ok {
		t.Error("Get(2) found one")
	}
}

// checkCover asserts the property the fuzz target holds Parse to: nodes
// cover the body from start to end, each text node is the body's bytes
// (but for {{</* */>}}), and what a call encloses lies inside it.
func checkCover(t *testing.T, src string, nodes []Node, start, end int) {
	t.Helper()
	pos := start
	for _, n := range nodes {
		if n.Start != pos || n.End < n.Start {
			t.Fatalf("%q: node at %d..%d, want it to start at %d", src, n.Start, n.End, pos)
		}
		switch {
		case n.Call != nil:
			c := n.Call
			if c.Closed {
				if c.InnerStart < n.Start || c.InnerEnd > n.End || c.InnerEnd < c.InnerStart {
					t.Fatalf("%q: inner %d..%d outside the call %d..%d", src, c.InnerStart, c.InnerEnd, n.Start, n.End)
				}
				checkCover(t, src, c.Inner, c.InnerStart, c.InnerEnd)
			}
		case !strings.HasPrefix(src[n.Start:n.End], "{{"):
			if n.Text != src[n.Start:n.End] {
				t.Fatalf("%q: text %q, want %q", src, n.Text, src[n.Start:n.End])
			}
		}
		pos = n.End
	}
	if pos != end {
		t.Fatalf("%q: nodes end at %d, want %d", src, pos, end)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"plain", "{{< a >}}", "{{% a %}}x{{% /a %}}", "{{< a b=\"c\" >}}x{{< /a >}}",
		"{{</* a */>}}", "{{< a >}}{{< b />}}{{< /a >}}", "{{ x }} {{<", "{{< a `b` >}}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		nodes, err := Parse([]byte(src), nil)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("%q: error %T, want *Error", src, err)
			}
			return
		}
		checkCover(t, src, nodes, 0, len(src))
		if !Has([]byte(src)) && (len(nodes) > 1 || len(nodes) == 1 && nodes[0].Text != src) {
			t.Fatalf("%q without shortcodes parsed as %s", src, show(nodes))
		}
	})
}

// BenchmarkParseMany parses a body of 20,000 calls without closing tags,
// which once took a minute (each unclosed call copied what followed it).
func BenchmarkParseMany(b *testing.B) {
	body := []byte(strings.Repeat("{{< figure src=\"x.jpg\" >}}\n", 20000))
	for b.Loop() {
		if _, err := Parse(body, nil); err != nil {
			b.Fatal(err)
		}
	}
}
