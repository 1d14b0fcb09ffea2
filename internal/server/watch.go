package server

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/catalyseurs/alliance/internal/sitefs"
)

// watchedDirs are the site's top folders that the watcher follows, with
// every folder below them.
var watchedDirs = []string{"content", "layouts", "static", "archetypes", "assets", "data"}

// watcher turns fsnotify events under the site folder into batches of
// changed site-relative paths.
type watcher struct {
	s    *Server
	root string // the site folder, absolute
	fsw  *fsnotify.Watcher
	dirs map[string]bool // watched folders, absolute; only the run goroutine touches it after start
	deb  *debouncer
}

func (s *Server) newWatcher() (*watcher, error) {
	root, err := filepath.Abs(s.cfg.Dir)
	if err != nil {
		return nil, err
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{s: s, root: root, fsw: fsw, dirs: map[string]bool{}, deb: newDebouncer(s.cfg.Quiet, s.cfg.MaxWait)}
	// The site folder itself, for site.yaml and top folders created later.
	if err := w.add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		w.addTree(filepath.Join(root, d), nil)
	}
	return w, nil
}

// add watches one folder.
func (w *watcher) add(dir string) error {
	if w.dirs[dir] {
		return nil
	}
	if err := w.fsw.Add(dir); err != nil {
		return err
	}
	w.dirs[dir] = true
	return nil
}

// addTree watches dir and every folder below it, skipping hidden ones. When
// found is not nil, it is called with each file met: a folder that appears
// with files already inside (moved in, or filled before the watch was set)
// gives no event for them.
func (w *watcher) addTree(dir string, found func(file string)) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // gone meanwhile, or unreadable: nothing to watch
		}
		if p != dir && sitefs.Ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.add(p); err != nil {
				w.s.printf(w.s.cfg.Stderr, "watch %s: %v\n", p, err)
			}
			return nil
		}
		if found != nil {
			found(p)
		}
		return nil
	})
}

// forget stops watching dir and the folders below it, after it was removed
// or renamed.
func (w *watcher) forget(dir string) bool {
	gone := false
	prefix := dir + string(filepath.Separator)
	for d := range w.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			w.fsw.Remove(d) // may fail: the kernel dropped it already
			delete(w.dirs, d)
			gone = true
		}
	}
	return gone
}

// rel returns p relative to the site folder, slash-separated; ok is false
// outside the watched tree.
func (w *watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	top, _, _ := strings.Cut(r, "/")
	if r == "site.yaml" {
		return r, true
	}
	for _, d := range watchedDirs {
		if top == d {
			return r, true
		}
	}
	return "", false
}

// handle records one event in the debouncer.
func (w *watcher) handle(ev fsnotify.Event, now time.Time) {
	if ev.Op == fsnotify.Chmod || sitefs.Ignored(filepath.Base(ev.Name)) {
		return
	}
	r, ok := w.rel(ev.Name)
	if !ok {
		return
	}
	switch {
	case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
		if w.forget(ev.Name) {
			// A folder went away with whatever it held.
			w.deb.add("", now)
			return
		}
	case ev.Has(fsnotify.Create):
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			w.addTree(ev.Name, func(file string) {
				if fr, ok := w.rel(file); ok {
					w.deb.add(fr, now)
				}
			})
			return
		}
	}
	w.deb.add(r, now)
}

// run feeds events to the debouncer and due batches to q, until ctx is done.
func (w *watcher) run(ctx context.Context, q *queue) {
	defer w.fsw.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	arm := func() {
		if t, ok := w.deb.deadline(); ok {
			timer.Reset(time.Until(t))
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			w.handle(ev, time.Now())
			arm()
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.deb.add("", time.Now()) // events were lost: rebuild it all
				arm()
			}
			w.s.printf(w.s.cfg.Stderr, "watch: %v\n", err)
		case <-timer.C:
			if paths, full, ok := w.deb.flush(time.Now()); ok {
				q.add(paths, full)
			}
			arm()
		}
	}
}

func sortedCopy(paths []string) []string {
	out := append([]string(nil), paths...)
	sort.Strings(out)
	return out
}
