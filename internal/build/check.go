package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/markdown"
)

// Check runs every validation of a build without writing anything, and
// returns as findings, sorted, what a build only warns about (links to
// pages, anchors, images or files that do not exist) with what check alone
// looks for (charter chapters sharing a weight, what mail clients would
// break in the e-mail editions), and the build's other warnings.
func Check(ctx context.Context, src fs.FS, opt Options) (findings, warnings diag.List, err error) {
	opt.lintEditions = true
	res, err := Render(ctx, src, discard{}, opt)
	if err != nil {
		var list diag.List
		if errors.As(err, &list) {
			return list, nil, nil
		}
		return nil, nil, err
	}
	findings = append(findings, res.Broken...)
	findings = append(findings, res.Editions...)
	findings = append(findings, res.ImageFindings...)
	findings = append(findings, weights(res.Site)...)
	findings = append(findings, staleSeries(res.Site)...)
	findings.Sort()
	return findings, res.Warnings, nil
}

// discard is a Writer that keeps nothing.
type discard struct{}

func (discard) Write(string, []byte) error { return nil }

// linkCheck finds the links of the pages' Markdown that lead nowhere: the
// targets are the build's outputs, and the anchors the ids of the outputs
// that links point into, read as they are written.
type linkCheck struct {
	base   string          // the base URL's path, without its final slash
	wanted map[string]bool // outputs whose ids are needed
	wants  [][]string      // per page of Result.Links, the outputs its anchors point into
	prev   []linkRecord    // per page of Result.Links, the last good build's check of it, if it still holds (out empty if not)
	mu     sync.Mutex
	ids    map[string]map[string]bool // output -> its element ids
}

var idAttr = regexp.MustCompile(`\sid="([^"]+)"`)

// checkLinks prepares the link check once the Markdown is rendered: it
// notes the outputs that links point into with an anchor. In a Session, a
// page whose links are its kept rendering's points into the outputs the
// last good build found for it (see linkIndex).
func (b *builder) checkLinks() {
	c := &linkCheck{wanted: map[string]bool{}, ids: map[string]map[string]bool{}}
	if u, err := url.Parse(b.cfg.BaseURL); err == nil {
		c.base = strings.TrimSuffix(u.Path, "/")
	}
	b.out.links = c
	var prev *linkIndex
	if m := b.keys.memoOrNil(); m != nil && m.links != nil && m.links.base == c.base {
		prev = m.links
	}
	c.wants = make([][]string, len(b.res.Links))
	c.prev = prev.match(b.site.Shape(), b.res.Links)
	for i, pl := range b.res.Links {
		if r := c.prev[i]; r.out != "" {
			c.wants[i] = r.wants
		} else {
			c.wants[i] = c.targets(pl.Page, pl.Links)
		}
		for _, t := range c.wants[i] {
			c.wanted[t] = true
		}
	}
}

// targets returns the outputs that page p's links point into with an
// anchor, each once.
func (c *linkCheck) targets(p *content.Page, links []content.Link) []string {
	var out []string
	for _, l := range links {
		if i := strings.IndexByte(l.URL, '#'); i >= 0 && !external(l.URL) {
			target := p.OutputPath()
			if i > 0 {
				target = outputOf(c.sitePath(l.URL[:i]))
			}
			if !slices.Contains(out, target) {
				out = append(out, target)
			}
		}
	}
	return out
}

// sitePath returns a URL's path relative to the site's root.
func (c *linkCheck) sitePath(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return strings.TrimPrefix(u, c.base)
}

