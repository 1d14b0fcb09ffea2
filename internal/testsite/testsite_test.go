package testsite

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// readTree returns every file under dir, by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDeterministic(t *testing.T) {
	for _, gen := range []struct {
		name string
		fn   func(string, Options) error
	}{{"alliance", Generate}, {"hugo", GenerateHugo}} {
		t.Run(gen.name, func(t *testing.T) {
			a, b := t.TempDir(), t.TempDir()
			if err := gen.fn(a, Options{Pages: 300}); err != nil {
				t.Fatal(err)
			}
			if err := gen.fn(b, Options{Pages: 300, Seed: 1}); err != nil {
				t.Fatal(err)
			}
			fa, fb := readTree(t, a), readTree(t, b)
			if len(fa) != len(fb) {
				t.Fatalf("%d files, then %d", len(fa), len(fb))
			}
			for name, data := range fa {
				if !bytes.Equal(data, fb[name]) {
					t.Errorf("%s differs between two runs", name)
				}
			}
		})
	}
	// Another seed gives another site.
	one := collect(Options{Pages: 50, Seed: 1})
	two := collect(Options{Pages: 50, Seed: 2})
	if slices.Equal(slices.Sorted(maps.Keys(one)), slices.Sorted(maps.Keys(two))) {
		t.Error("seeds 1 and 2 give the same file names")
	}
}

// collect returns the alliance site's files in memory.
func collect(opt Options) map[string][]byte {
	m := map[string][]byte{}
	for name, data := range Files(opt) {
		m[name] = data
	}
	return m
}

func TestFilesMatchesGenerate(t *testing.T) {
	dir := t.TempDir()
	if err := Generate(dir, Options{Pages: 40}); err != nil {
		t.Fatal(err)
	}
	disk, mem := readTree(t, dir), collect(Options{Pages: 40})
	if len(disk) != len(mem) {
		t.Fatalf("disk has %d files, Files %d", len(disk), len(mem))
	}
	for name, data := range mem {
		if !bytes.Equal(disk[name], data) {
			t.Errorf("%s: disk and Files differ", name)
		}
	}
	// Stopping early must not panic.
	for range Files(Options{Pages: 40}) {
		break
	}
}

func TestCounts(t *testing.T) {
	tests := []struct {
		n, news, charter, events int
	}{
		{0, 0, 0, 0},
		{1, 1, 0, 0},
		{20, 16, 1, 3},
		{300, 240, 15, 45},
		{1000, 800, 50, 150},
		{10000, 8300, 200, 1500},
		{50000, 42300, 200, 7500},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			news, charter, events := counts(tt.n)
			if news != tt.news || charter != tt.charter || events != tt.events {
				t.Errorf("counts(%d) = %d, %d, %d, want %d, %d, %d", tt.n, news, charter, events, tt.news, tt.charter, tt.events)
			}
			if news+charter+events != tt.n {
				t.Errorf("counts(%d) sum to %d", tt.n, news+charter+events)
			}
		})
	}
	// The files follow the counts.
	bySection := map[string]int{}
	for name := range Files(Options{Pages: 300}) {
		if dir, file, ok := strings.Cut(strings.TrimPrefix(name, "content/"), "/"); ok && file != "_index.md" {
			bySection[dir]++
		}
	}
	want := map[string]int{"actualites": 240, "charte": 15, "evenements": 45}
	if !maps.Equal(bySection, want) {
		t.Errorf("pages by section = %v, want %v", bySection, want)
	}
}

// splitFront returns the YAML front matter and the body of a page file.
func splitFront(t *testing.T, name string, data []byte) (front, body string) {
	t.Helper()
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("%s: no front matter", name)
	}
	front, body, ok := strings.Cut(s[4:], "\n---\n")
	if !ok {
		t.Fatalf("%s: front matter not closed", name)
	}
	return front, body
}

// frontMatter is alliance's front matter, as far as the tests check it.
type frontMatter struct {
	Title                string    `yaml:"title"`
	Date                 string    `yaml:"date"`
	Authors              []string  `yaml:"authors"`
	Tags                 []string  `yaml:"tags"`
	Summary              string    `yaml:"summary"`
	Draft                bool      `yaml:"draft"`
	Weight               int       `yaml:"weight"`
	Part                 string    `yaml:"part"`
	Start                time.Time `yaml:"start"`
	End                  time.Time `yaml:"end"`
	Location             string    `yaml:"location"`
	Online               string    `yaml:"online"`
	Registration         string    `yaml:"registration"`
	RegistrationRequired *bool     `yaml:"registrationRequired"`
	Price                string    `yaml:"price"`
	Organizer            string    `yaml:"organizer"`
	Status               string    `yaml:"status"`
}

// parseDate parses a front matter date as alliance accepts it.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

