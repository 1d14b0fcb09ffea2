package content

import (
	"fmt"
	"hash/maphash"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/shortcode"
	"github.com/catalyseurs/alliance/internal/slug"
)

// A Source is one Markdown file read and decoded: the page its front matter
// describes, and the errors and warnings found. It never changes once read,
// so that a serve session can keep it until the file changes.
type Source struct {
	File    string
	Hash    uint64 // of the file's name and bytes
	Section string // top-level content directory, "" for content/_index.md
	IsIndex bool   // _index.md: the title and text of a section or the home page
	Errs    diag.List
	Warns   diag.List

	meta *Meta // nil when the file has errors
}

// hashSeed makes Source.Hash; the hashes are compared within one process only.
var hashSeed = maphash.MakeSeed()

// Read reads and decodes the Markdown file name of fsys (a path such as
// "content/actualites/x.md"); typeset, when not nil, is the site's
// typography, applied to the title.
func Read(fsys fs.FS, name string, cfg *config.Config, typeset func(string) string) *Source {
	s := &Source{File: name}
	rel := strings.TrimPrefix(name, "content/")
	dir, base := path.Split(rel)
	if i := strings.IndexByte(rel, '/'); i >= 0 {
		s.Section = rel[:i]
	}
	s.IsIndex = base == "_index.md"
	if info, err := fs.Stat(fsys, name); err == nil && info.Size() > MaxFileSize {
		s.Errs.Add(diag.Pos{File: name}, fmt.Sprintf("file is too large: %.1f MB", float64(info.Size())/(1<<20)), fmt.Sprintf("at most %d MB", MaxFileSize>>20))
		return s
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		s.Errs.Add(diag.Pos{File: name}, "cannot read: "+err.Error(), "")
		return s
	}
	var h maphash.Hash
	h.SetSeed(hashSeed)
	h.WriteString(name)
	h.WriteByte(0)
	h.Write(src)
	s.Hash = h.Sum64()
	if line := diag.InvalidUTF8(src); line > 0 {
		s.Errs.Add(diag.Pos{File: name, Line: line}, "the file is not valid UTF-8", "text saved as UTF-8")
		return s
	}
	front, err := SplitFront(src)
	if err != nil {
		se := err.(*SyntaxError)
		s.Errs.Add(diag.Pos{File: name, Line: se.Line}, se.Error(), se.Want)
		return s
	}
	typ := cfg.Sections[s.Section]
	if typ == "" {
		typ = config.TypePlain
	}
	switch {
	case s.IsIndex && dir != "" && strings.Count(dir, "/") > 1:
		s.Warns.Add(diag.Pos{File: name, Line: 1}, "_index.md below a section's top folder is ignored", "content/SECTION/_index.md")
		return s
	case !s.IsIndex && (s.Section == "tags" || s.Section == "search"):
		s.Errs.Add(diag.Pos{File: name, Line: 1}, fmt.Sprintf("content/%s/ is reserved for generated pages", s.Section), "another folder name")
		return s
	}
	r := &fieldReader{file: name, front: front, loc: cfg.Location, errs: &s.Errs, warns: &s.Warns}
	s.meta = r.meta(typ, s.Section, s.IsIndex)
	if s.meta != nil {
		s.meta.Hash = s.Hash
		s.meta.CallsShortcodes = shortcode.Has(s.meta.Body)
		if typeset != nil {
			s.meta.Title = typeset(s.meta.Title)
		}
		s.meta.Shape = s.meta.shape(s.IsIndex)
	}
	return s
}

