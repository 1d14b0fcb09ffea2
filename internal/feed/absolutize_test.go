package feed

import (
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

const absBase = "https://example.org/actualites/lettre/"

var absolutizeTests = []struct {
	name, in, want string
}{
	{"relative path", `<img src="img/a.png">`, `<img src="https://example.org/actualites/lettre/img/a.png">`},
	{"root-relative", `<a href="/charte/">charte</a>`, `<a href="https://example.org/charte/">charte</a>`},
	{"dot-dot", `<a href="../x">x</a>`, `<a href="https://example.org/actualites/x">x</a>`},
	{"dot", `<a href="./y?q=1&amp;r=2#s">y</a>`, `<a href="https://example.org/actualites/lettre/y?q=1&amp;r=2#s">y</a>`},
	{"query only", `<a href="?page=2">2</a>`, `<a href="https://example.org/actualites/lettre/?page=2">2</a>`},
	{"protocol-relative", `<script src="//cdn.example.net/a.js"></script>`, `<script src="//cdn.example.net/a.js"></script>`},
	{"absolute", `<a href="https://autre.example/p">p</a>`, `<a href="https://autre.example/p">p</a>`},
	{"absolute uppercase scheme", `<a href="HTTP://autre.example/">p</a>`, `<a href="HTTP://autre.example/">p</a>`},
	{"mailto", `<a href="mailto:contact@example.org">écrire</a>`, `<a href="mailto:contact@example.org">écrire</a>`},
	{"tel", `<a href="tel:+33100000000">appeler</a>`, `<a href="tel:+33100000000">appeler</a>`},
	{"data", `<img src="data:image/png;base64,AAAA">`, `<img src="data:image/png;base64,AAAA">`},
	{"fragment only", `<a href="#top">haut</a>`, `<a href="#top">haut</a>`},
	{"empty", `<a href="">ici</a>`, `<a href="">ici</a>`},
	// A tag with a relative URL is written anew: lower-case names, values
	// between double quotes, one space between attributes.
	{"single quotes", `<img src='a.png' alt='l"image'>`, `<img src="https://example.org/actualites/lettre/a.png" alt="l&quot;image">`},
	{"unquoted", `<img src=a.png alt=x>`, `<img src="https://example.org/actualites/lettre/a.png" alt="x">`},
	{"unquoted self-closing", `<img src=/a.png />`, `<img src="https://example.org/a.png" />`},
	{"uppercase attributes", `<A HREF="/a">a</A><IMG SRC='b.jpg'>`, `<a href="https://example.org/a">a</A><img src="https://example.org/actualites/lettre/b.jpg">`},
	{"spaces around =", `<a href = "/a" >a</a>`, `<a href="https://example.org/a">a</a>`},
	{"spaces in value", `<a href=" /a ">a</a>`, `<a href=" https://example.org/a ">a</a>`},
	{"poster and video src", `<video poster="p.jpg" src="v.mp4"></video>`, `<video poster="https://example.org/actualites/lettre/p.jpg" src="https://example.org/actualites/lettre/v.mp4"></video>`},
	{"srcset", `<img srcset="a.png 1x, /b.png 2x,https://c.example/c.png 3x" src="a.png">`,
		`<img srcset="https://example.org/actualites/lettre/a.png 1x, https://example.org/b.png 2x,https://c.example/c.png 3x" src="https://example.org/actualites/lettre/a.png">`},
	{"srcset widths", `<source srcset="s.webp 480w,m.webp 800w">`, `<source srcset="https://example.org/actualites/lettre/s.webp 480w,https://example.org/actualites/lettre/m.webp 800w">`},
	{"srcset without descriptors", `<img srcset="a.png, b.png,">`, `<img srcset="https://example.org/actualites/lettre/a.png, https://example.org/actualites/lettre/b.png,">`},
	// As the HTML standard parses it, a comma inside a URL does not split it.
	{"srcset comma in URL", `<img srcset="a.png,b.png 2x">`, `<img srcset="https://example.org/actualites/lettre/a.png,b.png 2x">`},
	{"srcset descriptor with parentheses", `<img srcset="a.png (x, y), b.png">`, `<img srcset="https://example.org/actualites/lettre/a.png (x, y), https://example.org/actualites/lettre/b.png">`},
	{"other attributes untouched", `<a data-href="/x" title="/y" class=z>t</a>`, `<a data-href="/x" title="/y" class=z>t</a>`},
	{"text untouched", `<p>href="/x" et src=/y</p>`, `<p>href="/x" et src=/y</p>`},
	{"comment untouched", `<!-- <a href="/x"> --><a href="/y">`, `<!-- <a href="/x"> --><a href="https://example.org/y">`},
	{"script body untouched", `<script>var s = '<a href="/x">';</script><a href="/y">`, `<script>var s = '<a href="/x">';</script><a href="https://example.org/y">`},
	{"end tag untouched", `</a href="/x">`, `</a href="/x">`},
	{"less-than in text", `a < b <a href="/c">c</a>`, `a < b <a href="https://example.org/c">c</a>`},
	{"accents", `<a href="été/ça">x</a>`, `<a href="https://example.org/actualites/lettre/%C3%A9t%C3%A9/%C3%A7a">x</a>`},
	// An unfinished tag at the end is no tag (a browser drops it): as it is.
	{"unterminated quote", `<a href="/x`, `<a href="/x`},
	{"unterminated tag", `<p><a href="/x"`, `<p><a href="/x"`},
	{"attribute without value", `<input disabled src="i.png">`, `<input disabled="" src="https://example.org/actualites/lettre/i.png">`},
	{"self-closing", `<img src="a.png"/>`, `<img src="https://example.org/actualites/lettre/a.png" />`},
	{"slash before attribute", `<a/href="/x">x</a>`, `<a href="https://example.org/x">x</a>`},
	{"no space after a quoted value", `<a class="c"href="/x">x</a>`, `<a class="c" href="https://example.org/x">x</a>`},
	{"equals sign starting a name", `<a =href="/x">x</a>`, `<a =href="/x">x</a>`},
	{"value ends at >", `<a href=/x>x</a>`, `<a href="https://example.org/x">x</a>`},
	{"empty unquoted value", `<a href=>x</a>`, `<a href=>x</a>`},
	// Of an attribute written twice, the first counts, as in browsers.
	{"attribute twice", `<a href="/x" HREF="/y">x</a>`, `<a href="https://example.org/x">x</a>`},
	// Values are decoded, resolved, then escaped again.
	{"character reference", `<a href="&#47;x">x</a>`, `<a href="https://example.org/x">x</a>`},
	{"bare ampersand", `<a href="/x?a=1&b=2">x</a>`, `<a href="https://example.org/x?a=1&amp;b=2">x</a>`},
	{"quote in a query", `<a href="/x?a=&quot;b&#39;">x</a>`, `<a href="https://example.org/x?a=&quot;b'">x</a>`},
	{"quote in a value", `<a href='/x"y'>x</a>`, `<a href="https://example.org/x%22y">x</a>`},
	{"textarea body untouched", `<textarea><a href="/x"></textarea><a href="/y">`, `<textarea><a href="/x"></textarea><a href="https://example.org/y">`},
	{"title body untouched", `<title><img src="/x"></title>`, `<title><img src="/x"></title>`},
	{"style body untouched", `<style>a{background:url("<img src=/x>")}</style>`, `<style>a{background:url("<img src=/x>")}</style>`},
	{"processing instruction untouched", `<?php <a href="/x"> ?>`, `<?php <a href="/x"> ?>`},
	{"doctype untouched", `<!DOCTYPE html><a href="/y">`, `<!DOCTYPE html><a href="https://example.org/y">`},
	// A carriage return in a value is a newline to the tokenizer.
	{"carriage return in a value", "<a title=\"a\rb\" href=\"/x\">x</a>", "<a title=\"a\nb\" href=\"https://example.org/x\">x</a>"},
	{"carriage return in a tag without URL", "<a title=\"a\rb\">x</a>", "<a title=\"a\rb\">x</a>"},
	{"tags without relative URL untouched", `<P CLASS='x'><a href = "https://a.example/" >a</a>`, `<P CLASS='x'><a href = "https://a.example/" >a</a>`},
}

func TestAbsolutize(t *testing.T) {
	for _, tc := range absolutizeTests {
		t.Run(tc.name, func(t *testing.T) {
			got := Absolutize(tc.in, absBase)
			if got != tc.want {
				t.Errorf("Absolutize(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if again := Absolutize(got, absBase); again != got {
				t.Errorf("not idempotent: %q", again)
			}
		})
	}
}

func TestAbsolutizeBadBase(t *testing.T) {
	for _, base := range []string{"", "/relative/", "::", "mailto:x@example.org"} {
		in := `<a href="/x">x</a>`
		if got := Absolutize(in, base); got != in {
			t.Errorf("Absolutize with base %q = %q, want the input", base, got)
		}
	}
}

// FuzzAbsolutize checks that Absolutize is idempotent, changes nothing in
// a fragment without tags, and that its output read by x/net/html's
// tokenizer is the input's tokens with only URL attributes changed: each
// href, src or poster that was relative is now an absolute URL on the
// base's site, the others are as they were.
func FuzzAbsolutize(f *testing.F) {
	for _, tc := range absolutizeTests {
		f.Add(tc.in)
	}
	page, err := os.ReadFile("testdata/page.html")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(page))
	if body, err := os.ReadFile("testdata/body.html"); err == nil {
		f.Add(string(body))
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Absolutize(in, absBase)
		if again := Absolutize(out, absBase); again != out {
			t.Fatalf("not idempotent:\n in    %q\n once  %q\n twice %q", in, out, again)
		}
		if !strings.Contains(in, "<") && out != in {
			t.Fatalf("text without tags changed: %q -> %q", in, out)
		}
		tin, tout := htmlTokens(in), htmlTokens(out)
		if len(tin) != len(tout) {
			t.Fatalf("%d tokens, %d after:\n in  %q\n out %q", len(tin), len(tout), in, out)
		}
		for i, a := range tin {
			b := tout[i]
			if a.Type != b.Type || a.Data != b.Data || len(a.Attr) != len(b.Attr) {
				t.Fatalf("token %d: %v, after: %v", i, a, b)
			}
			for k, av := range a.Attr {
				bv := b.Attr[k]
				if av.Key != bv.Key {
					t.Fatalf("token %d: attribute %q, after: %q", i, av.Key, bv.Key)
				}
				if !urlAttrs[av.Key] || av.Key == "srcset" {
					if av.Key != "srcset" && av.Val != bv.Val {
						t.Fatalf("token %d: %s=%q, after: %q", i, av.Key, av.Val, bv.Val)
					}
					continue
				}
				ref := strings.Trim(av.Val, " \t\n\f\r")
				u, err := url.Parse(ref)
				relative := ref != "" && ref[0] != '#' && !strings.HasPrefix(ref, "//") && !uriScheme.MatchString(ref)
				switch got := strings.Trim(bv.Val, " \t\n\f\r"); {
				case !relative && bv.Val != av.Val:
					t.Fatalf("token %d: %s=%q is not relative, changed to %q", i, av.Key, av.Val, bv.Val)
				case relative && !strings.HasPrefix(got, "https://example.org/"):
					t.Fatalf("token %d: %s=%q became %q, not on the base's site", i, av.Key, av.Val, bv.Val)
				case relative && err == nil && got != absBaseURL.ResolveReference(u).String():
					t.Fatalf("token %d: %s=%q became %q, want %q", i, av.Key, av.Val, bv.Val, absBaseURL.ResolveReference(u))
				}
			}
		}
	})
}

var absBaseURL, _ = url.Parse(absBase)

// uriScheme matches a URI that starts with a scheme (RFC 3986, section 3.1).
var uriScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// htmlTokens returns the tokens of s as x/net/html's tokenizer reads them.
func htmlTokens(s string) []html.Token {
	var toks []html.Token
	z := html.NewTokenizer(strings.NewReader(s))
	for z.Next() != html.ErrorToken {
		toks = append(toks, z.Token())
	}
	return toks
}

// BenchmarkAbsolutize absolutizes, one per operation, a real page body of
// the example site (testdata/body.html, the rendered Markdown of a news
// item, as a feed item's content is) and the whole page the default theme
// writes around it (testdata/page.html: head, navigation, article, footer).
func BenchmarkAbsolutize(b *testing.B) {
	for _, name := range []string{"body", "page"} {
		src, err := os.ReadFile("testdata/" + name + ".html")
		if err != nil {
			b.Fatal(err)
		}
		s := string(src)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				Absolutize(s, absBase)
			}
		})
	}
}
