package build

import (
	"hash/maphash"
	"maps"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/markdown"
	"github.com/catalyseurs/alliance/internal/search"
	"github.com/catalyseurs/alliance/internal/templates"
)

// incState is what a Session keeps from one build to the next, so that a
// rebuild redoes only what a change can reach:
//
//   - site.yaml and the layouts are parsed again only when they changed;
//   - content files are read again only when they changed (content.Cache);
//   - a body is converted again only when its file was read again;
//   - an output is rendered again only when its signature changed: a hash
//     of what it shows (its page, its neighbours, related pages, tags and
//     section; a list's entries), each with the revision of its source, and
//     of the site's shape (configuration, layouts, sections, charter parts).
//     Home and tag index, which read site-wide lists, are always rendered
//     again.
//
// Feeds, calendars and the search index are redone when the revisions of
// their entries changed. All methods accept a nil receiver: one-off builds
// have no state and redo everything.
type incState struct {
	seed    maphash.Seed
	changed map[string]bool // source paths changed since the last build; nil means all

	cfgSrc  []byte
	cfg     *config.Config
	conv    *markdown.Converter
	layout  *templates.Set
	layouts uint64 // generation of the layout set, part of the site's signature

	content content.Cache

	mu    sync.Mutex
	md    map[string]mdEntry    // source file -> its converted body
	words map[string]termsEntry // source file -> its search terms
	sigs  map[string]uint64     // output -> signature when it was written (last good build)
	prev  map[string][]byte     // output -> bytes (last good build)
	next  map[string]uint64     // signatures of the build under way

	static map[string]bool // outputs copied from static/ and content/ (last good build)

	deferOK       bool   // the session refreshes the search index in the background
	pendingSearch uint64 // signature of the search index still to build; 0 if none

	committed bool                              // the last build succeeded and was kept
	prevOK    bool                              // the build before this one was kept
	links     map[*content.Page][]markdown.Link // links of the last kept build
	jobs      []job                             // HTML outputs of the last build
}

type termsEntry struct {
	rev   uint64
	title string // titles of generated pages are not revisions
	terms search.Terms
}

type mdEntry struct {
	rev uint64
	res rendered
}

func newIncState() *incState {
	return &incState{seed: maphash.MakeSeed(), md: map[string]mdEntry{}, words: map[string]termsEntry{}, sigs: map[string]uint64{}}
}

// begin starts a build: changed is nil for "anything may have changed".
func (s *incState) begin(changed []string) {
	s.prevOK, s.committed = s.committed, false
	s.next = make(map[string]uint64, len(s.sigs))
	if changed == nil {
		s.changed = nil
		return
	}
	s.changed = map[string]bool{}
	for _, c := range changed {
		s.changed[c] = true
	}
}

// size is the number of outputs of the previous build, to size maps.
func (s *incState) size() int {
	if s == nil {
		return 0
	}
	return len(s.prev)
}

// commit keeps the signatures and files of a successful build.
func (s *incState) commit(files map[string][]byte, links map[*content.Page][]markdown.Link) {
	s.sigs, s.prev, s.links, s.committed = s.next, files, links, true
}

// quickRebuild reports whether this build can start from the previous
// one's outputs and redo only those that show a changed page: the content
// load took the quick path (no page moved; see content.Cache), and the
// configuration, layouts and static files are those of the previous build,
// which succeeded. The set of outputs is then the same; only bytes change.
func (s *incState) quickRebuild() ([]*content.Page, bool) {
	if s == nil || !s.prevOK || s.changed == nil || s.prev == nil || !s.reuseLayouts() || !s.staticUnchanged() {
		return nil, false
	}
	return s.content.Updated()
}

// carry starts this build's signatures from the previous build's.
func (s *incState) carry() {
	s.mu.Lock()
	s.next = maps.Clone(s.sigs)
	s.mu.Unlock()
}

func (s *incState) changedList() []string {
	if s == nil || s.changed == nil {
		return nil
	}
	out := make([]string, 0, len(s.changed))
	for c := range s.changed {
		out = append(out, c)
	}
	return out
}

// touched reports whether a changed path starts with prefix (or everything
// may have changed).
func (s *incState) touched(prefix string) bool {
	if s.changed == nil {
		return true
	}
	for c := range s.changed {
		if strings.HasPrefix(c, prefix) || strings.HasPrefix(prefix, c+"/") {
			return true
		}
	}
	return false
}

