package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/catalyseurs/alliance/internal/cli"
)

// hostileBase is a small valid site with every kind; each row of
// TestHostileSites adds or replaces files in it.
var hostileBase = map[string]string{
	"site.yaml":                       "title: \"Réseau\"\nbaseURL: \"https://example.org/\"\nlanguage: fr\ntimezone: Europe/Paris\n",
	"content/actualites/une.md":       "---\ntitle: \"Une nouvelle\"\ndate: 2022-06-01\ntags: [ingénierie]\n---\nTexte avec un [lien](/charte/principes/).\n",
	"content/charte/principes.md":     "---\ntitle: Principes\nweight: 10\npart: Principes\n---\n## Un\n\nTexte.\n",
	"content/evenements/webinaire.md": "---\ntitle: Webinaire\nstart: 2022-06-02T13:00:00+02:00\nend: 2022-06-02T14:30:00+02:00\nonline: https://example.org/visio\n---\nUn webinaire.\n",
	"static/images/a.svg":             "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
}

// news returns a news page with extra front matter lines and a body.
func hostileNews(front, body string) string {
	return "---\ntitle: Hostile\ndate: 2022-01-01\n" + front + "---\n" + body
}

// hostileRow is one class of hostile or broken site. The row's files are
// added to hostileBase after a first good build; setup, when set, may then
// change the site folder (symbolic links, very large files). The build
// either fails (code 1, every want in stderr, DEST unchanged) or builds
// (code 0), and then check looks at the output.
type hostileRow struct {
	name  string
	files map[string]string
	setup func(t *testing.T, site, outside string)
	code  int
	want  []string
	check func(t *testing.T, dest string)
	// fast, when set, bounds the build's time more tightly than the
	// default minute (a limit must fail fast).
	fast time.Duration
}

// TestHostileSites builds each hostile site with the real CLI entry point
// after a first good build, and checks the exit status, the message, that
// a failed build leaves DEST byte for byte as it was, and that nothing at
// all was written outside DEST.
func TestHostileSites(t *testing.T) {
	rows := append(append(append(append(traversalRows(), symlinkRows()...), oversizedRows()...), brokenRows()...), escapeRows()...)
	// Rows that take seconds each are left out under -short.
	slow := map[string]bool{"10 MB on one line": true, "nested list at the limit with a 14 MB lazy paragraph": true,
		"14 MB of short lines": true, "nested quotes at the limit, 14 MB": true, "template runaway range": true}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			if slow[r.name] && testing.Short() {
				t.Skip("slow; run without -short")
			}
			runHostile(t, r)
		})
	}
}

func runHostile(t *testing.T, r hostileRow) {
	// DEST sits four folders below the snapshot root, so that a path that
	// climbs out of DEST ("../../../evil") still lands inside the snapshot.
	root := t.TempDir()
	work := filepath.Join(root, "a", "b", "c", "d")
	site := filepath.Join(work, "site")
	dest := filepath.Join(work, "public")
	outside := filepath.Join(root, "outside") // what symbolic links point to
	hostileWrite(t, site, hostileBase)
	hostileWrite(t, outside, map[string]string{
		"secret.md":           hostileNews("", "Un secret.\n"),
		"secret.txt":          "secret\n",
		"dir/secret.md":       hostileNews("", "Un autre secret.\n"),
		"dir/secret.txt":      "secret\n",
		"dir/sub/deeper.html": "<p>secret</p>\n",
	})
	if code, out, errOut := hostileRun(t, context.Background(), site, dest); code != cli.ExitOK {
		t.Fatalf("first build: exit %d\n%s%s", code, out, errOut)
	}
	hostileWrite(t, site, r.files)
	if r.setup != nil {
		r.setup(t, site, outside)
	}
	before := hostileSnapshot(t, dest)
	// The site's cache folder is the build's own: it holds the previous
	// version between builds. Nothing else may change outside DEST.
	cache := filepath.Join(site, ".alliance")
	around := hostileSnapshotExcept(t, root, dest, cache)
	rooted := hostileRootFiles(t)

	limit := time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	runtime.GC()
	stopHeap := hostileHeapWatch()
	start := time.Now()
	code, out, errOut := hostileRun(t, ctx, site, dest)
	took := time.Since(start)
	peak := stopHeap()
	t.Logf("exit %d in %s, peak heap ≈ %d MB\n%s", code, took.Round(time.Millisecond), peak>>20, firstLines(errOut, 6))
	if ctx.Err() != nil || took >= limit {
		t.Fatalf("the build took %s (limit %s)", took, limit)
	}
	if r.fast > 0 && took > r.fast {
		t.Errorf("the build took %s, want under %s", took, r.fast)
	}
	// A 14 MB page of short lines peaks near 4 GB (goldmark keeps a node
	// per line); the bound catches a runaway, not that.
	if peak > 6<<30 {
		t.Errorf("peak heap ≈ %d MB", peak>>20)
	}
	if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine ") {
		t.Errorf("the build panicked:\n%s", errOut)
	}
	if code != r.code {
		t.Errorf("exit %d, want %d\n%s%s", code, r.code, out, errOut)
	}
	for _, w := range r.want {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, firstLines(errOut, 20))
		}
	}
	after := hostileSnapshot(t, dest)
	if r.code != cli.ExitOK {
		if d := diffSnap(before, after); d != "" {
			t.Errorf("the failed build changed DEST:\n%s", d)
		}
	} else if len(after) == 0 {
		t.Error("the build left DEST empty")
	}
	if d := diffSnap(around, hostileSnapshotExcept(t, root, dest, cache)); d != "" {
		t.Errorf("the build wrote outside DEST:\n%s", d)
	}
	if d := diffSnap(rooted, hostileRootFiles(t)); d != "" {
		t.Errorf("the build wrote at the file system's root:\n%s", d)
	}
	if r.code == cli.ExitOK && r.check != nil && !t.Failed() {
		r.check(t, dest)
	}
}

