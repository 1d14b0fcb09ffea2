package e2e

// Browser checks of built sites, in headless Chromium (chromedp): the
// client-side search, axe-core accessibility audits, screenshots at phone
// and desktop widths, and events that move to "Passés" in the reader's
// browser once they have ended.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/browsertest"
	"github.com/catalyseurs/alliance/internal/build"
	"github.com/catalyseurs/alliance/internal/search"
	"github.com/chromedp/chromedp"
	"golang.org/x/text/unicode/norm"
)

// open starts a browser on a served copy of the built site dir and returns
// its context and the site's base URL.
func open(t *testing.T, dir string) (context.Context, string) {
	t.Helper()
	base := serveDir(t, dir)
	return browsertest.New(t), base
}

// navigate loads base+path and fails the test when it cannot.
func navigate(t *testing.T, ctx context.Context, base, path string) {
	t.Helper()
	actx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(actx, chromedp.Navigate(base+strings.TrimPrefix(path, "/"))); err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
}

// eval evaluates a JavaScript expression and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	actx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(actx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", expr, err)
	}
	return v
}

// --- search ---

// searchResult is one item of #search-results.
type searchResult struct {
	Href  string   `json:"href"`
	Title string   `json:"title"`
	Sub   string   `json:"sub"` // the section it leads to: path#id, or ""
	Marks []string `json:"marks"`
}

const readResults = `Array.from(document.querySelectorAll('#search-results > li')).map(li => {
	const a = li.querySelector('a');
	const sub = li.querySelector('.search-sub a');
	return {href: a ? new URL(a.href).pathname : '', title: a ? a.textContent : '',
		sub: sub ? new URL(sub.href).pathname + new URL(sub.href).hash : '',
		marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent)};
})`

// waitResults waits until the results of #search-results satisfy ok, and
// returns them; it fails the test, showing the last results, on timeout.
func waitResults(t *testing.T, ctx context.Context, what string, ok func([]searchResult) bool) []searchResult {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var got []searchResult
	for {
		got = eval[[]searchResult](t, ctx, readResults)
		if ok(got) {
			return got
		}
		if time.Now().After(deadline) {
			status := eval[string](t, ctx, `document.getElementById('search-status').textContent`)
			t.Fatalf("%s: timed out; results now (status %q):\n%s", what, status, formatResults(got))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// allResults clicks "Plus de résultats" until every result is shown, then
// returns them.
func allResults(t *testing.T, ctx context.Context, what string) []searchResult {
	t.Helper()
	for range 200 {
		n := len(eval[[]searchResult](t, ctx, readResults))
		if eval[bool](t, ctx, `document.getElementById('search-more').hidden`) {
			break
		}
		eval[bool](t, ctx, `(document.getElementById('search-more').click(), true)`)
		waitResults(t, ctx, what+": more results", func(rs []searchResult) bool { return len(rs) > n })
	}
	return eval[[]searchResult](t, ctx, readResults)
}

func formatResults(rs []searchResult) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "\t%s %q sub=%q marks=%q\n", r.Href, r.Title, r.Sub, r.Marks)
	}
	return b.String()
}

func hrefs(rs []searchResult) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Href)
	}
	return out
}

// anchors lists where the results lead: a section when one is shown.
func anchors(rs []searchResult) []string {
	var out []string
	for _, r := range rs {
		if r.Sub != "" {
			out = append(out, r.Sub)
		} else {
			out = append(out, r.Href)
		}
	}
	return out
}

// fold lower-cases s, folds accents and turns every other character than
// letters and digits into a space (the test's own, simple, version).
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// checkMarks fails when a <mark> holds something other than a word
// matching one of the query's terms: a word it starts, or one of the same
// stem.
func checkMarks(t *testing.T, rs []searchResult, terms ...string) {
	t.Helper()
	marks := 0
	for _, r := range rs {
		for _, m := range r.Marks {
			marks++
			f := fold(m)
			if !slices.ContainsFunc(terms, func(term string) bool {
				return strings.HasPrefix(f, term) || strings.HasPrefix(term, f) || search.Stem(f) == search.Stem(term)
			}) {
				t.Errorf("%s: <mark>%s</mark> does not match the query %q", r.Href, m, terms)
			}
		}
	}
	if marks == 0 {
		t.Errorf("no matched word is in <mark>:\n%s", formatResults(rs))
	}
}

