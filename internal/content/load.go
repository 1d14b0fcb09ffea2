package content

import (
	"context"
	"fmt"
	"hash/maphash"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/slug"
)

// Options choose which pages a load keeps.
type Options struct {
	Drafts bool      // keep drafts
	Future bool      // keep pages dated after Now (events are never "future")
	Now    time.Time // the build's clock; upcoming events and future pages are relative to it
}

// Limits on one content file, so that a hostile or broken file fails fast
// with a clear error instead of exhausting the machine.
const (
	MaxFileSize = 16 << 20 // bytes; the largest page of a real site is well under 1 MB
	MaxTags     = 200      // tags on one page
)

// Load reads every Markdown file under content/ in fsys, decodes and
// validates its front matter, assigns URLs and builds the site's indexes.
// It returns the site, the warnings, and every error found (a diag.List).
func Load(ctx context.Context, fsys fs.FS, cfg *config.Config, opt Options) (*Site, diag.List, error) {
	return (*Cache)(nil).Load(ctx, fsys, cfg, opt, nil)
}

// Cache keeps each file's decoded front matter between loads, for serve: a
// load then reads again only the files said to have changed. The zero
// value is ready; a nil *Cache caches nothing.
type Cache struct {
	mu      sync.Mutex
	cfg     *config.Config
	entries map[string]*loader // Markdown file -> what reading it gave
	files   map[string]bool    // other files under content/
	rev     uint64

	hashSeed    maphash.Seed
	relatedKey  map[string]uint64   // page path -> what ranked it last time (rankKey)
	relatedTags map[string][]string // page path -> its tags' slugs last time
	relatedOf   map[string][]string // page path -> its related pages' paths

	// The last load's site when it had no errors, for the quick path
	// (quick.go), with what it was loaded with.
	last      *Site
	lastOpt   Options
	lastWarns diag.List
	byFile    map[string]*Page // source file -> page of last; made on demand
	wasQuick  bool             // the last load took the quick path
	updated   []*Page          // the pages it changed
}

func (c *Cache) seed() maphash.Seed {
	if c.hashSeed == (maphash.Seed{}) {
		c.hashSeed = maphash.MakeSeed()
	}
	return c.hashSeed
}

// Load is Load, reusing what c holds for every file not in changed (paths
// relative to the site folder, such as "content/actualites/x.md"). A nil
// changed means anything may have changed: every file is read again.
func (c *Cache) Load(ctx context.Context, fsys fs.FS, cfg *config.Config, opt Options, changed []string) (*Site, diag.List, error) {
	l := &loader{fsys: fsys, cfg: cfg, opt: opt, meta: map[string]*Page{}, cache: c}
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.cfg != cfg {
			changed = nil // a new configuration changes kinds, zones, ...
		}
		c.cfg = cfg
		if s, warns, ok := c.quick(fsys, opt, changed); ok {
			return s, warns, nil
		}
		c.last, c.byFile, c.wasQuick = nil, nil, false
	}
	if err := l.walk(ctx, changed); err != nil {
		return nil, nil, err
	}
	s := l.assemble()
	l.errs.Sort()
	l.warns.Sort()
	if c != nil && len(l.errs) == 0 {
		c.last, c.lastOpt, c.lastWarns = s, opt, l.warns
	}
	if len(l.errs) > 0 {
		return s, l.warns, l.errs
	}
	return s, l.warns, nil
}

type loader struct {
	fsys  fs.FS
	cfg   *config.Config
	opt   Options
	errs  diag.List
	warns diag.List
	pages []*Page
	meta  map[string]*Page // "" (home) or section dir -> _index.md page
	files []string         // non-Markdown files under content/, copied as they are
	cache *Cache
}

func (l *loader) walk(ctx context.Context, changed []string) error {
	c := l.cache
	var md []string
	reread := map[string]bool{}
	if c != nil && c.entries != nil && changed != nil {
		md, reread = c.incremental(l.fsys, changed)
		for f := range c.files {
			l.files = append(l.files, f)
		}
		sort.Strings(l.files)
	} else {
		if err := l.list(ctx, &md); err != nil {
			return err
		}
		for _, f := range md {
			reread[f] = true
		}
		if c != nil {
			c.entries, c.files = map[string]*loader{}, map[string]bool{}
			for _, f := range l.files {
				c.files[f] = true
			}
		}
	}
	// Read and decode the files in parallel, each into a loader of its
	// own, then merge them in path order so that nothing depends on timing.
	subs := make([]*loader, len(md))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(md) || ctx.Err() != nil {
					return
				}
				if !reread[md[i]] {
					subs[i] = c.entries[md[i]]
					continue
				}
				sub := &loader{fsys: l.fsys, cfg: l.cfg, opt: l.opt, meta: map[string]*Page{}}
				sub.readPage(md[i])
				subs[i] = sub
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, sub := range subs {
		if c != nil && reread[md[i]] {
			c.rev++
			for _, p := range sub.pages {
				p.Rev = c.rev
			}
			for _, p := range sub.meta {
				p.Rev = c.rev
			}
			c.entries[md[i]] = sub
		}
		l.errs = append(l.errs, sub.errs...)
		l.warns = append(l.warns, sub.warns...)
		// The cache keeps pristine pages: each load works on copies.
		for _, p := range sub.pages {
			cp := *p
			l.pages = append(l.pages, &cp)
		}
		for k, v := range sub.meta {
			cp := *v
			l.meta[k] = &cp
		}
	}
	return nil
}