// hostileRun runs "alliance build -s site -d dest" in-process.
func hostileRun(t *testing.T, ctx context.Context, site, dest string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(ctx, []string{"build", "-s", site, "-d", dest}, &out, &errOut)
	return code, out.String(), errOut.String()
}

// hostileWrite writes files into dir; a value of "\x00delete" removes one.
func hostileWrite(t *testing.T, dir string, files map[string]string) {
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

// hostileSnapshot maps every entry under dir (files, folders and links,
// relative names) to its type and a hash of its bytes or link target.
func hostileSnapshot(t *testing.T, dir string) map[string]string {
	return hostileSnapshotExcept(t, dir)
}

func hostileSnapshotExcept(t *testing.T, dir string, skip ...string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return nil
			}
			t.Errorf("snapshot: %v", err)
			return nil
		}
		if slices.Contains(skip, p) {
			return fs.SkipDir
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			snap[rel] = "link " + target
		case d.IsDir():
			snap[rel] = "dir"
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				t.Errorf("snapshot: %v", err)
			}
			snap[rel] = fmt.Sprintf("file %d %x", len(data), sha256.Sum256(data))
		}
		return nil
	})
	return snap
}

// hostileRootFiles notes the entries that an absolute path in the site
// could create: /evil, /x, /etc/x, /tmp/evil, ...
func hostileRootFiles(t *testing.T) map[string]string {
	snap := map[string]string{}
	for _, p := range []string{"/evil", "/x", "/etc/x", "/etc/evil", "/tmp/evil", "/tmp/x", "/etc/passwd/index.html"} {
		if info, err := os.Lstat(p); err == nil {
			snap[p] = info.Mode().String()
		}
	}
	return snap
}

// diffSnap lists the entries that differ between two snapshots.
func diffSnap(a, b map[string]string) string {
	var lines []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			lines = append(lines, "- "+k)
		} else if w != v {
			lines = append(lines, "~ "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			lines = append(lines, "+ "+k)
		}
	}
	sort.Strings(lines)
	if len(lines) > 20 {
		lines = append(lines[:20], fmt.Sprintf("... and %d more", len(lines)-20))
	}
	return strings.Join(lines, "\n")
}

// hostileHeapWatch samples the heap every 20 ms until the returned
// function is called, which returns the largest sample.
func hostileHeapWatch() func() uint64 {
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	stopped := make(chan struct{})
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		mu.Lock()
		peak = max(peak, m.HeapAlloc)
		mu.Unlock()
	}
	go func() {
		defer close(stopped)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		sample()
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return peak - min(peak, base.HeapAlloc)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		return strings.Join(lines[:n], "") + fmt.Sprintf("... (%d more lines)\n", len(lines)-n)
	}
	return s
}

// hasFile returns a check that each file exists in DEST.
func hasFile(names ...string) func(t *testing.T, dest string) {
	return func(t *testing.T, dest string) {
		t.Helper()
		for _, n := range names {
			if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(n))); err != nil {
				t.Errorf("%s not built: %v", n, err)
			}
		}
	}
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// hasNoFile returns a check that no file of that name exists in DEST.
func hasNoFile(names ...string) func(t *testing.T, dest string) {
	return func(t *testing.T, dest string) {
		t.Helper()
		for _, n := range names {
			if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(n))); err == nil {
				t.Errorf("%s was built", n)
			}
		}
	}
}

