package e2e

// HTML checks of whole built sites: the W3C Nu HTML checker (vnu.jar) over
// the example site and over testdata/site-all, a site that uses every kind
// and every field of DESIGN.md; then, on site-all, the contract of the
// output table (every URL there), the orders (charter by part and weight,
// events upcoming soonest first then past), slugs, drafts and future posts
// left out, and what every page must have (lang="fr", one <h1>, a skip
// link, <main>, <nav>, nothing loaded from another host).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// siteAllSrc is the source of the site that uses every kind and field.
const siteAllSrc = "testdata/site-all"

// vnuMessage is one message of vnu's JSON output.
type vnuMessage struct {
	Type        string `json:"type"`
	SubType     string `json:"subType"`
	URL         string `json:"url"`
	FirstLine   int    `json:"firstLine"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	LastColumn  int    `json:"lastColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

func (m vnuMessage) String() string {
	file := m.URL
	if u, err := url.Parse(m.URL); err == nil && u.Scheme == "file" {
		file = u.Path
	}
	line := m.LastLine
	if m.FirstLine > 0 {
		line = m.FirstLine
	}
	s := fmt.Sprintf("%s:%d:%d: %s: %s", file, line, m.FirstColumn, m.Type, m.Message)
	if m.Extract != "" {
		s += "\n\t" + strings.ReplaceAll(m.Extract, "\n", "⏎")
	}
	return s
}

// runNu runs the Nu HTML checker over the given folders and files (errors
// only) and returns its messages.
func runNu(t *testing.T, paths ...string) []vnuMessage {
	t.Helper()
	java := requireTool(t, "java")
	jar := npmFile(t, "vnu-jar/build/dist/vnu.jar")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"-Xss8m", "-jar", jar, "--errors-only", "--format", "json", "--skip-non-html"}, paths...)
	cmd := exec.CommandContext(ctx, java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	// vnu writes its report on stderr and exits 1 when it found errors.
	out := stderr.Bytes()
	if i := bytes.Index(out, []byte(`{"messages"`)); i >= 0 {
		out = out[i:]
	} else if i := bytes.Index(stdout.Bytes(), []byte(`{"messages"`)); i >= 0 {
		out = stdout.Bytes()[i:]
	}
	var report struct {
		Messages []vnuMessage `json:"messages"`
	}
	if jerr := json.NewDecoder(bytes.NewReader(out)).Decode(&report); jerr != nil {
		t.Fatalf("vnu: %v (exit: %v)\nstdout: %s\nstderr: %s", jerr, err, stdout.Bytes(), stderr.Bytes())
	}
	return report.Messages
}

// nuCheck runs vnu over dir, together with a broken canary page that must
// be reported (so that a checker that silently checks nothing fails), and
// fails listing every message about dir.
func nuCheck(t *testing.T, dir string) {
	t.Helper()
	canary := filepath.Join(t.TempDir(), "canary.html")
	if err := os.WriteFile(canary, []byte("<!doctype html><html lang=fr><head><title>x</title></head><body><p><div></span></body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	msgs := runNu(t, dir, canary)
	var bad []string
	sawCanary := false
	for _, m := range msgs {
		if strings.HasSuffix(m.URL, "/canary.html") {
			sawCanary = true
			continue
		}
		bad = append(bad, m.String())
	}
	if !sawCanary {
		t.Fatalf("vnu reported nothing about a broken canary page: is it checking anything? (%d messages)", len(msgs))
	}
	pages := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			pages++
		}
		return nil
	})
	t.Logf("vnu checked %d HTML files in %s: %d error messages", pages, dir, len(bad))
	if len(bad) > 0 {
		t.Errorf("the Nu HTML checker reports %d errors:\n%s", len(bad), strings.Join(bad, "\n"))
	}
}

func TestNuExampleSite(t *testing.T) {
	nuCheck(t, exampleSite(t))
}

func TestNuSiteAll(t *testing.T) {
	dir, err := buildSite(t, siteAllSrc)
	if err != nil {
		t.Fatalf("building %s: %v", siteAllSrc, err)
	}
	nuCheck(t, dir)
}

// --- HTML helpers ---

func parseHTMLFile(t *testing.T, file string) *html.Node {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return doc
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrVal(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attrVal(n, "class")), class)
}

