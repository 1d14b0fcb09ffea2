package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestDirWriterReusesAnEarlierBuild writes a build into a folder holding
// an earlier one, with everything in the way that could be: stale files
// and folders, a file where a folder goes, a folder where a file goes,
// links to the outside. The folder must end with exactly the new files,
// and nothing outside may change.
func TestDirWriterReusesAnEarlierBuild(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "staging")
	outside := filepath.Join(base, "outside")
	for _, d := range []string{outside, root} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	put := func(rel, data string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		must(os.MkdirAll(filepath.Dir(p), 0o755))
		must(os.WriteFile(p, []byte(data), 0o644))
	}
	must(os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644))
	put("index.html", "an old home page that was much longer than the new one")
	put("stale.html", "gone")
	put("gone/deep/index.html", "gone")
	put("a", "a file where a folder goes")
	put("b/index.html/x", "a folder where a file goes")
	put("keep/index.html", "old")
	must(os.Symlink(outside, filepath.Join(root, "c")))                          // a folder link where a folder goes
	must(os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "d"))) // a file link where a file goes
	must(os.Symlink(outside, filepath.Join(root, "keep", "link")))

	w := &DirWriter{Root: root}
	w.Start()
	want := map[string]string{
		"index.html":      "new",
		"a/index.html":    "a",
		"b/index.html":    "b",
		"c/secret":        "c",
		"d":               "d",
		"keep/index.html": "kept, rewritten",
	}
	for name, data := range want {
		if err := w.Write(name, []byte(data)); err != nil {
			t.Fatalf("write %s: %v", name, err)
		}
	}
	must(w.Prune())

	got := map[string]string{}
	must(filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			if !d.Type().IsRegular() {
				t.Errorf("%s is not a regular file", rel)
			}
			data, _ := os.ReadFile(p)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	}))
	var diffs []string
	for name, data := range want {
		if got[name] != data {
			diffs = append(diffs, name+": "+got[name])
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, name+" (extra)")
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("the folder differs from what was written:\n%s", strings.Join(diffs, "\n"))
	}
	entries, _ := os.ReadDir(outside)
	if data, _ := os.ReadFile(filepath.Join(outside, "secret")); len(entries) != 1 || string(data) != "secret" {
		t.Errorf("outside changed: %d entries, secret %q", len(entries), data)
	}
	for _, gone := range []string{"gone", "stale.html"} {
		if _, err := os.Lstat(filepath.Join(root, gone)); err == nil {
			t.Errorf("%s is still there", gone)
		}
	}
}

// tree returns every file under root, by slash-separated relative name.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		data, err := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}
