package email

// Browser checks of the inlined edition, in headless Chromium: it must look
// the same once every <style> element is removed (as the SFR and La Poste
// webmails do), fit the widths of phones without horizontal scrolling,
// and keep its dark-mode rules for the clients that apply them. The
// browser is the oracle of the cascade: for tricky style sheets, the
// computed styles of the original document must equal those of the inlined
// one without <style>.

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/catalyseurs/alliance/internal/browsertest"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// origin is the site the sample edition links to; the browser never
// reaches it: every request is answered from memory (see serve).
const origin = "https://example.org"

// styleElement matches a <style> element: removing them this way, and not
// with the package's parser, keeps the check independent of it.
var styleElement = regexp.MustCompile(`(?is)<style\b[^>]*>.*?</style\s*>`)

func withoutStyle(doc []byte) []byte {
	return styleElement.ReplaceAll(doc, nil)
}

// page is a browser tab whose requests are answered from files, so that
// nothing leaves the machine.
type page struct {
	ctx   context.Context
	mu    sync.Mutex
	files map[string][]byte // URL path -> body
}

// newPage starts a browser (or skips the test) with request interception.
func newPage(t *testing.T) *page {
	t.Helper()
	p := &page{ctx: browsertest.New(t), files: map[string][]byte{}}
	events := chromedp.Events(p.ctx, fetch.RequestPaused)
	if err := chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, fetch.Enable, fetch.EnableParams{})
		return err
	})); err != nil {
		t.Fatalf("Fetch.enable: %v", err)
	}
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			go p.answer(ev)
		}
	}()
	return p
}

func (p *page) answer(ev fetch.EventRequestPaused) {
	p.mu.Lock()
	body, ok := p.files[strings.TrimPrefix(ev.Request.URL, origin)]
	p.mu.Unlock()
	_ = chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if !ok || !strings.HasPrefix(ev.Request.URL, origin+"/") {
			_, err := cdp.Call(ctx, tg, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
			return err
		}
		typ := "text/html; charset=utf-8"
		if strings.HasSuffix(ev.Request.URL, ".jpg") {
			typ = "image/jpeg"
		}
		_, err := cdp.Call(ctx, tg, fetch.FulfillRequest, fetch.FulfillRequestParams{
			RequestID:       ev.RequestID,
			ResponseCode:    200,
			ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: typ}},
			Body:            body,
		})
		return err
	}))
}

func (p *page) put(path string, body []byte) {
	p.mu.Lock()
	p.files[path] = body
	p.mu.Unlock()
}

