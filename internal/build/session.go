package build

import (
	"bytes"
	"context"
	"io/fs"
	"sort"
	"sync"
)

// Snapshot is one complete build held in memory, as serve shows it. It is
// never changed once returned: a rebuild makes a new one.
type Snapshot struct {
	Files   map[string][]byte // output path ("actualites/x/index.html") -> bytes
	Result  *Result
	Changed []string // output paths whose bytes differ from the previous snapshot, sorted
}

// Session builds a site again and again, for serve: each Build after the
// first redoes only what the changes can reach (see incState), and gives
// the same files as a clean build.
type Session struct {
	src fs.FS
	opt Options

	mu   sync.Mutex
	inc  *incState
	last *Snapshot
}

// NewSession returns a session over the site in src.
func NewSession(src fs.FS, opt Options) *Session {
	return &Session{src: src, opt: opt, inc: newIncState()}
}

// Build rebuilds the site. changed lists the source paths (relative to the
// site folder, slash-separated: "content/actualites/x.md", "layouts/...",
// "static/...", "site.yaml") that changed since the last call; nil means
// "anything may have changed". On error the previous snapshot stays valid
// and the error is a diag.List naming files and lines.
func (s *Session) Build(ctx context.Context, changed []string) (*Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last == nil {
		changed = nil
	}
	s.inc.begin(changed)
	w := NewMemWriter()
	opt := s.opt
	res, err := render(ctx, s.src, w, opt, s.inc)
	if err != nil {
		return nil, err
	}
	s.inc.commit(w.Files)
	snap := &Snapshot{Files: w.Files, Result: res}
	for name, data := range snap.Files {
		if s.last == nil || !bytes.Equal(s.last.Files[name], data) {
			snap.Changed = append(snap.Changed, name)
		}
	}
	if s.last != nil {
		for name := range s.last.Files {
			if _, ok := snap.Files[name]; !ok {
				snap.Changed = append(snap.Changed, name) // removed
			}
		}
	}
	sort.Strings(snap.Changed)
	s.last = snap
	return snap, nil
}