// outputOf returns the output file a site path names, if it is a page's
// folder: "/charte/" gives "charte/index.html".
func outputOf(p string) string {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// written notes the ids of an output that links point into.
func (c *linkCheck) written(name string, data []byte) {
	if !c.wanted[name] {
		return
	}
	ids := map[string]bool{}
	for _, m := range idAttr.FindAllSubmatch(data, -1) {
		ids[string(m[1])] = true
	}
	c.mu.Lock()
	c.ids[name] = ids
	c.mu.Unlock()
}

// brokenLinks lists the links that lead nowhere, once every output is
// written. A Session whose build wrote the same outputs as its last good
// build looks again only at the pages whose links changed, and at those
// that link to an anchor of an output made again: the others' findings
// are the same (see linkIndex).
func (b *builder) brokenLinks() {
	c := b.out.links
	if c == nil {
		return
	}
	m := b.keys.memoOrNil()
	var prev *linkIndex
	redo := map[string]bool{} // pages' files
	if m != nil {
		// The last check holds while the outputs are those of its build.
		if ix := m.links; ix != nil && ix.base == c.base && m.last != nil && len(m.added) == 0 && !m.removed {
			prev = ix
			for _, name := range m.written() {
				for _, file := range prev.fragments[name] {
					redo[file] = true
				}
			}
		}
	}
	pages := b.res.Links
	found := make([]diag.List, len(pages))
	reused := make([]bool, len(pages))
	forEach(b.ctx, b.opt.Workers, len(pages), func(i int) {
		p, links := pages[i].Page, pages[i].Links
		if prev != nil && !redo[p.File] {
			if r := c.prev[i]; r.out != "" {
				found[i], reused[i] = r.findings, true
				return
			}
		}
		for _, l := range links {
			if msg, want := b.broken(c, p, l); msg != "" {
				found[i].Add(diag.Pos{File: p.File, Line: l.Line}, msg, want)
			}
		}
	})
	var all diag.List
	for _, f := range found {
		all = append(all, f...)
	}
	all.Sort()
	b.res.Broken = all
	if m == nil {
		return
	}
	ix := &linkIndex{base: c.base, shape: b.site.Shape(), pages: make([]linkRecord, len(pages)), fragments: map[string][]string{}}
	shared := prev != nil // ix.fragments is the last build's, not to be changed
	if shared {
		ix.fragments = prev.fragments
	}
	for i, pl := range pages {
		p := pl.Page
		ix.pages[i] = linkRecord{pos: int32(p.Index()), file: p.File, out: p.OutputPath(), links: pl.Links, wants: c.wants[i], findings: found[i]}
		if reused[i] {
			continue // its anchors' targets are those of the last build
		}
		for _, l := range pl.Links {
			if where, fragment, ok := strings.Cut(l.URL, "#"); ok && fragment != "" && !external(l.URL) {
				target := p.OutputPath()
				if where != "" {
					target = outputOf(c.sitePath(where))
				}
				if slices.Contains(ix.fragments[target], p.File) {
					continue
				}
				if shared {
					ix.fragments, shared = maps.Clone(ix.fragments), false
				}
				ix.fragments[target] = append(slices.Clip(ix.fragments[target]), p.File)
			}
		}
	}
	m.nextLinks = ix
}

// sameSlice reports whether a and b are the same slice of links: a page's
// rendering kept from the last build.
func sameSlice(a, b []content.Link) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// linkIndex is what a Session keeps of the last good build's link check:
// what it wrote, each page's links and findings, and the pages linking to
// anchors of each output. A page's findings depend on its links, its URL,
// the names of the build's outputs and the ids of those its links point
// into with an anchor.
type linkIndex struct {
	base      string
	shape     uint64              // its site's (content.Site.Shape)
	pages     []linkRecord        // the pages of that build's Result.Links, in order
	fragments map[string][]string // output -> the files of the pages that link to one of its anchors
}

type linkRecord struct {
	pos      int32          // the page's position in Site.All
	file     string         // its Markdown file
	out      string         // the page's output
	links    []content.Link // its rendering's links, as checked
	wants    []string       // the outputs its anchors point into (linkCheck.targets)
	findings diag.List
}

// match returns, for each page of links (a build's Result.Links), the
// index's check of it when it still holds: when the page's output is the
// same and its links are the same slice as the record's (the page's
// rendering kept from that build); else a record with no out. A site of
// the index's shape has its pages at the same positions, and the two
// lists, both in Site.All's order, are walked side by side; another site
// finds its pages by file. A nil index holds nothing.
func (ix *linkIndex) match(shape uint64, links []PageLinks) []linkRecord {
	out := make([]linkRecord, len(links))
	if ix == nil {
		return out
	}
	holds := func(i int, r linkRecord) {
		if p := links[i].Page; r.file == p.File && r.out == p.OutputPath() && sameSlice(r.links, links[i].Links) {
			out[i] = r
		}
	}
	if shape == ix.shape {
		j := 0
		for i, pl := range links {
			pos := int32(pl.Page.Index())
			for j < len(ix.pages) && ix.pages[j].pos < pos {
				j++
			}
			if j < len(ix.pages) && ix.pages[j].pos == pos {
				holds(i, ix.pages[j])
			}
		}
		return out
	}
	byFile := make(map[string]int, len(ix.pages))
	for j, r := range ix.pages {
		byFile[r.file] = j
	}
	for i, pl := range links {
		if j, ok := byFile[pl.Page.File]; ok && pl.Page.File != "" {
			holds(i, ix.pages[j])
		}
	}
	return out
}

// broken says what is wrong with a link of page p, and what was expected;
// "" when nothing is.
func (b *builder) broken(c *linkCheck, p *content.Page, l content.Link) (msg, want string) {
	dest := l.URL
	switch {
	case dest == "" || dest == "#":
		return "", ""
	case !l.Resolved && markdown.Relative(l.Dest):
		return missing(l), "a file or a page's Markdown file, from the folder of " + p.File
	case external(dest):
		return "", "" // not checked here (no network)
	}
	where, fragment, _ := strings.Cut(dest, "#")
	where, _, _ = strings.Cut(where, "?")
	target := p.OutputPath()
	if where != "" {
		target = b.target(c.sitePath(where))
		if target == "" {
			return missing(l), "a page of the site, or a file in static/ or content/"
		}
	}
	if fragment != "" && strings.HasSuffix(target, ".html") {
		if f, err := url.PathUnescape(fragment); err == nil {
			fragment = f
		}
		c.mu.Lock()
		ids := c.ids[target]
		c.mu.Unlock()
		if !ids[fragment] {
			return "link to an anchor that does not exist: " + l.Dest, "a heading id of /" + strings.TrimSuffix(target, "index.html")
		}
	}
	return "", ""
}

// external reports a URL with a scheme (https:, mailto:...) or a host.
func external(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	i := strings.IndexAny(dest, ":/?#")
	return i > 0 && dest[i] == ':'
}

// missing says what a link that leads nowhere was meant to be.
func missing(l content.Link) string {
	what := "link to a page that does not exist"
	ext := path.Ext(strings.TrimSuffix(strings.SplitN(l.Dest, "#", 2)[0], "/"))
	switch {
	case l.Image:
		what = "image that does not exist"
	case ext != "" && ext != ".md":
		what = "link to a file that does not exist"
	}
	return what + ": " + l.Dest
}

// target returns the output a site path leads to, or "".
func (b *builder) target(p string) string {
	p = strings.TrimPrefix(p, "/")
	candidates := []string{p}
	if p == "" || strings.HasSuffix(p, "/") {
		candidates = []string{p + "index.html"}
	} else {
		candidates = append(candidates, p+"/index.html")
	}
	for _, cand := range candidates {
		if b.out.wrote(cand) {
			return cand
		}
	}
	return ""
}

// weights reports charter chapters that share a weight: their order would
// depend on their titles.
// staleSeries finds the recurring events whose rule ended (its UNTIL is
// past) while they are still listed as upcoming, by a later rdate or
// moved occurrence.
func staleSeries(s *content.Site) diag.List {
	var found diag.List
	if s == nil {
		return found
	}
	for _, p := range s.Upcoming {
		if p.Event.UntilPassed(s.Now) {
			found.Add(diag.Pos{File: p.File, Line: p.Event.Series.Line}, "rrule: the rule's UNTIL is past while the series is still listed as upcoming (by a later rdate or moved occurrence)", "a later UNTIL, or the extra dates as events of their own")
		}
	}
	return found
}

func weights(s *content.Site) diag.List {
	var found diag.List
	if s == nil {
		return found
	}
	byWeight := map[int][]*content.Page{}
	for _, p := range s.Charter {
		byWeight[p.Weight] = append(byWeight[p.Weight], p)
	}
	for w, pages := range byWeight {
		if len(pages) < 2 {
			continue
		}
		files := make([]string, len(pages))
		for i, p := range pages {
			files[i] = p.File
		}
		sort.Strings(files)
		for _, f := range files[1:] {
			found.Add(diag.Pos{File: f, Line: 1}, fmt.Sprintf("weight %d is also the weight of %s", w, files[0]), "one weight per chapter")
		}
	}
	return found
}
