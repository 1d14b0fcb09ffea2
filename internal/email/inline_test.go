package email

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
)

// inlineParts returns what Inline wrote between <body> and </body>, and the
// <style> element it kept in <head>, if any.
func inlineParts(t *testing.T, doc string) (body, style string) {
	t.Helper()
	out, err := Inline([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if i, j := strings.Index(s, "<body>"), strings.LastIndex(s, "</body>"); i >= 0 && j > i {
		body = s[i+len("<body>") : j]
	}
	if i, j := strings.Index(s, "<style>"), strings.Index(s, "</style>"); i >= 0 && j > i {
		style = s[i+len("<style>") : j]
	}
	return body, style
}

func TestInline(t *testing.T) {
	tests := []struct {
		name, doc, body, style string
	}{
		{"class rule", `<style>.a{color:red;padding:0 4px}</style><p class="a">x</p>`,
			`<p class="a" style="color:red;padding:0 4px">x</p>`, ""},
		{"specificity decides, not order", `<style>#i{color:blue} p.a{color:olive} .a{color:green}</style><p class="a" id="i">x</p>`,
			`<p class="a" id="i" style="color:blue">x</p>`, ""},
		{"style attribute beats rules", `<style>p{color:red;margin:0}</style><p style="color:blue">x</p>`,
			`<p style="margin:0;color:blue">x</p>`, ""},
		{"!important beats the style attribute, and stays", `<style>p{color:red !important}</style><p style="color:blue">x</p>`,
			`<p style="color:red !important">x</p>`, ""},
		{"longhand of a more specific rule after the shorthand", `<style>.x{padding-left:8px} td{padding:0}</style><table><tr><td class="x">x</td></tr></table>`,
			`<table><tbody><tr><td class="x" style="padding:0;padding-left:8px">x</td></tr></tbody></table>`, ""},
		{"a rule's own fallbacks kept", `<style>div{background:red;background:linear-gradient(red,blue)}</style><div>x</div>`,
			`<div style="background:red;background:linear-gradient(red,blue)">x</div>`, ""},
		{"media queries and :hover kept, made !important", `<style>a{color:red} @media (max-width:600px){a{color:blue;padding:0}} a:hover{color:green}</style><a href="https://example.org/">x</a>`,
			`<a href="https://example.org/" style="color:red">x</a>`,
			"@media (max-width:600px){\na{color:blue !important;padding:0 !important}\n}\na:hover{color:green !important}\n"},
		{"keyframes and font-face not made !important", `<style>@keyframes k{from{opacity:0}} @font-face{font-family:X;src:url(https://example.org/x.woff2)}</style><p>x</p>`,
			`<p>x</p>`, "@keyframes k{\nfrom{opacity:0}\n}\n@font-face{\nfont-family:X;src:url(https://example.org/x.woff2)}\n"},
		{"@import first", `<style>p{color:red} @media print{p{color:black}} @import url(https://example.org/a.css);</style><p>x</p>`,
			`<p style="color:red">x</p>`, "@import url(https://example.org/a.css);\n@media print{\np{color:black !important}\n}\n"},
		{"a style element for another medium", `<style media="print">p{color:black}</style><p>x</p>`,
			`<p>x</p>`, "@media print{\np{color:black !important}\n}\n"},
		{"style elements in the body too", `<p class="a">x</p><style>.a{color:red}</style>`,
			`<p class="a" style="color:red">x</p>`, ""},
		{"selector list split", `<style>h1, .a, p::before{margin:0}</style><h1>t</h1><p class="a">x</p>`,
			`<h1 style="margin:0">t</h1><p class="a" style="margin:0">x</p>`, "p::before{margin:0 !important}\n"},
		{"unknown selector kept", `<style>p:focus-within{color:red} p:unknown(x){color:blue}</style><p>x</p>`,
			`<p>x</p>`, "p:focus-within{color:red !important}\np:unknown(x){color:blue !important}\n"},
		{"comments, conditional comments and entities kept", `<style>p{color:red}</style><p>l’été &amp; «&nbsp;x&nbsp;»</p><!--[if mso]><table width="600"><![endif]-->`,
			"<p style=\"color:red\">l’été &amp; «\u00a0x\u00a0»</p><!--[if mso]><table width=\"600\"><![endif]-->", ""},
		{"nothing to do", `<p style="color:blue">x</p>`, `<p style="color:blue">x</p>`, ""},
		{"strings with commas and braces", `<style>[data-x="a,b"]{content:"}"} p{color:red}</style><p data-x="a,b">x</p>`,
			`<p data-x="a,b" style="color:red;content:&#34;}&#34;">x</p>`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body, style := inlineParts(t, tc.doc)
			if body != tc.body {
				t.Errorf("body:\n got %s\nwant %s", body, tc.body)
			}
			if style != tc.style {
				t.Errorf("kept <style>:\n got %q\nwant %q", style, tc.style)
			}
		})
	}
}

// TestInlineIdempotent: once inlined, a document has nothing more to
// inline.
func TestInlineIdempotent(t *testing.T) {
	once, err := Inline(readEdition(t))
	if err != nil {
		t.Fatal(err)
	}
	twice, err := Inline(once)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(once, twice) {
		t.Error("inlining the inlined edition changed it")
	}
	if n := bytes.Count(once, []byte("<style")); n != 1 {
		t.Errorf("%d <style> elements after inlining, want the one that holds the media query", n)
	}
}

func BenchmarkInline(b *testing.B) {
	src, err := os.ReadFile("testdata/edition.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.Run("Inline", func(b *testing.B) {
		for b.Loop() {
			if _, err := Inline(src); err != nil {
				b.Fatal(err)
			}
		}
	})
	// An Inliner, as a build holds one: the style sheet parsed once.
	b.Run("Inliner", func(b *testing.B) {
		var in Inliner
		for b.Loop() {
			if _, err := in.Inline(src); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkText(b *testing.B) {
	src, err := os.ReadFile("testdata/edition.html")
	if err != nil {
		b.Fatal(err)
	}
	inlined, _ := Inline(src)
	b.SetBytes(int64(len(inlined)))
	for b.Loop() {
		Text(inlined)
	}
}

// TestInlinerCache checks that an Inliner, which keeps the style sheets
// and selectors it parsed, gives what Inline gives, for documents sharing
// a style sheet and others, from several goroutines.
func TestInlinerCache(t *testing.T) {
	sample := readEdition(t)
	docs := [][]byte{
		sample,
		[]byte(`<html><head><style>p { color: red } .a p { color: blue }</style></head><body><p>un</p><div class="a"><p>deux</p></div></body></html>`),
		bytes.Replace(sample, []byte("Bonjour"), []byte("Bonsoir"), 1),
		[]byte(`<html><head><style>p { color: red } .a p { color: blue }</style></head><body><div class="a"><p>trois</p></div><p>quatre</p></body></html>`),
	}
	want := make([][]byte, len(docs))
	for i, d := range docs {
		var err error
		if want[i], err = Inline(d); err != nil {
			t.Fatal(err)
		}
	}
	var in Inliner
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i, d := range docs {
				got, err := in.Inline(d)
				if err != nil || !bytes.Equal(got, want[i]) {
					t.Errorf("document %d: the Inliner gives another result than Inline (%v)", i, err)
				}
			}
		})
	}
	wg.Wait()
	if len(in.sheets) != 2 {
		t.Errorf("%d style sheets kept, want 2", len(in.sheets))
	}
}
