package build

import (
	"encoding/binary"
	"hash/maphash"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/search"
	"github.com/catalyseurs/alliance/internal/sitefs"
)

// keys are the keys of one build's outputs within a Session: a hash of
// what each output is made from, so that an output whose key did not
// change since the last good build is written again from the bytes kept.
//
// What an output is made from:
//
//   - the site's shape: the configuration, the layouts, the sections and
//     the charter's parts (siteKey);
//   - for a page: its own version, and those of its neighbours (section,
//     previous and next pages, related pages, tags); for a list: its
//     entries (those of its pager page);
//   - what its layout reads of the site beyond that (templates.Reads): a
//     list of .Site (.Site.News, .Site.Upcoming...), a section's entries;
//   - for feeds, calendars and the sitemap: the versions of their entries.
//
// A page's version covers everything another output may show of it: its
// source file's bytes, its place (URL, chapter, title as typeset), and
// whether an event is still upcoming. All methods accept a nil receiver:
// one-off builds keep nothing.
type keys struct {
	memo *memo

	site     uint64                   // siteKey
	versions map[*content.Page]uint64 // every page of the site
	lists    map[string]uint64        // a list of .Site (see siteList) -> the key of its entries
}

// hasher writes the parts of a key.
type hasher struct {
	h   maphash.Hash
	buf [8]byte
}

func newHasher(seed maphash.Seed) *hasher {
	var h hasher
	h.h.SetSeed(seed)
	return &h
}

func (h *hasher) str(s string) *hasher {
	h.h.WriteString(s)
	h.h.WriteByte(0)
	return h
}

func (h *hasher) num(n uint64) *hasher {
	binary.LittleEndian.PutUint64(h.buf[:], n)
	h.h.Write(h.buf[:])
	return h
}

func (h *hasher) sum() uint64 {
	s := h.h.Sum64()
	if s == 0 {
		s = 1 // 0 means "no key"
	}
	return s
}

// prepare works out the versions of every page and the site's key, once
// the site is assembled and its Markdown rendered.
func (k *keys) prepare(b *builder) {
	if k == nil {
		return
	}
	s := b.site
	all := s.All()
	k.versions = make(map[*content.Page]uint64, len(all))
	h := newHasher(k.memo.seed)
	for _, p := range all {
		h.h.Reset()
		h.str(p.Kind).str(p.Path).str(p.Title).num(p.Hash).num(uint64(p.Date.UnixNano())).num(uint64(p.Lastmod.UnixNano()))
		h.num(uint64(p.Chapter)).num(uint64(len(p.Pages)))
		if p.Event != nil && p.Event.Upcoming(s.Now) {
			h.str("upcoming")
		}
		k.versions[p] = h.sum()
	}
	h.h.Reset()
	h.num(k.memo.cfgKey).num(k.memo.layoutGen)
	for _, sec := range s.Sections {
		h.str(sec.Path).str(sec.Title).str(sec.Type)
	}
	for _, pt := range s.Parts {
		h.str(pt.Name).num(uint64(pt.Number)).num(uint64(len(pt.Pages)))
	}
	k.site = h.sum()
	k.lists = map[string]uint64{
		"News":     k.pages(s.News...),
		"Charter":  k.pages(s.Charter...),
		"Events":   k.pages(s.Events...),
		"Tags":     k.pages(s.Tags...),
		"Sections": k.pages(s.Sections...),
		"Specials": k.pages(s.Specials...),
		"Home":     k.pages(s.Home),
		"*":        k.pages(all...),
	}
}

// siteList names the list of pages behind a field of .Site, whose key
// covers what the field gives: "News" for .Site.RecentNews, "*" (every
// page) for .Site.Pages or a field it does not know.
func siteList(field string) string {
	switch field {
	case "News", "RecentNews":
		return "News"
	case "Charter", "Parts":
		return "Charter"
	case "Events", "Upcoming", "Past":
		return "Events"
	case "Tags", "TagIndex":
		return "Tags"
	case "Sections", "Section":
		return "Sections"
	case "Specials", "Home":
		return field
	}
	return "*"
}

// pages hashes the versions of pages, in order.
func (k *keys) pages(pages ...*content.Page) uint64 {
	h := newHasher(k.memo.seed)
	for _, p := range pages {
		if p == nil {
			h.num(0)
			continue
		}
		h.num(k.versions[p])
	}
	return h.sum()
}

