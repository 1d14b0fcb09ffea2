package templates

import (
	"strings"

	"github.com/catalyseurs/alliance/internal/content"
)

// Menu is the site's menu as a page shows it: each entry with its state,
// and a Key that is the same for every page that shows it the same (for
// partialCached: the menu is written once per state, not once per page).
type Menu struct {
	Entries []MenuEntry
	Key     string
	Site    *content.Site
}

// MenuEntry is one entry of the menu as a page shows it.
type MenuEntry struct {
	Name string
	URL  string // under the base URL's path
	// Current is "page" on the entry of the page itself, "true" on the
	// entry of a section the page is in, else "" (for aria-current).
	Current string
}

// menu works out the menu's state for page p.
func (s *Set) menu(p *content.Page) Menu {
	if p.Site == nil {
		return Menu{}
	}
	cur := p.RelPermalink
	if p.Paginator != nil {
		cur = p.Paginator.URL
	}
	m := Menu{Site: p.Site, Entries: make([]MenuEntry, len(p.Site.Menu))}
	var key strings.Builder
	for i, item := range p.Site.Menu {
		e := MenuEntry{Name: item.Name, URL: s.relURL(item.URL)}
		switch {
		case e.URL == cur && e.URL == p.RelPermalink:
			e.Current = "page"
		case e.URL != s.relURL("/") && strings.Contains(p.RelPermalink, e.URL):
			e.Current = "true"
		}
		m.Entries[i] = e
		if e.Current != "" {
			key.WriteString(e.Current[:1])
			key.WriteString(e.URL)
		}
	}
	m.Key = key.String()
	return m
}

func (s *Set) relURL(p string) string { return RelURL(s.basePath, p) }