// traversalRows try to leave DEST through slugs, aliases, file names and
// tags: each builds with the output inside DEST or fails clearly.
func traversalRows() []hostileRow {
	ok := cli.ExitOK
	bad := cli.ExitSite
	x := "content/actualites/x.md"
	return []hostileRow{
		{name: "slug climbing out", files: map[string]string{x: hostileNews("slug: \"../../../evil\"\n", "")},
			code: ok, check: hasFile("actualites/evil/index.html")},
		{name: "slug absolute", files: map[string]string{x: hostileNews("slug: \"/etc/x\"\n", "")},
			code: ok, check: hasFile("actualites/etc-x/index.html")},
		{name: "slug percent-encoded dots", files: map[string]string{x: hostileNews("slug: \"%2e%2e%2f%2e%2e%2fevil\"\n", "")},
			code: ok, check: hasFile("actualites/2e-2e-2f-2e-2e-2fevil/index.html")},
		{name: "slug with NUL", files: map[string]string{x: hostileNews("slug: \"ev\\0il/../../x\"\n", "")},
			code: ok, check: hasFile("actualites/ev-il-x/index.html")},
		{name: "slug with backslashes", files: map[string]string{x: hostileNews("slug: \"..\\\\..\\\\x\"\n", "")},
			code: ok, check: hasFile("actualites/x/index.html")},
		{name: "slug of dots only", files: map[string]string{x: hostileNews("slug: \"../..\"\n", "")},
			code: bad, want: []string{x + ":4: front matter: cannot make a URL from \"../..\""}},
		{name: "alias climbing out", files: map[string]string{x: hostileNews("aliases: [\"/a/../../x/\"]\n", "")},
			code: bad, want: []string{x + ":4: front matter: alias \"/a/../../x/\" is not a path inside the site"}},
		{name: "alias absolute stays in the site", files: map[string]string{x: hostileNews("aliases: [\"/etc/passwd\"]\n", "")},
			code: ok, check: hasFile("etc/passwd/index.html")},
		{name: "alias percent-encoded", files: map[string]string{x: hostileNews("aliases: [\"%2e%2e%2f%2e%2e%2fx\"]\n", "")},
			code: bad, want: []string{x + ":4: front matter: alias \"%2e%2e%2f%2e%2e%2fx\" is not a path inside the site"}},
		{name: "alias double-encoded", files: map[string]string{x: hostileNews("aliases: [\"%252e%252e/x/\"]\n", "")},
			code: ok, check: hasFile("%2e%2e/x/index.html")},
		{name: "alias with backslashes", files: map[string]string{x: hostileNews("aliases: [\"..\\\\..\\\\x\"]\n", "")},
			code: bad, want: []string{x + ":4: front matter: alias"}},
		{name: "alias with NUL", files: map[string]string{x: hostileNews("aliases: [\"/a\\0/b/\"]\n", "")},
			code: bad, want: []string{x + ":4: front matter: alias"}},
		{name: "alias full URL", files: map[string]string{x: hostileNews("aliases: [\"https://evil.example/\"]\n", "")},
			code: bad, want: []string{x + ":4: front matter: alias \"https://evil.example/\" is not a path inside the site"}},
		{name: "alias scheme-relative URL", files: map[string]string{x: hostileNews("aliases: [\"//evil.example/x/\"]\n", "")},
			code: ok, check: hasFile("evil.example/x/index.html")},
		// A name that starts with a dot is a hidden file: left out.
		{name: "file name with encoded slashes", files: map[string]string{"content/actualites/..%2f..%2fx.md": hostileNews("", "")},
			code: ok, check: hasNoFile("actualites/2f-2fx/index.html", "x/index.html")},
		{name: "file name with encoded slashes after a letter", files: map[string]string{"content/actualites/a%2f..%2f..%2fx.md": hostileNews("", "")},
			code: ok, check: hasFile("actualites/a-2f-2f-2fx/index.html")},
		{name: "file name with backslashes", files: map[string]string{"content/actualites/a\\..\\..\\x.md": hostileNews("", "")},
			code: ok, check: hasFile("actualites/a-x/index.html")},
		{name: "tag climbing out", files: map[string]string{x: hostileNews("tags: [\"../../x\"]\n", "")},
			code: ok, check: hasFile("tags/x/index.html", "tags/x/feed.xml")},
		{name: "tag of dots", files: map[string]string{x: hostileNews("tags: [\"..\"]\n", "")},
			code: bad, want: []string{x + ":4: front matter: tag \"..\" has no letter or digit"}},
		{name: "tag percent-encoded", files: map[string]string{x: hostileNews("tags: [\"%2e%2e\"]\n", "")},
			code: ok, check: hasFile("tags/2e-2e/index.html")},
	}
}