// findAll returns the elements under n (n included) for which match is
// true, in document order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byTag(a atom.Atom) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.DataAtom == a }
}

func first(n *html.Node, match func(*html.Node) bool) *html.Node {
	if all := findAll(n, match); len(all) > 0 {
		return all[0]
	}
	return nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func ancestor(n *html.Node, match func(*html.Node) bool) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && match(p) {
			return p
		}
	}
	return nil
}

// pageFile returns the file that serves URL path p in the built site dir.
func pageFile(dir, p string) string {
	f := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "/")))
	if strings.HasSuffix(p, "/") {
		f = filepath.Join(f, "index.html")
	}
	return f
}

// --- site-all: the output contract ---

// The site-all content, as the tests expect it built at fixedNow.
var (
	siteAllPosts = []string{ // newest first
		"/actualites/ete-a-lecole/",         // slug: "Été à l'école" (file rentree.md)
		"/actualites/avec-suite/",           // <!--more-->
		"/actualites/markdown-complet/",     // every Markdown construct, aliases, lastmod
		"/actualites/lactualite-du-2-juin/", // file "L’actualité du 2 juin.md"
		"/actualites/breve-4/",
		"/actualites/breve-3/",
		"/actualites/breve-2/",
		"/actualites/breve-1/",
	}
	siteAllChapters = []string{ // by part, then weight
		"/charte/zz-preambule/", // Principes, 10
		"/charte/confiance/",    // Principes, 20
		"/charte/cooperer/",     // Actions collectives, 30
		"/charte/agir/",         // Actions collectives, 40
		"/charte/humains/",      // Moyens, 50
		"/charte/argent/",       // Moyens, 60
	}
	siteAllParts    = []string{"Principes", "Actions collectives", "Moyens"}
	siteAllUpcoming = []string{ // soonest first
		"/evenements/prochain-atelier/",   // 2026-12-03, price, registrationRequired, organizer
		"/evenements/webinaire-en-ligne/", // 2027-01-20, online only
		"/evenements/universite-d-hiver/", // 2027-02-10..12, all day, place and online
		"/evenements/rencontre-annulee/",  // 2027-03-05, cancelled
	}
	siteAllPast = []string{ // latest first
		"/evenements/forum-reporte/",  // 2026-05-10, postponed
		"/evenements/lancement-2025/", // 2025-10-01, no end
	}
	siteAllTags = []string{"alliances", "breves", "charte", "economie-sociale", "fondations", "ingenierie", "lete", "rencontre", "webinaire"}
)

