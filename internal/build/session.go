package build

import (
	"bytes"
	"context"
	"errors"
	"hash/maphash"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/data"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/email"
	"github.com/catalyseurs/alliance/internal/markdown"
	"github.com/catalyseurs/alliance/internal/search"
	"github.com/catalyseurs/alliance/internal/sitefs"
	"github.com/catalyseurs/alliance/internal/templates"
)

// Snapshot is one complete build held in memory, as serve shows it. It is
// never changed once returned: a rebuild makes a new one.
type Snapshot struct {
	Files   map[string][]byte // output path ("actualites/x/index.html") -> bytes
	Result  *Result
	Changed []string // output paths whose bytes differ from the previous snapshot, sorted
}

// Session builds a site again and again, for serve. It keeps what each
// phase made, with a key of what it was made from (see keys and memo):
// the configuration and layouts until their files change, each Markdown
// file's decoded front matter until it changes, each page's rendered
// Markdown while its source is the same, and each output while its key
// is. A rebuild runs every phase, over those, and gives the same files as
// a clean build.
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
	m    *memo
	last *Snapshot
	gen  int // builds started, to drop stale refreshes

	cancelRefresh context.CancelFunc // stops the pending refresh, if any
}

// NewSession returns a session over the site in src.
func NewSession(src fs.FS, opt Options) *Session {
	return &Session{src: src, opt: opt, m: newMemo()}
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
	for _, c := range changed {
		if c == data.Dir || strings.HasPrefix(c, data.Dir+"/") {
			changed = nil // any layout may read .Site.Data
			break
		}
	}
	s.gen++
	if s.cancelRefresh != nil {
		s.cancelRefresh()
		s.cancelRefresh = nil
	}
	m := s.m
	m.begin(changed, s.OnRefresh != nil && s.last != nil)
	m.last, m.added, m.removed = nil, nil, false
	if s.last != nil {
		m.last = s.last.Files
	}
	w := NewMemWriter()
	if s.last != nil {
		w.Files = make(map[string][]byte, len(s.last.Files))
	}
	res, err := run(ctx, s.src, w, s.opt, m)
	if err != nil {
		m.abort()
		return nil, err
	}
	m.commit(w.Files)
	snap := &Snapshot{Files: w.Files, Result: res}
	// Outputs written from kept bytes are those of the last build: only
	// those made again, and those written without a key (aliases,
	// robots.txt), may differ.
	for _, name := range m.written() {
		if old, had := s.last.file(name); !had || !bytes.Equal(old, snap.Files[name]) {
			snap.Changed = append(snap.Changed, name)
		}
	}
	if s.last != nil {
		// When the last build's outputs are all written again, none was
		// removed, and they need not be looked at one by one.
		snap.Changed = append(snap.Changed, m.added...)
		if m.removed {
			for name := range s.last.Files {
				if _, ok := snap.Files[name]; !ok {
					snap.Changed = append(snap.Changed, name) // removed
				}
			}
		}
	}
	sort.Strings(snap.Changed)
	snap.Changed = slices.Compact(snap.Changed)
	s.last = snap
	if m.pendingSearch {
		rctx, cancel := context.WithCancel(context.Background())
		s.cancelRefresh = cancel
		go s.refreshSearch(rctx, s.gen, res.Site)
	}
	return snap, nil
}

// file returns a file of the snapshot, if any.
func (s *Snapshot) file(name string) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	data, ok := s.Files[name]
	return data, ok
}

// refreshSearch builds the search index of build gen in the background and
// publishes a snapshot that has it, unless another build has started.
func (s *Session) refreshSearch(ctx context.Context, gen int, site *content.Site) {
	delay := s.RefreshDelay
	if delay <= 0 {
		delay = 500 * time.Millisecond
	}
	select {
	case <-ctx.Done():
		return
	case <-time.After(delay):
	}
	workers := s.opt.Workers
	if workers <= 0 {
		workers = 1 // leave the other cores to the server
	}
	files, err := searchFiles(ctx, site, s.m, workers)
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
	names := make([]string, len(files))
	for i, f := range files {
		next[f.Path] = f.Data
		names[i] = f.Path
		if !bytes.Equal(s.last.Files[f.Path], f.Data) {
			snap.Changed = append(snap.Changed, f.Path)
		}
	}
	s.m.refreshed(files, names)
	sort.Strings(snap.Changed)
	s.last = snap
	if s.OnRefresh != nil {
		s.OnRefresh(snap)
	}
}

// isSearchFile reports the search index's outputs.
func isSearchFile(name string) bool {
	return search.IsIndexFile(name)
}