// job returns the key of an HTML output.
func (k *keys) job(b *builder, j job) uint64 {
	p := j.page
	reads := b.layout.Reads(j.layout)
	if reads.Clock {
		return 0 // its output depends on the time it is made
	}
	h := newHasher(k.memo.seed)
	h.num(k.site).str(j.layout).str(j.out)
	version := func(q *content.Page) {
		if q == nil {
			h.num(0)
		} else {
			h.num(k.versions[q])
		}
	}
	switch p.Kind {
	case content.KindPage:
		version(p)
		version(p.Prev)
		version(p.Next)
		version(p.Parent)
		for _, q := range p.Related {
			version(q)
		}
		for _, t := range p.TagPages {
			version(t)
		}
		if reads.Pages && p.Parent != nil {
			h.num(k.pages(p.Parent.Pages...))
		}
	default:
		version(p.Parent)
		if pg := p.Paginator; pg != nil {
			version(j.list) // the list page itself, for pages 2, 3...
			h.num(uint64(pg.PageNumber)).num(uint64(pg.TotalPages))
			for _, q := range pg.Pages {
				version(q)
			}
		} else {
			version(p)
			for _, q := range p.Pages {
				version(q)
			}
		}
	}
	for _, f := range reads.Site {
		h.num(k.lists[siteList(f)])
	}
	return h.sum()
}

// list returns the key of an output made from a list of pages (a feed, a
// calendar, the sitemap).
func (k *keys) list(name string, pages []*content.Page) uint64 {
	return newHasher(k.memo.seed).num(k.memo.cfgKey).str(name).num(k.pages(pages...)).sum()
}

// output returns the bytes the last good build wrote for name with key.
func (k *keys) output(name string, key uint64) ([]byte, bool) {
	if key == 0 {
		return nil, false
	}
	m := k.memo
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.outputs[name]
	if ok && e.key == key {
		m.next[name] = e
		return e.data, true
	}
	return nil, false
}

// keepOutput keeps what this build wrote for name, made with key (0 for
// outputs kept only to be carried, such as static files).
func (k *keys) keepOutput(name string, key uint64, data []byte) {
	if k == nil {
		return
	}
	m := k.memo
	m.mu.Lock()
	m.next[name] = output{key, data}
	m.made = append(m.made, name)
	m.mu.Unlock()
}

// rendered returns a page's Markdown as a Session rendered it, when the
// page's source and the configuration are what they were.
func (k *keys) rendered(p *content.Page) (*content.Rendered, bool) {
	if k == nil || p.File == "" {
		return nil, false
	}
	m := k.memo
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.rendered[p.File]
	if ok && e.hash == p.Hash && e.cfgKey == m.cfgKey {
		m.nextRendered[p.File] = e
		return e.out, true
	}
	return nil, false
}

func (k *keys) keepRendered(p *content.Page, r *content.Rendered) {
	if k == nil || p.File == "" {
		return
	}
	m := k.memo
	m.mu.Lock()
	m.nextRendered[p.File] = renderedEntry{p.Hash, m.cfgKey, r}
	m.mu.Unlock()
}

// carryStatic writes again the static files of the last good build, when
// no file of static/ or beside the pages changed; it reports whether it did.
func (k *keys) carryStatic(b *builder) bool {
	if k == nil {
		return false
	}
	m := k.memo
	if !m.staticOK || m.touched(sitefs.Static, sitefs.File) || m.folderUnder("static") || m.folderUnder("content") {
		return false
	}
	for _, name := range m.static {
		e := m.outputs[name]
		b.write(name, e.data)
		m.mu.Lock()
		m.next[name] = e
		m.mu.Unlock()
	}
	m.nextStatic = m.static
	return true
}

func (k *keys) keepStatic(names []string) {
	if k != nil {
		k.memo.nextStatic = names
	}
}

// memoOrNil returns the Session's memory, or nil.
func (k *keys) memoOrNil() *memo {
	if k == nil {
		return nil
	}
	return k.memo
}

// searchLater writes the last good build's search index again and leaves
// the new one to the Session's refresh (see Session.OnRefresh); it reports
// whether it did.
func (k *keys) searchLater(b *builder) bool {
	if k == nil || !k.memo.deferSearch || len(k.memo.search) == 0 {
		return false
	}
	m := k.memo
	for _, name := range m.search {
		e := m.outputs[name]
		b.write(name, e.data)
		m.mu.Lock()
		m.next[name] = e
		m.mu.Unlock()
	}
	m.nextSearch = m.search
	m.pendingSearch = true
	return true
}

func (k *keys) keepSearch(files []search.File) {
	if k == nil {
		return
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Path
		k.keepOutput(f.Path, 0, f.Data)
	}
	k.memo.nextSearch = names
}