// goSearch answers p from the index in dir as search.js does, with Go's
// search.Reader: where its results lead, in order.
func goSearch(t *testing.T, dir string, p search.Params) []string {
	t.Helper()
	r, err := search.NewReader(func(path string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(path))) })
	if err != nil {
		t.Fatal(err)
	}
	hits, err := r.Search(p, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		url, _, err := r.Anchor(h)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, url)
	}
	return out
}

// checkAgree fails unless the page's results, all shown, lead where Go's
// answer from the same index does.
func checkAgree(t *testing.T, ctx context.Context, dir string, p search.Params) []searchResult {
	t.Helper()
	want := goSearch(t, dir, p)
	what := fmt.Sprintf("%+v", p)
	// The first page of results, then all of them.
	first := want[:min(len(want), search.PageSize)]
	waitResults(t, ctx, what, func(rs []searchResult) bool { return slices.Equal(anchors(rs), first) })
	rs := allResults(t, ctx, what)
	if got := anchors(rs); !slices.Equal(got, want) {
		t.Errorf("%s: the page's results\n%q\nGo's answer from the index\n%q", what, got, want)
	}
	return rs
}

func TestBrowserSearch(t *testing.T) {
	dir := exampleSite(t)
	ctx, base := open(t, dir)
	navigate(t, ctx, base, "/search/")

	typeText(t, ctx, "fondation")
	rs := checkAgree(t, ctx, dir, search.Params{Query: "fondation"})
	if q := eval[string](t, ctx, `new URL(location.href).searchParams.get('q') || ''`); q != "fondation" {
		t.Errorf("fondation: the address holds q=%q", q)
	}
	for _, want := range []string{"/actualites/fondation-des-territoires-lancement/", "/evenements/lancement-fondation-des-territoires/"} {
		if !slices.ContainsFunc(rs, func(r searchResult) bool { return r.Href == want && strings.Contains(r.Title, "Fondation") }) {
			t.Errorf("fondation: %s (about the Fondation des Territoires) is not among the results:\n%s", want, formatResults(rs))
		}
	}
	// Title matches rank first.
	inTitle := func(r searchResult) bool { return strings.Contains(fold(r.Title), "fondation") }
	for i := 1; i < len(rs); i++ {
		if inTitle(rs[i]) && !inTitle(rs[i-1]) {
			t.Errorf("fondation: %q (match in the title) ranks after %q (no match in the title)", rs[i].Title, rs[i-1].Title)
		}
	}
	if !strings.Contains(rs[0].Title, "Fondation") {
		t.Errorf("fondation: the first result %q has no Fondation in its title", rs[0].Title)
	}
	checkMarks(t, rs, "fondation")
	status := eval[string](t, ctx, `document.getElementById('search-status').textContent`)
	if !strings.Contains(status, fmt.Sprint(len(rs))) {
		t.Errorf("fondation: status %q does not give the %d results", status, len(rs))
	}
	if len(rs) <= search.PageSize {
		t.Errorf("fondation: %d results, want more than a page to test Plus de résultats", len(rs))
	}

	// The plural finds the same pages, the exact form first.
	clearInput(t, ctx)
	typeText(t, ctx, "fondations")
	plural := checkAgree(t, ctx, dir, search.Params{Query: "fondations"})
	if len(plural) != len(rs) {
		t.Errorf("fondations: %d results, fondation: %d", len(plural), len(rs))
	}

	// Then a query of two words without accents, typed after clearing.
	clearInput(t, ctx)
	typeText(t, ctx, "ingenierie proximite")
	rs = checkAgree(t, ctx, dir, search.Params{Query: "ingenierie proximite"})
	if len(rs) < 2 {
		t.Fatalf("the example content has %d pages with both ingénierie and proximité: pick another query", len(rs))
	}
	checkMarks(t, rs, "ingenierie", "proximite")
	if q := eval[string](t, ctx, `new URL(location.href).searchParams.get('q')`); q != "ingenierie proximite" {
		t.Errorf("the address holds q=%q, want the query", q)
	}

	// A query in the address is run on load.
	navigate(t, ctx, base, "/search/?q=fondation")
	rs = waitResults(t, ctx, "?q=fondation", func(rs []searchResult) bool { return len(rs) > 0 })
	if v := eval[string](t, ctx, `document.getElementById('search-input').value`); v != "fondation" {
		t.Errorf("?q=fondation: the search field holds %q", v)
	}
	if !slices.ContainsFunc(rs, func(r searchResult) bool { return r.Href == "/actualites/fondation-des-territoires-lancement/" }) {
		t.Errorf("?q=fondation: results lack the Fondation des Territoires:\n%s", formatResults(rs))
	}

	// A word that is nowhere says so.
	clearInput(t, ctx)
	typeText(t, ctx, "zzyzx")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(eval[string](t, ctx, `document.getElementById('search-status').textContent`), "Aucun résultat") {
		if time.Now().After(deadline) {
			t.Fatalf("zzyzx: no \"Aucun résultat\" status")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBrowserSearchAccents searches site-all, whose pages speak of
// "économie sociale", without typing the accents.
func TestBrowserSearchAccents(t *testing.T) {
	dir, err := buildSite(t, siteAllSrc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, base := open(t, dir)
	navigate(t, ctx, base, "/search/")
	both := []string{"/actualites/lactualite-du-2-juin/", "/actualites/markdown-complet/", "/evenements/universite-d-hiver/"}
	economie := []string{"/actualites/lactualite-du-2-juin/", "/actualites/markdown-complet/", "/charte/argent/", "/evenements/universite-d-hiver/"} // + "l’économie locale"
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"economie sociale", both},
		{"Économie", economie},
		{"economie", economie},
		{"ECONOMIE SOCIALE", both},
	} {
		clearInput(t, ctx)
		typeText(t, ctx, c.q)
		rs := waitResults(t, ctx, c.q, func(rs []searchResult) bool {
			got := slices.Clone(hrefs(rs))
			slices.Sort(got)
			return slices.Equal(got, c.want)
		})
		checkMarks(t, rs, strings.Fields(fold(c.q))...)
		checkAgree(t, ctx, dir, search.Params{Query: c.q})
	}
}

// typeText types s into the search field, key by key, so that the input
// events and their debounce run as for a reader.
func typeText(t *testing.T, ctx context.Context, s string) {
	t.Helper()
	actx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(actx, chromedp.SendKeys(chromedp.ID("search-input"), s)); err != nil {
		t.Fatalf("typing %q: %v", s, err)
	}
}

// clearInput empties the search field as a reader would (select all, delete).
func clearInput(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `(() => { const i = document.getElementById('search-input'); i.focus(); i.select(); return true; })()`)
	actx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(actx, chromedp.SendKeys(chromedp.ID("search-input"), "\b")); err != nil {
		t.Fatalf("clearing the search field: %v", err)
	}
	if v := eval[string](t, ctx, `document.getElementById('search-input').value`); v != "" {
		t.Fatalf("the search field still holds %q", v)
	}
	waitResults(t, ctx, "clearing", func(rs []searchResult) bool { return len(rs) == 0 })
}

// --- axe-core ---

// axePages are the example site's pages audited with axe-core: one of each
// layout.
var axePages = []string{
	"/",
	"/actualites/trois-bonnes-nouvelles/",
	"/actualites/annonce-webinaire-charte-moyens/", // a callout, a button, a video
	"/actualites/",
	"/actualites/page/2/",
	"/evenements/lancement-fondation-des-territoires/",
	"/evenements/universite-de-printemps-2027/",
	"/evenements/atelier-ingenierie-de-proximite/",
	"/evenements/",
	"/charte/",
	"/charte/preambule/",
	"/charte/complete/",
	"/search/?q=fondation",
	"/404.html",
	"/tags/",
	"/tags/fondations/",
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

type axeResult struct {
	Passes     int            `json:"passes"`
	Violations []axeViolation `json:"violations"`
}

const axeRun = `axe.run(document, {resultTypes: ['violations']}).then(r => ({
	passes: r.passes.length,
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
	})),
}))`

func TestBrowserAxe(t *testing.T) {
	axeAudit(t, exampleSite(t), axePages)
}

// TestBrowserAxeSiteAll audits the pages of site-all that the example has
// no equivalent of: every Markdown construct, every event field and status.
func TestBrowserAxeSiteAll(t *testing.T) {
	dir, err := buildSite(t, siteAllSrc)
	if err != nil {
		t.Fatal(err)
	}
	axeAudit(t, dir, []string{
		"/actualites/markdown-complet/",
		"/evenements/prochain-atelier/",
		"/evenements/rencontre-annulee/",
		"/evenements/forum-reporte/",
		"/evenements/",
		"/ressources/",
		"/tags/lete/",
		"/charte/", // a chapter's summary holds a link
		"/charte/complete/",
	})
}

// axeAudit runs axe-core on each page of the site in dir, at a desktop and
// a phone width, and fails on every serious or critical violation (others
// are logged). A broken canary page first shows that axe reports what it
// should.
func axeAudit(t *testing.T, dir string, pages []string) {
	axeJS, err := os.ReadFile(npmFile(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, base := open(t, dir)

	// The canary: an image without text and grey on white text.
	navigate(t, ctx, base, "/")
	eval[chromedp.Void](t, ctx, `document.querySelector('main').insertAdjacentHTML('beforeend', '<p style="color:#ccc;background:#fff">pâle</p><img src="/images/none.png">')`)
	eval[chromedp.Void](t, ctx, string(axeJS))
	canary := eval[axeResult](t, ctx, axeRun, chromedp.EvalAwaitPromise)
	var ids []string
	for _, v := range canary.Violations {
		ids = append(ids, v.ID)
	}
	if !slices.Contains(ids, "image-alt") || !slices.Contains(ids, "color-contrast") {
		t.Fatalf("axe-core misses the canary's faults: violations %v, want image-alt and color-contrast", ids)
	}

	audited := 0
	defer func() { t.Logf("axe-core audited %d pages", audited) }()
	for _, width := range []int64{1280, 390} {
		height := int64(900)
		if width < 600 {
			height = 844
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			navigate(t, ctx, base, p)
			if strings.Contains(p, "?q=") {
				waitResults(t, ctx, p, func(rs []searchResult) bool { return len(rs) > 0 })
			}
			eval[chromedp.Void](t, ctx, string(axeJS))
			res := eval[axeResult](t, ctx, axeRun, chromedp.EvalAwaitPromise)
			if res.Passes == 0 {
				t.Errorf("%s (%dpx): axe passed no rule: did it run?", p, width)
			}
			audited++
			for _, v := range res.Violations {
				var nodes []string
				for _, n := range v.Nodes {
					nodes = append(nodes, "\t\t"+n.Target+"\n\t\t\t"+strings.ReplaceAll(n.Summary, "\n", "\n\t\t\t"))
				}
				msg := fmt.Sprintf("%s (%dpx): axe %s [%s]: %s\n%s", p, width, v.ID, v.Impact, v.Help, strings.Join(nodes, "\n"))
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Error(msg)
				} else {
					t.Log(msg)
				}
			}
		}
	}
}

// --- screenshots ---

type layoutReport struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	InnerHeight int      `json:"innerHeight"`
	Wide        []string `json:"wide"`
	H1          struct {
		Text    string  `json:"text"`
		Visible bool    `json:"visible"`
		Top     float64 `json:"top"`
		Left    float64 `json:"left"`
		Right   float64 `json:"right"`
	} `json:"h1"`
	BodyFont  float64 `json:"bodyFont"`
	ProseFont float64 `json:"proseFont"`
}

const measureLayout = `(() => {
	const w = window.innerWidth;
	const h1 = document.querySelector('h1');
	const r = h1 ? h1.getBoundingClientRect() : null;
	const cs = h1 ? getComputedStyle(h1) : null;
	const wide = [];
	for (const el of document.body.querySelectorAll('*')) {
		const b = el.getBoundingClientRect();
		if (b.width > 0 && (b.right > w + 0.5 || b.left < -0.5) && getComputedStyle(el).position !== 'fixed') {
			let ok = false;
			for (let p = el.parentElement; p; p = p.parentElement) {
				const o = getComputedStyle(p).overflowX;
				if (o === 'auto' || o === 'scroll' || o === 'hidden') { ok = true; break; }
			}
			if (!ok && !el.classList.contains('skip-link')) wide.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).replace(/ /g, '.') : '') + ' ' + Math.round(b.left) + '..' + Math.round(b.right));
		}
		if (wide.length > 10) break;
	}
	const prose = document.querySelector('main .prose p') || document.querySelector('main p');
	return {
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: w,
		innerHeight: window.innerHeight,
		wide,
		h1: h1 ? {
			text: h1.textContent.trim(),
			visible: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' && parseFloat(cs.opacity) > 0,
			top: r.top + window.scrollY, left: r.left, right: r.right,
		} : {text: '', visible: false, top: 0, left: 0, right: 0},
		bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
		proseFont: prose ? parseFloat(getComputedStyle(prose).fontSize) : 0,
	};
})()`

// shotPage is a page to capture: its file name and its path.
type shotPage struct{ name, path string }

func TestBrowserScreenshots(t *testing.T) {
	screenshots(t, exampleSite(t), "", []shotPage{
		{"accueil", "/"},
		{"actualite", "/actualites/trois-bonnes-nouvelles/"},
		{"evenement", "/evenements/universite-de-printemps-2027/"},
		{"charte", "/charte/"},
		{"charte-complete", "/charte/complete/"},
	})
}

// TestBrowserScreenshotsSiteAll captures the pages of site-all with wide
// content: a table, code, long links, every event field.
func TestBrowserScreenshotsSiteAll(t *testing.T) {
	dir, err := buildSite(t, siteAllSrc)
	if err != nil {
		t.Fatal(err)
	}
	screenshots(t, dir, "site-all-", []shotPage{
		{"markdown", "/actualites/markdown-complet/"},
		{"evenement", "/evenements/prochain-atelier/"},
		{"evenements", "/evenements/"},
		{"recherche", "/search/?q=economie"},
	})
}

// screenshots captures full-page PNGs of pages of the site in dir at a
// phone and a desktop width, into t.TempDir() and $ALLIANCE_SCREENSHOTS,
// and checks that nothing overflows sideways, that the main heading shows
// on the first screen and that text is large enough on a phone.
func screenshots(t *testing.T, dir, prefix string, pages []shotPage) {
	ctx, base := open(t, dir)
	out := t.TempDir()
	keep := os.Getenv("ALLIANCE_SCREENSHOTS")
	if keep != "" {
		if err := os.MkdirAll(keep, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	devices := []struct {
		name          string
		width, height int64
		phone         bool
	}{
		{"telephone", 390, 844, true},
		{"bureau", 1280, 900, false},
	}
	for _, d := range devices {
		opts := []chromedp.EmulateViewportOption{}
		if d.phone {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(d.width, d.height, opts...)); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			navigate(t, ctx, base, p.path)
			if strings.Contains(p.path, "?q=") {
				waitResults(t, ctx, p.path, func(rs []searchResult) bool { return len(rs) > 0 })
			}
			where := fmt.Sprintf("%s (%s %dx%d)", p.path, d.name, d.width, d.height)
			m := eval[layoutReport](t, ctx, measureLayout)
			if m.ScrollWidth > m.InnerWidth || m.ScrollWidth > int(d.width) {
				t.Errorf("%s: horizontal overflow: the page is %dpx wide in a %dpx window; too wide: %q", where, m.ScrollWidth, m.InnerWidth, m.Wide)
			}
			if !m.H1.Visible || m.H1.Left < 0 || m.H1.Right > float64(m.InnerWidth)+0.5 {
				t.Errorf("%s: the main heading %q is not visible (%+v)", where, m.H1.Text, m.H1)
			}
			if m.H1.Top > float64(m.InnerHeight) {
				t.Errorf("%s: the main heading %q starts %.0fpx down, below the first screen (%dpx)", where, m.H1.Text, m.H1.Top, m.InnerHeight)
			}
			if d.phone && (m.BodyFont < 16 || m.ProseFont < 16) {
				t.Errorf("%s: text is too small on a phone: body %.1fpx, paragraphs %.1fpx (want ≥ 16px)", where, m.BodyFont, m.ProseFont)
			}
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
			cancel()
			if err != nil {
				t.Fatalf("%s: screenshot: %v", where, err)
			}
			name := prefix + p.name + "-" + d.name + ".png"
			if err := os.WriteFile(filepath.Join(out, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
			if keep != "" {
				if err := os.WriteFile(filepath.Join(keep, name), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if keep != "" {
		t.Logf("screenshots in %s", keep)
	}
}

// --- events that end after the build ---

// TestBrowserEventEndsAfterBuild builds a site yesterday (by its clock)
// whose event ended two minutes ago (by the real clock): at build time the
// event is upcoming, and the reader's browser must move it to "Passés".
func TestBrowserEventEndsAfterBuild(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(paris).Truncate(time.Second)
	stamp := func(t time.Time) string { return t.In(paris).Format("2006-01-02T15:04:05-07:00") }
	src := t.TempDir()
	files := map[string]string{
		"site.yaml":                    "title: \"Essai des événements\"\nbaseURL: \"https://example.org/\"\nlanguage: fr\ntimezone: Europe/Paris\n",
		"content/_index.md":            "---\ntitle: \"Essai des événements\"\n---\n\nAccueil.\n",
		"content/evenements/_index.md": "---\ntitle: \"Événements\"\n---\n\nL'agenda.\n",
		"content/evenements/fini.md": fmt.Sprintf("---\ntitle: \"Atelier qui vient de finir\"\nstart: %s\nend: %s\nlocation: \"Lille\"\nregistration: \"https://example.org/inscription\"\n---\n\nUn atelier.\n",
			stamp(now.Add(-time.Hour)), stamp(now.Add(-2*time.Minute))),
		"content/evenements/demain.md": fmt.Sprintf("---\ntitle: \"Rencontre de demain\"\nstart: %s\nend: %s\nlocation: \"Paris\"\n---\n\nUne rencontre.\n",
			stamp(now.Add(24*time.Hour)), stamp(now.Add(26*time.Hour))),
		"content/evenements/ancien.md": fmt.Sprintf("---\ntitle: \"Forum d'il y a un mois\"\nstart: %s\nend: %s\nlocation: \"Lyon\"\n---\n\nUn forum.\n",
			stamp(now.Add(-30*24*time.Hour)), stamp(now.Add(-30*24*time.Hour+time.Hour))),
	}
	for name, body := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(context.Background(), src, dest, build.Options{Now: now.Add(-24 * time.Hour), Theme: alliance.Theme()}); err != nil {
		t.Fatal(err)
	}
	// At build time the event was upcoming.
	list, err := os.ReadFile(filepath.Join(dest, "evenements", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	up, past, _ := strings.Cut(string(list), `data-events="past"`)
	if !strings.Contains(up, "/evenements/fini/") || strings.Contains(past, "/evenements/fini/") {
		t.Fatalf("at build time (yesterday), /evenements/fini/ must be listed as upcoming")
	}

	ctx, base := open(t, dest)
	lists := func() (upcoming, past []string) {
		type eventLists struct{ Upcoming, Past []string }
		l := eval[eventLists](t, ctx, `(() => {
			const links = sel => Array.from(document.querySelectorAll(sel + ' > li.event')).map(li => new URL(li.querySelector('a').href).pathname);
			return {upcoming: links('[data-events="upcoming"]'), past: links('[data-events="past"]')};
		})()`)
		return l.Upcoming, l.Past
	}
	navigate(t, ctx, base, "/evenements/")
	upcoming, pastList := lists()
	if want := []string{"/evenements/demain/"}; !slices.Equal(upcoming, want) {
		t.Errorf("À venir in the browser: %v, want %v", upcoming, want)
	}
	if want := []string{"/evenements/fini/", "/evenements/ancien/"}; !slices.Equal(pastList, want) {
		t.Errorf("Passés in the browser: %v, want %v (the event that has just ended on top)", pastList, want)
	}
	if hidden := eval[bool](t, ctx, `document.querySelector('[data-events-empty]').hidden`); !hidden {
		t.Errorf("\"Aucun événement à venir\" is shown while an event is still upcoming")
	}

	// The home page drops it from its upcoming events.
	navigate(t, ctx, base, "/")
	if eval[bool](t, ctx, `Array.from(document.querySelectorAll('main a')).some(a => a.offsetParent !== null && new URL(a.href).pathname === '/evenements/fini/')`) {
		t.Errorf("the home page still shows /evenements/fini/ among upcoming events")
	}

	// Its own page says it is over and hides the registration button.
	navigate(t, ctx, base, "/evenements/fini/")
	type state struct {
		Notice bool `json:"notice"`
		CTA    bool `json:"cta"`
	}
	s := eval[state](t, ctx, `(() => {
		const n = document.querySelector('[data-past-notice]'), c = document.querySelector('.event-page .cta');
		return {notice: !!n && !n.hidden && n.offsetParent !== null, cta: !!c && !c.hidden && c.offsetParent !== null};
	})()`)
	if !s.Notice || s.CTA {
		t.Errorf("/evenements/fini/ after its end: notice shown %v (want true), registration button shown %v (want false)", s.Notice, s.CTA)
	}
}

// TestBrowserSeriesMovesOn builds a site yesterday (by its clock) with a
// daily series whose occurrence of today ended two minutes ago (by the
// real clock): the reader's browser must show the next one, tomorrow's,
// in the events list and on the series' page, keep the series among
// upcoming events, and move today's to the page's past dates.
func TestBrowserSeriesMovesOn(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(paris).Truncate(time.Second)
	stamp := func(t time.Time) string { return t.In(paris).Format("2006-01-02T15:04:05-07:00") }
	first := now.Add(-time.Hour).AddDate(0, 0, -1)
	src := t.TempDir()
	hostileWrite(t, src, map[string]string{
		"site.yaml":                    "title: \"Essai des séries\"\nbaseURL: \"https://example.org/\"\nlanguage: fr\ntimezone: Europe/Paris\n",
		"content/evenements/_index.md": "---\ntitle: \"Événements\"\n---\n\nL'agenda.\n",
		"content/evenements/serie.md": fmt.Sprintf("---\ntitle: \"Point quotidien\"\nstart: %s\nend: %s\nrrule: \"FREQ=DAILY;COUNT=4\"\nonline: \"https://example.org/visio\"\n---\n\nChaque jour.\n",
			stamp(first), stamp(first.Add(58*time.Minute))),
	})
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(context.Background(), src, dest, build.Options{Now: now.Add(-24 * time.Hour), Theme: alliance.Theme()}); err != nil {
		t.Fatal(err)
	}
	today := first.AddDate(0, 0, 1)
	tomorrow := first.AddDate(0, 0, 2)
	shown := `Array.from(document.querySelectorAll('SEL')).filter(p => !p.hidden && p.offsetParent !== null).map(p => p.querySelector('time').getAttribute('datetime'))`
	ctx, base := open(t, dest)
	navigate(t, ctx, base, "/evenements/")
	if got := eval[[]string](t, ctx, strings.ReplaceAll(shown, "SEL", `[data-events="upcoming"] [data-occurrence]`)); !slices.Equal(got, []string{tomorrow.Format(time.RFC3339)}) {
		t.Errorf("the events list shows %v, want tomorrow's occurrence %s only", got, tomorrow.Format(time.RFC3339))
	}
	navigate(t, ctx, base, "/evenements/serie/")
	if got := eval[[]string](t, ctx, strings.ReplaceAll(shown, "SEL", `.series-next [data-occurrence]`)); !slices.Equal(got, []string{tomorrow.Format(time.RFC3339)}) {
		t.Errorf("the series page's next date is %v, want %s", got, tomorrow.Format(time.RFC3339))
	}
	if got := eval[[]string](t, ctx, strings.ReplaceAll(shown, "SEL", `[data-events="past"] > li .event-when`)); len(got) == 0 || got[0] != today.Format(time.RFC3339) {
		t.Errorf("the series page's past dates are %v, want today's %s first", got, today.Format(time.RFC3339))
	}
	if eval[bool](t, ctx, `!document.querySelector('[data-past-notice]').hidden`) {
		t.Errorf("the series page says it is over while two occurrences remain")
	}
}
