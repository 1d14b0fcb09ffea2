package feed

import (
	"os"
	"strings"
	"testing"
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
	{"single quotes", `<img src='a.png' alt='l"image'>`, `<img src='https://example.org/actualites/lettre/a.png' alt='l"image'>`},
	{"unquoted", `<img src=a.png alt=x>`, `<img src="https://example.org/actualites/lettre/a.png" alt=x>`},
	{"unquoted self-closing", `<img src=/a.png />`, `<img src="https://example.org/a.png" />`},
	{"uppercase attributes", `<A HREF="/a">a</A><IMG SRC='b.jpg'>`, `<A HREF="https://example.org/a">a</A><IMG SRC='https://example.org/actualites/lettre/b.jpg'>`},
	{"spaces around =", `<a href = "/a" >a</a>`, `<a href = "https://example.org/a" >a</a>`},
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
	{"unterminated quote", `<a href="/x`, `<a href="https://example.org/x`},
	{"attribute without value", `<input disabled src="i.png">`, `<input disabled src="https://example.org/actualites/lettre/i.png">`},
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

// FuzzAbsolutize checks that Absolutize never panics, is idempotent (its
// output has no relative URL left to resolve), and changes nothing in a
// fragment without tags.
func FuzzAbsolutize(f *testing.F) {
	for _, tc := range absolutizeTests {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Absolutize(in, absBase)
		if again := Absolutize(out, absBase); again != out {
			t.Fatalf("not idempotent:\n in    %q\n once  %q\n twice %q", in, out, again)
		}
		if !strings.Contains(in, "<") && out != in {
			t.Fatalf("text without tags changed: %q -> %q", in, out)
		}
	})
}

// BenchmarkAbsolutize absolutizes a real page of the example site
// (testdata/page.html, a news page as the default theme writes it: head,
// navigation, article, footer), one page per operation.
func BenchmarkAbsolutize(b *testing.B) {
	page, err := os.ReadFile("testdata/page.html")
	if err != nil {
		b.Fatal(err)
	}
	s := string(page)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Absolutize(s, absBase)
	}
}
