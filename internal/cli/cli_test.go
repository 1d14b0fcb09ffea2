package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// run runs the CLI in-process and returns its exit status and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// baseSite is a small valid site with every kind.
var baseSite = map[string]string{
	"site.yaml":                       "title: \"Réseau\"\nbaseURL: \"https://example.org/\"\nlanguage: fr\ntimezone: Europe/Paris\n",
	"content/actualites/une.md":       "---\ntitle: \"Une nouvelle\"\ndate: 2022-06-01\ntags: [ingénierie]\n---\nTexte avec un [lien](/charte/principes/#deux).\n\n![Schéma](/images/a.svg)\n",
	"content/charte/principes.md":     "---\ntitle: Principes\nweight: 10\npart: Principes\n---\n## Un\n\n## Deux\n",
	"content/evenements/webinaire.md": "---\ntitle: Webinaire\nstart: 2022-06-02T13:00:00+02:00\nend: 2022-06-02T14:30:00+02:00\nonline: https://example.org/visio\n---\nUn webinaire.\n",
	"static/images/a.svg":             "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
}

// writeSite writes files into a new folder; a value of "\x00delete" removes the file.
func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if data == "\x00delete" {
			os.Remove(p)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// digest hashes every file under dir (names and bytes), or "" if dir is missing.
func digest(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		data, _ := os.ReadFile(n)
		fmt.Fprintf(h, "%s %d\n", n, len(data))
		h.Write(data)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestBuildExampleSite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	code, out, errOut := run(t, "build", "-s", "../..", "-d", dest)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"Built ", "news", "charter", "event", "feeds:", "calendars:", "files:"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if errOut != "" {
		t.Errorf("a successful build printed on stderr: %s", errOut)
	}
	for _, f := range []string{"index.html", "actualites/index.html", "actualites/page/2/index.html", "charte/index.html",
		"charte/complete/index.html", "evenements/index.html", "evenements/calendar.ics", "tags/index.html",
		"feed.xml", "atom.xml", "feed.json", "sitemap.xml", "robots.txt", "404.html", "search/index.html",
		"search-index.json", "css/site.css", "images/reseau.svg",
		"evenements/webinaire-charte-moyens/index.html", "evenements/webinaire-charte-moyens/event.ics"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Errorf("%s missing: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "actualites", "bilan-fondations-et-territoires")); err == nil {
		t.Error("the draft was published")
	}
}

// TestBadInputs: each bad input exits 1, names the file (and line), and
// leaves the previous build exactly as it was.
func TestBadInputs(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"broken front matter", map[string]string{"content/actualites/x.md": "---\ntitle: x\nfoo: : bar\n---\n"},
			[]string{"content/actualites/x.md:3: front matter: invalid YAML"}},
		{"unclosed front matter", map[string]string{"content/actualites/x.md": "---\ntitle: x\n"},
			[]string{"content/actualites/x.md:1: front matter"}},
		{"bad date", map[string]string{"content/actualites/x.md": "---\ntitle: X\ndate: \"32/13/2026\"\n---\n"},
			[]string{`content/actualites/x.md:3: front matter: date "32/13/2026" is not a date (want 2026-06-02, 2026-06-02T13:00 (in the site's time zone) or 2026-06-02T13:00:00+02:00)`}},
		{"missing title", map[string]string{"content/actualites/x.md": "---\ndate: 2022-01-01\n---\n"},
			[]string{"content/actualites/x.md:1: front matter: title is required"}},
		{"missing date", map[string]string{"content/actualites/x.md": "---\ntitle: X\n---\n"},
			[]string{"content/actualites/x.md:1: front matter: date is required"}},
		{"missing weight", map[string]string{"content/charte/x.md": "---\ntitle: X\n---\n"},
			[]string{"content/charte/x.md:1: front matter: weight is required"}},
		{"missing start", map[string]string{"content/evenements/x.md": "---\ntitle: X\n---\n"},
			[]string{"content/evenements/x.md:1: front matter: start is required"}},
		{"unknown config key", map[string]string{"site.yaml": baseSite["site.yaml"] + "paginat: 3\n"},
			[]string{`site.yaml:5: unknown key "paginat"`}},
		{"bad config value", map[string]string{"site.yaml": baseSite["site.yaml"] + "paginate: beaucoup\n"},
			[]string{`site.yaml:5: paginate`}},
		{"duplicate slug", map[string]string{"content/actualites/deux.md": "---\ntitle: Doublon\ndate: 2022-01-01\nslug: une\n---\n"},
			[]string{"content/actualites/une.md", "URL /actualites/une/ is also the URL of"}},
		{"template syntax error", map[string]string{"layouts/_default/single.html": "<p>\n{{ .Title }\n</p>"},
			[]string{"layouts/_default/single.html:2: layout:"}},
		{"template execution error", map[string]string{"layouts/news/single.html": "<p>\n{{ .Nope }}</p>"},
			[]string{"layouts/news/single.html:2:"}},
		{"invalid utf-8", map[string]string{"content/actualites/x.md": "---\ntitle: X\ndate: 2022-01-01\n---\n\xff\n"},
			[]string{"content/actualites/x.md:5: the file is not valid UTF-8"}},
		{"alias out of the site", map[string]string{"content/actualites/x.md": "---\ntitle: X\ndate: 2022-01-01\naliases: [\"../../../tmp/evil/\"]\n---\n"},
			[]string{"content/actualites/x.md:4: front matter: alias"}},
		{"every bad file at once", map[string]string{
			"content/actualites/a.md": "---\ntitle: A\ndate: demain\n---\n",
			"content/actualites/b.md": "---\ndate: 2022-01-01\n---\n",
			"content/charte/c.md":     "---\ntitle: C\nweight: dix\n---\n"},
			[]string{"content/actualites/a.md:3:", "content/actualites/b.md:1:", "content/charte/c.md:3:", "3 error(s)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSite(t, dir, baseSite)
			dest := filepath.Join(dir, "public")
			if code, out, errOut := run(t, "build", "-s", dir); code != ExitOK {
				t.Fatalf("first build: exit %d\n%s%s", code, out, errOut)
			}
			before := digest(t, dest)
			writeSite(t, dir, tt.files)
			code, out, errOut := run(t, "build", "-s", dir)
			if code != ExitSite {
				t.Errorf("exit %d, want %d\n%s%s", code, ExitSite, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if digest(t, dest) != before {
				t.Error("the failed build changed DEST")
			}
			if _, err := os.Stat(filepath.Join(dir, ".public.old")); err == nil {
				t.Error("the previous site was left aside (.public.old)")
			}
		})
	}
}

// TestAwkwardButValid: inputs that look odd but must build.
func TestAwkwardButValid(t *testing.T) {
	big := strings.Repeat("Un paragraphe assez long pour peser, avec des mots : « catalyseurs » ! ", 70) + "\n\n"
	tests := map[string]string{
		"content/actualites/bom.md":   "\ufeff---\ntitle: BOM\ndate: 2022-01-01\n---\nTexte.\n",
		"content/actualites/crlf.md":  "---\r\ntitle: CRLF\r\ndate: 2022-01-02\r\n---\r\nTexte\r\n\r\n## Titre\r\n",
		"content/actualites/vide.md":  "---\ntitle: Vide\ndate: 2022-01-03\n---\n",
		"content/actualites/toml.md":  "+++\ntitle = \"TOML\"\ndate = 2022-01-04\n+++\nTexte.\n",
		"content/actualites/json.md":  "{\n\"title\": \"JSON\",\n\"date\": \"2022-01-05\"\n}\n\nTexte.\n",
		"content/actualites/gros.md":  "---\ntitle: Gros\ndate: 2022-01-06\n---\n" + strings.Repeat(big, 5<<20/len(big)+1),
		"content/actualites/slug.md":  "---\ntitle: S\ndate: 2022-01-07\nslug: \"../../L’été à Saint-Étienne\"\n---\n",
		"content/actualites/entit.md": "---\ntitle: \"<script>alert(1)</script> & co\"\ndate: 2022-01-08\n---\n<script>alert(2)</script>\n",
	}
	dir := t.TempDir()
	writeSite(t, dir, baseSite)
	writeSite(t, dir, tests)
	code, out, errOut := run(t, "build", "-s", dir)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, f := range []string{"bom", "crlf", "vide", "toml", "json", "gros", "lete-a-saint-etienne", "entit"} {
		if _, err := os.Stat(filepath.Join(dir, "public", "actualites", f, "index.html")); err != nil {
			t.Errorf("%s not built: %v", f, err)
		}
	}
	page, _ := os.ReadFile(filepath.Join(dir, "public", "actualites", "entit", "index.html"))
	if bytes.Contains(page, []byte("<script>alert")) {
		t.Error("front matter or raw HTML reached the page unescaped")
	}
	crlf, _ := os.ReadFile(filepath.Join(dir, "public", "actualites", "crlf", "index.html"))
	if !bytes.Contains(crlf, []byte(`<h2 id="titre">Titre <a class="heading-anchor" href="#titre">`)) {
		t.Error("CRLF body not rendered")
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{}, {"publish"}, {"build", "--nope"}, {"build", "extra"}, {"new"}, {"new", "blog", "Titre"}, {"new", "news"},
		{"check", "extra"}, {"serve", "--port", "x"},
	} {
		if code, _, _ := run(t, args...); code != ExitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, ExitUsage)
		}
	}
	if code, out, _ := run(t, "version"); code != ExitOK || !strings.HasPrefix(out, "alliance ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, _, errOut := run(t, "build", "-s", t.TempDir()); code != ExitSite || !strings.Contains(errOut, "site.yaml") {
		t.Errorf("build of an empty folder: exit %d, %s", code, errOut)
	}
}