// memo is what a Session keeps from one build to the next: each phase's
// results with what they were made from. Its fields are set by the
// build's phases (see keys), under mu where phases run in parallel.
type memo struct {
	seed maphash.Seed

	// This build's changes: every path changed since the last build, or
	// all of them.
	all     bool
	changed []string

	cfgSrc  []byte // site.yaml as parsed, with the base URL override
	cfgBase string
	cfg     *config.Config
	conv    *markdown.Converter
	cfgKey  uint64

	layout    *templates.Set
	layoutGen uint64 // changes whenever the layouts are read again, or an image may have changed

	images *imageState // the images' processor and what it knows

	inliner email.Inliner // the e-mail editions' style sheets and selectors, parsed once (bounded)

	sources  map[string]*content.Source // Markdown file -> as read
	files    content.Files
	assembly content.Memo

	rendered     store[renderedEntry] // Markdown file -> its rendered body
	outputs      store[output]        // output -> its key and bytes, as last made
	editionFiles store[editionEntry]  // a post's output folder -> its edition's images

	// The outputs of the last good build (its snapshot's), and how this
	// build's differ from them: the names they lack, and whether some of
	// theirs were not written again (see countingWriter.against).
	last    map[string][]byte
	added   []string
	removed bool

	mu    sync.Mutex
	made  []string // outputs made (not reused) by this build, or written without a key
	words map[string]termsEntry

	pages, nextPages       *pageIndex    // the HTML outputs of the last good build and of this one
	editions, nextEditions *editionIndex // the e-mail editions of the last good build and of this one
	links, nextLinks       *linkIndex    // the link check of the last good build and of this one

	static, nextStatic []string // outputs copied from static/ and content/
	staticOK           bool
	search, nextSearch []string // the search index's outputs
	deferSearch        bool     // leave the search index to the refresh
	pendingSearch      bool     // this build did
}

type output struct {
	key  uint64
	data []byte
}

type renderedEntry struct {
	hash, cfgKey, layoutGen uint64 // a body's images, shortcodes and hooks are written by layouts
	out                     *content.Rendered
}

type termsEntry struct {
	hash  uint64
	terms search.Terms
}

func newMemo() *memo {
	return &memo{seed: maphash.MakeSeed(), words: map[string]termsEntry{}}
}

// begin starts a build: changed is nil for "anything may have changed".
func (m *memo) begin(changed []string, deferSearch bool) {
	m.all, m.changed = changed == nil, changed
	if m.all || imageChange(changed) {
		m.layoutGen++ // every page may show the image
	}
	m.made = m.made[:0]
	m.nextStatic, m.nextSearch, m.nextPages, m.nextLinks, m.nextEditions = nil, nil, nil, nil, nil
	m.deferSearch, m.pendingSearch = deferSearch && !m.all, false
}

// commit keeps what a successful build made; files are all its outputs.
// Kept outputs and bodies the build did not use are forgotten when there
// are many more of them than the build used.
//
// What a failed build made is kept too: each entry holds the key it was
// made with, and is reused only for that key.
func (m *memo) commit(files map[string][]byte) {
	m.static, m.staticOK = m.nextStatic, true
	m.search = m.nextSearch
	m.pages, m.links, m.editions = m.nextPages, m.nextLinks, m.nextEditions
	m.flush()
	if m.outputs.len() > 2*len(files)+64 {
		m.outputs.keep(func(name string) bool { _, ok := files[name]; return ok })
	}
	if m.rendered.len() > 2*len(m.sources)+64 {
		m.rendered.keep(func(file string) bool { _, ok := m.sources[file]; return ok })
	}
}

// abort ends a failed build.
func (m *memo) abort() {
	m.flush()
	m.pendingSearch = false
}

// flush keeps what the build made, failed or not: each entry holds the
// key it was made with.
func (m *memo) flush() {
	m.outputs.flush()
	m.rendered.flush()
	m.editionFiles.flush()
}

// written returns the outputs this build made, or wrote without a key.
func (m *memo) written() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.made
}

// wrote notes an output written without a key.
func (m *memo) wrote(name string) {
	m.mu.Lock()
	m.made = append(m.made, name)
	m.mu.Unlock()
}

// refreshed keeps the search index a refresh made.
func (m *memo) refreshed(files []search.File, names []string) {
	for _, f := range files {
		m.outputs.put(f.Path, output{0, f.Data})
	}
	m.outputs.flush()
	if !slices.Equal(m.search, names) {
		m.links = nil // checked against the outputs of before
	}
	m.search = names
}

// touched reports whether a changed path has one of roles, or any may have.
func (m *memo) touched(roles ...sitefs.Role) bool {
	if m.all {
		return true
	}
	for _, c := range m.changed {
		if slices.Contains(roles, sitefs.RoleOf(c)) {
			return true
		}
	}
	return false
}

// under reports whether a changed path is top or below it.
func (m *memo) under(top string) bool {
	for _, c := range m.changed {
		if c == top || strings.HasPrefix(c, top+"/") {
			return true
		}
	}
	return false
}

// folderUnder reports whether a changed path may be a folder below top
// (or top itself), whose files may all have changed.
func (m *memo) folderUnder(top string) bool {
	for _, c := range m.changed {
		if (c == top || strings.HasPrefix(c, top+"/")) && sitefs.RoleOf(c) == sitefs.Folder {
			return true
		}
	}
	return false
}