// symlinkRows: links leaving the site fail and name the link; a link
// inside the site is fine.
func symlinkRows() []hostileRow {
	link := func(target, name string) func(t *testing.T, site, outside string) {
		return func(t *testing.T, site, outside string) {
			p := filepath.Join(site, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			tgt := target
			if !strings.HasPrefix(tgt, ".") {
				tgt = filepath.Join(outside, filepath.FromSlash(target))
			}
			if err := os.Symlink(tgt, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	bad := cli.ExitSite
	return []hostileRow{
		{name: "content link to a file outside", setup: link("secret.md", "content/actualites/lien.md"),
			code: bad, want: []string{"content/actualites/lien.md: symbolic link refused"}},
		{name: "content link to a folder outside", setup: link("dir", "content/actualites/dehors"),
			code: bad, want: []string{"content/actualites/dehors"}},
		{name: "content link to a non-Markdown file outside", setup: link("secret.txt", "content/actualites/secret.txt"),
			code: bad, want: []string{"content/actualites/secret.txt: symbolic link refused"}},
		{name: "static link to a file outside", setup: link("secret.txt", "static/secret.txt"),
			code: bad, want: []string{"static/secret.txt"}},
		{name: "static link to a folder outside", setup: link("dir", "static/dehors"),
			code: bad, want: []string{"static/dehors"}},
		{name: "layout link to a file outside", setup: link("dir/sub/deeper.html", "layouts/partials/footer.html"),
			code: bad, want: []string{"layouts/partials/footer.html"}},
		{name: "site.yaml link outside", files: map[string]string{"site.yaml": "\x00delete"}, setup: func(t *testing.T, site, outside string) {
			os.WriteFile(filepath.Join(outside, "site.yaml"), []byte(hostileBase["site.yaml"]), 0o644)
			link("site.yaml", "site.yaml")(t, site, outside)
		}, code: bad, want: []string{"site.yaml"}},
		{name: "links inside the site", files: map[string]string{"notes/dedans.md": hostileNews("slug: dedans\n", "Dedans.\n")},
			setup: func(t *testing.T, site, outside string) {
				link("../../notes/dedans.md", "content/actualites/dedans.md")(t, site, outside)
				link("./a.svg", "static/images/b.svg")(t, site, outside)
			},
			code: cli.ExitOK, check: func(t *testing.T, dest string) {
				hasFile("actualites/dedans/index.html", "images/b.svg")(t, dest)
				if data, _ := os.ReadFile(filepath.Join(dest, "images", "b.svg")); !bytes.Equal(data, []byte(hostileBase["static/images/a.svg"])) {
					t.Errorf("images/b.svg = %q", data)
				}
				if info, err := os.Lstat(filepath.Join(dest, "images", "b.svg")); err == nil && info.Mode()&fs.ModeSymlink != 0 {
					t.Error("the link was copied as a link")
				}
			}},
	}
}

// oversizedRows: every input is bounded in time and memory and either
// builds or fails clearly.
func oversizedRows() []hostileRow {
	ok := cli.ExitOK
	bad := cli.ExitSite
	x := "content/actualites/x.md"
	big := func(setup func(w io.Writer)) func(t *testing.T, site, outside string) {
		return func(t *testing.T, site, outside string) {
			f, err := os.Create(filepath.Join(site, filepath.FromSlash(x)))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			setup(f)
		}
	}
	return []hostileRow{
		{name: "50 MB page", fast: 10 * time.Second, setup: big(func(w io.Writer) {
			io.WriteString(w, hostileNews("", ""))
			line := strings.Repeat("Un texte sans fin. ", 50) + "\n"
			for n := 0; n < 50<<20; n += len(line) {
				io.WriteString(w, line)
			}
		}), code: bad, want: []string{x + ": file is too large: 50.0 MB (want at most 16 MB)"}},
		{name: "10 MB on one line", setup: big(func(w io.Writer) {
			io.WriteString(w, hostileNews("", strings.Repeat("mot ", 10<<20/4)+"\n"))
		}), code: ok, check: hasFile("actualites/x/index.html")},
		{name: "10,000 nested list items on one line", files: map[string]string{x: hostileNews("", strings.Repeat("- ", 10000)+"x\n")},
			code: bad, want: []string{x + ":5: markdown: the text is nested too deeply: 20000 columns of quote and list markers and indentation (want at most 100)"}},
		{name: "nested list items, increasing indentation", setup: big(func(w io.Writer) {
			io.WriteString(w, hostileNews("", ""))
			n := 0
			for i := 0; i < 10000 && n < 15<<20; i++ {
				l := strings.Repeat(" ", 2*i) + "- x\n"
				n += len(l)
				io.WriteString(w, l)
			}
		}), code: bad, want: []string{x + ":55: markdown: the text is nested too deeply: 102 columns"}},
		{name: "10,000 nested blockquotes", files: map[string]string{x: hostileNews("", "Texte.\n\n"+strings.Repeat(">", 10000)+" x\n")},
			code: bad, want: []string{x + ":7: markdown: the text is nested too deeply: 10001 columns"}},
		{name: "10,000 nested blockquotes with spaces", files: map[string]string{x: hostileNews("", strings.Repeat("> ", 10000)+"x\n")},
			code: bad, want: []string{x + ":5: markdown: the text is nested too deeply"}},
		{name: "nested list at the limit with a 14 MB lazy paragraph", setup: big(func(w io.Writer) {
			io.WriteString(w, hostileNews("", strings.Repeat("- ", 49)+"x\n"))
			io.WriteString(w, strings.Repeat("y\n", 7<<20))
		}), code: ok, check: hasFile("actualites/x/index.html")},
		{name: "14 MB of short lines", setup: big(func(w io.Writer) {
			io.WriteString(w, hostileNews("", strings.Repeat("y\n", 7<<20)))
		}), code: ok, check: hasFile("actualites/x/index.html")},
		{name: "nested quotes at the limit, 14 MB", setup: big(func(w io.Writer) {
			io.WriteString(w, hostileNews("", ""))
			line := strings.Repeat(">", 99) + " x\n"
			for n := 0; n < 14<<20; n += len(line) {
				io.WriteString(w, line)
			}
		}), code: ok, check: hasFile("actualites/x/index.html")},
		{name: "deep indentation inside fenced code builds", files: map[string]string{x: hostileNews("", "```\n"+strings.Repeat(strings.Repeat(" ", 300)+"- x\n", 1000)+"```\n")},
			code: ok, check: hasFile("actualites/x/index.html")},
		{name: "hostile nesting in a summary field", files: map[string]string{x: hostileNews("summary: "+strconvQuote(strings.Repeat("- ", 10000)+"x\n"+strings.Repeat("y\n", 10000))+"\n", "Texte.\n")},
			code: ok, check: hasFile("actualites/x/index.html")},
		{name: "10,000 nested emphasis and links", files: map[string]string{x: hostileNews("", strings.Repeat("*[", 10000)+"x"+strings.Repeat("](/)*", 10000)+"\n")},
			code: ok, check: hasFile("actualites/x/index.html")},
		{name: "100,000 tags", setup: big(func(w io.Writer) {
			io.WriteString(w, "---\ntitle: Hostile\ndate: 2022-01-01\ntags:\n")
			for i := 0; i < 100000; i++ {
				fmt.Fprintf(w, "  - tag%d\n", i)
			}
			io.WriteString(w, "---\n")
		}), code: bad, want: []string{x + ":4: front matter: value of \"tags\" holds more than 100000 values"}},
		{name: "100,000 front matter keys", setup: big(func(w io.Writer) {
			io.WriteString(w, "---\ntitle: Hostile\ndate: 2022-01-01\n")
			for i := 0; i < 100000; i++ {
				fmt.Fprintf(w, "k%d: %d\n", i, i)
			}
			io.WriteString(w, "---\n")
		}), code: ok, check: hasFile("actualites/x/index.html")},
		{name: "deeply nested YAML flow", files: map[string]string{x: hostileNews("params: "+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"\n", "")},
			code: bad, want: []string{x + ":4: front matter: invalid YAML"}},
		{name: "deeply nested YAML blocks", setup: big(func(w io.Writer) {
			io.WriteString(w, "---\ntitle: Hostile\ndate: 2022-01-01\nparams:\n")
			for i := 0; i < 5000; i++ {
				fmt.Fprintf(w, "%sk:\n", strings.Repeat(" ", i+1))
			}
			io.WriteString(w, "---\n")
		}), code: bad, want: []string{x + ":4: front matter: value of \"params\" is nested more than 64 levels deep"}},
		{name: "YAML alias bomb", files: map[string]string{x: hostileNews(
			"params:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"+
				"  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"+
				"  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"+
				"  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"+
				"  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n", "")},
			code: bad, want: []string{x + ":4: front matter: value of \"params\" holds more than 100000 values (or aliases that expand to as many)"}},
		{name: "TOML front matter deeply nested", files: map[string]string{x: "+++\ntitle = \"T\"\ndate = 2022-01-01\nparams = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n+++\n"},
			code: bad, want: []string{x + ":"}},
		{name: "JSON front matter deeply nested", files: map[string]string{x: "{\n\"title\": \"T\",\n\"date\": \"2022-01-01\",\n\"params\": " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n}\n"},
			code: bad, want: []string{x + ":"}},
		{name: "100,000 footnotes", want: []string{x + ":2005: markdown: too many footnotes: 200000 footnote marks \"[^\" (want at most 2000)"}, code: bad, files: map[string]string{x: hostileNews("", func() string {
			var b strings.Builder
			for i := 0; i < 100000; i++ {
				fmt.Fprintf(&b, "x[^%d]\n", i)
			}
			b.WriteString("\n")
			for i := 0; i < 100000; i++ {
				fmt.Fprintf(&b, "[^%d]: n\n", i)
			}
			return b.String()
		}())}},
		{name: "2,000 footnotes build", files: map[string]string{x: hostileNews("", func() string {
			var b strings.Builder
			for i := 0; i < 1000; i++ {
				fmt.Fprintf(&b, "x[^%d]\n", i)
			}
			b.WriteString("\n")
			for i := 0; i < 1000; i++ {
				fmt.Fprintf(&b, "[^%d]: n\n", i)
			}
			return b.String()
		}())}, code: ok, check: hasFile("actualites/x/index.html")},
		{name: "100,000 headings of one name", files: map[string]string{x: hostileNews("", strings.Repeat("## Titre\n\n", 100000))},
			code: ok, check: hasFile("actualites/x/index.html")},
	}
}

// brokenRows add to internal/cli's TestBadInputs what it lacks.
func brokenRows() []hostileRow {
	ok := cli.ExitOK
	bad := cli.ExitSite
	x := "content/actualites/x.md"
	ev := func(front string) string {
		return "---\ntitle: E\nstart: 2022-06-02T13:00:00+02:00\n" + front + "---\n"
	}
	e := "content/evenements/x.md"
	return []hostileRow{
		{name: "invalid UTF-8 in front matter", files: map[string]string{x: "---\ntitle: \"\xc3\x28\"\ndate: 2022-01-01\n---\n"},
			code: bad, want: []string{x + ":2: the file is not valid UTF-8"}},
		{name: "invalid UTF-8 in site.yaml", files: map[string]string{"site.yaml": hostileBase["site.yaml"] + "description: \"\xff\"\n"},
			code: bad, want: []string{"site.yaml:5: the file is not valid UTF-8"}},
		{name: "invalid UTF-8 in a layout", files: map[string]string{"layouts/news/single.html": "{{ define \"main\" }}\n<p>\xff</p>{{ end }}\n"},
			code: bad, want: []string{"layouts/news/single.html:2: the file is not valid UTF-8"}},
		{name: "UTF-16 file", files: map[string]string{x: "\xff\xfe-\x00-\x00-\x00\n\x00"},
			code: bad, want: []string{x + ":1: the file is not valid UTF-8"}},
		{name: "broken TOML front matter", files: map[string]string{x: "+++\ntitle = \"T\"\ndate = = 2022\n+++\n"},
			code: bad, want: []string{x + ":3: front matter"}},
		{name: "broken JSON front matter", files: map[string]string{x: "{\n\"title\": \"T\",\n\"date\": 2022-01-01\n}\n"},
			code: bad, want: []string{x + ":3: front matter"}},
		{name: "front matter not a map", files: map[string]string{x: "---\n- a\n- b\n---\n"},
			code: bad, want: []string{x + ":"}},
		{name: "title not a string", files: map[string]string{x: hostileNews("", "")[:4] + "title: [a, b]\ndate: 2022-01-01\n---\n"},
			code: bad, want: []string{x + ":2: front matter: title is not a text"}},
		{name: "bad lastmod", files: map[string]string{x: hostileNews("lastmod: hier\n", "")},
			code: bad, want: []string{x + ":4: front matter: lastmod \"hier\" is not a date"}},
		{name: "impossible date", files: map[string]string{x: hostileNews("", "")[:4] + "title: T\ndate: 2022-02-30\n---\n"},
			code: bad, want: []string{x + ":3: front matter: date"}},
		{name: "bad event start", files: map[string]string{e: "---\ntitle: E\nstart: demain\n---\n"},
			code: bad, want: []string{e + ":3: front matter: start \"demain\" is not a date"}},
		{name: "event ends before it starts", files: map[string]string{e: ev("end: 2022-06-01T13:00:00+02:00\n")},
			code: bad, want: []string{e + ":4: front matter: the event ends"}},
		{name: "unknown event status", files: map[string]string{e: ev("status: peut-être\n")},
			code: bad, want: []string{e + ":4: front matter: status \"peut-être\" is unknown"}},
		{name: "weight not a number", files: map[string]string{"content/charte/x.md": "---\ntitle: X\nweight: 1e999\n---\n"},
			code: bad, want: []string{"content/charte/x.md:3: front matter"}},
		{name: "unknown front matter key only warns", files: map[string]string{x: hostileNews("titel: faute\n", "")},
			code: ok, check: hasFile("actualites/x/index.html")},
		{name: "unknown nested config key", files: map[string]string{"site.yaml": hostileBase["site.yaml"] + "markdown: { unsafeHTM: true }\n"},
			code: bad, want: []string{"site.yaml:5:", "unsafeHTM"}},
		{name: "config not a map", files: map[string]string{"site.yaml": "- title\n"},
			code: bad, want: []string{"site.yaml:1:"}},
		{name: "config bad base URL", files: map[string]string{"site.yaml": "title: R\nbaseURL: \"javascript:alert(1)\"\n"},
			code: bad, want: []string{"site.yaml:2:", "baseURL"}},
		{name: "config bad time zone", files: map[string]string{"site.yaml": "title: R\nbaseURL: https://example.org/\ntimezone: ../../../etc/passwd\n"},
			code: bad, want: []string{"site.yaml:3:", "timezone"}},
		{name: "duplicate URL by alias", files: map[string]string{x: hostileNews("aliases: [/actualites/une/]\n", "")},
			code: bad, want: []string{"/actualites/une/"}},
		{name: "duplicate URL across sections by alias", files: map[string]string{x: hostileNews("aliases: [/charte/principes/]\n", "")},
			code: bad, want: []string{"/charte/principes/"}},
		{name: "duplicate URL with a generated page", files: map[string]string{x: hostileNews("aliases: [/tags/]\n", "")},
			code: bad, want: []string{"/tags/"}},
		{name: "page in a reserved folder", files: map[string]string{"content/tags/x.md": "---\ntitle: X\n---\n"},
			code: bad, want: []string{"content/tags/x.md:1: content/tags/ is reserved for generated pages"}},
		{name: "static file over a page", files: map[string]string{"static/actualites/une/index.html": "<p>static</p>\n"},
			code: bad, want: []string{"actualites/une/index.html"}},
		{name: "template recursion", files: map[string]string{"layouts/news/single.html": "{{ define \"main\" }}{{ template \"main\" . }}{{ end }}\n"},
			code: bad, want: []string{"layouts/news/single.html"}},
		{name: "missing partial", files: map[string]string{"layouts/news/single.html": "{{ define \"main\" }}\n{{ partial \"nope.html\" . }}{{ end }}\n"},
			code: bad, want: []string{"layouts/news/single.html:2:", "nope.html"}},
		{name: "template runaway range", files: map[string]string{"layouts/news/single.html": "{{ define \"main\" }}{{ range 1000000000 }}{{ . }}{{ end }}{{ end }}\n"},
			code: bad, want: []string{"layouts/news/single.html"}},
	}
}

// The payloads of escapeRows.
const (
	xssScript = `</script><script>alert(1)</script>`
	xssAttr   = `"><img src=x onerror=alert(1)>`
	xssBoth   = xssScript + " " + xssAttr
)

// escapeRows: hostile text is escaped everywhere, dangerous URLs refused.
func escapeRows() []hostileRow {
	bad := cli.ExitSite
	e := "content/evenements/x.md"
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	fields := "title: " + q(xssBoth) + "\nsummary: " + q(xssBoth) + "\ntags: [" + q(xssBoth) + "]\n"
	body := "Corps {{ .Site }} et {{ template \"main\" . }} et {{ exec \"rm\" }}.\n\n" + xssBoth + "\n\n[lien](javascript:alert(1)) ![img](javascript:alert(1))\n"
	eventSite := map[string]string{
		"content/evenements/x.md": "---\n" + fields + "start: 2027-06-02T13:00:00+02:00\nlocation: " + q(xssBoth) +
			"\norganizer: " + q(xssBoth) + "\nprice: " + q(xssBoth) + "\nonline: \"https://example.org/?q=%22%3E%3Cscript%3E\"\nregistration: \"https://example.org/a?b=1&c=<x>\"\n---\n" + body,
		"content/actualites/x.md": "---\n" + fields + "date: 2022-01-02\nauthors: [" + q(xssBoth) + "]\n---\n" + body,
		"content/charte/x.md":     "---\n" + fields + "weight: 20\npart: " + q(xssBoth) + "\n---\n" + body,
	}
	unsafe := map[string]string{
		"site.yaml": hostileBase["site.yaml"] + "markdown: { unsafeHTML: true }\n",
		"content/actualites/x.md": hostileNews("", "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c]( java\tscript:alert(1)) [d](vbscript:msgbox(1))\n\n"+
			"<a href=\"JaVaScRiPt:alert(1)\">e</a> <a href=\" javascript:alert(1)\">f</a> <a href=\"jav&#x09;ascript:alert(1)\">g</a>\n\n"+
			"<img src=\"data:text/html,<script>alert(1)</script>\"> <a href=\"vbscript:msgbox(1)\">h</a> <a href=\"data:text/html;base64,PHNjcmlwdD4=\">i</a>\n\n"+
			"<iframe src=\"javascript:alert(1)\"></iframe> <form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">j</button></form>\n\n"+
			"<svg><a xlink:href=\"javascript:alert(1)\">k</a></svg> <object data=\"javascript:alert(1)\"></object>\n\n"+
			"![l](javascript:alert(1)) <a href=\"https://example.org/ok\">ok</a>\n"),
	}
	return []hostileRow{
		{name: "registration javascript URL", files: map[string]string{e: "---\ntitle: E\nstart: 2027-06-02T13:00:00+02:00\nlocation: Lille\nregistration: \"javascript:alert(1)\"\n---\n"},
			code: bad, want: []string{e + ":5: front matter: registration \"javascript:alert(1)\" is not an http(s) URL"}},
		{name: "online javascript URL", files: map[string]string{e: "---\ntitle: E\nstart: 2027-06-02T13:00:00+02:00\nonline: \"JaVaScRiPt:alert(1)//https://x\"\n---\n"},
			code: bad, want: []string{e + ":4: front matter: online \"JaVaScRiPt:alert(1)//https://x\" is not an http(s) URL"}},
		{name: "online data URL", files: map[string]string{e: "---\ntitle: E\nstart: 2027-06-02T13:00:00+02:00\nonline: \"data:text/html,<script>alert(1)</script>\"\n---\n"},
			code: bad, want: []string{e + ":4: front matter: online"}},
		{name: "hostile text in every field", files: eventSite, code: cli.ExitOK, check: checkEscaped},
		{name: "unsafe HTML with dangerous URLs", files: unsafe, code: cli.ExitOK, check: checkNeutralised},
	}
}

var (
	reScriptBlock = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	reDangerous   = regexp.MustCompile(`(?i)^[\x00-\x20]*(j[\s]*a[\s]*v[\s]*a[\s]*s[\s]*c[\s]*r[\s]*i[\s]*p[\s]*t|vbscript|data)[\s]*:`)
)

// urlAttrs are the attributes that a browser follows or loads.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "data": true, "xlink:href": true, "poster": true, "srcset": true, "background": true, "cite": true}

// checkHTML parses every HTML file of DEST and fails on a script element
// that is not JSON-LD or the site's own, an event-handler attribute, or a
// URL attribute with a script or data scheme.
func checkHTML(t *testing.T, dest string) {
	t.Helper()
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(dest, p)
		if bytes.Contains(data, []byte("<script>alert")) {
			t.Errorf("%s: unescaped <script>alert", rel)
		}
		z := html.NewTokenizer(bytes.NewReader(data))
		script := "" // the type of the script element being read, "-" for none
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			tok := z.Token()
			switch tt {
			case html.StartTagToken, html.SelfClosingTagToken:
				if tok.Data == "script" {
					script = "text/javascript"
				}
				for _, a := range tok.Attr {
					name := strings.ToLower(a.Key)
					if a.Namespace != "" {
						name = a.Namespace + ":" + name
					}
					if tok.Data == "script" && name == "type" {
						script = a.Val
					}
					if strings.HasPrefix(name, "on") {
						t.Errorf("%s: <%s %s=%q>", rel, tok.Data, a.Key, a.Val)
					}
					if urlAttrs[name] && reDangerous.MatchString(a.Val) {
						t.Errorf("%s: <%s %s=%q>", rel, tok.Data, a.Key, a.Val)
					}
				}
			case html.EndTagToken:
				if tok.Data == "script" {
					script = ""
				}
			case html.TextToken:
				switch {
				case script == "application/ld+json":
					if !json.Valid([]byte(tok.Data)) {
						t.Errorf("%s: JSON-LD does not parse: %.300s", rel, tok.Data)
					}
				case script != "" && strings.Contains(tok.Data, "alert("):
					t.Errorf("%s: a script holds the payload: %.300s", rel, tok.Data)
				}
			}
		}
		return nil
	})
}

// checkEscaped: the hostile text is escaped in HTML, still parses in
// JSON-LD, feeds, calendars and the search index, and Go template syntax
// in Markdown comes out literally.
func checkEscaped(t *testing.T, dest string) {
	checkHTML(t, dest)
	for _, page := range []string{"actualites/x/index.html", "evenements/x/index.html", "charte/x/index.html"} {
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(page)))
		if err != nil {
			continue
		}
		text := htmlText(data)
		if !strings.Contains(text, "{{ .Site }}") || !strings.Contains(text, `{{ template`) {
			t.Errorf("%s: the template syntax in Markdown is not shown literally", page)
		}
		if !strings.Contains(text, "</script><script>alert(1)</script>") {
			t.Errorf("%s: the hostile title is not shown as text", page)
		}
		blocks := reScriptBlock.FindAllSubmatch(data, -1)
		if len(blocks) == 0 && page != "charte/x/index.html" {
			t.Errorf("%s: no JSON-LD", page)
		}
		for _, b := range blocks {
			var v any
			if err := json.Unmarshal(b[1], &v); err != nil {
				t.Errorf("%s: JSON-LD does not parse: %v\n%s", page, err, b[1])
			} else if page != "charte/x/index.html" && !strings.Contains(fmt.Sprint(v), xssScript) && bytes.Contains(b[1], []byte(`"headline"`)) {
				t.Errorf("%s: JSON-LD lacks the literal title: %s", page, b[1])
			}
		}
	}
	for _, f := range []string{"feed.xml", "atom.xml", "actualites/feed.xml", "evenements/feed.xml", "sitemap.xml"} {
		data, err := os.ReadFile(filepath.Join(dest, f))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		text, err := xmlText(data)
		if err != nil {
			t.Errorf("%s does not parse as XML: %v", f, err)
		} else if f != "sitemap.xml" && !strings.Contains(text, xssScript) {
			t.Errorf("%s lacks the literal title", f)
		}
	}
	for _, f := range []string{"feed.json", "search/docs/0.json"} {
		data, _ := os.ReadFile(filepath.Join(dest, f))
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Errorf("%s does not parse: %v", f, err)
		} else if !strings.Contains(fmt.Sprint(v), xssScript) {
			t.Errorf("%s lacks the literal title: %.300s", f, data)
		}
	}
	for _, f := range []string{"evenements/x/event.ics", "evenements/calendar.ics"} {
		data, _ := os.ReadFile(filepath.Join(dest, f))
		unfolded := strings.ReplaceAll(string(data), "\r\n ", "")
		if !strings.Contains(unfolded, "SUMMARY:"+xssScript) {
			t.Errorf("%s lacks the literal title:\n%.600s", f, unfolded)
		}
	}
}