// open loads origin+path in a viewport of the given width.
func (p *page) open(t *testing.T, path string, width int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(origin+path)); err != nil {
		t.Fatalf("opening %s at %d px: %v", path, width, err)
	}
	// Wait for the images, which have been answered by then.
	for i := 0; ; i++ {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)`))
		if err == nil && done {
			return
		}
		if i == 100 {
			t.Fatalf("%s: images not loaded: %v", path, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *page) eval(t *testing.T, expr string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluating %.60q: %v", expr, err)
	}
	return v
}

func (p *page) screenshot(t *testing.T) image.Image {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if dir := os.Getenv("ALLIANCE_EMAIL_SHOTS"); dir != "" { // to look at them
		name := strings.NewReplacer("/", "_", ".html", "").Replace(p.eval(t, `location.pathname`))
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s.png", name, p.eval(t, `String(innerWidth)`))), buf, 0o644)
	}
	return img
}

// coverJPEG is a stand-in for the edition's cover photograph: a gradient
// with a few shapes, at twice its displayed size.
func coverJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1120, 630))
	for y := 0; y < 630; y++ {
		for x := 0; x < 1120; x++ {
			c := color.RGBA{uint8(36 + x*120/1120), uint8(90 + y*100/630), 76, 255}
			if (x-300)*(x-300)+(y-320)*(y-320) < 120*120 || (x > 640 && x < 960 && y > 180 && y < 460) {
				c = color.RGBA{238, 244, 241, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// differ counts the pixels whose colour differs, by more than a rounding
// step in any channel, between two screenshots; a size mismatch counts
// every pixel of the larger one.
func differ(a, b image.Image) (int, string) {
	if a.Bounds() != b.Bounds() {
		return max(a.Bounds().Dx()*a.Bounds().Dy(), b.Bounds().Dx()*b.Bounds().Dy()), fmt.Sprintf("sizes %v and %v", a.Bounds().Size(), b.Bounds().Size())
	}
	n := 0
	first := ""
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			if far(ar, br) || far(ag, bg) || far(ab, bb) {
				if n == 0 {
					first = fmt.Sprintf("first at (%d,%d)", x, y)
				}
				n++
			}
		}
	}
	return n, first
}

func far(a, b uint32) bool {
	d := int(a>>8) - int(b>>8)
	return d > 2 || d < -2
}

func readEdition(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile("testdata/edition.html")
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestEditionInBrowser renders the sample edition as the layout wrote it,
// inlined, and inlined without its <style> elements, at a desktop client's
// 600 px and phones' 375 and 320 px: the three must look the same, and none
// may scroll sideways.
func TestEditionInBrowser(t *testing.T) {
	src := readEdition(t)
	inlined, err := Inline(src)
	if err != nil {
		t.Fatal(err)
	}
	withPre, err := InsertPreheader(inlined, "Douze territoires pilotes font leur bilan, la charte a cinq ans, et l’agenda de l’hiver.")
	if err != nil {
		t.Fatal(err)
	}
	bare := withoutStyle(withPre)
	if bytes.Contains(bare, []byte("<style")) {
		t.Fatal("a <style> element is left after removing them")
	}
	p := newPage(t)
	p.put("/actualites/territoires-pilotes-bilan/couverture-560.jpg", coverJPEG(t))
	docs := map[string][]byte{"/original.html": src, "/inlined.html": withPre, "/bare.html": bare}
	for path, doc := range docs {
		p.put(path, doc)
	}
	for _, width := range []int64{600, 375, 320} {
		shots := map[string]image.Image{}
		for _, path := range []string{"/original.html", "/inlined.html", "/bare.html"} {
			p.open(t, path, width)
			scroll := p.eval(t, `String(document.scrollingElement.scrollWidth) + " " + String(innerWidth)`)
			var sw, iw int
			fmt.Sscan(scroll, &sw, &iw)
			if sw > iw || iw != int(width) {
				t.Errorf("%s at %d px: scrollWidth %d > innerWidth %d: the reader must scroll sideways", path, width, sw, iw)
			}
			shots[path] = p.screenshot(t)
		}
		for _, path := range []string{"/original.html", "/inlined.html"} {
			// A tiny tolerance: nothing should differ at all.
			b := shots[path].Bounds()
			if n, where := differ(shots[path], shots["/bare.html"]); n > b.Dx()*b.Dy()/10000 {
				t.Errorf("at %d px, %s and /bare.html (inlined, without <style>) differ in %d pixels (%s)", width, path, n, where)
			}
		}
	}
}

// TestDarkModeKept checks that the dark-mode media query, kept in <style>,
// still wins over the inlined light colours in a client that applies it.
func TestDarkModeKept(t *testing.T) {
	inlined, err := Inline(readEdition(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newPage(t)
	p.put("/actualites/territoires-pilotes-bilan/couverture-560.jpg", coverJPEG(t))
	p.put("/inlined.html", inlined)
	p.put("/bare.html", withoutStyle(inlined))
	if err := chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	const card = `getComputedStyle(document.querySelector('.card')).backgroundColor`
	p.open(t, "/inlined.html", 600)
	if got := p.eval(t, card); got != "rgb(27, 42, 38)" {
		t.Errorf("dark mode, inlined: the card's background is %s, want the dark rgb(27, 42, 38)", got)
	}
	p.open(t, "/bare.html", 600)
	if got := p.eval(t, card); got != "rgb(255, 255, 255)" {
		t.Errorf("dark mode, without <style>: the card's background is %s, want the light rgb(255, 255, 255)", got)
	}
}

// cascadeCases are style sheets where the order of precedence is easy to
// get wrong; the browser says what each element's style is.
var cascadeCases = []struct{ name, doc string }{
	{"specificity", `<style>p{color:red} .a{color:green} #i{color:blue} p.a{color:olive} .b.c{color:teal} p.b{color:navy}</style>