func TestNew(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, baseSite)
	code, out, errOut := run(t, "new", "news", "L’été à Saint-Étienne", "-s", dir)
	want := filepath.Join(dir, "content", "actualites", "lete-a-saint-etienne.md")
	if code != ExitOK || strings.TrimSpace(out) != want {
		t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
	}
	data, _ := os.ReadFile(want)
	for _, w := range []string{"title: \"L’été à Saint-Étienne\"", "draft: true", "date: 20"} {
		if !strings.Contains(string(data), w) {
			t.Errorf("new file lacks %q:\n%s", w, data)
		}
	}
	if code, _, errOut := run(t, "new", "news", "L’été à Saint-Étienne", "-s", dir); code != ExitSite || !strings.Contains(errOut, "already exists") {
		t.Errorf("overwrite: exit %d, %s", code, errOut)
	}
	if after, _ := os.ReadFile(want); !bytes.Equal(after, data) {
		t.Error("the existing file was changed")
	}
	for kind, file := range map[string]string{"charte": "charte/nouveau-chapitre.md", "event": "evenements/nouveau-chapitre.md"} {
		if code, _, errOut := run(t, "new", kind, "Nouveau chapitre", "-s", dir); code != ExitOK {
			t.Errorf("new %s: exit %d %s", kind, code, errOut)
		}
		if _, err := os.Stat(filepath.Join(dir, "content", filepath.FromSlash(file))); err != nil {
			t.Error(err)
		}
	}
	chapter, _ := os.ReadFile(filepath.Join(dir, "content", "charte", "nouveau-chapitre.md"))
	if !strings.Contains(string(chapter), "weight: 20") {
		t.Errorf("the new chapter does not come after the last one:\n%s", chapter)
	}
	// A site archetype overrides the embedded one.
	// It may hold shortcodes, kept as they are.
	writeSite(t, dir, map[string]string{"archetypes/news.md": "---\ntitle: {{ yaml .Title }}\ndate: {{ .Date }}\ndraft: true\n---\nMaison.\n\n{{< button href=\"/evenements/\" >}}Voir {{ .Title }}{{< /button >}}\n{{% details summary=\"x\" %}}y{{% /details %}}\n"})
	run(t, "new", "news", "Autre", "-s", dir)
	if data, _ := os.ReadFile(filepath.Join(dir, "content", "actualites", "autre.md")); !strings.Contains(string(data), "Maison.") ||
		!strings.Contains(string(data), "{{< button href=\"/evenements/\" >}}Voir Autre{{< /button >}}\n{{% details summary=\"x\" %}}y{{% /details %}}") {
		t.Errorf("site archetype not used, or its shortcodes changed:\n%s", data)
	}
	// The drafts build.
	if code, _, errOut := run(t, "build", "-s", dir, "--drafts"); code != ExitOK {
		t.Errorf("build with the new drafts: exit %d %s", code, errOut)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"clean", nil, nil},
		{"broken page link", map[string]string{"content/actualites/x.md": "---\ntitle: X\ndate: 2022-01-01\n---\nVoir\n[la page](/charte/absente/).\n"},
			[]string{"content/actualites/x.md:6: link to a page that does not exist: /charte/absente/"}},
		{"broken anchor", map[string]string{"content/actualites/x.md": "---\ntitle: X\ndate: 2022-01-01\n---\n[ici](/charte/principes/#trois)\n"},
			[]string{"content/actualites/x.md:5: link to an anchor that does not exist: /charte/principes/#trois"}},
		{"broken local anchor", map[string]string{"content/actualites/x.md": "---\ntitle: X\ndate: 2022-01-01\n---\n## Haut\n\n[ici](#bas)\n"},
			[]string{"content/actualites/x.md:7: link to an anchor that does not exist: #bas"}},
		{"missing image", map[string]string{"content/actualites/x.md": "---\ntitle: X\ndate: 2022-01-01\n---\n![Logo](/images/absent.png)\n"},
			[]string{`content/actualites/x.md:5: image "/images/absent.png": file not found`}},
		{"missing file", map[string]string{"content/actualites/x.md": "---\ntitle: X\ndate: 2022-01-01\n---\n[PDF](/docs/charte.pdf)\n"},
			[]string{"content/actualites/x.md:5: link to a file that does not exist: /docs/charte.pdf"}},
		{"relative link", map[string]string{"content/actualites/x.md": "---\ntitle: X\ndate: 2022-01-01\n---\n[voisin](../absent/)\n"},
			[]string{"content/actualites/x.md:5: link to a page that does not exist: ../absent/"}},
		{"same weight", map[string]string{"content/charte/autre.md": "---\ntitle: Autre\nweight: 10\npart: Principes\n---\n"},
			[]string{"weight 10 is also the weight of content/charte/autre.md"}},
		{"event ends before it starts", map[string]string{"content/evenements/x.md": "---\ntitle: X\nstart: 2022-06-02T13:00:00+02:00\nend: 2022-06-01T13:00:00+02:00\nlocation: Lille\n---\n"},
			[]string{"content/evenements/x.md:4: front matter: the event ends"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSite(t, dir, baseSite)
			writeSite(t, dir, tt.files)
			code, out, errOut := run(t, "check", "-s", dir)
			if len(tt.want) == 0 {
				if code != ExitOK {
					t.Errorf("clean site: exit %d\n%s%s", code, out, errOut)
				}
			} else if code != ExitSite {
				t.Errorf("exit %d, want %d\n%s%s", code, ExitSite, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out+errOut, w) {
					t.Errorf("output lacks %q:\n%s%s", w, out, errOut)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
				t.Error("check wrote public/")
			}
		})
	}
}