// incremental returns the Markdown files of the site after the changes,
// sorted, and those of them to read again; it forgets deleted files and
// notes other files under content/ that appeared or went.
func (c *Cache) incremental(fsys fs.FS, changed []string) (md []string, reread map[string]bool) {
	reread = map[string]bool{}
	for _, p := range changed {
		if !strings.HasPrefix(p, "content/") {
			continue
		}
		info, err := fs.Stat(fsys, p)
		switch {
		case err != nil: // deleted, or a folder that went with its files
			delete(c.entries, p)
			delete(c.files, p)
			for f := range c.entries {
				if strings.HasPrefix(f, p+"/") {
					delete(c.entries, f)
				}
			}
			for f := range c.files {
				if strings.HasPrefix(f, p+"/") {
					delete(c.files, f)
				}
			}
		case info.IsDir():
			fs.WalkDir(fsys, p, func(q string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && !Ignored(d.Name()) {
					if strings.HasSuffix(q, ".md") {
						reread[q] = true
					} else {
						c.files[q] = true
					}
				}
				return nil
			})
		case Ignored(path.Base(p)):
		case strings.HasSuffix(p, ".md"):
			reread[p] = true
		default:
			c.files[p] = true
		}
	}
	for f := range c.entries {
		md = append(md, f)
	}
	for f := range reread {
		if _, known := c.entries[f]; !known {
			md = append(md, f)
		}
	}
	sort.Strings(md)
	return md, reread
}

// Ignored reports editors' temporary and hidden files.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#")
}

// list walks content/ and returns the Markdown files; other files are
// noted in l.files.
func (l *loader) list(ctx context.Context, md *[]string) error {
	if _, err := fs.Stat(l.fsys, "content"); err != nil {
		l.errs.Add(diag.Pos{File: "content"}, "no content folder", "a content/ folder beside site.yaml")
		return nil
	}
	return fs.WalkDir(l.fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.errs.Add(diag.Pos{File: p}, "cannot read: "+err.Error(), "")
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		name := d.Name()
		if p != "content" && Ignored(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // editors' temporary and hidden files
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := fs.Stat(l.fsys, p)
			if err != nil {
				l.errs.Add(diag.Pos{File: p}, "symbolic link refused: "+err.Error(), "a file inside the site folder")
				return nil
			}
			if info.IsDir() {
				l.errs.Add(diag.Pos{File: p}, "symbolic link to a folder refused", "a real folder")
				return nil
			}
		}
		if !strings.HasSuffix(name, ".md") {
			l.files = append(l.files, p)
			return nil
		}
		*md = append(*md, p)
		return nil
	})
}

func (l *loader) readPage(p string) {
	info, err := fs.Stat(l.fsys, p)
	if err == nil && info.Size() > MaxFileSize {
		l.errs.Add(diag.Pos{File: p}, fmt.Sprintf("file is too large: %.1f MB", float64(info.Size())/(1<<20)), fmt.Sprintf("at most %d MB", MaxFileSize>>20))
		return
	}
	src, err := fs.ReadFile(l.fsys, p)
	if err != nil {
		l.errs.Add(diag.Pos{File: p}, "cannot read: "+err.Error(), "")
		return
	}
	if line := diag.InvalidUTF8(src); line > 0 {
		l.errs.Add(diag.Pos{File: p, Line: line}, "the file is not valid UTF-8", "text saved as UTF-8")
		return
	}
	front, err := SplitFront(src)
	if err != nil {
		se := err.(*SyntaxError)
		l.errs.Add(diag.Pos{File: p, Line: se.Line}, se.Error(), se.Want)
		return
	}
	rel := strings.TrimPrefix(p, "content/")
	dir, base := path.Split(rel)
	section := ""
	if i := strings.IndexByte(rel, '/'); i >= 0 {
		section = rel[:i]
	}
	kind := l.cfg.Sections[section]
	if kind == "" {
		kind = config.KindPlain
	}
	pg := l.decode(p, front, kind, section)
	if pg == nil {
		return
	}
	if base == "_index.md" {
		if dir != "" && strings.Count(dir, "/") > 1 {
			l.warns.Add(diag.Pos{File: p, Line: 1}, "_index.md below a section's top folder is ignored", "content/SECTION/_index.md")
			return
		}
		l.meta[section] = pg
		return
	}
	if section == "tags" || section == "search" {
		l.errs.Add(diag.Pos{File: p, Line: 1}, fmt.Sprintf("content/%s/ is reserved for generated pages", section), "another folder name")
		return
	}
	l.pages = append(l.pages, pg)
}