<p class="a" id="i">1</p><p class="a">2</p><p class="b c">3</p>`},
	{"important beats style attribute", `<style>p{color:red !important; background-color:yellow}</style><p style="color:blue; background-color:white">1</p>`},
	{"important style attribute beats important rule", `<style>p{color:red !important}</style><p style="color:blue !important">1</p>`},
	{"important rules by specificity", `<style>.a{color:red !important} p{color:blue !important} #i{color:green}</style><p class="a" id="i">1</p>`},
	{"pseudo-classes count as classes", `<style>p:first-child{color:red} div p{color:blue} li:nth-child(2){color:green} ul li{color:orange} p:not(.x){font-weight:bold}</style>
<div><p>1</p><p class="x">2</p></div><ul><li>a</li><li>b</li></ul>`},
	{"shorthand after longhand", `<style>td{padding:0} .x{padding-left:8px} td.y{padding:4px} .z{margin:0;margin-top:5px} div{margin:10px}</style>
<table><tr><td class="x">1</td><td class="x y">2</td></tr></table><div class="z">3</div>`},
	{"order across style elements", `<style>.a{color:red}</style><style>.a{color:blue} p{color:green}</style><p class="a">1</p>`},
	{"combinators and attributes", `<style>h2 + p{color:red} h2 ~ p{font-style:italic} ul > li{color:green} a[href^="https"]{color:purple} a[href$=".pdf"]{text-decoration:none} [data-x="a,b"]{color:orange}</style>
<h2>t</h2><p>1</p><p>2</p><ul><li>x<ol><li>y</li></ol></li></ul><a href="https://example.org/a.pdf">l</a><span data-x="a,b">s</span>`},
	{"universal and inheritance", `<style>*{margin:0} body{color:#333; font-size:18px} .a{color:#900}</style><div><p>1</p><p class="a">2 <b>b</b></p></div>`},
	{"media attributes", `<style media="all">p{color:red}</style><style media="print">p{color:blue}</style><p>1</p>`},
	{"case and spacing", `<style>/* c */ P { COLOR : red ! important ; Background-Color:#EEE } .A{color:blue}</style><p class="A">1</p>`},
	{"fallback values", `<style>.g{background:red;background:linear-gradient(red,blue)} .w{width:100px;width:calc(50% - 10px)}</style><div class="g w">1</div>`},
	{"dynamic selectors in a list", `<style>a, b:hover{color:red} i, p::first-line{color:green}</style><a href="https://example.org/">a</a><b>b</b><i>i</i><p>p</p>`},
	{"nothing to inline keeps style attributes", `<style>@media (max-width:10px){p{color:red}}</style><p style="color:blue">1</p>`},
}

// computed lists, for every element of the body, the computed values of
// the properties the cases set.
const computed = `JSON.stringify(Array.from(document.body.querySelectorAll('*')).map(e => {
	const s = getComputedStyle(e);
	return e.tagName + ' ' + ['color','background-color','background-image','font-weight','font-style','font-size','text-decoration-line',
		'margin-top','margin-left','padding-top','padding-left','width'].map(p => p + '=' + s.getPropertyValue(p)).join(' ');
}))`

// TestCascadeInBrowser compares, for each case, the computed styles of the
// original document with those of the inlined one without <style>.
func TestCascadeInBrowser(t *testing.T) {
	p := newPage(t)
	for i, tc := range cascadeCases {
		doc := []byte("<!DOCTYPE html><html><head><meta charset=utf-8>" + tc.doc + "</html>")
		inlined, err := Inline(doc)
		if err != nil {
			t.Fatal(err)
		}
		orig, bare := fmt.Sprintf("/case%d.html", i), fmt.Sprintf("/case%d-bare.html", i)
		p.put(orig, doc)
		p.put(bare, withoutStyle(inlined))
		p.open(t, orig, 600)
		want := p.eval(t, computed)
		p.open(t, bare, 600)
		got := p.eval(t, computed)
		if got != want {
			t.Errorf("%s: computed styles differ once inlined.\noriginal: %s\ninlined:  %s\ninlined HTML: %s", tc.name, want, got, inlined)
		}
	}
}
