package build

import (
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
// first reuses what did not change.
type Session struct {
	src fs.FS
	opt Options

	mu   sync.Mutex
	last *Snapshot
}

// NewSession returns a session over the site in src.
func NewSession(src fs.FS, opt Options) *Session {
	return &Session{src: src, opt: opt}
}

// Build rebuilds the site. changed lists the source paths (relative to the
// site folder, slash-separated: "content/actualites/x.md", "layouts/...",
// "static/...", "site.yaml") that changed since the last call; nil means
// "anything may have changed". On error the previous snapshot stays valid
// and the error is a diag.List naming files and lines.
func (s *Session) Build(ctx context.Context, changed []string) (*Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := NewMemWriter()
	res, err := Render(ctx, s.src, w, s.opt)
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{Files: w.Files, Result: res}
	for name, data := range snap.Files {
		if s.last == nil || string(s.last.Files[name]) != string(data) {
			snap.Changed = append(snap.Changed, name)
		}
	}
	sort.Strings(snap.Changed)
	s.last = snap
	return snap, nil
}