// decode turns a front matter into a page of the given kind, or nil when
// the page has errors (they are added to l.errs).
func (l *loader) decode(file string, front *Front, kind, section string) *Page {
	before := len(l.errs)
	r := &fieldReader{file: file, front: front, loc: l.cfg.Location, errs: &l.errs, warns: &l.warns}
	isIndex := path.Base(file) == "_index.md"
	if isIndex {
		kind = config.KindPlain // list pages take common fields only
	}
	r.checkKeys(kind)
	p := &Page{
		Kind:         KindPage,
		Type:         kind,
		Section:      section,
		File:         file,
		Title:        strings.TrimSpace(r.str("title")),
		SummaryField: r.str("summary"),
		Draft:        r.boolean("draft"),
		Weight:       r.integer("weight"),
		Tags:         r.list("tags"),
		Aliases:      r.list("aliases"),
		Params:       r.params(),
		Body:         front.Body,
		BodyLine:     front.BodyLine,
	}
	if p.Title == "" {
		r.errs.Add(diag.Pos{File: file, Line: 1}, "front matter: title is required", `title: "Le titre de la page"`)
	}
	p.Date, _ = r.date("date")
	p.Lastmod, _ = r.date("lastmod")
	switch {
	case isIndex:
	case kind == config.KindNews:
		r.required("date", "news", "date: 2026-06-02")
		p.Authors = r.list("authors")
		if a := r.str("author"); a != "" {
			p.Authors = append(p.Authors, a)
		}
	case kind == config.KindCharter:
		r.required("weight", "charter", "weight: 10")
		p.Part = strings.TrimSpace(r.str("part"))
	case kind == config.KindEvent:
		p.Event = l.event(r)
	case kind == config.KindPlain:
		p.Authors = r.list("authors")
	}
	if p.Lastmod.IsZero() {
		p.Lastmod = p.Date
	}
	p.Slug = l.slugOf(r, file)
	for i, a := range p.Aliases {
		clean, ok := cleanAlias(a)
		if !ok {
			r.errorf("aliases", "a path inside the site such as /ancienne-adresse/", "alias %q is not a path inside the site", a)
			continue
		}
		p.Aliases[i] = clean
	}
	if len(p.Tags) > MaxTags {
		r.errorf("tags", fmt.Sprintf("at most %d tags", MaxTags), "%d tags on one page", len(p.Tags))
		p.Tags = p.Tags[:MaxTags]
	}
	for _, t := range p.Tags {
		if slug.Make(t) == "" {
			r.errorf("tags", "tags with at least one letter or digit", "tag %q has no letter or digit", t)
		}
	}
	if len(l.errs) > before {
		return nil
	}
	return p
}

func (l *loader) event(r *fieldReader) *Event {
	r.required("start", "event", "start: 2026-06-02T13:00:00+02:00")
	e := &Event{
		Location:             strings.TrimSpace(r.str("location")),
		Online:               r.httpURL("online"),
		Registration:         r.httpURL("registration"),
		RegistrationRequired: r.boolean("registrationRequired"),
		Price:                strings.TrimSpace(r.str("price")),
		Organizer:            strings.TrimSpace(r.str("organizer")),
		Status:               strings.TrimSpace(r.str("status")),
	}
	e.Start, e.AllDay = r.date("start")
	var endDateOnly bool
	e.End, endDateOnly = r.date("end")
	if !e.End.IsZero() && !e.Start.IsZero() {
		if e.AllDay != endDateOnly {
			r.errorf("end", "both start and end as dates, or both as date-times", "end %q and start are not written alike", r.str("end"))
		} else if e.End.Before(e.Start) {
			r.errorf("end", "an end after the start "+r.str("start"), "the event ends (%s) before it starts", r.str("end"))
		}
	}
	switch e.Status {
	case "":
		e.Status = "scheduled"
	case "scheduled", "cancelled", "postponed":
	default:
		r.errorf("status", "scheduled, cancelled or postponed", "status %q is unknown", e.Status)
	}
	if e.Location == "" && e.Online == "" {
		r.warns.Add(diag.Pos{File: r.file, Line: 1}, "event has neither location nor online link", "location: or online:")
	}
	return e
}

func (l *loader) slugOf(r *fieldReader, file string) string {
	source := strings.TrimSuffix(path.Base(file), ".md")
	if r.has("slug") {
		source = r.str("slug")
	}
	if source == "_index" {
		return ""
	}
	s := slug.Make(source)
	if s == "" {
		r.errorf("slug", "a slug with letters or digits", "cannot make a URL from %q", source)
	}
	return s
}

// cleanAlias returns the canonical "/a/b/" form of an alias, or false when
// it would leave the site (a scheme, "..", a backslash, a NUL byte, ...).
func cleanAlias(a string) (string, bool) {
	dec, err := url.PathUnescape(strings.TrimSpace(a))
	if err != nil || dec == "" || strings.ContainsAny(dec, "\\\x00:?#") {
		return "", false
	}
	for _, seg := range strings.Split(dec, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	clean := path.Clean("/" + dec)
	if clean == "/" {
		return "", false
	}
	clean = strings.TrimSuffix(clean, "/index.html")
	return clean + "/", true
}