func TestFrontMatter(t *testing.T) {
	titles := map[string]string{}
	weights := map[int]string{}
	drafts, pages := 0, 0
	for name, data := range Files(Options{Pages: 1000}) {
		if !strings.HasSuffix(name, ".md") {
			continue
		}
		front, _ := splitFront(t, name, data)
		var fm frontMatter
		dec := yaml.NewDecoder(strings.NewReader(front))
		dec.KnownFields(true)
		if err := dec.Decode(&fm); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, front)
		}
		if fm.Title == "" {
			t.Errorf("%s: no title", name)
		}
		if other, dup := titles[fm.Title]; dup {
			t.Errorf("%s: title %q already used by %s", name, fm.Title, other)
		}
		titles[fm.Title] = name
		if strings.HasSuffix(name, "_index.md") {
			continue
		}
		pages++
		if fm.Draft {
			drafts++
		}
		date, err := parseDate(fm.Date)
		if err != nil {
			t.Errorf("%s: date: %v", name, err)
		} else if date.Year() < 2018 || date.Year() > 2025 {
			t.Errorf("%s: date %s out of 2018-2025", name, fm.Date)
		}
		if n := len(fm.Tags); n < 1 || n > 4 {
			t.Errorf("%s: %d tags", name, n)
		}
		for _, tag := range fm.Tags {
			if !slices.Contains(tags, tag) {
				t.Errorf("%s: tag %q not in the pool", name, tag)
			}
		}
		switch {
		case strings.HasPrefix(name, "content/actualites/"):
			if len(fm.Authors) == 0 {
				t.Errorf("%s: no authors", name)
			}
		case strings.HasPrefix(name, "content/charte/"):
			if fm.Weight <= 0 {
				t.Errorf("%s: weight %d", name, fm.Weight)
			}
			if other, dup := weights[fm.Weight]; dup {
				t.Errorf("%s: weight %d already used by %s", name, fm.Weight, other)
			}
			weights[fm.Weight] = name
			if !slices.Contains(parts, fm.Part) {
				t.Errorf("%s: part %q", name, fm.Part)
			}
		case strings.HasPrefix(name, "content/evenements/"):
			checkEvent(t, name, front, fm)
		default:
			t.Errorf("%s: unexpected file", name)
		}
	}
	if drafts == 0 || drafts > pages/20 {
		t.Errorf("%d drafts in %d pages, want about 1%%", drafts, pages)
	}
}

// offsetRE matches the start and end lines, which must carry a Paris offset.
var offsetRE = regexp.MustCompile(`(?m)^(start|end): \d{4}-\d\d-\d\dT\d\d:\d\d:00\+0[12]:00$`)

func checkEvent(t *testing.T, name, front string, fm frontMatter) {
	t.Helper()
	if n := len(offsetRE.FindAllString(front, -1)); n != 2 {
		t.Errorf("%s: start and end must have a +01:00 or +02:00 offset", name)
	}
	if fm.Start.IsZero() || !fm.End.After(fm.Start) {
		t.Errorf("%s: start %v, end %v", name, fm.Start, fm.End)
	}
	if (fm.Location == "") == (fm.Online == "") {
		t.Errorf("%s: want location or online", name)
	}
	if fm.Registration == "" || fm.RegistrationRequired == nil || fm.Price == "" || fm.Organizer == "" {
		t.Errorf("%s: missing registration, registrationRequired, price or organizer", name)
	}
	if !slices.Contains([]string{"scheduled", "cancelled", "postponed"}, fm.Status) {
		t.Errorf("%s: status %q", name, fm.Status)
	}
}

// linkRE matches the target of a Markdown link.
var linkRE = regexp.MustCompile(`\]\(([^)]+)\)`)

func TestLinksAndBodies(t *testing.T) {
	files := collect(Options{Pages: 1000})
	valid := map[string]bool{"/actualites/": true, "/charte/": true, "/evenements/": true}
	for name, data := range files {
		page, ok := strings.CutSuffix(strings.TrimPrefix(name, "content"), ".md")
		if !ok || strings.HasSuffix(page, "_index") {
			continue
		}
		front, _ := splitFront(t, name, data)
		if !strings.Contains(front, "\ndraft: true") {
			valid[page+"/"] = true
		}
	}
	var tables, notes, codes, internal int
	for name, data := range files {
		if !strings.HasSuffix(name, ".md") {
			continue
		}
		_, body := splitFront(t, name, data)
		for _, m := range linkRE.FindAllStringSubmatch(body, -1) {
			target := m[1]
			if strings.HasPrefix(target, "https://") {
				continue
			}
			internal++
			if !valid[target] {
				t.Errorf("%s: link to %s, which is not a published page", name, target)
			}
		}
		if strings.HasSuffix(name, "_index.md") {
			continue
		}
		if !strings.Contains(body, "\n## ") || !strings.Contains(body, "\n- ") || !strings.Contains(body, "](https://") {
			t.Errorf("%s: want a ## heading, a bullet list and an external link", name)
		}
		if n := len(strings.Fields(body)); n < 300 || n > 900 {
			t.Errorf("%s: %d words", name, n)
		}
		if strings.Contains(body, "\n| --- |") {
			tables++
		}
		if strings.Contains(body, "\n[^1]: ") {
			notes++
		}
		if strings.Contains(body, "\n```") {
			codes++
		}
	}
	// Loose proportions over 1000 pages: 1 in 5, 1 in 4, 1 in 10.
	if tables < 150 || tables > 250 || notes < 200 || notes > 300 || codes < 60 || codes > 140 {
		t.Errorf("tables %d, footnotes %d, code blocks %d in 1000 pages", tables, notes, codes)
	}
	if internal < 1000 {
		t.Errorf("only %d internal links", internal)
	}
}

