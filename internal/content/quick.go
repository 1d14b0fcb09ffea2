package content

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/catalyseurs/alliance/internal/diag"
)

// The quick path of a Cache: most saves in serve change a page's text and
// nothing that places it in the site (its URL, title, dates, tags, weight,
// part). Such a change cannot move anything in a list, so the previous
// load's site is kept and only the changed pages' own fields are replaced,
// in place. Assembling 10,000 pages again takes tens of milliseconds; this
// takes microseconds.
//
// A quick load changes the previous Site's pages: the caller must be done
// reading the previous Site before it asks for the next load.

// quick tries the quick path and reports whether it applied; when it did
// not, nothing was changed and the caller loads the slow way.
func (c *Cache) quick(fsys fs.FS, opt Options, changed []string) (*Site, diag.List, bool) {
	s := c.last
	if s == nil || changed == nil || opt.Drafts != c.lastOpt.Drafts || opt.Future != c.lastOpt.Future {
		return nil, nil, false
	}
	if !sameMoment(s, c.lastOpt.Now, opt.Now) {
		return nil, nil, false
	}
	type update struct {
		file string
		sub  *loader
	}
	var updates []update
	for _, p := range changed {
		if !strings.HasPrefix(p, "content/") {
			continue // layouts, static files, site.yaml: not content
		}
		base := path.Base(p)
		if Ignored(base) {
			continue // the slow path ignores them too
		}
		old := c.entries[p]
		if !strings.HasSuffix(p, ".md") || base == "_index.md" || old == nil ||
			len(old.pages) != 1 || len(old.meta) != 0 || len(old.errs) != 0 {
			return nil, nil, false // a new, deleted or list file, or not Markdown
		}
		sub := &loader{fsys: fsys, cfg: c.cfg, opt: opt, meta: map[string]*Page{}}
		sub.readPage(p)
		if len(sub.errs) != 0 || len(sub.pages) != 1 || len(sub.meta) != 0 || !sameShape(old.pages[0], sub.pages[0]) {
			return nil, nil, false
		}
		updates = append(updates, update{p, sub})
	}
	if c.byFile == nil {
		c.byFile = make(map[string]*Page, len(s.Pages))
		for _, p := range s.Pages {
			c.byFile[p.File] = p
		}
	}
	c.updated = c.updated[:0]
	warns := c.lastWarns
	for _, u := range updates {
		c.rev++
		np := u.sub.pages[0]
		np.Rev = c.rev
		c.entries[u.file] = u.sub
		warns = slices.DeleteFunc(slices.Clone(warns), func(w *diag.Error) bool { return w.Pos.File == u.file })
		warns = append(warns, u.sub.warns...)
		if ap := c.byFile[u.file]; ap != nil { // nil for a draft left out
			ap.replaceSource(np)
			c.updated = append(c.updated, ap)
		}
	}
	warns.Sort()
	s.Now = opt.Now
	c.lastOpt, c.lastWarns, c.wasQuick = opt, warns, true
	return s, warns, true
}

// sameMoment reports whether a load at now keeps every page and event where
// the load at before put it: nothing came out or ended between the two.
func sameMoment(s *Site, before, now time.Time) bool {
	if now.Equal(before) {
		return true
	}
	return now.After(before) && (s.nextEdge.IsZero() || now.Before(s.nextEdge))
}

// sameShape reports whether two readings of a file place the page in the
// same way: every field that the assembly reads (URL, lists, sort orders,
// tags, related pages, aliases, the times that make it upcoming or past)
// is equal.
func sameShape(a, b *Page) bool {
	if a.Kind != b.Kind || a.Type != b.Type || a.Section != b.Section || a.File != b.File ||
		a.Slug != b.Slug || a.Title != b.Title || !a.Date.Equal(b.Date) || !a.Lastmod.Equal(b.Lastmod) ||
		a.Draft != b.Draft || a.Weight != b.Weight || a.Part != b.Part ||
		!slices.Equal(a.Tags, b.Tags) || !slices.Equal(a.Aliases, b.Aliases) {
		return false
	}
	if (a.Event == nil) != (b.Event == nil) {
		return false
	}
	if a.Event != nil {
		ea, eb := a.Event, b.Event
		if !ea.Start.Equal(eb.Start) || !ea.End.Equal(eb.End) || ea.AllDay != eb.AllDay {
			return false
		}
	}
	return true
}

// replaceSource gives an assembled page the fields of a new reading of its
// file, and keeps what the assembly set (its place in the site). The
// rendered fields are cleared: the build renders the page again.
func (p *Page) replaceSource(np *Page) {
	kept := *p
	*p = *np
	p.Path, p.RelPermalink, p.Permalink = kept.Path, kept.RelPermalink, kept.Permalink
	p.Chapter = kept.Chapter
	p.Pages, p.Prev, p.Next, p.Parent = kept.Pages, kept.Prev, kept.Next, kept.Parent
	p.TagPages, p.Related, p.Paginator, p.Site, p.index = kept.TagPages, kept.Related, kept.Paginator, kept.Site, kept.index
}

// Updated returns, after a load that took the quick path, the pages whose
// source changed (in place), and true; after any other load, nil and false.
func (c *Cache) Updated() ([]*Page, bool) {
	if c == nil || !c.wasQuick {
		return nil, false
	}
	return c.updated, true
}
