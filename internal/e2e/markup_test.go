package e2e

// What editors reach for (issue 16), on testdata/site-markup: a page that
// calls every shortcode, hook and callout, checked against a readable
// golden, the Nu checker, axe-core and Chromium's network log; each bad
// input through the CLI; expiryDate.

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/build"
	"github.com/catalyseurs/alliance/internal/cli"
)

const siteMarkupSrc = "testdata/site-markup"

var update = updateGolden // -update rewrites testdata/markup.golden too

// between returns the part of s from the first start to the end that
// follows it, both included; "" when either is missing.
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		return ""
	}
	return s[i : i+j+len(end)]
}

// TestMarkupGolden compares what the page of every shortcode becomes, in
// its HTML, its search entry and its feed item, with testdata/markup.golden.
func TestMarkupGolden(t *testing.T) {
	dir, err := buildSite(t, siteMarkupSrc)
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "actualites/webinaire/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	prose := between(string(page), `<div class="prose">`, "\n</div>\n\n<div class=\"tags\">")
	if prose == "" {
		t.Fatal("no prose in the page")
	}
	// The search index is made of the page's plain text: its terms are in
	// search/shards/, the text itself is what the golden shows.
	res, err := build.Build(context.Background(), siteMarkupSrc, filepath.Join(t.TempDir(), "public"), build.Options{Now: fixedNow, Theme: alliance.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	search := res.Site.GetPage("/actualites/webinaire/").Plain()
	shards, _ := filepath.Glob(filepath.Join(dir, "search", "shards", "*.json"))
	var terms strings.Builder
	for _, f := range shards {
		b, _ := os.ReadFile(f)
		terms.Write(b)
	}
	for _, term := range []string{`"preparez"`, `"affiche"`, `"limitees"`} {
		if !strings.Contains(terms.String(), term) {
			t.Errorf("the search index lacks the term %s of a callout or caption", term)
		}
	}
	for _, term := range []string{`"alliancesc`, `"caption"`, `"credit"`} {
		if strings.Contains(terms.String(), term) {
			t.Errorf("the search index holds %s, of a shortcode's syntax", term)
		}
	}
	feed, err := os.ReadFile(filepath.Join(dir, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	item := between(string(feed), "<item>", "</item>")
	ar := &txtar.Archive{
		Comment: []byte("What testdata/site-markup's page of every shortcode becomes; go test ./internal/e2e -run TestMarkupGolden -update rewrites it.\n"),
		Files: []txtar.File{
			{Name: "page.html", Data: []byte(prose + "\n")},
			{Name: "search.txt", Data: []byte(search + "\n")},
			{Name: "feed-item.xml", Data: []byte(item + "\n")},
		},
	}
	got := txtar.Format(ar)
	golden := filepath.Join("testdata", "markup.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		wantFiles := map[string]string{}
		for _, f := range txtar.Parse(want).Files {
			wantFiles[f.Name] = string(f.Data)
		}
		for _, f := range ar.Files {
			if w := wantFiles[f.Name]; w != string(f.Data) {
				t.Errorf("%s differs from testdata/markup.golden:\n%s", f.Name, firstDiff(w, string(f.Data)))
			}
		}
		t.Log("run go test ./internal/e2e -run TestMarkupGolden -update if the change is intended, and read the diff")
	}

	// What the golden holds, said plainly.
	// The only shortcode syntax left is the code that shows it.
	for _, s := range []string{"{{%", "ALLIANCESC", "[!NOTE]", "caption=", "credit=", "titre="} {
		if strings.Contains(prose+search, s) {
			t.Errorf("the page or its text holds %q", s)
		}
	}
	if n := strings.Count(search, "{{<"); n != 3 {
		t.Errorf("the text holds %d {{< (want the 3 of the code), in %q", n, search)
	}
	for _, s := range []string{"Préparez vos questions", "L’affiche du webinaire du 2 juin", "Inscription «\u202fgratuite\u202f» mais obligatoire\u202f!"} {
		if !strings.Contains(search, s) {
			t.Errorf("the search entry lacks %q", s)
		}
	}
	if strings.Contains(item, "youtube-nocookie") && !strings.Contains(item, "https://www.youtube.com/watch?v=aBcD3fGh1jK") {
		t.Error("the feed item lacks the video's link")
	}
	if !strings.Contains(item, "https://example.org/img/") {
		t.Error("the feed item's figure has no absolute image URL")
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	for k := i; k < min(i+3, len(w)); k++ {
		b.WriteString("  want: " + w[k] + "\n")
	}
	for k := i; k < min(i+3, len(g)); k++ {
		b.WriteString("  got:  " + g[k] + "\n")
	}
	return b.String()
}

// TestMarkupExpired checks that a page past its expiryDate leaves every
// output, and comes back with Expired.
func TestMarkupExpired(t *testing.T) {
	dir, err := buildSite(t, siteMarkupSrc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "actualites/appel-a-candidatures/index.html")); err == nil {
		t.Error("the expired page was written")
	}
	const title = "Appel à candidatures"
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte(title)) || bytes.Contains(b, []byte("appel-a-candidatures")) {
			t.Errorf("%s names the expired page", p)
		}
		return nil
	})
	kept := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(context.Background(), siteMarkupSrc, kept, build.Options{Now: fixedNow, Theme: alliance.Theme(), Expired: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"actualites/appel-a-candidatures/index.html", "sitemap.xml", "feed.xml", "search/docs/0.json"} {
		b, err := os.ReadFile(filepath.Join(kept, f))
		if err != nil || !bytes.Contains(b, []byte("appel-a-candidatures")) {
			t.Errorf("with Expired, %s lacks the page (%v)", f, err)
		}
	}
	_ = res
	// Before its expiry, the page is there and the site's next change is
	// its expiry.
	before := time.Date(2022, 6, 1, 12, 0, 0, 0, time.UTC)
	res, err = build.Build(context.Background(), siteMarkupSrc, filepath.Join(t.TempDir(), "public"), build.Options{Now: before, Theme: alliance.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2022, 6, 2, 11, 0, 0, 0, time.UTC); !res.Site.NextChange.Equal(want) {
		// the event starts first, on 2 June at 13:00 in Paris
		t.Errorf("next change %v, want %v", res.Site.NextChange, want)
	}
	if res.Site.GetPage("/actualites/appel-a-candidatures/") == nil {
		t.Error("the page is left out before its expiry")
	}
}

// dirSum lists every file of dir with its bytes, to see that a failed
// build left it as it was.
func dirSum(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + "\n")
		if !d.IsDir() {
			data, _ := os.ReadFile(p)
			b.Write(data)
		}
		return nil
	})
	return b.String()
}

