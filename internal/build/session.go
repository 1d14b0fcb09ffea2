package build

import (
	"bytes"
	"context"
	"io/fs"
	"sort"
	"sync"
	"time"
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
	// OnRefresh, when set before the first Build, lets a rebuild skip the
	// search index (the slowest output to redo): Build then returns with
	// the previous index, and OnRefresh receives, a moment later, a
	// snapshot of the same build with the index up to date. It is not
	// called when another Build has started since.
	OnRefresh func(*Snapshot)
	// RefreshDelay is how long the refresh waits for the editor to stop
	// saving before it starts; a new Build cancels a pending refresh.
	// Zero means half a second.
	RefreshDelay time.Duration

	src fs.FS
	opt Options

	mu   sync.Mutex
	inc  *incState
	last *Snapshot
	gen  int // builds started, to drop stale refreshes

	cancelRefresh context.CancelFunc // stops the pending refresh, if any
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
	s.gen++
	if s.cancelRefresh != nil {
		s.cancelRefresh()
		s.cancelRefresh = nil
	}
	s.inc.begin(changed)
	s.inc.deferOK = s.OnRefresh != nil
	s.inc.pendingSearch = 0
	w := NewMemWriter()
	if s.last != nil { // the same files again, most likely: no rehashing
		w.Files = make(map[string][]byte, len(s.last.Files))
	}
	opt := s.opt
	res, err := render(ctx, s.src, w, opt, s.inc)
	if err != nil {
		return nil, err
	}
	s.inc.commit(w.Files, res.Links)
	snap := &Snapshot{Files: w.Files, Result: res}
	if sig := s.inc.pendingSearch; sig != 0 {
		rctx, cancel := context.WithCancel(context.Background())
		s.cancelRefresh = cancel
		// The inputs are copied now: the next build may change pages.
		go s.refreshSearch(rctx, s.gen, sig, searchInputs(res.Site))
	}
	if res.fresh != nil { // a quick rebuild: the other files were carried
		for _, name := range res.fresh {
			if old, ok := s.last.Files[name]; !ok || !bytes.Equal(old, snap.Files[name]) {
				snap.Changed = append(snap.Changed, name)
			}
		}
	} else {
		for name, data := range snap.Files {
			if s.last == nil || !bytes.Equal(s.last.Files[name], data) {
				snap.Changed = append(snap.Changed, name)
			}
		}
	}
	if s.last != nil && res.fresh == nil {
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

// refreshSearch builds the search index of build gen in the background and
// publishes a snapshot that has it, unless another build has started.
func (s *Session) refreshSearch(ctx context.Context, gen int, sig uint64, in []searchInput) {
	delay := s.RefreshDelay
	if delay <= 0 {
		delay = 500 * time.Millisecond
	}
	select {
	case <-ctx.Done():
		return
	case <-time.After(delay):
	}
	opt := s.opt
	if opt.Workers <= 0 {
		opt.Workers = 1 // leave the other cores to the server
	}
	b := &builder{ctx: ctx, opt: opt, inc: s.inc}
	files, err := b.searchFiles(in)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil || ctx.Err() != nil || gen != s.gen || s.last == nil {
		return
	}
	next := make(map[string][]byte, len(s.last.Files))
	for name, data := range s.last.Files {
		if !isSearchFile(name) {
			next[name] = data
		}
	}
	snap := &Snapshot{Files: next, Result: s.last.Result}
	for _, f := range files {
		next[f.Path] = f.Data
		if !bytes.Equal(s.last.Files[f.Path], f.Data) {
			snap.Changed = append(snap.Changed, f.Path)
		}
	}
	s.inc.mu.Lock()
	for name := range s.inc.sigs {
		if isSearchFile(name) {
			delete(s.inc.sigs, name)
		}
	}
	for _, f := range files {
		s.inc.sigs[f.Path] = sig
	}
	s.inc.prev = next
	s.inc.mu.Unlock()
	sort.Strings(snap.Changed)
	s.last = snap
	if s.OnRefresh != nil {
		s.OnRefresh(snap)
	}
}