// meta turns a front matter into what it says of a page of content type
// typ, or nil when it has errors (they are in r.errs).
func (r *fieldReader) meta(typ, section string, isIndex bool) *Meta {
	before := len(*r.errs)
	if isIndex {
		typ = config.TypePlain // list pages take common fields only
	}
	r.checkKeys(typ)
	p := &Meta{
		Type:         typ,
		Section:      section,
		File:         r.file,
		Title:        strings.TrimSpace(r.str("title")),
		SummaryField: r.str("summary"),
		Draft:        r.boolean("draft"),
		Weight:       r.integer("weight"),
		Tags:         r.list("tags"),
		Aliases:      r.list("aliases"),
		Params:       r.params(),
		Body:         r.front.Body,
		BodyLine:     r.front.BodyLine,
	}
	if p.Title == "" {
		r.errs.Add(r.pos("title"), "front matter: title is required", `title: "Le titre de la page"`)
	}
	p.Date, _ = r.date("date")
	p.Lastmod, _ = r.date("lastmod")
	p.ExpiryDate, _ = r.date("expiryDate")
	switch {
	case isIndex:
	case typ == config.TypeNews:
		r.required("date", "news", "date: 2026-06-02")
		p.Authors = r.list("authors")
		if a := r.str("author"); a != "" {
			p.Authors = append(p.Authors, a)
		}
	case typ == config.TypeCharter:
		r.required("weight", "charter", "weight: 10")
		p.Part = strings.TrimSpace(r.str("part"))
	case typ == config.TypeEvent:
		p.Event = r.event()
	case typ == config.TypePlain:
		p.Authors = r.list("authors")
	}
	if !isIndex && typ != config.TypeCharter {
		p.Image, p.ImageAlt = strings.TrimSpace(r.str("image")), strings.TrimSpace(r.str("imageAlt"))
		if p.Image != "" {
			p.ImageLine = r.pos("image").Line
		}
	}
	if p.Lastmod.IsZero() {
		p.Lastmod = p.Date
	}
	p.Slug = r.slug()
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
	if len(*r.errs) > before {
		return nil
	}
	return p
}

func (r *fieldReader) event() *Event {
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
	e.Series = r.series(e)
	if e.Location == "" && e.Online == "" {
		r.warns.Add(diag.Pos{File: r.file, Line: 1}, "event has neither location nor online link", "location: or online:")
	}
	return e
}

// slug returns the page's slug: from the slug field, else the file name,
// or the folder's name for a page bundle (NAME/index.md, as in Hugo).
func (r *fieldReader) slug() string {
	source := strings.TrimSuffix(path.Base(r.file), ".md")
	if source == "index" && strings.Count(r.file, "/") > 2 {
		source = path.Base(path.Dir(r.file))
	}
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

// Shape returns the hash of what Assemble reads of the file (see
// Meta.Shape), 0 when it has errors.
func (s *Source) Shape() uint64 {
	if s.meta == nil {
		return 0
	}
	return s.meta.Shape
}

// shape hashes the fields of a page's file that Assemble reads to place it
// in the site: its URL, title, dates, draft flag, weight, tags, aliases,
// charter part, layout and an event's times. Two readings of a file with the same
// shape give the same site but for the pages' text.
func (m *Meta) shape(isIndex bool) uint64 {
	h := newHasher()
	str, num := h.str, h.num
	if isIndex {
		str("index")
	}
	str(m.Type)
	str(m.Section)
	str(m.File)
	str(m.Slug)
	str(m.Title)
	num(m.Date.UnixNano())
	num(m.Lastmod.UnixNano())
	num(m.ExpiryDate.UnixNano())
	str(fmt.Sprint(m.Draft, m.Weight, len(m.Tags), len(m.Aliases)))
	for _, t := range m.Tags {
		str(t)
	}
	for _, a := range m.Aliases {
		str(a)
	}
	str(m.Part)
	layout, _ := m.Params["layout"].(string) // which layout renders it
	str(layout)
	if e := m.Event; e != nil {
		str(fmt.Sprint("event", e.AllDay))
		num(e.Start.UnixNano())
		num(e.End.UnixNano())
		if e.Series != nil {
			str(e.Series.text)
		}
	}
	return h.sum()
}

// hasher hashes strings and numbers, each written so that no two
// sequences of them give the same bytes, for Meta.shape and Site.structure.
type hasher struct{ h maphash.Hash }

func newHasher() *hasher {
	h := new(hasher)
	h.h.SetSeed(hashSeed)
	return h
}

func (h *hasher) str(s string) { h.h.WriteString(s); h.h.WriteByte(0) }

func (h *hasher) num(n int64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	h.h.Write(b[:])
}

// sum is the hash, never 0.
func (h *hasher) sum() uint64 { return h.h.Sum64() | 1 }