func TestHugoTwin(t *testing.T) {
	opt := Options{Pages: 300}
	alliance := collect(opt)
	hugo := map[string][]byte{}
	for name, data := range hugoFiles(opt) {
		hugo[name] = data
	}
	var pages int
	for name, data := range alliance {
		if !strings.HasPrefix(name, "content/") {
			continue
		}
		pages++
		twin, ok := hugo[name]
		if !ok {
			t.Errorf("%s: missing from the Hugo site", name)
			continue
		}
		_, body := splitFront(t, name, data)
		front, twinBody := splitFront(t, name, twin)
		if body != twinBody {
			t.Errorf("%s: Hugo body differs", name)
		}
		var fm map[string]any
		if err := yaml.Unmarshal([]byte(front), &fm); err != nil {
			t.Errorf("%s: Hugo front matter: %v", name, err)
		}
		for key := range fm {
			if !slices.Contains([]string{"title", "date", "tags", "summary", "draft", "weight", "params"}, key) {
				t.Errorf("%s: Hugo front matter key %q outside params", name, key)
			}
		}
	}
	var twinPages int
	for name := range hugo {
		if strings.HasPrefix(name, "content/") {
			twinPages++
		}
	}
	if pages != twinPages || pages != 304 {
		t.Errorf("alliance has %d content files, Hugo %d, want 304", pages, twinPages)
	}
	if _, ok := hugo["hugo.toml"]; !ok {
		t.Error("no hugo.toml")
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"L’actualité du 2 juin", "lactualite-du-2-juin"},
		{"Le \"faire alliance\" : où en est-on ? (n° 12)", "le-faire-alliance-ou-en-est-on-n-12"},
		{"Jeudi de l'ODD 17 : mesurer l'impact", "jeudi-de-lodd-17-mesurer-limpact"},
		{"Œuvrer à Saint-Étienne", "oeuvrer-a-saint-etienne"},
	}
	for _, tt := range tests {
		if got := slugify(tt.in); got != tt.want {
			t.Errorf("slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParisTime(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2022, time.June, 2, "+02:00"},
		{2022, time.January, 15, "+01:00"},
		{2022, time.March, 26, "+01:00"}, // the day before the change
		{2022, time.March, 28, "+02:00"},
		{2022, time.October, 29, "+02:00"},
		{2022, time.October, 31, "+01:00"},
	}
	for _, tt := range tests {
		if got := parisTime(tt.y, tt.m, tt.d, 13, 0).Format("-07:00"); got != tt.want {
			t.Errorf("%d-%02d-%02d: offset %s, want %s", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

// TestHugoBuild builds the Hugo twin when hugo is installed.
func TestHugoBuild(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		if os.Getenv("ALLIANCE_REQUIRE_TOOLS") == "1" {
			t.Fatal("hugo is not installed and ALLIANCE_REQUIRE_TOOLS=1")
		}
		t.Skip("hugo is not installed; skipping the Hugo twin build")
	}
	if testing.Short() {
		t.Skip("-short: skipping the Hugo build")
	}
	src, out := t.TempDir(), t.TempDir()
	opt := Options{Pages: 200}
	if err := GenerateHugo(src, opt); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(hugo, "--quiet", "-s", src, "-d", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, msg)
	}
	want := []string{"index.html", "actualites/index.html", "actualites/page/2/index.html", "charte/index.html",
		"evenements/index.html", "tags/index.html", "tags/odd-17/index.html", "index.xml", "sitemap.xml", "index.json"}
	s := plan(opt)
	for _, k := range []kind{kindNews, kindCharter, kindEvent} {
		for _, p := range s.links {
			if p.kind == k {
				want = append(want, strings.TrimPrefix(p.url(), "/")+"index.html")
				break
			}
		}
	}
	for _, name := range want {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("hugo did not write %s", name)
			continue
		}
		if strings.HasSuffix(name, ".html") && !bytes.Contains(data, []byte("</html>")) {
			t.Errorf("%s: not a whole page", name)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	b.Run("memory", func(b *testing.B) {
		for b.Loop() {
			var size int
			for _, data := range Files(Options{Pages: 1000}) {
				size += len(data)
			}
			b.SetBytes(int64(size))
		}
	})
	b.Run("disk", func(b *testing.B) {
		dir := b.TempDir()
		for b.Loop() {
			if err := Generate(dir, Options{Pages: 1000}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
