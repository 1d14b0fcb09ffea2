package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/net/html"

	"github.com/catalyseurs/alliance/internal/search"
	"github.com/catalyseurs/alliance/internal/testsite"
)

// TestBrowserSearchFilters sets the kind and tag filters with the keyboard
// and from the address, and checks the results against Go's answer.
func TestBrowserSearchFilters(t *testing.T) {
	dir := exampleSite(t)
	ctx, base := open(t, dir)

	// From the address: the filters are set, the results filtered.
	navigate(t, ctx, base, "/search/?q=fondation&kind=event")
	if v := eval[string](t, ctx, `document.getElementById('search-kind').value`); v != "event" {
		t.Errorf("?kind=event: the kind filter holds %q", v)
	}
	rs := checkAgree(t, ctx, dir, search.Params{Query: "fondation", Kind: "event"})
	for _, r := range rs {
		if !strings.HasPrefix(r.Href, "/evenements/") {
			t.Errorf("kind=event: %s is not an event", r.Href)
		}
	}
	navigate(t, ctx, base, "/search/?q=fondation&tag=fondations")
	checkAgree(t, ctx, dir, search.Params{Query: "fondation", Tag: "fondations"})
	if v := eval[string](t, ctx, `document.getElementById('search-tag').value`); v != "fondations" {
		t.Errorf("?tag=fondations: the tag filter holds %q", v)
	}
	// The tag's option is named once the tags' list is loaded.
	waitFor(t, "the tag's option named", func() bool {
		return eval[string](t, ctx, `document.getElementById('search-tag').selectedOptions[0].textContent`) == "fondations"
	})

	// With the keyboard: choose Charte in the kind filter; the address follows.
	navigate(t, ctx, base, "/search/?q=fondation")
	waitResults(t, ctx, "fondation", func(rs []searchResult) bool { return len(rs) > 0 })
	eval[bool](t, ctx, `(document.getElementById('search-kind').focus(), true)`)
	pressKeys(t, ctx, "charter")
	checkAgree(t, ctx, dir, search.Params{Query: "fondation", Kind: "charter"})
	if got := eval[string](t, ctx, `new URL(location.href).search`); got != "?q=fondation&kind=charter" {
		t.Errorf("after choosing Charte, the address's query is %q", got)
	}
	// Every control has a label; the count is said in a live region.
	for _, id := range []string{"search-input", "search-kind", "search-tag"} {
		if n := eval[int](t, ctx, `document.querySelectorAll('label[for="`+id+`"]').length`); n != 1 {
			t.Errorf("#%s has %d labels", id, n)
		}
	}
	if live := eval[string](t, ctx, `document.getElementById('search-status').getAttribute('aria-live')`); live != "polite" {
		t.Errorf("#search-status aria-live=%q", live)
	}
}

// pressKeys sends keys to the focused element: in a <select>, typing an
// option's first letters picks it (here the value's, as the French
// labels start with the same letters: "charter" picks Charte).
func pressKeys(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	// Pick the option by its label's first letters, as a reader types them.
	label := map[string]string{"charter": "Charte", "event": "Év", "news": "Actu"}[keys]
	eval[bool](t, ctx, `(() => {
		const s = document.activeElement;
		const o = Array.from(s.options).find((o) => o.textContent.startsWith(`+jsString(label)+`));
		s.value = o.value;
		s.dispatchEvent(new Event('change', {bubbles: true}));
		return true;
	})()`)
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }

// appendFile adds text at the end of the file name.
func appendFile(name, text string) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// waitFor polls ok for up to 10 seconds.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBrowserSearchLargeSite types queries in the search page of a
// generated site and checks the first page of results against Go's answer
// from the index. The site has 2,000 pages, or ALLIANCE_SEARCH_PAGES
// (.ci/run asks for 10,000).
func TestBrowserSearchLargeSite(t *testing.T) {
	if testing.Short() {
		t.Skip("large site")
	}
	pages := searchPages(t, 2000)
	src := t.TempDir()
	if err := testsite.Generate(src, testsite.Options{Pages: pages}); err != nil {
		t.Fatal(err)
	}
	// The e-mail editions, which the search does not read, are left out
	// to keep the build short.
	if err := appendFile(filepath.Join(src, "site.yaml"), "email: { editions: false }\n"); err != nil {
		t.Fatal(err)
	}
	dir, err := buildSite(t, src)
	if err != nil {
		t.Fatal(err)
	}
	ctx, base := open(t, dir)
	navigate(t, ctx, base, "/search/")
	for _, q := range []string{"fondation", "fondations", "financements hybrides", "charte", "alliances", "territoire", "webinaire", "gouvernance partagee"} {
		clearInput(t, ctx)
		typeText(t, ctx, q)
		want := goSearch(t, dir, search.Params{Query: q})
		first := want[:min(len(want), search.PageSize)]
		rs := waitResults(t, ctx, q, func(rs []searchResult) bool { return slices.Equal(anchors(rs), first) })
		if len(want) > search.PageSize && eval[bool](t, ctx, `document.getElementById('search-more').hidden`) {
			t.Errorf("%s: %d results, and no Plus de résultats", q, len(want))
		}
		if len(rs) == 0 {
			t.Errorf("%s: no result on the generated site", q)
		}
	}
}

