package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
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
// looks for (charter chapters sharing a weight), and the build's other
// warnings.
func Check(ctx context.Context, src fs.FS, opt Options) (findings, warnings diag.List, err error) {
	res, err := Render(ctx, src, discard{}, opt)
	if err != nil {
		var list diag.List
		if errors.As(err, &list) {
			return list, nil, nil
		}
		return nil, nil, err
	}
	findings = append(findings, res.Broken...)
	findings = append(findings, weights(res.Site)...)
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
	mu     sync.Mutex
	ids    map[string]map[string]bool // output -> its element ids
}

var idAttr = regexp.MustCompile(`\sid="([^"]+)"`)

// checkLinks prepares the link check once the Markdown is rendered: it
// notes the outputs that links point into with an anchor.
func (b *builder) checkLinks() {
	c := &linkCheck{wanted: map[string]bool{}, ids: map[string]map[string]bool{}}
	if u, err := url.Parse(b.cfg.BaseURL); err == nil {
		c.base = strings.TrimSuffix(u.Path, "/")
	}
	for p, links := range b.res.Links {
		for _, l := range links {
			if i := strings.IndexByte(l.URL, '#'); i >= 0 {
				target := p.OutputPath()
				if i > 0 {
					target = outputOf(c.sitePath(l.URL[:i]))
				}
				c.wanted[target] = true
			}
		}
	}
	b.out.links = c
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
// written.
func (b *builder) brokenLinks() {
	c := b.out.links
	if c == nil {
		return
	}
	var found diag.List
	for p, links := range b.res.Links {
		for _, l := range links {
			if msg, want := b.broken(c, p, l); msg != "" {
				found.Add(diag.Pos{File: p.File, Line: l.Line}, msg, want)
			}
		}
	}
	found.Sort()
	b.res.Broken = found
}

// broken says what is wrong with a link of page p, and what was expected;
// "" when nothing is.
func (b *builder) broken(c *linkCheck, p *content.Page, l content.Link) (msg, want string) {
	dest := l.URL
	u, err := url.Parse(dest)
	switch {
	case err != nil:
		return fmt.Sprintf("link %q is not a valid URL", l.Dest), ""
	case dest == "" || dest == "#":
		return "", ""
	case !l.Resolved && markdown.Relative(l.Dest):
		return missing(l), "a file or a page's Markdown file, from the folder of " + p.File
	case u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//"):
		return "", "" // external: not checked here (no network)
	}
	target := p.OutputPath()
	if u.Path != "" {
		target = b.target(c.sitePath(u.Path))
		if target == "" {
			return missing(l), "a page of the site, or a file in static/ or content/"
		}
	}
	if u.Fragment != "" && strings.HasSuffix(target, ".html") {
		c.mu.Lock()
		ids := c.ids[target]
		c.mu.Unlock()
		if !ids[u.Fragment] {
			return "link to an anchor that does not exist: " + l.Dest, "a heading id of /" + strings.TrimSuffix(target, "index.html")
		}
	}
	return "", ""
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
		if b.out.has(cand) {
			return cand
		}
	}
	return ""
}

// weights reports charter chapters that share a weight: their order would
// depend on their titles.
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