// TestVerbosePhases checks that -v prints the time of each phase of the
// build, and that a build without it prints none.
func TestVerbosePhases(t *testing.T) {
	site := t.TempDir()
	writeSite(t, site, baseSite)
	phase := regexp.MustCompile(`(?m)^  ([a-z]+) +\d+\.\d ms$`)
	code, out, errOut := run(t, "build", "-v", "-s", site, "-d", filepath.Join(t.TempDir(), "public"))
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	var names []string
	for _, m := range phase.FindAllStringSubmatch(out, -1) {
		names = append(names, m[1])
	}
	want := []string{"config", "layouts", "content", "covers", "markdown", "search", "pages", "email", "aliases", "feeds", "calendars", "sitemap", "static", "images", "links"}
	slices.Sort(names)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("-v printed the phases %v, want %v\n%s", names, want, out)
	}
	_, out, _ = run(t, "build", "-s", site, "-d", filepath.Join(t.TempDir(), "public"))
	if phase.MatchString(out) {
		t.Errorf("without -v, phase times were printed:\n%s", out)
	}
}

// TestNewSite makes a site with "new site", builds and checks it, and in a
// git repository wants "git status" to show only the site's sources after
// the build: the output and the cache are ignored.
func TestNewSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mon-reseau")
	if code, out, errOut := run(t, "new", "site", dir); code != ExitOK {
		t.Fatalf("new site: exit %d\n%s%s", code, out, errOut)
	}
	for _, f := range []string{"site.yaml", ".gitignore", "content/_index.md", "content/actualites/bienvenue.md", "content/charte/principes.md", "content/evenements/premiere-rencontre.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("new site did not write %s", f)
		}
	}
	if code, _, errOut := run(t, "new", "site", dir); code != ExitSite || !strings.Contains(errOut, "already holds files") {
		t.Errorf("new site over a site: exit %d, %s", code, errOut)
	}
	var git string
	if p, err := exec.LookPath("git"); err == nil {
		git = p
		for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "site"}} {
			if out, err := exec.Command(git, append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
				t.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
	}
	code, out, errOut := run(t, "build", "-s", dir)
	if code != ExitOK || !strings.Contains(out, "1 news, 1 charter, 1 event") {
		t.Fatalf("build: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := run(t, "check", "-s", dir); code != ExitOK {
		t.Errorf("check: exit %d\n%s%s", code, out, errOut)
	}
	if page, err := os.ReadFile(filepath.Join(dir, "public", "index.html")); err != nil || !strings.Contains(string(page), "Mon reseau") {
		t.Errorf("the home page lacks the site's title: %v", err)
	}
	if git != "" {
		status, err := exec.Command(git, "-C", dir, "status", "--porcelain", "--untracked-files=all").CombinedOutput()
		if err != nil || len(status) != 0 {
			t.Errorf("git status after the build: %v\n%s", err, status)
		}
	}
}
