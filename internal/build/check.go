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

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/diag"
)

// Check runs every validation of a build without writing anything, then
// looks for what a build lets through: links to pages, anchors, images or
// files that do not exist, and charter chapters sharing a weight. It returns
// the findings, sorted, and the build's warnings.
func Check(ctx context.Context, src fs.FS, opt Options) (findings, warnings diag.List, err error) {
	w := NewMemWriter()
	res, err := Render(ctx, src, w, opt)
	if res != nil {
		warnings = res.Warnings
	}
	if err != nil {
		var list diag.List
		if errors.As(err, &list) {
			return list, warnings, nil
		}
		return nil, warnings, err
	}
	c := &checker{files: w.Files, ids: map[string]map[string]bool{}}
	for p, links := range res.Links {
		for _, l := range links {
			c.link(p, l.Dest, l.Line, l.Image)
		}
	}
	c.weights(res.Site)
	c.found.Sort()
	return c.found, warnings, nil
}

type checker struct {
	files map[string][]byte
	ids   map[string]map[string]bool // output file -> its element ids
	found diag.List
}

var idAttr = regexp.MustCompile(`\sid="([^"]+)"`)

// target returns the output file a site path resolves to, or "".
func (c *checker) target(p string) string {
	p = strings.TrimPrefix(p, "/")
	candidates := []string{p}
	if p == "" || strings.HasSuffix(p, "/") {
		candidates = []string{p + "index.html"}
	} else {
		candidates = append(candidates, p+"/index.html")
	}
	for _, cand := range candidates {
		if _, ok := c.files[cand]; ok {
			return cand
		}
	}
	return ""
}

func (c *checker) hasID(file, id string) bool {
	ids, ok := c.ids[file]
	if !ok {
		ids = map[string]bool{}
		for _, m := range idAttr.FindAllSubmatch(c.files[file], -1) {
			ids[string(m[1])] = true
		}
		c.ids[file] = ids
	}
	return ids[id]
}

// link checks one destination found in page p's Markdown at line.
func (c *checker) link(p *content.Page, dest string, line int, image bool) {
	u, err := url.Parse(dest)
	pos := diag.Pos{File: p.File, Line: line}
	if err != nil {
		c.found.Add(pos, fmt.Sprintf("link %q is not a valid URL", dest), "")
		return
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") {
		return // external: not checked here (no network)
	}
	if dest == "" || dest == "#" {
		return
	}
	target := p.OutputPath()
	if u.Path != "" {
		resolved := u.Path
		if !strings.HasPrefix(resolved, "/") {
			resolved = path.Join(p.Path, resolved)
			if strings.HasSuffix(u.Path, "/") {
				resolved += "/"
			}
		}
		target = c.target(resolved)
		if target == "" {
			what := "link to a page that does not exist"
			switch {
			case image:
				what = "image that does not exist"
			case path.Ext(strings.TrimSuffix(u.Path, "/")) != "":
				what = "link to a file that does not exist"
			}
			c.found.Add(pos, fmt.Sprintf("%s: %s", what, dest), "a page of the site, a file in static/ or beside the page")
			return
		}
	}
	if u.Fragment != "" && strings.HasSuffix(target, ".html") && !c.hasID(target, u.Fragment) {
		c.found.Add(pos, fmt.Sprintf("link to an anchor that does not exist: %s", dest), "a heading id of "+"/"+strings.TrimSuffix(target, "index.html"))
	}
}

// weights reports charter chapters that share a weight: their order would
// depend on their titles.
func (c *checker) weights(s *content.Site) {
	if s == nil {
		return
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
			c.found.Add(diag.Pos{File: f, Line: 1}, fmt.Sprintf("weight %d is also the weight of %s", w, files[0]), "one weight per chapter")
		}
	}
}