// config returns the configuration of the last build when site.yaml and
// the base URL override are the same.
func (k *keys) config(src []byte, base string) (*config.Config, *markdown.Converter, bool) {
	if k == nil {
		return nil, nil, false
	}
	m := k.memo
	if m.cfg != nil && bytes.Equal(src, m.cfgSrc) && base == m.cfgBase {
		return m.cfg, m.conv, true
	}
	return nil, nil, false
}

func (k *keys) keepConfig(src []byte, base string, cfg *config.Config, conv *markdown.Converter) {
	if k == nil {
		return
	}
	m := k.memo
	m.cfgSrc, m.cfgBase, m.cfg, m.conv = bytes.Clone(src), base, cfg, conv
	m.cfgKey = mix(m.str(string(src)), m.str(base))
	m.all = true // a new configuration changes sections, zones, URLs: read everything again
	m.layout = nil
}

// layouts returns the layouts of the last build when no layout changed.
func (k *keys) layouts() (*templates.Set, bool) {
	if k == nil {
		return nil, false
	}
	m := k.memo
	if m.layout == nil || m.all || m.under("layouts") {
		m.layout = nil
		return nil, false
	}
	return m.layout, true
}

func (k *keys) keepLayouts(set *templates.Set) {
	if k != nil {
		k.memo.layout = set
		k.memo.layoutGen++
	}
}

// loadContent assembles the site from the Markdown files read before,
// reading again those that changed.
func (k *keys) loadContent(b *builder) (*content.Site, diag.List, error) {
	m := k.memo
	var errs diag.List
	switch {
	case m.sources == nil || m.all || m.folderUnder("content"):
		var files content.Files
		files, errs = content.Walk(b.ctx, b.src)
		sources := content.ReadAll(b.ctx, b.src, b.cfg, files.Markdown, b.conv.Typeset)
		m.files, m.sources = files, make(map[string]*content.Source, len(sources))
		for _, s := range sources {
			if s != nil {
				m.sources[s.File] = s
			}
		}
	default:
		for _, c := range m.changed {
			switch sitefs.RoleOf(c) {
			case sitefs.Page:
				if _, err := fs.Stat(b.src, c); err != nil {
					delete(m.sources, c)
					m.files.Markdown = remove(m.files.Markdown, c)
					continue
				}
				m.sources[c] = content.Read(b.src, c, b.cfg, b.conv.Typeset)
				m.files.Markdown = insert(m.files.Markdown, c)
			case sitefs.File:
				if _, err := fs.Stat(b.src, c); err != nil {
					m.files.Other = remove(m.files.Other, c)
				} else {
					m.files.Other = insert(m.files.Other, c)
				}
			}
		}
	}
	if err := b.ctx.Err(); err != nil {
		return nil, nil, err
	}
	if !m.all && imageChange(m.changed) {
		// The last assembly's pages keep their rendered Markdown, whose
		// pictures name the images' outputs: assemble anew.
		m.assembly = content.Memo{}
	}
	sources := make([]*content.Source, 0, len(m.files.Markdown))
	for _, f := range m.files.Markdown {
		if s := m.sources[f]; s != nil {
			sources = append(sources, s)
		}
	}
	site, warns, err := content.Assemble(b.cfg, sources, m.files.Other, b.contentOptions(), &m.assembly)
	if len(errs) > 0 {
		errs = append(errs, asList(err)...)
		errs.Sort()
		return site, warns, errs
	}
	return site, warns, err
}

// insert adds s to the sorted list, once.
func insert(list []string, s string) []string {
	i, found := slices.BinarySearch(list, s)
	if found {
		return list
	}
	return slices.Insert(list, i, s)
}

// remove takes s out of the sorted list.
func remove(list []string, s string) []string {
	if i, found := slices.BinarySearch(list, s); found {
		return slices.Delete(list, i, i+1)
	}
	return list
}

func asList(err error) diag.List {
	if err == nil {
		return nil
	}
	var l diag.List
	if errors.As(err, &l) {
		return l
	}
	return diag.List{&diag.Error{Msg: err.Error(), Err: err}}
}

// terms returns the search terms kept for a document, if it is the same.
func (m *memo) terms(d search.Doc) (search.Terms, bool) {
	if m == nil {
		return nil, false
	}
	h := docHash(m.seed, d)
	m.mu.Lock()
	e, ok := m.words[d.URL]
	m.mu.Unlock()
	return e.terms, ok && e.hash == h
}

func (m *memo) keepTerms(d search.Doc, t search.Terms) {
	if m == nil {
		return
	}
	h := docHash(m.seed, d)
	m.mu.Lock()
	m.words[d.URL] = termsEntry{h, t}
	m.mu.Unlock()
}

func docHash(seed maphash.Seed, d search.Doc) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, s := range []string{d.Title, d.Summary, d.Text, d.Section, d.Date} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	// The sections split the text's terms (TermCount.Section).
	for _, s := range d.Sections {
		h.WriteString(strconv.Itoa(s.Start))
		h.WriteByte(0)
	}
	return h.Sum64()
}
