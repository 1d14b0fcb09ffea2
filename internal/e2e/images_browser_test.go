package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// browserImage is what Chromium reports of one <img> of a page.
type browserImage struct {
	Alt        string  `json:"alt"`
	Width      string  `json:"width"`
	Height     string  `json:"height"`
	Loading    string  `json:"loading"`
	CurrentSrc string  `json:"currentSrc"`
	Natural    int     `json:"natural"`
	Ratio      float64 `json:"ratio"` // rendered height over width
	Natural2   float64 `json:"naturalRatio"`
}

// TestImagesInBrowser loads the photo site's post in Chromium, scrolled
// to its end so that every lazy image loads: no layout shift at all (the
// <img>'s width and height reserve its room), every image loaded, from its
// WebP source, at its own shape, and only the first one eager.
func TestImagesInBrowser(t *testing.T) {
	site := photoSite(t)
	dest, err := buildSite(t, site)
	if err != nil {
		t.Fatal(err)
	}
	ctx, base := open(t, dest)
	navigate(t, ctx, base, "/actualites/balade/")
	cls := eval[float64](t, ctx, `new Promise(resolve => {
		let cls = 0;
		new PerformanceObserver(list => {
			for (const e of list.getEntries()) if (!e.hadRecentInput) cls += e.value;
		}).observe({type: 'layout-shift', buffered: true});
		window.scrollTo(0, document.body.scrollHeight);
		const all = () => Promise.all([...document.images].map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })));
		setTimeout(() => all().then(() => setTimeout(() => resolve(cls), 300)), 300);
	})`, chromedp.EvalAwaitPromise)
	if cls != 0 {
		t.Errorf("cumulative layout shift %v, want 0", cls)
	}
	imgs := eval[[]browserImage](t, ctx, `[...document.images].map(i => ({alt: i.alt, width: i.getAttribute('width'),
		height: i.getAttribute('height'), loading: i.getAttribute('loading') || '', currentSrc: i.currentSrc,
		natural: i.naturalWidth, ratio: i.getBoundingClientRect().height / i.getBoundingClientRect().width,
		naturalRatio: i.naturalHeight / i.naturalWidth}))`)
	if len(imgs) != 4 {
		t.Fatalf("%d images, want 4", len(imgs))
	}
	for i, im := range imgs {
		if im.Width == "" || im.Height == "" || im.Alt == "" {
			t.Errorf("image %d lacks width, height or alt: %+v", i, im)
		}
		if (im.Loading == "lazy") != (i > 0) {
			t.Errorf("image %d: loading %q (lazy but the first)", i, im.Loading)
		}
		if im.Natural == 0 || !strings.HasSuffix(im.CurrentSrc, ".webp") {
			t.Errorf("image %d not loaded from its WebP source: %+v", i, im)
		}
		if d := im.Ratio - im.Natural2; d > 0.01 || d < -0.01 {
			t.Errorf("image %d shown at ratio %.3f, its own is %.3f", i, im.Ratio, im.Natural2)
		}
	}
}

// TestNuPhotoSite checks the photo site's HTML (pictures, figures, og:image)
// with the W3C Nu HTML checker.
func TestNuPhotoSite(t *testing.T) {
	dest, err := buildSite(t, photoSite(t))
	if err != nil {
		t.Fatal(err)
	}
	nuCheck(t, dest)
}

// TestBrowserAxePhotoSite audits the photo post and the list of its card
// with axe-core.
func TestBrowserAxePhotoSite(t *testing.T) {
	dest, err := buildSite(t, photoSite(t))
	if err != nil {
		t.Fatal(err)
	}
	axeAudit(t, dest, []string{"/actualites/balade/", "/actualites/", "/"})
}
