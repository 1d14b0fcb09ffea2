package build

import (
	"hash/maphash"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/search"
	"github.com/catalyseurs/alliance/internal/sitefs"
)

// keys are the keys of one build's outputs within a Session: a hash of
// what each output is made from, so that an output whose key did not
// change since it was last made is written again from the bytes kept.
//
// What an output is made from:
//
//   - the site's shape: the configuration, the layouts, the sections and
//     the charter's parts (site);
//   - for a page: its own version, and those of its neighbours (section,
//     previous and next pages, related pages, tags); for a list: its
//     entries (those of its pager page);
//   - what its layout reads of the site beyond that (templates.Reads): a
//     list of .Site (.Site.News, .Site.Upcoming...), a section's entries;
//   - for feeds and calendars: the versions of their entries; for the
//     sitemap, their URLs and dates.
//
// A page's version covers everything another output may show of it: its
// source file's name and bytes, its place (URL, chapter, number of pages
// listed), and whether an event is still upcoming. All methods accept a
// nil receiver: one-off builds keep nothing.
type keys struct {
	memo *memo

	site       uint64            // the site's shape
	versions   []uint64          // by position in Site.All
	shapes     []uint64          // what the sitemap shows of each page, by position
	lists      map[string]uint64 // a list of .Site (see siteList) -> the key of its entries
	layoutKeys map[string]uint64 // layout name -> its hash
}

// mix adds v to the hash h (content.Mix).
func mix(h, v uint64) uint64 { return content.Mix(h, v) }

// str hashes a string.
func (m *memo) str(s string) uint64 { return maphash.String(m.seed, s) }

// renderKey is what the pages' rendered Markdown depends on among the
// layouts (see content.Options.RenderKey).
func (k *keys) renderKey() uint64 {
	if k == nil {
		return 0
	}
	return k.memo.layoutGen
}

