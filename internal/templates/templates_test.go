package templates

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/diag"
)

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

func TestLookupOrder(t *testing.T) {
	tests := []struct {
		name   string
		page   content.Page
		layout []string // layouts present
		want   string
	}{
		{"section single wins", content.Page{Kind: content.KindPage, Section: "actualites", Type: "news"},
			[]string{"actualites/single.html", "news/single.html", "_default/single.html"}, "actualites/single.html"},
		{"kind single next", content.Page{Kind: content.KindPage, Section: "actualites", Type: "news"},
			[]string{"news/single.html", "_default/single.html"}, "news/single.html"},
		{"default single", content.Page{Kind: content.KindPage, Section: "actualites", Type: "news"},
			[]string{"_default/single.html", "_default/list.html"}, "_default/single.html"},
		{"front matter layout", content.Page{Kind: content.KindPage, Section: "a", Type: "page", Params: map[string]any{"layout": "wide"}},
			[]string{"_default/wide.html", "a/single.html"}, "_default/wide.html"},
		{"section list", content.Page{Kind: content.KindSection, Section: "charte", Type: "charter"},
			[]string{"charter/list.html", "_default/list.html"}, "charter/list.html"},
		{"home index", content.Page{Kind: content.KindHome},
			[]string{"index.html", "_default/list.html"}, "index.html"},
		{"home falls back to list", content.Page{Kind: content.KindHome},
			[]string{"_default/list.html"}, "_default/list.html"},
		{"term", content.Page{Kind: content.KindTerm, Section: "tags"},
			[]string{"_default/term.html", "_default/list.html"}, "_default/term.html"},
		{"taxonomy", content.Page{Kind: content.KindTaxonomy, Section: "tags"},
			[]string{"_default/list.html"}, "_default/list.html"},
		{"404", content.Page{Kind: content.KindSpecial, Layout: "404"},
			[]string{"404.html", "_default/list.html"}, "404.html"},
		{"complete charter", content.Page{Kind: content.KindSpecial, Layout: "charter-complete", Section: "charte", Type: "charter"},
			[]string{"charter/complete.html"}, "charter/complete.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for _, l := range tt.layout {
				files["layouts/"+l] = "x"
			}
			s, err := Load(mapFS(files), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, ok := s.Lookup(&tt.page)
			if !ok || got != tt.want {
				t.Errorf("Lookup = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

func TestBaseofBlocksAndPartials(t *testing.T) {
	s, err := Load(mapFS(map[string]string{
		"layouts/_default/baseof.html":   `<html>{{ partial "head.html" . }}{{ block "main" . }}default{{ end }}</html>`,
		"layouts/partials/head.html":     `<title>{{ .Title }}</title>`,
		"layouts/_default/single.html":   `{{ define "main" }}<p>{{ .Title }}</p>{{ end }}`,
		"layouts/_default/list.html":     `{{ define "main" }}<ul>{{ range .Pages }}<li>{{ .Title }}</li>{{ end }}</ul>{{ end }}`,
		"layouts/_default/full.html":     `<!doctype html><body>{{ .Title }}</body>`,
		"layouts/_default/noblocks.html": `{{ define "other" }}x{{ end }}`,
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := &content.Page{Title: "Été <b>", Pages: []*content.Page{{Title: "A"}, {Title: "B"}}}
	for _, tt := range []struct{ layout, want string }{
		{"_default/single.html", "<html><title>Été &lt;b&gt;</title><p>Été &lt;b&gt;</p></html>"},
		{"_default/list.html", "<html><title>Été &lt;b&gt;</title><ul><li>A</li><li>B</li></ul></html>"},
		{"_default/full.html", "<!doctype html><body>Été &lt;b&gt;</body>"},
		{"_default/noblocks.html", "<html><title>Été &lt;b&gt;</title>default</html>"},
	} {
		var b bytes.Buffer
		if err := s.Execute(&b, tt.layout, p); err != nil {
			t.Fatalf("%s: %v", tt.layout, err)
		}
		if b.String() != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.layout, b.String(), tt.want)
		}
	}
}

func TestErrorsNameFileAndLine(t *testing.T) {
	_, err := Load(mapFS(map[string]string{
		"layouts/_default/single.html": "<p>\n{{ .Title }\n</p>",
		"layouts/_default/list.html":   "<p>\n\n{{ nofunc . }}</p>",
	}), Options{})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"layouts/_default/single.html:2: layout:", "layouts/_default/list.html:3: layout:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}

	s, err := Load(mapFS(map[string]string{
		"layouts/_default/single.html": "<p>\n\n\n{{ .Nope }}</p>",
		"layouts/_default/list.html":   "<p>{{ partial \"p.html\" . }}</p>",
		"layouts/partials/p.html":      "\n{{ .Nope }}",
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for layout, want := range map[string]string{
		"_default/single.html": "layouts/_default/single.html:4:",
		"_default/list.html":   "layouts/partials/p.html:2:",
	} {
		err := s.Execute(&bytes.Buffer{}, layout, &content.Page{})
		var de *diag.Error
		if !errors.As(err, &de) || !strings.HasPrefix(de.Error(), want) {
			t.Errorf("%s: error %v, want prefix %q", layout, err, want)
		}
	}
}

func TestDateFR(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	tests := []struct {
		layout string
		t      time.Time
		want   string
	}{
		{"Monday 2 January 2006", time.Date(2022, 6, 2, 13, 0, 0, 0, paris), "jeudi 2 juin 2022"},
		{"Monday 2 January 2006", time.Date(2022, 7, 1, 13, 0, 0, 0, paris), "vendredi 1er juillet 2022"},
		{"2 January 2006", time.Date(2022, 8, 15, 0, 0, 0, 0, paris), "15 août 2022"},
		{"Mon 2 Jan", time.Date(2022, 2, 14, 0, 0, 0, 0, paris), "lun. 14 févr."},
		{"02/01/2006", time.Date(2022, 12, 25, 0, 0, 0, 0, paris), "25/12/2022"},
		{"January 2006", time.Date(2022, 12, 25, 0, 0, 0, 0, paris), "décembre 2022"},
	}
	for _, tt := range tests {
		if got := DateFR(tt.layout, tt.t); got != tt.want {
			t.Errorf("DateFR(%q, %v) = %q, want %q", tt.layout, tt.t, got, tt.want)
		}
	}
	if DateFR("2 January", time.Time{}) != "" {
		t.Error("zero time should give an empty string")
	}
	if got := TimeFR(time.Date(2022, 6, 2, 13, 0, 0, 0, paris)); got != "13\u00a0h" {
		t.Errorf("TimeFR = %q", got)
	}
	if got := TimeFR(time.Date(2022, 6, 2, 9, 30, 0, 0, paris)); got != "9\u00a0h\u00a030" {
		t.Errorf("TimeFR = %q", got)
	}
}

func TestURLsAndText(t *testing.T) {
	tests := []struct{ got, want string }{
		{RelURL("/", "/charte/"), "/charte/"},
		{RelURL("/sub/", "charte/"), "/sub/charte/"},
		{RelURL("/sub/", "https://x.org/"), "https://x.org/"},
		{AbsURL("https://example.org/", "/feed.xml"), "https://example.org/feed.xml"},
		{AbsURL("https://example.org/sub/", "feed.xml"), "https://example.org/sub/feed.xml"},
		{string(webcal("https://example.org/evenements/calendar.ics")), "webcal://example.org/evenements/calendar.ics"},
		{Truncate(20, "Les catalyseurs territoriaux se réunissent"), "Les catalyseurs…"},
		{Truncate(100, "court"), "court"},
		{Plural(0, "résultat", "résultats"), "0 résultat"},
		{Plural(2, "résultat", "résultats"), "2 résultats"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
	js, _ := JSONLD(map[string]string{"name": "</script><script>alert(1)</script>"})
	if strings.Contains(string(js), "</script") {
		t.Errorf("JSONLD does not escape: %s", js)
	}
}

func TestAnchorPrefixAndPlainify(t *testing.T) {
	body := template.HTML(`<h2 id="intro">Intro</h2><p>Voir <a href="#intro">plus haut</a>, <a href="/charte/x/#intro">ailleurs</a> et<sup id="fnref:1"><a href="#fn:1">1</a></sup>.</p><li id="fn:1">Note</li>`)
	got := string(AnchorPrefix("Chapitre 3", body))
	want := `<h2 id="chapitre-3-intro">Intro</h2><p>Voir <a href="#chapitre-3-intro">plus haut</a>, <a href="/charte/x/#intro">ailleurs</a> et<sup id="chapitre-3-fnref:1"><a href="#chapitre-3-fn:1">1</a></sup>.</p><li id="chapitre-3-fn:1">Note</li>`
	if got != want {
		t.Errorf("AnchorPrefix:\n got %s\nwant %s", got, want)
	}
	if got := Plainify(template.HTML("<p>Un <em>mot</em> &amp; l’autre</p><p>Deux</p>")); got != "Un mot & l’autre Deux" {
		t.Errorf("Plainify = %q", got)
	}
	l, err := appendList("c", []string{"a", "b"})
	if err != nil || len(l) != 3 || l[2] != "c" {
		t.Errorf("append = %v, %v", l, err)
	}
}

func TestPlainifyKeepsNoBreakSpaces(t *testing.T) {
	if got := Plainify("<p>cap\u00a0: trois\u202f!</p>\n<p>  deux</p>"); got != "cap\u00a0: trois\u202f! deux" {
		t.Errorf("Plainify = %q", got)
	}
}

// stripRef is what Plainify did before stripTags: two regular expressions.
func stripRef(s string) string { return anyTag.ReplaceAllString(blockTag.ReplaceAllString(s, " "), "") }

func checkStripTags(t *testing.T, s string) {
	t.Helper()
	got, ok := stripTags(s)
	if !ok {
		return // Plainify uses the regular expressions then
	}
	if want := stripRef(s); got != want {
		t.Errorf("stripTags(%q) = %q, want %q", s, got, want)
	}
}

func TestStripTags(t *testing.T) {
	for _, s := range []string{
		"", "sans balise", "<p>Un <em>mot</em></p>\n<p>Deux</p>", "<pre>code</pre><P>x</P><BR/>y<br>z",
		"<span <p>", "a < b > c", "a < b", "<p", "</>", "<>", "<h1>t</h1><h7>u</h7><h>v", "<px>a</px>",
		"<sup>1</sup><supx>", "<p_a>", "<p-a>", "<p\n class=\"x\">y</p>", "<section><sectionx>", "<blockquote>c</blockquote>",
		"<table><tr><td>1</td><th>2</th></tr></table>", "<dd>d</dd><dt>t</dt><div>v</div><ol><ul><li>",
		"<pé>", "<ſection>", "<bloc\u212aquote>", "<p>été</p>", "x<<p>>y", "<a href=\"<p>\">l</a>",
	} {
		checkStripTags(t, s)
	}
	if _, ok := stripTags("<p>été</p>"); !ok {
		t.Error("stripTags declines ordinary French text")
	}
}

func FuzzStripTags(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "<span <p>", "<pre>", "a<b", "<ſection>", "</SUP x>"} {
		f.Add(s)
	}
	f.Fuzz(checkStripTags)
}

// TestMissingKeysAndMisspeltFields checks Hugo's rule: a missing key of a
// map (.Params.couleur) reads as empty, while a misspelt field of the page
// is an error naming the layout, its line and the page, without Go's type
// names, and suggesting the field meant.
func TestMissingKeysAndMisspeltFields(t *testing.T) {
	s, err := Load(mapFS(map[string]string{
		"layouts/_default/single.html": `a{{ .Params.couleur }}b{{ with .Params.couleur }}x{{ end }}{{ if isset .Params "couleur" }}y{{ end }}c`,
		"layouts/_default/list.html":   "<p>\n{{ .Titel }}</p>",
		"layouts/_default/terms.html":  "{{ .Site.Titl }}",
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	page := &content.Page{Params: map[string]any{}, Path: "/actualites/x/", Site: &content.Site{}}
	var b bytes.Buffer
	if err := s.Execute(&b, "_default/single.html", page); err != nil || b.String() != "abc" {
		t.Errorf("missing key: %q, %v; want %q", b.String(), err, "abc")
	}
	for layout, wants := range map[string][]string{
		"_default/list.html":  {"layouts/_default/list.html:2:", "a page has no field Titel", "did you mean .Title?", "rendering /actualites/x/"},
		"_default/terms.html": {"layouts/_default/terms.html:1:", "the site has no field Titl", "did you mean .Title?"},
	} {
		err := s.Execute(&bytes.Buffer{}, layout, page)
		if err == nil {
			t.Errorf("%s: no error", layout)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", layout, err, w)
			}
		}
		if strings.Contains(err.Error(), "content.") {
			t.Errorf("%s: error %q names a Go type", layout, err)
		}
	}
}
