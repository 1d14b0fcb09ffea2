package build

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/catalyseurs/alliance"
)

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return names
}

// TestPublishLeavesNothingBesideDest builds twice into a folder whose
// parents do not exist yet, and wants DEST's parent to hold DEST alone
// each time: the previous version is kept in the site's cache folder,
// which ignores itself for git.
func TestPublishLeavesNothingBesideDest(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeDir(t, txtarFS(t, "site.txtar"), src)
	dest := filepath.Join(root, "a", "b", "c", "out")
	for i := range 2 {
		if _, err := Build(context.Background(), src, dest, Options{Now: now}); err != nil {
			t.Fatal(err)
		}
		if got := entries(t, filepath.Dir(dest)); !slices.Equal(got, []string{"out"}) {
			t.Errorf("build %d: beside DEST: %v, want only out", i+1, got)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Error(err)
	}
	ignore, err := os.ReadFile(filepath.Join(src, CacheDir, ".gitignore"))
	if err != nil || !strings.Contains(string(ignore), "*") {
		t.Errorf("the cache folder's .gitignore: %q, %v", ignore, err)
	}
	if _, err := os.Stat(filepath.Join(src, CacheDir, "previous", "index.html")); err != nil {
		t.Errorf("the previous version is not in the cache: %v", err)
	}
}

// TestPublishOnAnotherFileSystem builds into a folder on another file
// system than the site's cache (tmpfs), where the staging folder goes
// beside DEST: it must be gone after the build.
func TestPublishOnAnotherFileSystem(t *testing.T) {
	shm := "/dev/shm"
	if info, err := os.Stat(shm); err != nil || !info.IsDir() {
		t.Skip("no /dev/shm here")
	}
	src := filepath.Join(t.TempDir(), "site")
	writeDir(t, txtarFS(t, "site.txtar"), src)
	parent, err := os.MkdirTemp(shm, "alliance-test-")
	if err != nil {
		t.Skip(err)
	}
	defer os.RemoveAll(parent)
	if sameDevice(parent, t.TempDir()) {
		t.Skip("/dev/shm is on the same file system as the temporary folder")
	}
	dest := filepath.Join(parent, "public")
	for i := range 2 {
		if _, err := Build(context.Background(), src, dest, Options{Now: now}); err != nil {
			t.Fatal(err)
		}
		if got := entries(t, parent); !slices.Equal(got, []string{"public"}) {
			t.Errorf("build %d: beside DEST: %v, want only public", i+1, got)
		}
	}
}

// TestPublishThroughLink builds twice into a DEST that is a symbolic link
// to the folder a web server serves: the link stays, and its target holds
// the site.
func TestPublishThroughLink(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeDir(t, txtarFS(t, "site.txtar"), src)
	www := filepath.Join(root, "www")
	link := filepath.Join(root, "site-public")
	if err := os.Symlink("www", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	for i := range 2 {
		if _, err := Build(context.Background(), src, link, Options{Now: now}); err != nil {
			t.Fatal(err)
		}
		info, err := os.Lstat(link)
		if err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("build %d: DEST is no longer a link (%v)", i+1, err)
		}
		if _, err := os.Stat(filepath.Join(www, "index.html")); err != nil {
			t.Errorf("build %d: the link's target lacks the site: %v", i+1, err)
		}
		if got := entries(t, root); !slices.Equal(got, []string{"site", "site-public", "www"}) {
			t.Errorf("build %d: beside DEST: %v", i+1, got)
		}
	}
}

// TestPublishRefusesAnUnwritableParent wants a clear error, before any
// work, when DEST's parent cannot hold it (here: it is a file), and
// nothing made.
func TestPublishRefusesAnUnwritableParent(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeDir(t, txtarFS(t, "site.txtar"), src)
	os.WriteFile(filepath.Join(root, "fichier"), []byte("x"), 0o644)
	_, err := Build(context.Background(), src, filepath.Join(root, "fichier", "public"), Options{Now: now})
	if err == nil || !strings.Contains(err.Error(), "fichier") {
		t.Fatalf("error %v, want one naming the parent", err)
	}
	if _, err := os.Stat(filepath.Join(src, CacheDir)); err == nil {
		t.Error("the build made its cache folder before failing")
	}
}

// TestBuildWithoutSite wants a build in a folder without site.yaml to say
// what to do, and to leave nothing behind.
func TestBuildWithoutSite(t *testing.T) {
	dir := t.TempDir()
	_, err := Build(context.Background(), dir, filepath.Join(dir, "public"), Options{Now: now, Theme: alliance.Theme()})
	if err == nil || !strings.Contains(err.Error(), "alliance new site") {
		t.Fatalf("error %v, want a hint at alliance new site", err)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("the failed build left %v", got)
	}
}

// TestPublishConcurrentBuilds runs builds of one site into two folders at
// once: each must give the whole site, the cache's staging folder serving
// one build at a time.
func TestPublishConcurrentBuilds(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeDir(t, txtarFS(t, "site.txtar"), src)
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			_, err := Build(context.Background(), src, filepath.Join(root, "out", strings.Repeat("x", i%2+1)), Options{Now: now})
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	want := readDir(t, filepath.Join(root, "out", "x"))
	if got := readDir(t, filepath.Join(root, "out", "xx")); len(got) != len(want) || len(want) < 10 {
		t.Errorf("two outputs of one site: %d and %d files", len(want), len(got))
	}
	for name, data := range want {
		if string(readDir(t, filepath.Join(root, "out", "xx"))[name]) != string(data) {
			t.Errorf("%s differs between the outputs", name)
		}
	}
	if got := entries(t, filepath.Join(root, "out")); !slices.Equal(got, []string{"x", "xx"}) {
		t.Errorf("beside the outputs: %v", got)
	}
}
