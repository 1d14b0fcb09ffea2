package content

import (
	"runtime"
	"slices"
	"sync"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/diag"
)

// Memo keeps what one Assemble worked out, for the next one of a serve
// session, with what it was worked out from:
//
//   - the whole site, with the sources it was assembled from: when the
//     next sources have the same files and the same shapes (Meta.Shape:
//     only their text changed, as with most saves), the clock has not
//     passed the site's next change, and nothing else differs, the site
//     is the same but for the pages' Meta, and is copied (see rebase)
//     instead of assembled again;
//   - each page's related pages, with a key of what they depend on (see
//     related).
//
// The zero value is ready; a nil *Memo keeps nothing.
type Memo struct {
	mu      sync.Mutex
	cfg     *config.Config         // of the last assembly
	related map[uint64]memoRelated // page (its Shape) -> its related pages

	site    *Site // the last assembly
	sources []*Source
	files   []string
	opt     Options
	errs    diag.List // its own errors (two sources of one URL), beside the sources'
	reuses  int       // sites reused, for tests
}

// keep notes an assembly for reuse.
func (m *Memo) keep(cfg *config.Config, sources []*Source, files []string, opt Options, s *Site, errs diag.List) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cfg, m.site, m.sources, m.files, m.opt, m.errs = cfg, s, slices.Clone(sources), slices.Clone(files), opt, errs
}

// reuse returns the site the last assembly made, copied for sources, when
// they place every page where it was (see Memo), and its own errors.
func (m *Memo) reuse(cfg *config.Config, sources []*Source, files []string, opt Options) (*Site, diag.List, bool) {
	if m == nil {
		return nil, nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	old := m.site
	switch {
	case old == nil || cfg != m.cfg || opt.Drafts != m.opt.Drafts || opt.Future != m.opt.Future || opt.Expired != m.opt.Expired || opt.DataKey != m.opt.DataKey,
		opt.Now.Before(old.Now) || !old.NextChange.IsZero() && !opt.Now.Before(old.NextChange),
		len(sources) != len(m.sources) || !slices.Equal(files, m.files):
		return nil, nil, false
	}
	changed := map[string]*Meta{}
	for i, src := range sources {
		prev := m.sources[i]
		if src.File != prev.File || src.Shape() != prev.Shape() || src.Shape() == 0 {
			return nil, nil, false
		}
		if src.meta != prev.meta {
			changed[src.File] = src.meta
		}
	}
	s := old.rebase(changed, opt, opt.RenderKey != m.opt.RenderKey)
	m.site, m.sources, m.opt = s, slices.Clone(sources), opt
	m.reuses++
	return s, m.errs, true
}

// rebaseChunk is the fewest pages for which rebase starts one more worker.
var rebaseChunk = 2048

// rebase returns a copy of s, at opt's clock and with opt's renderer, in
// which the pages of the files in metas have those Meta. Every page is
// copied, and every link between pages made to the copies: the result
// shares no page with s, and nothing of s changes. A page whose Meta is
// the same keeps what its Markdown renders to (computed once, whichever
// site asks first): its text and the URLs it links to are the same; but
// a page that calls shortcodes, which may read any page, and every page
// when rerender is set, renders again.
func (s *Site) rebase(metas map[string]*Meta, opt Options, rerender bool) *Site {
	ns := *s
	ns.Now, ns.renderer = opt.Now, opt.Render
	arena := make([]Page, len(s.all))
	outs := make([]rendering, len(s.all)) // for the pages rendered again
	ns.all = make([]*Page, len(s.all))
	to := func(p *Page) *Page {
		if p == nil {
			return nil
		}
		return &arena[p.pos]
	}
	// The lists are carved out of one array, so that a copy of a large
	// site is a few allocations, not one per list: first each page's
	// lists, from offset[i] for page i, then the site's and the parts'.
	offset := make([]int, len(s.all)+1)
	for i, p := range s.all {
		offset[i+1] = offset[i] + len(p.Pages) + len(p.TagPages) + len(p.Related)
	}
	n := offset[len(s.all)] + len(s.Pages) + len(s.Sections) + len(s.Tags) + len(s.Specials) + len(s.News) + len(s.Charter) + len(s.Events) + len(s.Upcoming) + len(s.Past)
	for _, pt := range s.Parts {
		n += len(pt.Pages)
	}
	all := make([]*Page, n)
	carve := func(lists *[]*Page, pages []*Page) []*Page {
		if pages == nil {
			return nil
		}
		out := (*lists)[:len(pages):len(pages)]
		*lists = (*lists)[len(pages):]
		for i, p := range pages {
			out[i] = &arena[p.pos]
		}
		return out
	}
	copyPages := func(lo, hi int) {
		lists := all[offset[lo]:]
		for i := lo; i < hi; i++ {
			p := s.all[i]
			np := &arena[i]
			*np = *p
			np.Site = &ns
			if rerender || p.CallsShortcodes {
				np.out = &outs[i]
			}
			if m, ok := metas[p.File]; ok && p.File != "" {
				np.out = &outs[i]
				if p.Kind == KindPage {
					np.setMeta(m)
					np.Event = np.Event.at(ns.Now, ns.Config.Events.Horizon)
				} else { // a list's _index.md, whose text changed (its dates did not)
					np.meta = m
					np.Params, np.SummaryField, np.Body, np.BodyLine, np.Hash = m.Params, m.SummaryField, m.Body, m.BodyLine, m.Hash
				}
			}
			np.Prev, np.Next, np.Parent = to(p.Prev), to(p.Next), to(p.Parent)
			np.Pages, np.TagPages, np.Related = carve(&lists, p.Pages), carve(&lists, p.TagPages), carve(&lists, p.Related)
			ns.all[i] = np
		}
	}
	// Copying is most of the cost of an edit that moves nothing, and the
	// pages are independent: the copy is shared among the cores.
	workers := min(runtime.GOMAXPROCS(0), max(1, len(s.all)/rebaseChunk))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { copyPages(w*len(s.all)/workers, (w+1)*len(s.all)/workers) })
	}
	wg.Wait()
	lists := all[offset[len(s.all)]:]
	list := func(pages []*Page) []*Page { return carve(&lists, pages) }
	ns.Home, ns.TagIndex = to(s.Home), to(s.TagIndex)
	ns.Pages, ns.Sections, ns.Tags, ns.Specials = list(s.Pages), list(s.Sections), list(s.Tags), list(s.Specials)
	ns.News, ns.Charter, ns.Events = list(s.News), list(s.Charter), list(s.Events)
	ns.Upcoming, ns.Past = list(s.Upcoming), list(s.Past)
	ns.Section = make(map[string]*Page, len(s.Section))
	for dir, p := range s.Section {
		ns.Section[dir] = to(p)
	}
	ns.Parts = make([]*Part, len(s.Parts))
	for i, pt := range s.Parts {
		ns.Parts[i] = &Part{Name: pt.Name, Number: pt.Number, Pages: list(pt.Pages)}
	}
	return &ns
}