func TestHTMLSiteAll(t *testing.T) {
	dir, err := buildSite(t, siteAllSrc)
	if err != nil {
		t.Fatalf("building %s: %v", siteAllSrc, err)
	}

	t.Run("URLs", func(t *testing.T) {
		want := []string{
			"/", "/actualites/", "/actualites/page/2/", "/actualites/page/3/",
			"/charte/", "/charte/complete/",
			"/evenements/", "/evenements/calendar.ics",
			"/tags/",
			"/feed.xml", "/atom.xml", "/feed.json",
			"/actualites/feed.xml", "/charte/feed.xml", "/evenements/feed.xml",
			"/sitemap.xml", "/404.html", "/robots.txt", "/search/", "/search-index.json",
			"/ressources/", "/ressources/guide-pratique/",
			"/images/carte.svg", "/css/site.css", "/js/site.js", "/js/search.js",
			// aliases
			"/ancienne-adresse/", "/actualites/vieux-billet/",
		}
		want = append(want, siteAllPosts...)
		want = append(want, siteAllChapters...)
		for _, e := range append(slices.Clone(siteAllUpcoming), siteAllPast...) {
			want = append(want, e, e+"event.ics")
		}
		for _, tag := range siteAllTags {
			want = append(want, "/tags/"+tag+"/", "/tags/"+tag+"/feed.xml")
		}
		for _, p := range want {
			info, err := os.Stat(pageFile(dir, p))
			if err != nil {
				t.Errorf("%s: missing (%v)", p, err)
			} else if info.Size() == 0 {
				t.Errorf("%s: empty file", p)
			}
		}
		for _, alias := range []string{"/ancienne-adresse/", "/actualites/vieux-billet/"} {
			b, _ := os.ReadFile(pageFile(dir, alias))
			if !bytes.Contains(b, []byte("/actualites/markdown-complet/")) {
				t.Errorf("alias %s does not lead to /actualites/markdown-complet/:\n%s", alias, b)
			}
		}
	})

	t.Run("Slugs", func(t *testing.T) {
		for _, p := range []string{"/actualites/L’actualité-du-2-juin/", "/actualites/rentree/", "/tags/économie-sociale/", "/tags/l-ete/", "/evenements/universite-d’hiver/"} {
			if _, err := os.Stat(pageFile(dir, p)); err == nil {
				t.Errorf("%s exists: slugs must be lower-cased, accents folded, apostrophes dropped", p)
			}
		}
		post := parseHTMLFile(t, pageFile(dir, "/actualites/markdown-complet/"))
		if first(post, func(n *html.Node) bool { return attrVal(n, "id") == "les-eleves-a-lecole-dete" }) == nil {
			t.Errorf(`heading "Les élèves à l'école d'été" has no id "les-eleves-a-lecole-dete"`)
		}
		tagLinks := map[string]string{}
		for _, a := range findAll(post, func(n *html.Node) bool { return attrVal(n, "rel") == "tag" }) {
			tagLinks[textOf(a)] = attrVal(a, "href")
		}
		if got := tagLinks["économie sociale"]; got != "/tags/economie-sociale/" {
			t.Errorf(`tag "économie sociale" links to %q, want /tags/economie-sociale/ (tags: %v)`, got, tagLinks)
		}
	})

	t.Run("DraftsAndFuture", func(t *testing.T) {
		for _, p := range []string{"/actualites/brouillon/", "/actualites/futur/"} {
			if _, err := os.Stat(pageFile(dir, p)); err == nil {
				t.Errorf("%s was published", p)
			}
		}
		// Neither their titles nor their text may leak into any output:
		// lists, feeds, calendars, sitemap, search index.
		leaks := []string{"brouillon secret", "Brouillon secret", "du futur", "brouillon ne doit pas", "datée après l"}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			for _, s := range leaks {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%s mentions a draft or future post (%q)", rel, s)
				}
			}
			for _, s := range []string{"actualites/brouillon/", "actualites/futur/"} {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%s links to a draft or future post (%q)", rel, s)
				}
			}
			return nil
		})
	})

	t.Run("NewsOrder", func(t *testing.T) {
		var got []string
		for _, p := range []string{"/actualites/", "/actualites/page/2/", "/actualites/page/3/"} {
			got = append(got, pageLinks(t, dir, p, siteAllPosts)...)
		}
		if !slices.Equal(got, siteAllPosts) {
			t.Errorf("news over the list's pages:\n got %v\nwant %v (newest first, %d a page)", got, siteAllPosts, 3)
		}
	})

	t.Run("CharterOrder", func(t *testing.T) {
		if got := pageLinks(t, dir, "/charte/", siteAllChapters); !slices.Equal(got, siteAllChapters) {
			t.Errorf("chapters in /charte/:\n got %v\nwant %v (by part, then weight)", got, siteAllChapters)
		}
		doc := parseHTMLFile(t, pageFile(dir, "/charte/"))
		main := first(doc, byTag(atom.Main))
		var parts []string
		for _, h := range findAll(main, byTag(atom.H2)) {
			for _, part := range siteAllParts {
				if strings.HasSuffix(textOf(h), part) {
					parts = append(parts, part)
				}
			}
		}
		if !slices.Equal(parts, siteAllParts) {
			t.Errorf("parts in /charte/: got %v, want %v", parts, siteAllParts)
		}
		// Each chapter links to the previous and next ones.
		for i, ch := range siteAllChapters {
			doc := parseHTMLFile(t, pageFile(dir, ch))
			for _, rel := range []string{"prev", "next"} {
				want := ""
				if rel == "prev" && i > 0 {
					want = siteAllChapters[i-1]
				}
				if rel == "next" && i < len(siteAllChapters)-1 {
					want = siteAllChapters[i+1]
				}
				got := ""
				if a := first(doc, func(n *html.Node) bool { return n.DataAtom == atom.A && attrVal(n, "rel") == rel }); a != nil {
					got = attrVal(a, "href")
				}
				if got != want {
					t.Errorf("%s: rel=%s links to %q, want %q", ch, rel, got, want)
				}
			}
		}
		// The complete charter holds every chapter, in the same order.
		complete, err := os.ReadFile(pageFile(dir, "/charte/complete/"))
		if err != nil {
			t.Fatal(err)
		}
		at := 0
		for _, title := range []string{"Préambule", "Confiance et réciprocité", "Coopérer entre ingénieries", "Agir sur le terrain", "Moyens humains", "Financer l’ingénierie"} {
			i := bytes.Index(complete[at:], []byte(">"+title+"<"))
			if i < 0 {
				t.Errorf("/charte/complete/: chapter %q missing or out of order", title)
				continue
			}
			at += i
		}
	})

	t.Run("EventOrder", func(t *testing.T) {
		all := append(slices.Clone(siteAllUpcoming), siteAllPast...)
		if got := pageLinks(t, dir, "/evenements/", all); !slices.Equal(got, all) {
			t.Errorf("events in /evenements/:\n got %v\nwant %v (upcoming soonest first, then past latest first)", got, all)
		}
		doc := parseHTMLFile(t, pageFile(dir, "/evenements/"))
		for _, list := range []struct {
			name string
			want []string
		}{{"upcoming", siteAllUpcoming}, {"past", siteAllPast}} {
			ol := first(doc, func(n *html.Node) bool { return attrVal(n, "data-events") == list.name })
			if ol == nil {
				t.Errorf(`/evenements/: no list with data-events=%q (site.js moves ended events with it)`, list.name)
				continue
			}
			var got []string
			for _, li := range findAll(ol, func(n *html.Node) bool { return n.DataAtom == atom.Li && hasClass(n, "event") }) {
				if _, ok := attr(li, "data-end"); !ok {
					t.Errorf("/evenements/: event item without data-end: %s", textOf(li))
				}
				if a := first(li, byTag(atom.A)); a != nil {
					got = append(got, attrVal(a, "href"))
				}
			}
			if !slices.Equal(got, list.want) {
				t.Errorf("/evenements/ %s list: got %v, want %v", list.name, got, list.want)
			}
		}
	})

	t.Run("Fields", func(t *testing.T) {
		checks := []struct {
			page string
			want []string
		}{
			{"/actualites/markdown-complet/", []string{"<table>", "<dl>", "<dt>Catalyseur</dt>", `type="checkbox"`, "<del>", `class="footnotes"`, `<code class="language-go">`, `<img src="/img/carte-`, "Équipe d’essai", "/tags/ingenierie/", "Mis à jour", "&lt;script&gt;"}},
			{"/actualites/lactualite-du-2-juin/", []string{"Camille Martin", "Louis Dubois", "/tags/lete/"}},
			{"/actualites/avec-suite/", []string{"Et voici la suite"}},
			{"/evenements/prochain-atelier/", []string{"10 € (gratuit pour les membres)", "Réseau d’essai des catalyseurs", "Inscription obligatoire", "https://example.org/inscriptions/atelier", "Maison des associations", "/evenements/prochain-atelier/event.ics"}},
			{"/evenements/webinaire-en-ligne/", []string{"https://example.org/webinaires/essai", "Les Jeudis d’essai"}},
			{"/evenements/universite-d-hiver/", []string{"Saint-Étienne", "https://example.org/direct/universite", "février 2027"}},
			{"/evenements/rencontre-annulee/", []string{"Annulé"}},
			{"/evenements/forum-reporte/", []string{"Reporté"}},
			{"/ressources/", []string{"/ressources/guide-pratique/"}},
		}
		for _, c := range checks {
			b, err := os.ReadFile(pageFile(dir, c.page))
			if err != nil {
				t.Error(err)
				continue
			}
			for _, w := range c.want {
				if !bytes.Contains(b, []byte(w)) {
					t.Errorf("%s does not show %q", c.page, w)
				}
			}
		}
		// The summary of a post with <!--more--> stops at the mark.
		list, _ := os.ReadFile(pageFile(dir, "/actualites/"))
		if !bytes.Contains(list, []byte("forme le résumé")) || bytes.Contains(list, []byte("Et voici la suite")) {
			t.Errorf("/actualites/: the summary of avec-suite must be the text before <!--more-->")
		}
		// Raw HTML in Markdown is escaped (markdown.unsafeHTML: false).
		post := parseHTMLFile(t, pageFile(dir, "/actualites/markdown-complet/"))
		for _, n := range findAll(first(post, byTag(atom.Main)), func(*html.Node) bool { return true }) {
			switch {
			case n.DataAtom == atom.Iframe, n.DataAtom == atom.Script && attrVal(n, "src") == "", hasClass(n, "encadre"):
				t.Errorf("/actualites/markdown-complet/ holds the raw HTML element <%s>", n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("/actualites/markdown-complet/: <%s %s=%q> from raw HTML", n.Data, a.Key, a.Val)
				}
			}
		}
		// The home page shows the latest news and the soonest event, and
		// no past event.
		home, _ := os.ReadFile(pageFile(dir, "/"))
		for _, s := range []string{siteAllPosts[0], siteAllUpcoming[0], "/charte/"} {
			if !bytes.Contains(home, []byte(`href="`+s+`"`)) {
				t.Errorf("home does not link to %s", s)
			}
		}
		for _, s := range siteAllPast {
			if bytes.Contains(home, []byte(`href="`+s+`"`)) {
				t.Errorf("home links to past event %s", s)
			}
		}
	})

	t.Run("EveryPage", func(t *testing.T) {
		checkEveryPage(t, dir, "https://example.org/")
	})

	// French typography: the text that readers see (not code, not
	// attributes) has ’ rather than ', and … rather than "...", wherever it
	// comes from: Markdown, front matter or site.yaml.
	t.Run("Typography", func(t *testing.T) {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			doc := parseHTMLFile(t, p)
			var walk func(*html.Node)
			walk = func(n *html.Node) {
				if n.Type == html.ElementNode {
					switch n.DataAtom {
					case atom.Code, atom.Pre, atom.Kbd, atom.Samp, atom.Script, atom.Style, atom.Textarea:
						return
					}
				}
				if n.Type == html.TextNode {
					for _, bad := range []string{"'", "..."} {
						if strings.Contains(n.Data, bad) {
							t.Errorf("%s: <%s> text %q has %q", filepath.ToSlash(rel), n.Parent.Data, strings.TrimSpace(n.Data), bad)
						}
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(doc)
			return nil
		})
	})
}