// copyDir copies the site in src into a new temporary folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestMarkupBadInputsCLI runs alliance build on each bad input: exit 1, an
// error naming the Markdown (or data) file and line, DEST as it was.
func TestMarkupBadInputsCLI(t *testing.T) {
	site := copyDir(t, siteMarkupSrc)
	dest := filepath.Join(t.TempDir(), "public")
	var out, errOut bytes.Buffer
	if code := cli.Run(context.Background(), []string{"build", "-s", site, "-d", dest}, &out, &errOut); code != 0 {
		t.Fatalf("the good site: exit %d\n%s", code, errOut.String())
	}
	sum := dirSum(t, dest)
	page := "content/actualites/bad.md"
	front := "---\ntitle: \"Mauvais\"\ndate: 2022-05-01\n---\n\nUn paragraphe.\n\n"
	tests := []struct {
		name, file, body string
		want             string
	}{
		{"unknown shortcode", page, front + "{{< figur src=\"/x.svg\" >}}\n", page + `:8: shortcode "figur": no such shortcode (want figure, or a file layouts/shortcodes/figur.html)`},
		{"unclosed shortcode", page, front + "Texte\n\n{{< details summary=\"x\" >}}\nsans fin\n", page + `:10: shortcode "details": not closed (want {{< /details >}} after what it encloses)`},
		{"unclosed tag", page, front + "{{< video src=\"https://youtu.be/aBcD3fGh1jK\"\n", page + `:8: markdown: shortcode "video" is not closed by >}}`},
		{"mixed arguments", page, front + "\n{{< figure src=\"a.svg\" legende >}}\n", page + `:9: markdown: shortcode "figure" mixes positional and named arguments`},
		{"quote not closed", page, front + "{{< button href=\"https://example.org >}}Go{{< /button >}}\n", page + `:8: markdown: shortcode "button": a quoted argument is not closed`},
		{"broken ref", page, front + "Voir [ceci]({{< relref \"nulle-part.md\" >}}).\n", page + `:8: shortcode "relref": `},
		{"not a video", page, front + "{{< video \"https://example.org/page\" >}}\n", page + `:8: shortcode "video": `},
		{"button without href", page, front + "{{< button >}}S'inscrire{{< /button >}}\n", page + `:8: shortcode "button": `},
		{"bad data file", "data/membres.yaml", "- nom: a\n  ville: [b\n", "data/membres.yaml:"},
		{"bad hook", "layouts/_default/_markup/render-codeblock-go.html", "{{ .Nope }}", page + ":8: render-codeblock hook: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(site, filepath.FromSlash(tt.file))
			body := tt.body
			if strings.HasPrefix(tt.file, "layouts/") {
				os.WriteFile(filepath.Join(site, page), []byte(front+"```go\nx\n```\n"), 0o644)
				defer os.Remove(filepath.Join(site, page))
			}
			if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.Remove(file)
			var out, errOut bytes.Buffer
			code := cli.Run(context.Background(), []string{"build", "-s", site, "-d", dest}, &out, &errOut)
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s", code, errOut.String())
			}
			if !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, errOut.String())
			}
			if dirSum(t, dest) != sum {
				t.Error("DEST changed")
			}
			// check reports the same.
			var cout, cerr bytes.Buffer
			if code := cli.Run(context.Background(), []string{"check", "-s", site}, &cout, &cerr); code != 1 || !strings.Contains(cout.String()+cerr.String(), tt.want) {
				t.Errorf("check: exit %d, output lacks %q:\n%s%s", code, tt.want, cout.String(), cerr.String())
			}
		})
	}
}