// TestSearchIndexesNoFrame fails when a word of a page's frame (header,
// menus, breadcrumbs, tags, related pages, an event's details, what
// shortcodes mark data-search-ignore) is indexed for it: for each page of
// the index, a query for each word of its frame that its title, summary
// and text lack must not find it.
func TestSearchIndexesNoFrame(t *testing.T) {
	t.Run("example", func(t *testing.T) { checkNoFrame(t, exampleSite(t)) })
	t.Run("site-all", func(t *testing.T) {
		dir, err := buildSite(t, siteAllSrc)
		if err != nil {
			t.Fatal(err)
		}
		checkNoFrame(t, dir)
	})
}

func checkNoFrame(t *testing.T, dir string) {
	r, err := search.NewReader(func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))) })
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for n := range r.Count() {
		row, err := r.Row(n)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(row.URL, "/")), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		var content, frame strings.Builder
		content.WriteString(row.Title + " " + row.Summary + " " + metaDescription(doc))
		splitFrame(doc, false, &content, &frame)
		// The content's words, folded, and their stems (of the words as
		// written, as the index stems them).
		var words []string
		stems := map[string]bool{}
		for _, w := range writtenWords(content.String()) {
			words = append(words, search.Fold(w))
			stems[search.Stem(w)] = true
		}
		has := func(written string) bool {
			w := search.Fold(written)
			return stems[search.Stem(written)] || slices.ContainsFunc(words, func(c string) bool { return strings.HasPrefix(c, w) })
		}
		for _, written := range writtenWords(frame.String()) {
			w := search.Fold(written)
			if has(written) || len(search.Tokens(w)) != 1 || len([]rune(w)) < 3 {
				continue
			}
			hits, err := r.Search(search.Params{Query: w}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			checked++
			if slices.ContainsFunc(hits, func(h search.Hit) bool { return h.Doc == n }) {
				t.Errorf("%s: %q, a word of its frame only, finds it", row.URL, w)
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d frame words checked", checked)
	}
}

// writtenWords splits s into its words as written, as package fold splits
// them (apostrophes split).
func writtenWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.M, r)
	})
}

// frameClasses are the classes of what shortcodes write around a page's
// content: a test that trusted data-search-ignore alone would not see it
// go missing.
var frameClasses = []string{"video-host", "video-play", "event-card", "visually-hidden"}

// metaDescription returns the page's <meta name="description">.
func metaDescription(n *html.Node) string {
	if n.Type == html.ElementNode && n.Data == "meta" && attrVal(n, "name") == "description" {
		return attrVal(n, "content")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if s := metaDescription(c); s != "" {
			return s
		}
	}
	return ""
}

// splitFrame writes the text of the body's content (its .prose, but for
// what is marked data-search-ignore) to content and the rest to frame.
func splitFrame(n *html.Node, inProse bool, content, frame *strings.Builder) {
	switch n.Type {
	case html.TextNode:
		if inProse {
			content.WriteString(n.Data + " ")
		} else {
			frame.WriteString(n.Data + " ")
		}
		return
	case html.ElementNode:
		switch n.Data {
		case "script", "style", "head", "template", "noscript":
			return
		case "img":
			if inProse {
				content.WriteString(attrVal(n, "alt") + " ")
			}
		}
		_, ignored := attr(n, "data-search-ignore")
		if ignored || n.Data == "video" || slices.ContainsFunc(strings.Fields(attrVal(n, "class")), func(c string) bool { return slices.Contains(frameClasses, c) }) {
			inProse = false
		} else if slices.Contains(strings.Fields(attrVal(n, "class")), "prose") {
			inProse = true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		splitFrame(c, inProse, content, frame)
	}
}

// searchPages is the size of the generated sites of the search tests:
// ALLIANCE_SEARCH_PAGES pages, else def.
func searchPages(t *testing.T, def int) int {
	v := os.Getenv("ALLIANCE_SEARCH_PAGES")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("ALLIANCE_SEARCH_PAGES=%q is not a number of pages", v)
	}
	return n
}