// pageLinks returns, in document order and once each, the links of page p's
// <main> that are among want.
func pageLinks(t *testing.T, dir, p string, want []string) []string {
	t.Helper()
	doc := parseHTMLFile(t, pageFile(dir, p))
	main := first(doc, byTag(atom.Main))
	if main == nil {
		t.Fatalf("%s has no <main>", p)
	}
	var got []string
	for _, a := range findAll(main, byTag(atom.A)) {
		h := attrVal(a, "href")
		if slices.Contains(want, h) && !slices.Contains(got, h) {
			got = append(got, h)
		}
	}
	return got
}

// loadingAttrs are the attributes by which an element loads something.
var loadingAttrs = map[string][]string{
	"script": {"src"},
	"img":    {"src", "srcset"},
	"source": {"src", "srcset"},
	"video":  {"src", "poster"},
	"audio":  {"src"},
	"track":  {"src"},
	"iframe": {"src"},
	"frame":  {"src"},
	"embed":  {"src"},
	"object": {"data"},
	"input":  {"src"},
	"image":  {"href", "xlink:href"}, // SVG
	"use":    {"href", "xlink:href"}, // SVG
}

// linkLoads reports whether a <link> with this rel loads something.
func linkLoads(rel string) bool {
	for _, r := range strings.Fields(strings.ToLower(rel)) {
		switch r {
		case "stylesheet", "icon", "apple-touch-icon", "mask-icon", "preload", "prefetch", "modulepreload", "manifest", "preconnect", "dns-prefetch", "prerender":
			return true
		}
	}
	return false
}