// TestNuSiteMarkup runs the Nu HTML checker on site-markup.
func TestNuSiteMarkup(t *testing.T) {
	dir, err := buildSite(t, siteMarkupSrc)
	if err != nil {
		t.Fatal(err)
	}
	nuCheck(t, dir)
}

// TestBrowserAxeSiteMarkup audits the page of callouts, videos and
// shortcodes with axe-core, and the example's webinar post.
func TestBrowserAxeSiteMarkup(t *testing.T) {
	dir, err := buildSite(t, siteMarkupSrc)
	if err != nil {
		t.Fatal(err)
	}
	axeAudit(t, dir, []string{"/actualites/webinaire/"})
}

var playerHost = regexp.MustCompile(`^https://www\.youtube-nocookie\.com/embed/aBcD3fGh1jK\?`)

// TestBrowserVideoPrivacy loads the page of videos in Chromium: no request
// leaves the site's host before a click; a click on « Lire la vidéo »
// puts the player in place, from youtube-nocookie.com.
func TestBrowserVideoPrivacy(t *testing.T) {
	dir, err := buildSite(t, siteMarkupSrc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, base := open(t, dir)
	var mu sync.Mutex
	var requests []string
	// chromedp turns the network domain on for every tab.
	err = chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	navigate(t, ctx, base, "/actualites/webinaire/")
	// Let lazy images and scripts settle, then scroll the videos in view.
	eval[chromedp.Void](t, ctx, `window.scrollTo(0, document.body.scrollHeight)`)
	time.Sleep(800 * time.Millisecond)
	foreign := func() []string {
		mu.Lock()
		defer mu.Unlock()
		var out []string
		for _, u := range requests {
			if !strings.HasPrefix(u, base) && !strings.HasPrefix(u, "data:") {
				out = append(out, u)
			}
		}
		sort.Strings(out)
		return out
	}
	mu.Lock()
	seen := len(requests)
	mu.Unlock()
	if seen == 0 {
		t.Fatal("no request seen: is the network log on?")
	}
	if f := foreign(); len(f) > 0 {
		t.Fatalf("before any click the page asked other hosts: %v", f)
	}
	n := eval[int](t, ctx, `document.querySelectorAll('.video-embed button.video-play').length`)
	if n < 2 {
		t.Fatalf("%d play buttons, want one per hosted video (at least 2)", n)
	}
	if eval[int](t, ctx, `document.querySelectorAll('iframe').length`) != 0 {
		t.Fatal("a frame is there before any click")
	}
	eval[chromedp.Void](t, ctx, `document.querySelector('.video-embed button.video-play').click()`)
	src := eval[string](t, ctx, `(document.querySelector('.video-embed iframe') || {}).src || ''`)
	if !playerHost.MatchString(src) {
		t.Errorf("after the click the frame points to %q, want youtube-nocookie.com's player of the video", src)
	}
	title := eval[string](t, ctx, `document.querySelector('.video-embed iframe').title`)
	if title != "Le replay du deuxième webinaire" {
		t.Errorf("the frame's title is %q", title)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if f := foreign(); len(f) > 0 {
			for _, u := range f {
				if !strings.HasPrefix(u, "https://www.youtube-nocookie.com/") {
					t.Errorf("after the click the page asked %s", u)
				}
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Error("the click asked youtube-nocookie.com for nothing")
}
