package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/sitefs"
)

// CacheDir is the folder, inside the site folder, where alliance keeps
// what it reuses from one build to the next: the previous version of the
// site (rewritten in place by the next build) and processed images. It may
// be deleted at any time; it never needs to be published or committed.
const CacheDir = ".alliance"

// Build builds the site in the folder src into dest.
//
// The site is built into a staging folder, and swapped with dest only when
// complete (atomically on Linux): a failed or killed build leaves dest as
// it was. When the site's cache folder (CacheDir) is on the same file
// system as dest, the staging folder is SRC/.alliance/previous and keeps,
// after the swap, the previous version, which the next build rewrites in
// place (far cheaper than creating every file again). Otherwise it is a
// folder beside dest, removed after the swap. Nothing is left beside dest
// after a build; a killed build may leave its staging folder for the next
// one to remove.
//
// A dest that is a symbolic link is published through: the link's target
// is replaced, the link kept.
func Build(ctx context.Context, src, dest string, opt Options) (*Result, error) {
	if _, err := os.Stat(filepath.Join(src, "site.yaml")); err != nil {
		return nil, noSite(src, err)
	}
	fsys, closeSite, err := sitefs.FS(src)
	if err != nil {
		return nil, &diag.Error{Pos: diag.Pos{File: src}, Msg: "cannot open the site folder: " + err.Error()}
	}
	defer closeSite()
	dest, err = publishTarget(dest)
	if err != nil {
		return nil, err
	}
	p, err := prepare(src, dest)
	if err != nil {
		return nil, err
	}
	defer p.release()
	if opt.ImageCache == "" {
		opt.ImageCache = filepath.Join(src, CacheDir, "images")
	}
	w := &DirWriter{Root: p.staging}
	w.Start()
	res, err := Render(ctx, fsys, w, opt)
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = w.Finish()
	}
	if err != nil {
		p.fail()
		return res, err
	}
	if err := swapIn(p.staging, dest); err != nil {
		p.fail()
		return res, fmt.Errorf("cannot publish %s: %w", dest, err)
	}
	if !p.kept {
		// It holds the previous version now: nothing stays beside dest.
		if err := os.RemoveAll(p.staging); err != nil {
			return res, fmt.Errorf("cannot remove %s: %w", p.staging, err)
		}
	}
	return res, nil
}

// noSite is the error of a build in a folder without site.yaml.
func noSite(src string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &diag.Error{Pos: diag.Pos{File: filepath.Join(src, "site.yaml")},
			Msg:  "no site here: this folder has no site.yaml",
			Want: "a site folder (alliance new site DIR makes one), or a site.yaml with at least title: and baseURL:, beside a content/ folder"}
	}
	return &diag.Error{Pos: diag.Pos{File: filepath.Join(src, "site.yaml")}, Msg: "cannot read the site configuration: " + err.Error()}
}

// publishTarget returns the folder a build into dest replaces: dest made
// absolute, or the target of the link dest is.
func publishTarget(dest string) (string, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return "", err
	}
	info, err := os.Lstat(dest)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return dest, nil
	}
	if target, err := filepath.EvalSymlinks(dest); err == nil {
		return target, nil
	}
	// A link to a folder that does not exist yet: the build makes it.
	link, err := os.Readlink(dest)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(link) {
		link = filepath.Join(filepath.Dir(dest), link)
	}
	return filepath.Clean(link), nil
}

// publication is where a build stages its output.
type publication struct {
	staging string
	kept    bool     // staging is the cache's previous version, kept after the swap
	made    []string // folders made for dest's parent, removed if the build fails
	unlock  []func() // give back the locks this build took
}

// release gives back the locks this build took.
func (p *publication) release() {
	for _, u := range p.unlock {
		u()
	}
	p.unlock = nil
}

// prepare makes dest's parent and the staging folder, and checks that dest's
// parent can be written, before any work.
func prepare(src, dest string) (*publication, error) {
	p := &publication{}
	parent := filepath.Dir(dest)
	made, err := mkdirAll(parent)
	p.made = made
	if err != nil {
		return nil, fmt.Errorf("cannot make %s, the folder to hold %s: %w", parent, filepath.Base(dest), err)
	}
	// Builds into one folder wait for each other: each finds it as the
	// last one left it.
	if unlock, ok := lockDir(parent); ok {
		p.unlock = append(p.unlock, unlock)
	}
	if err := recoverDest(dest); err != nil {
		p.fail()
		return nil, err
	}
	// Writing beside dest must work, whatever the staging folder: the
	// swap renames in dest's parent.
	probe, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".probe-")
	if err != nil {
		p.fail()
		return nil, fmt.Errorf("cannot write into %s, the folder that holds %s: %w", parent, filepath.Base(dest), err)
	}
	os.Remove(probe)
	beside := filepath.Join(parent, "."+filepath.Base(dest)+".staging")
	if err := os.RemoveAll(beside); err != nil { // a killed build's
		p.fail()
		return nil, err
	}
	if cache, unlock, ok := cacheStaging(src, parent); ok {
		p.staging, p.kept = cache, true
		p.unlock = append(p.unlock, unlock)
		return p, nil
	}
	if err := os.Mkdir(beside, 0o755); err != nil {
		p.fail()
		return nil, fmt.Errorf("cannot write into %s, the folder that holds %s: %w", parent, filepath.Base(dest), err)
	}
	p.staging = beside
	return p, nil
}

// cacheStaging returns SRC/.alliance/previous when the cache folder can be
// made, is on the same file system as dest's parent, and no other build
// uses it (it holds a lock until unlock is called).
func cacheStaging(src, parent string) (staging string, unlock func(), ok bool) {
	cache := filepath.Join(src, CacheDir)
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", nil, false
	}
	// The cache ignores itself, whatever the site's own .gitignore says.
	ignore := filepath.Join(cache, ".gitignore")
	if _, err := os.Stat(ignore); err != nil {
		os.WriteFile(ignore, []byte("# alliance's cache: rebuilt at will, never committed\n*\n"), 0o644)
	}
	if !sameDevice(cache, parent) {
		return "", nil, false
	}
	unlock, ok = lock(filepath.Join(cache, "lock"))
	if !ok {
		return "", nil, false // another build of this site runs
	}
	previous := filepath.Join(cache, "previous")
	if info, err := os.Lstat(previous); err == nil && !info.IsDir() {
		os.Remove(previous)
	}
	if err := os.MkdirAll(previous, 0o755); err != nil {
		unlock()
		return "", nil, false
	}
	return previous, unlock, true
}

// fail removes what the build made beside dest, and gives back its locks.
func (p *publication) fail() {
	defer p.release()
	if p.staging != "" && !p.kept {
		os.RemoveAll(p.staging)
	}
	for i := len(p.made) - 1; i >= 0; i-- {
		os.Remove(p.made[i]) // only if still empty
	}
}

// mkdirAll is os.MkdirAll, returning the folders it made, parents first.
func mkdirAll(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	var made []string
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil && !os.IsExist(err) {
			return made, err
		}
		made = append(made, missing[i])
	}
	return made, nil
}