var cssURL = regexp.MustCompile(`(?i)(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)`)

// foreign reports whether u, found in a page of the site at base, points to
// another host.
func foreign(u string, base *url.URL) bool {
	for _, part := range strings.Split(u, ",") { // srcset
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		p, err := url.Parse(f[0])
		if err != nil {
			return true
		}
		if p.Host != "" && p.Host != base.Host {
			return true
		}
		if p.Scheme != "" && p.Scheme != "http" && p.Scheme != "https" && p.Scheme != "data" {
			return true
		}
	}
	return false
}

// checkEveryPage checks what every HTML page of the built site dir must
// have; base is the site's baseURL (its host is not "another host").
func checkEveryPage(t *testing.T, dir, baseURL string) {
	t.Helper()
	base, _ := url.Parse(baseURL)
	pages := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(p, ".css") {
			b, _ := os.ReadFile(p)
			for _, m := range cssURL.FindAllSubmatch(b, -1) {
				if foreign(string(m[1]), base) {
					t.Errorf("%s loads %s from another host", rel, m[1])
				}
			}
			return nil
		}
		if !strings.HasSuffix(p, ".html") || isEdition(p) {
			return nil // an e-mail edition is no web page (see email_test.go)
		}
		pages++
		doc := parseHTMLFile(t, p)
		htmlEl := first(doc, byTag(atom.Html))
		if lang := attrVal(htmlEl, "lang"); lang != "fr" {
			t.Errorf("%s: <html lang=%q>, want \"fr\"", rel, lang)
		}
		for _, n := range findAll(doc, func(*html.Node) bool { return true }) {
			for _, k := range loadingAttrs[strings.ToLower(n.Data)] {
				if v, ok := attr(n, k); ok && foreign(v, base) {
					t.Errorf("%s: <%s %s=%q> loads from another host", rel, n.Data, k, v)
				}
			}
			if n.DataAtom == atom.Link && linkLoads(attrVal(n, "rel")) && foreign(attrVal(n, "href"), base) {
				t.Errorf("%s: <link rel=%q href=%q> loads from another host", rel, attrVal(n, "rel"), attrVal(n, "href"))
			}
			style := attrVal(n, "style")
			if n.DataAtom == atom.Style {
				style = textOf(n)
			}
			for _, m := range cssURL.FindAllStringSubmatch(style, -1) {
				if foreign(m[1], base) {
					t.Errorf("%s: <%s> style loads %s from another host", rel, n.Data, m[1])
				}
			}
		}
		// Redirect pages (aliases, /page/1/) are stubs, not reading pages.
		if first(doc, func(n *html.Node) bool {
			return n.DataAtom == atom.Meta && strings.EqualFold(attrVal(n, "http-equiv"), "refresh")
		}) != nil {
			return nil
		}
		if h1 := findAll(doc, byTag(atom.H1)); len(h1) != 1 {
			var texts []string
			for _, h := range h1 {
				texts = append(texts, textOf(h))
			}
			t.Errorf("%s: %d <h1> (%q), want exactly one", rel, len(h1), texts)
		}
		mains := findAll(doc, byTag(atom.Main))
		if len(mains) != 1 {
			t.Errorf("%s: %d <main>, want one", rel, len(mains))
		}
		if len(findAll(doc, byTag(atom.Nav))) == 0 {
			t.Errorf("%s: no <nav>", rel)
		}
		// The skip link is the first link of the body and leads into <main>.
		body := first(doc, byTag(atom.Body))
		skip := first(body, byTag(atom.A))
		href := ""
		if skip != nil {
			href = attrVal(skip, "href")
		}
		if !strings.HasPrefix(href, "#") || len(href) < 2 {
			t.Errorf("%s: the first link of the page is %q, not a skip link to the content", rel, href)
		} else if len(mains) == 1 {
			id := href[1:]
			target := first(mains[0], func(n *html.Node) bool { return attrVal(n, "id") == id })
			if target == nil {
				t.Errorf("%s: skip link %q does not lead to <main> or inside it", rel, href)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 20 {
		t.Fatalf("only %d HTML pages in %s", pages, dir)
	}
	t.Logf("checked %d HTML pages", pages)
}

// TestHTMLExampleEveryPage applies the every-page checks to the example site.
func TestHTMLExampleEveryPage(t *testing.T) {
	checkEveryPage(t, exampleSite(t), "https://example.org/")
}

// TestFavicon checks that every page of the example site names its icon,
// and that the icon is published: without one, browsers ask for
// /favicon.ico and get a 404 on every page.
func TestFavicon(t *testing.T) {
	dir := exampleSite(t)
	icon := regexp.MustCompile(`<link rel="icon" href="([^"]+)"`)
	for name, page := range fcHTMLPages(t, dir) {
		m := icon.FindStringSubmatch(page)
		if m == nil {
			t.Errorf("%s names no icon", name)
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(m[1], "/")))); err != nil {
			t.Errorf("%s: its icon %s is not published", name, m[1])
		}
	}
}
