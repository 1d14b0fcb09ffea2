package markdown

import (
	"errors"
	"fmt"
	"html/template"
	"strings"
	"testing"

	"github.com/catalyseurs/alliance/internal/shortcode"
)

// fakeShortcodes renders a call as its name, arguments and inner text,
// the way a layout of layouts/shortcodes/ would.
type fakeShortcodes struct{}

func (fakeShortcodes) Lookup(name string) (bool, bool) {
	switch name {
	case "x", "md", "fail":
		return true, false
	case "box", "mdbox":
		return true, true
	}
	return false, false
}

func (fakeShortcodes) Names() []string { return []string{"x", "md", "box", "mdbox", "fail"} }

func (fakeShortcodes) Render(path []*shortcode.Call, inner string) (string, error) {
	c := path[len(path)-1]
	var args []string
	for _, a := range c.Args {
		args = append(args, fmt.Sprint(a.Value))
	}
	switch c.Name {
	case "x":
		return fmt.Sprintf(`<span class="x" data-args="%s">%d</span>`, template.HTMLEscapeString(strings.Join(args, "|")), len(path)), nil
	case "md":
		return "**" + strings.Join(args, " ") + "**", nil
	case "box":
		return `<div class="box">` + inner + `</div>`, nil
	case "mdbox":
		return "<aside>\n\n" + inner + "\n\n</aside>", nil
	}
	return "", errors.New("it failed")
}

func TestShortcodes(t *testing.T) {
	tests := []struct{ name, in, html, text string }{
		{"typography leaves arguments alone", `Voir : {{< x src="/x.svg" t="l'été" >}} "oui"`,
			"<p>Voir\u00a0: <span class=\"x\" data-args=\"/x.svg|l&#39;été\">1</span> «\u202foui\u202f»</p>\n", "Voir\u00a0: 1 «\u202foui\u202f»"},
		{"alone in a paragraph", "Avant\n\n{{< x >}}\n\nAprès", "<p>Avant</p>\n<span class=\"x\" data-args=\"\">1</span>\n<p>Après</p>\n", "Avant 1 Après"},
		{"code span", "`{{< x >}}` et {{< x >}}", "<p><code>{{&lt; x &gt;}}</code> et <span class=\"x\" data-args=\"\">1</span></p>\n", "{{< x >}} et 1"},
		{"fenced code", "```\n{{< nope >}}\n```\n", "<pre><code>{{&lt; nope &gt;}}\n</code></pre>\n", "{{< nope >}}"},
		{"comment shows the call", "{{</* x a=\"b\" */>}}", "<p>{{&lt; x a=&#34;b&#34; &gt;}}</p>\n", `{{< x a="b" >}}`},
		{"comment in code", "`{{</* x */>}}`", "<p><code>{{&lt; x &gt;}}</code></p>\n", "{{< x >}}"},
		{"markdown output", "A {{% md gras %}} B", "<p>A <strong>gras</strong> B</p>\n", "A gras B"},
		{"nested", "{{< box >}}in {{< x >}}{{< /box >}}", "<div class=\"box\">in <span class=\"x\" data-args=\"\">2</span></div>\n", "in 2"},
		{"markdown inner, layout HTML kept, editor HTML escaped", "{{% mdbox %}}*a* <b>b</b>{{% /mdbox %}}",
			"<aside>\n<p><em>a</em> &lt;b&gt;b&lt;/b&gt;</p>\n</aside>", "a b"},
	}
	c := New(Options{French: true})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := c.ConvertEnv([]byte(tt.in), Env{Shortcodes: fakeShortcodes{}})
			if err != nil {
				t.Fatal(err)
			}
			if r.HTML != tt.html {
				t.Errorf("HTML\n got %q\nwant %q", r.HTML, tt.html)
			}
			if r.Text != tt.text {
				t.Errorf("Text\n got %q\nwant %q", r.Text, tt.text)
			}
		})
	}
}

func TestShortcodeErrors(t *testing.T) {
	tests := []struct {
		in   string
		line int
		msg  string
	}{
		{"a\n\n{{< figur >}}", 3, `shortcode "figur": no such shortcode (want a file layouts/shortcodes/figur.html)`},
		{"{{< bx >}}", 1, `no such shortcode (want box, or a file layouts/shortcodes/bx.html)`},
		{"a\n{{< box >}}sans fin", 2, `shortcode "box": not closed (want {{< /box >}}`},
		{"\n{{< x a=\"b >}}", 2, `quoted argument is not closed`},
		{"\n\n\n{{< fail >}}", 4, `shortcode "fail": it failed`},
		{"\n{{< x >}}y{{< /x >}}", 2, `shortcode "x": has a closing tag but its layout never reads .Inner (want {{< x >}} alone)`},
	}
	c := New(Options{})
	for _, tt := range tests {
		_, err := c.ConvertEnv([]byte(tt.in), Env{Shortcodes: fakeShortcodes{}})
		if err == nil || ErrorLine(err) != tt.line || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%q: error %v at line %d, want %q at line %d", tt.in, err, ErrorLine(err), tt.msg, tt.line)
		}
	}
}