// checkNeutralised: with unsafeHTML, no dangerous URL scheme survives in
// the pages, and the feeds still parse.
func checkNeutralised(t *testing.T, dest string) {
	checkHTML(t, dest)
	page, _ := os.ReadFile(filepath.Join(dest, "actualites", "x", "index.html"))
	if !bytes.Contains(page, []byte(`href="https://example.org/ok"`)) {
		t.Error("the safe link was lost")
	}
	for _, f := range []string{"feed.xml", "atom.xml"} {
		data, _ := os.ReadFile(filepath.Join(dest, f))
		text, err := xmlText(data)
		if err != nil {
			t.Errorf("%s does not parse as XML: %v", f, err)
		}
		// The content of the items is HTML: parse it too.
		checkFragment(t, f, text)
	}
	var jf struct {
		Items []struct {
			ContentHTML string `json:"content_html"`
		} `json:"items"`
	}
	data, _ := os.ReadFile(filepath.Join(dest, "feed.json"))
	if err := json.Unmarshal(data, &jf); err != nil {
		t.Errorf("feed.json: %v", err)
	}
	for _, it := range jf.Items {
		checkFragment(t, "feed.json", it.ContentHTML)
	}
}

// checkFragment fails on a dangerous URL or event handler in an HTML fragment.
func checkFragment(t *testing.T, where, frag string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(frag))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		tok := z.Token()
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for _, a := range tok.Attr {
			name := strings.ToLower(a.Key)
			if strings.HasPrefix(name, "on") || (urlAttrs[name] && reDangerous.MatchString(a.Val)) {
				t.Errorf("%s: <%s %s=%q>", where, tok.Data, a.Key, a.Val)
			}
		}
	}
}

// htmlText returns the text of an HTML page (entities decoded), without
// the scripts.
func htmlText(data []byte) string {
	z := html.NewTokenizer(bytes.NewReader(data))
	var b strings.Builder
	inScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			if n, _ := z.TagName(); string(n) == "script" {
				inScript = true
			}
		case html.EndTagToken:
			if n, _ := z.TagName(); string(n) == "script" {
				inScript = false
			}
		case html.TextToken:
			if !inScript {
				b.Write(z.Text())
			}
		}
	}
}

// xmlText parses an XML document strictly and returns its character data.
func xmlText(data []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return b.String(), err
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
		}
	}
}