func (s *incState) reuseConfig() bool {
	return s != nil && s.cfg != nil && !s.touched("site.yaml")
}

func (s *incState) newConfig(src []byte, cfg *config.Config, conv *markdown.Converter) {
	if s == nil {
		return
	}
	s.cfgSrc, s.cfg, s.conv = src, cfg, conv
	s.md = map[string]mdEntry{}
	s.words = map[string]termsEntry{}
	s.layout = nil // its functions hold the old converter
}

func (s *incState) reuseLayouts() bool {
	return s != nil && s.layout != nil && !s.touched("layouts")
}

func (s *incState) newLayouts(set *templates.Set) {
	if s != nil {
		s.layout = set
		s.layouts++
	}
}

// markdown returns the converted body of p if its file was not read again.
func (s *incState) markdown(p *content.Page) (rendered, bool) {
	if s == nil || p.Rev == 0 || p.File == "" {
		return rendered{}, false
	}
	s.mu.Lock()
	e, ok := s.md[p.File]
	s.mu.Unlock()
	return e.res, ok && e.rev == p.Rev
}

func (s *incState) keepMarkdown(p *content.Page, res rendered) {
	if s == nil || p.Rev == 0 || p.File == "" {
		return
	}
	s.mu.Lock()
	s.md[p.File] = mdEntry{p.Rev, res}
	s.mu.Unlock()
}

// terms returns the search terms of a page's file at revision rev, if
// they were kept.
func (s *incState) terms(file string, rev uint64, title string) (search.Terms, bool) {
	if s == nil || rev == 0 || file == "" {
		return nil, false
	}
	s.mu.Lock()
	e, ok := s.words[file]
	s.mu.Unlock()
	return e.terms, ok && e.rev == rev && e.title == title
}

func (s *incState) keepTerms(file string, rev uint64, title string, t search.Terms) {
	if s == nil || rev == 0 || file == "" {
		return
	}
	s.mu.Lock()
	s.words[file] = termsEntry{rev, title, t}
	s.mu.Unlock()
}

// deferSearch is set by a Session that refreshes the search index after
// the rebuilt pages are served; see Session.OnRefresh.
func (s *incState) deferSearch(b *builder, sig uint64) bool {
	if s == nil || !s.deferOK || s.changed == nil || s.prev == nil {
		return false
	}
	if !b.reuseAll(isSearchFile) {
		return false
	}
	s.pendingSearch = sig
	return true
}

// wrote records the signature of an output written in this build.
func (s *incState) wrote(name string, sig uint64) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.next[name] = sig
	s.mu.Unlock()
}

// reuse writes the previous bytes of output name when its signature did
// not change, and reports whether it did.
func (b *builder) reuse(name string, sig uint64) bool {
	s := b.inc
	if s == nil || sig == 0 {
		return false
	}
	s.mu.Lock()
	data, ok := s.prev[name]
	ok = ok && s.sigs[name] == sig
	s.mu.Unlock()
	if !ok {
		return false
	}
	b.write(name, data)
	s.wrote(name, sig)
	return true
}

// signer hashes the parts of a signature.
type signer struct{ h maphash.Hash }

func (b *builder) signer() *signer {
	var g signer
	g.h.SetSeed(b.inc.seed)
	return &g
}

func (g *signer) str(s string) *signer {
	g.h.WriteString(s)
	g.h.WriteByte(0)
	return g
}

func (g *signer) num(n uint64) *signer {
	var buf [20]byte
	g.h.Write(strconv.AppendUint(buf[:0], n, 10))
	g.h.WriteByte(0)
	return g
}

func (g *signer) flag(v bool) *signer {
	if v {
		return g.str("1")
	}
	return g.str("0")
}

// page adds what another page's output may show of p.
func (g *signer) page(p *content.Page) *signer {
	if p == nil {
		return g.str("-")
	}
	g.str(p.Path).num(p.Rev)
	if p.Rev == 0 { // generated pages: tags, lists
		g.str(p.Title).num(uint64(len(p.Pages)))
	}
	if p.Event != nil {
		g.flag(p.Event.Upcoming(p.Site.Now))
	}
	return g
}

func (g *signer) sum() uint64 {
	s := g.h.Sum64()
	if s == 0 {
		s = 1 // 0 means "never reuse"
	}
	return s
}

