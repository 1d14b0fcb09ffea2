package templates

import (
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strings"

	ghtml "github.com/yuin/goldmark/renderer/html"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/embed"
	"github.com/catalyseurs/alliance/internal/markdown"
)

// markupFuncs are the functions shortcodes and hooks lean on.
func markupFuncs(opt Options) template.FuncMap {
	site, _ := url.Parse(opt.BaseURL)
	return template.FuncMap{
		"ref": func(from any, ref string) (string, error) {
			q, anchor, err := refPage(from, ref)
			if err != nil {
				return "", err
			}
			return q.Permalink + anchor, nil
		},
		"relref": func(from any, ref string) (string, error) {
			q, anchor, err := refPage(from, ref)
			if err != nil {
				return "", err
			}
			return q.RelPermalink + anchor, nil
		},
		"refPage": func(from any, ref string) (*content.Page, error) {
			q, _, err := refPage(from, ref)
			return q, err
		},
		"video": func(src any, provider ...string) (embed.Video, error) {
			p := ""
			if len(provider) > 0 {
				p = provider[0]
			}
			return embed.Parse(fmt.Sprint(src), p)
		},
		"external": func(dest string) bool { return external(site, dest) },
		// fileURL is where a file written beside a page is published
		// (content.Site.Resolve); dest itself when it is not one.
		"fileURL": func(from any, dest string) string {
			if p := pageOf(from); p != nil && p.Site != nil && markdown.Relative(dest) {
				if u, ok := p.Site.Resolve(p, dest); ok {
					return u
				}
			}
			return dest
		},
		// errorf fails the layout with a message, as Hugo's does.
		"errorf":    func(format string, args ...any) (string, error) { return "", fmt.Errorf(format, args...) },
		"htmlAttrs": htmlAttrs,
	}
}

// pageOf returns the page of a layout's context: a page, a shortcode's or
// a hook's.
func pageOf(v any) *content.Page {
	switch v := v.(type) {
	case *content.Page:
		return v
	case *Shortcode:
		return v.Page
	case *markdown.Hook:
		p, _ := v.Page.(*content.Page)
		return p
	}
	return nil
}

// refPage finds the page ref names from the page of from (see
// content.Site.Ref).
func refPage(from any, ref string) (*content.Page, string, error) {
	p := pageOf(from)
	if p == nil || p.Site == nil {
		return nil, "", fmt.Errorf("ref %q: no page to resolve it from (want the page as first argument: ref .Page %q)", ref, ref)
	}
	q, anchor, ok := p.Site.Ref(p, ref)
	if !ok {
		return nil, "", fmt.Errorf("ref %q: no such page (want the path of a Markdown file, such as /actualites/un-article.md, or the name of a single one)", ref)
	}
	return q, anchor, nil
}

// external reports whether dest leads to another site than the one at
// site: an http or https URL of another host.
func external(site *url.URL, dest string) bool {
	u, err := url.Parse(dest)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return site == nil || !strings.EqualFold(u.Hostname(), site.Hostname())
}

// htmlAttrs writes block attributes ({.class #id}) as HTML attributes,
// each after a space, for <p{{ htmlAttrs .Attributes }}>:
// those goldmark writes for a block (global ones: class, id, lang, title,
// data-*, aria-*...), but for the names in skip.
func htmlAttrs(m map[string]any, skip ...string) template.HTMLAttr {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		if !ghtml.GlobalAttributeFilter.Contains([]byte(k)) || strings.HasPrefix(strings.ToLower(k), "on") || contains(skip, k) {
			continue
		}
		fmt.Fprintf(&b, ` %s="%s"`, k, template.HTMLEscapeString(fmt.Sprint(m[k])))
	}
	return template.HTMLAttr(b.String())
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