func TestShortcodeLines(t *testing.T) {
	c := New(Options{})
	in := "{{% mdbox %}}\nun\n\ndeux\n{{% /mdbox %}}\n\n[lien](/a)\n\n{{< box >}}\n\n\n{{< /box >}}\n[b](/b)\n"
	r, err := c.ConvertEnv([]byte(in), Env{Shortcodes: fakeShortcodes{}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range r.Links {
		got = append(got, fmt.Sprintf("%s:%d", l.Dest, l.Line))
	}
	if want := "/a:7 /b:13"; strings.Join(got, " ") != want {
		t.Errorf("links %v, want %s", got, want)
	}
}

// fakeHooks renders every hook as its kind and fields.
type fakeHooks struct{ code string }

func (h fakeHooks) Has(k HookKind, lang string) bool {
	return k != HookCodeblock || lang == h.code
}

func (fakeHooks) Render(h *Hook) (template.HTML, error) {
	switch h.Kind {
	case HookLink:
		return template.HTML(fmt.Sprintf(`<a href="%s" data-plain="%s">%s</a>`, h.Destination, h.PlainText, h.Text)), nil
	case HookImage:
		return template.HTML(fmt.Sprintf(`<img src="%s" alt="%s" data-block="%v" data-ord="%d">`, h.Destination, h.PlainText, h.IsBlock, h.Ordinal)), nil
	case HookHeading:
		return template.HTML(fmt.Sprintf("<h%d id=\"%s\" data-attrs=\"%v\">%s</h%d>\n", h.Level, h.Anchor, h.Attributes, h.Text, h.Level)), nil
	case HookBlockquote:
		return template.HTML(fmt.Sprintf("<aside data-type=\"%s/%s/%s\" data-title=\"%s\">\n%s</aside>\n", h.Type, h.AlertType, h.AlertSign, h.AlertTitle, h.Text)), nil
	case HookCodeblock:
		return template.HTML(fmt.Sprintf("<pre data-lang=\"%s\" data-attrs=\"%v\">%s</pre>\n", h.Type, h.Attributes, template.HTMLEscapeString(h.Inner))), nil
	}
	return "", nil
}

func TestHooks(t *testing.T) {
	tests := []struct{ name, in, html string }{
		{"link with image", "[![alt *x*](/i.png)](/p)", `<p><a href="/p" data-plain="alt x"><img src="/i.png" alt="alt x" data-block="false" data-ord="0"></a></p>` + "\n"},
		{"block image", "![Une photo](/i.png)", `<img src="/i.png" alt="Une photo" data-block="true" data-ord="0">` + "\n"},
		{"heading", "## Titre *mis en avant* {.c}", "<h2 id=\"titre-mis-en-avant\" data-attrs=\"map[class:c]\">Titre <em>mis en avant</em></h2>\n"},
		{"quote", "> Une citation", "<aside data-type=\"regular//\" data-title=\"\">\n<p>Une citation</p>\n</aside>\n"},
		{"alert", "> [!NOTE]\n> À retenir", "<aside data-type=\"alert/note/\" data-title=\"\">\n<p>À retenir</p>\n</aside>\n"},
		{"alert with title and fold", "> [!Warning]- Inscription *obligatoire*\n> Avant le 1er juin", "<aside data-type=\"alert/warning/-\" data-title=\"Inscription <em>obligatoire</em>\">\n<p>Avant le 1er juin</p>\n</aside>\n"},
		{"code of the hook's language", "```go {.x}\nfmt.Println()\n```", "<pre data-lang=\"go\" data-attrs=\"map[class:x]\">fmt.Println()</pre>\n"},
		{"code of another language", "```sh\nls\n```", "<pre><code class=\"language-sh\">ls\n</code></pre>\n"},
		{"dangerous link", "[x](javascript:alert(1)) ![i](data:text/html,x)", `<p><a href="#" data-plain="x">x</a> <img src="#" alt="i" data-block="false" data-ord="0"></p>` + "\n"},
		{"autolink", "<https://example.org>", `<p><a href="https://example.org" data-plain="https://example.org">https://example.org</a></p>` + "\n"},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := c.ConvertEnv([]byte(tt.in), Env{Hooks: fakeHooks{code: "go"}})
			if err != nil {
				t.Fatal(err)
			}
			if r.HTML != tt.html {
				t.Errorf("HTML\n got %q\nwant %q", r.HTML, tt.html)
			}
		})
	}
}

// FuzzShortcodes holds ConvertEnv to two properties on any body: an error
// names a line of the body, and a success leaves no placeholder in any
// output; a body without shortcodes renders as it does without Env.
func FuzzShortcodes(f *testing.F) {
	for _, s := range []string{
		"{{< x a=1 >}}", "{{% mdbox %}}*a*{{% /mdbox %}}", "`{{< x >}}`", "{{< box >}}{{< x >}}{{< /box >}}",
		"# T {{< x >}}\n\n[l]({{< x >}})", "> [!NOTE]- {{< x >}}\n> b", "{{</* x */>}}", "a\n{.c}\n{{< fail >}}",
	} {
		f.Add(s)
	}
	c := New(Options{French: true})
	f.Fuzz(func(t *testing.T, body string) {
		r, err := c.ConvertEnv([]byte(body), Env{Shortcodes: fakeShortcodes{}, Hooks: fakeHooks{code: "go"}})
		if err != nil {
			if l := ErrorLine(err); l < 1 || l > 1+strings.Count(body, "\n") {
				t.Fatalf("%q: error at line %d of a body of %d lines: %v", body, l, 1+strings.Count(body, "\n"), err)
			}
			return
		}
		all := r.HTML + r.Summary + r.Text
		for _, s := range r.Sections {
			all += s.Heading + s.Body
		}
		for _, l := range r.Links {
			all += l.Dest + l.URL
		}
		if strings.Contains(all, phOpen) && !strings.Contains(body, phOpen) {
			t.Fatalf("%q: a placeholder is left in %q", body, all)
		}
		if !strings.Contains(body, "{{") {
			plain, err := c.ConvertEnv([]byte(body), Env{Hooks: fakeHooks{code: "go"}})
			if err != nil || plain.HTML != r.HTML {
				t.Fatalf("%q: without shortcodes %q, with %q (%v)", body, plain.HTML, r.HTML, err)
			}
		}
	})
}