// prepare works out the versions of every page and the site's key, once
// the site is assembled and its Markdown rendered.
func (k *keys) prepare(b *builder) {
	if k == nil {
		return
	}
	m, s := k.memo, b.site
	all := s.All()
	k.versions, k.shapes = make([]uint64, len(all)), make([]uint64, len(all))
	for i, p := range all {
		shape := p.Shape
		if shape == 0 { // a generated page
			shape = mix(m.str(p.Kind+"\x00"+p.Path+"\x00"+p.Title), uint64(p.Lastmod.UnixNano()))
		}
		v := mix(mix(mix(shape, p.Hash), uint64(p.Chapter)), uint64(len(p.Pages)))
		if p.CallsShortcodes { // what it renders to may change with other pages
			v = mix(v, m.str(string(p.Rendered().Content)))
		}
		if p.Event != nil && p.Event.Upcoming(s.Now) {
			v = mix(v, 1)
		}
		k.versions[i], k.shapes[i] = v, mix(shape, uint64(p.Lastmod.UnixNano()))
	}
	h := mix(m.cfgKey, m.layoutGen)
	for _, sec := range s.Sections {
		h = mix(h, m.str(sec.Path+"\x00"+sec.Title+"\x00"+sec.Type))
	}
	for _, pt := range s.Parts {
		h = mix(mix(mix(h, m.str(pt.Name)), uint64(pt.Number)), uint64(len(pt.Pages)))
	}
	k.site = h
	k.lists = map[string]uint64{
		"News":     k.pages(s.News),
		"Charter":  k.pages(s.Charter),
		"Events":   k.pages(s.Events),
		"Tags":     k.pages(s.Tags),
		"Sections": k.pages(s.Sections),
		"Specials": k.pages(s.Specials),
		"Home":     k.version(s.Home),
		"*":        k.pages(all),
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

func (k *keys) version(p *content.Page) uint64 {
	if p == nil {
		return 0
	}
	return k.versions[p.Index()]
}

// pages hashes the versions of pages, in order.
func (k *keys) pages(pages []*content.Page) uint64 {
	h := uint64(len(pages))
	for _, p := range pages {
		h = mix(h, k.version(p))
	}
	return h
}

// jobDeps is what an HTML output's key was made from: the positions (in
// Site.All) of the pages whose versions it read, the lists of .Site its
// layout reads, and whether it depends on the clock.
type jobDeps struct {
	pages []int32
	lists []string
	clock bool
}

// job returns the key of an HTML output (0 means "make it") and, when d
// is not nil, notes there what the key was made from.
func (k *keys) job(b *builder, j job, d *jobDeps) uint64 {
	p := j.page
	reads := b.layout.Reads(j.layout)
	if reads.Clock {
		if d != nil {
			d.clock = true
		}
		return 0 // its output depends on the time it is made
	}
	h := mix(k.site, k.memo.str(j.layout))
	one := func(q *content.Page) {
		h = mix(h, k.version(q))
		if d != nil && q != nil {
			d.pages = append(d.pages, int32(q.Index()))
		}
	}
	many := func(pages []*content.Page) {
		h = mix(h, k.pages(pages))
		if d != nil {
			for _, q := range pages {
				d.pages = append(d.pages, int32(q.Index()))
			}
		}
	}
	switch p.Kind {
	case content.KindPage:
		one(p)
		one(p.Prev)
		one(p.Next)
		one(p.Parent)
		many(p.Related)
		many(p.TagPages)
		if reads.Pages && p.Parent != nil {
			many(p.Parent.Pages)
		}
	default:
		one(p)
		one(p.Parent)
		if pg := p.Paginator; pg != nil {
			h = mix(mix(h, uint64(pg.PageNumber)), uint64(pg.TotalPages))
			many(pg.Pages)
		} else {
			many(p.Pages)
		}
	}
	for _, f := range reads.Site {
		h = mix(h, k.lists[siteList(f)])
		if d != nil {
			d.lists = append(d.lists, siteList(f))
		}
	}
	return h | 1
}

// pageRecord is what a Session keeps of one HTML output of the last good
// build, to make it again without listing the pages again.
type pageRecord struct {
	out, layout, kind string
	pos               int32 // its page, or list, in Site.All
	pager             int32 // its pager page's number, 0 for none
	data              []byte
}

// pageIndex is the HTML outputs of a Session's last good build, with the
// outputs that read each page and each list of .Site: when the next
// build's site has the same shape (the same pages at the same positions,
// see content.Site.Shape) and the same layouts, only the outputs that read
// a page or a list whose version changed are made again (see carry).
type pageIndex struct {
	reads
	records []pageRecord
}

// reads is what the outputs a Session carries read of the build that made
// them: its site's shape, layouts and configuration, the versions of its
// pages and lists, and the records that read each page, each list of
// .Site and the clock. A record is a number its index gives (a pageIndex's
// position, a post's position for the editions).
type reads struct {
	shape, layoutGen, cfgKey uint64
	readers                  map[int32][]int32  // page position -> the records that read it
	listReaders              map[string][]int32 // list of .Site -> the records that read it
	clock                    []int32            // records that depend on the clock
	versions                 []uint64
	lists                    map[string]uint64
}

// newReads starts the reads of this build, with no record yet.
func (k *keys) newReads(b *builder) reads {
	return reads{shape: b.site.Shape(), layoutGen: k.memo.layoutGen, cfgKey: k.memo.cfgKey,
		readers: map[int32][]int32{}, listReaders: map[string][]int32{}, versions: k.versions, lists: k.lists}
}

// add notes what record read.
func (r *reads) add(record int32, d jobDeps) {
	if d.clock {
		r.clock = append(r.clock, record)
	}
	for _, q := range d.pages {
		r.readers[q] = append(r.readers[q], record)
	}
	for _, l := range d.lists {
		r.listReaders[l] = append(r.listReaders[l], record)
	}
}

// stale reports whether outputs read as r can be carried into this build,
// whose site, layouts and configuration must be what r was made for, and
// which of r's records to make again: those that read the clock, or a page
// or a list whose version changed.
func (k *keys) stale(b *builder, r *reads) (map[int32]bool, bool) {
	if r.shape == 0 || r.shape != b.site.Shape() || r.layoutGen != k.memo.layoutGen ||
		r.cfgKey != k.memo.cfgKey || len(r.versions) != len(k.versions) {
		return nil, false
	}
	redo := map[int32]bool{}
	for _, rec := range r.clock {
		redo[rec] = true
	}
	for pos, v := range k.versions {
		if v != r.versions[pos] {
			for _, rec := range r.readers[int32(pos)] {
				redo[rec] = true
			}
		}
	}
	for name, v := range k.lists {
		if v != r.lists[name] {
			for _, rec := range r.listReaders[name] {
				redo[rec] = true
			}
		}
	}
	return redo, true
}

// index makes the pageIndex of this build's jobs, their deps and what was
// written for each.
func (k *keys) index(b *builder, jobs []job, deps []jobDeps, data [][]byte) *pageIndex {
	ix := &pageIndex{reads: k.newReads(b), records: make([]pageRecord, len(jobs))}
	for i, j := range jobs {
		r := pageRecord{out: j.out, layout: j.layout, kind: j.kind, pos: int32(j.page.Index()), data: data[i]}
		if j.list != nil {
			r.pos, r.pager = int32(j.list.Index()), int32(j.page.Paginator.PageNumber)
		}
		ix.records[i] = r
		ix.add(int32(i), deps[i])
	}
	return ix
}

// carried returns the last build's pageIndex when this build's site and
// layouts are what it was made for, with the records to make again: those
// that read a page or a list whose version changed.
func (k *keys) carried(b *builder) (*pageIndex, map[int32]bool, bool) {
	if k == nil {
		return nil, nil, false
	}
	ix := k.memo.pages
	if ix == nil {
		return nil, nil, false
	}
	redo, ok := k.stale(b, &ix.reads)
	return ix, redo, ok
}

// list returns the key of an output made from a list of pages (a feed, a
// calendar).
func (k *keys) list(pages []*content.Page) uint64 {
	return mix(mix(k.memo.cfgKey, k.memo.layoutGen), k.pages(pages)) | 1 // a feed item shows its cover image
}

// sitemap returns the key of the sitemap: what it shows of the site's
// pages, their URLs and dates (a page's title or text does not change it).
func (k *keys) sitemap(pages []*content.Page) uint64 {
	h := k.memo.cfgKey
	for _, p := range pages {
		var left uint64 // writeSitemap leaves the 404 page out
		if p.Kind == content.KindSpecial && p.Layout == "404" {
			left = 1
		}
		h = mix(mix(mix(h, k.memo.str(p.Permalink)), uint64(p.Lastmod.UnixNano())), left)
	}
	return h | 1
}

// redirect returns the key of a redirect to p: its URL.
func (k *keys) redirect(p *content.Page) uint64 {
	return mix(k.memo.cfgKey, k.shapes[p.Index()]) | 1
}

// output returns the bytes last made for name with key.
func (k *keys) output(name string, key uint64) ([]byte, bool) {
	if key == 0 {
		return nil, false
	}
	if e, ok := k.memo.outputs.get(name); ok && e.key == key {
		return e.data, true
	}
	return nil, false
}

// keepOutput keeps what this build made for name with key (0 for outputs
// kept only to be carried, such as static files).
func (k *keys) keepOutput(name string, key uint64, data []byte) {
	if k == nil {
		return
	}
	m := k.memo
	m.outputs.put(name, output{key, data})
	m.mu.Lock()
	m.made = append(m.made, name)
	m.mu.Unlock()
}

// rendered returns a page's Markdown as a Session rendered it, when the
// page's source and the configuration are what they were.
//
// A page whose body calls shortcodes is rendered again by every build:
// they may read any page of the site.
func (k *keys) rendered(p *content.Page) (*content.Rendered, bool) {
	if k == nil || p.File == "" {
		return nil, false
	}
	m := k.memo
	e, ok := m.rendered.get(p.File)
	if !ok {
		return nil, false
	}
	return e.out, !p.CallsShortcodes && e.hash == p.Hash && e.cfgKey == m.cfgKey && e.layoutGen == m.layoutGen
}

func (k *keys) keepRendered(p *content.Page, r *content.Rendered) {
	if k == nil || p.File == "" {
		return
	}
	m := k.memo
	e := renderedEntry{hash: p.Hash, cfgKey: m.cfgKey, layoutGen: m.layoutGen, out: r}
	m.rendered.put(p.File, e)
}

// carryStatic writes again the static files last copied, when no file of
// static/ or beside the pages changed; it reports whether it did.
func (k *keys) carryStatic(b *builder) bool {
	if k == nil {
		return false
	}
	m := k.memo
	if !m.staticOK || m.touched(sitefs.Static, sitefs.File) || m.folderUnder("static") || m.folderUnder("content") {
		return false
	}
	for _, name := range m.static {
		if e, ok := m.outputs.get(name); ok {
			b.write(name, e.data)
		}
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

// searchLater writes the last search index again and leaves the new one
// to the Session's refresh (see Session.OnRefresh); it reports whether it
// did.
func (k *keys) searchLater(b *builder) bool {
	if k == nil || !k.memo.deferSearch || len(k.memo.search) == 0 {
		return false
	}
	m := k.memo
	for _, name := range m.search {
		if e, ok := m.outputs.get(name); ok {
			b.write(name, e.data)
		}
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