// siteSignature hashes the site-wide things every page may show: the
// configuration, the layouts, the sections and the charter's parts.
func (b *builder) siteSignature() uint64 {
	if b.inc == nil {
		return 0
	}
	g := b.signer()
	g.h.Write(b.inc.cfgSrc)
	g.num(b.inc.layouts).str(b.cfg.BaseURL)
	for _, sec := range b.site.Sections {
		g.str(sec.Path).str(sec.Title).str(sec.Type)
	}
	for _, pt := range b.site.Parts {
		g.str(pt.Name).num(uint64(pt.Number)).num(uint64(len(pt.Pages)))
	}
	return g.sum()
}

// jobSignature hashes what one output shows; 0 means "always render".
func (b *builder) jobSignature(siteSig uint64, j job) uint64 {
	if b.inc == nil {
		return 0
	}
	p := j.page
	g := b.signer().num(siteSig).str(j.layout).str(j.out)
	if !eachShown(j, func(q *content.Page) { g.page(q) }) {
		return 0
	}
	switch p.Kind {
	case content.KindPage:
		g.num(uint64(p.Chapter)).str(p.Part)
		for _, t := range p.TagPages {
			g.str(t.Path).str(t.Title)
		}
	case content.KindSection, content.KindTerm:
		if pg := p.Paginator; pg != nil {
			g.num(uint64(pg.PageNumber)).num(uint64(pg.TotalPages))
		}
	}
	return g.sum()
}

// eachShown calls f with each page whose revision an output shows: its
// own page, then its neighbours, section and related pages, or a list's
// entries. It returns false for the outputs that read site-wide lists
// (home, tag index), which are always rendered.
func eachShown(j job, f func(*content.Page)) bool {
	p := j.page
	switch p.Kind {
	case content.KindPage:
		f(p)
		f(p.Prev)
		f(p.Next)
		f(p.Parent)
		for _, q := range p.Related {
			f(q)
		}
	case content.KindSection, content.KindTerm:
		f(p)
		pages := p.Pages
		if pg := p.Paginator; pg != nil {
			pages = pg.Pages
		}
		for _, q := range pages {
			f(q)
		}
	case content.KindSpecial:
		// The complete charter shows its pages; 404 and search show none.
		f(p)
		for _, q := range p.Pages {
			f(q)
		}
	default:
		return false // home and tag index: they read site-wide lists
	}
	return true
}

// shows reports whether output j shows one of pages (or always renders).
func shows(j job, pages []*content.Page) bool {
	found := false
	always := !eachShown(j, func(q *content.Page) {
		for _, u := range pages {
			if q == u {
				found = true
			}
		}
	})
	return always || found
}

// listSignature hashes a list of pages, for feeds, calendars and search.
func (b *builder) listSignature(parts ...any) uint64 {
	if b.inc == nil {
		return 0
	}
	g := b.signer()
	g.h.Write(b.inc.cfgSrc)
	for _, part := range parts {
		switch v := part.(type) {
		case string:
			g.str(v)
		case []*content.Page:
			for _, p := range v {
				g.page(p)
			}
		}
	}
	return g.sum()
}

// reuseAll writes again every previous output whose name has prefix and
// that was not written in this build; it reports whether there was one.
func (b *builder) reuseAll(match func(name string) bool) bool {
	s := b.inc
	if s == nil || s.prev == nil {
		return false
	}
	if b.quick { // the previous outputs are carried already
		s.mu.Lock()
		defer s.mu.Unlock()
		for name := range s.prev {
			if match(name) {
				return true
			}
		}
		return false
	}
	var names []string
	s.mu.Lock()
	for name := range s.prev {
		if _, done := s.next[name]; !done && match(name) {
			names = append(names, name)
		}
	}
	s.mu.Unlock()
	for _, n := range names {
		b.write(n, s.prev[n])
		s.wrote(n, s.sigs[n])
	}
	return len(names) > 0
}

// staticUnchanged reports whether no file of static/ and no non-Markdown
// file of content/ changed.
func (s *incState) staticUnchanged() bool {
	if s == nil || s.changed == nil || s.prev == nil {
		return false
	}
	for c := range s.changed {
		if strings.HasPrefix(c, "static/") || c == "static" ||
			strings.HasPrefix(c, "content/") && !strings.HasSuffix(c, ".md") && !content.Ignored(path.Base(c)) {
			return false
		}
	}
	return true
}

// isSearchFile reports the search index's outputs.
func isSearchFile(name string) bool {
	return name == "search-index.json" || strings.HasPrefix(name, "search/docs/") || strings.HasPrefix(name, "search/shards/")
}
