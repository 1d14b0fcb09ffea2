package templates

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"sort"
	"strings"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/markdown"
	"github.com/catalyseurs/alliance/internal/shortcode"
)

// Shortcodes and render hooks, as Hugo has them:
//
//	layouts/shortcodes/NAME.html            {{< NAME >}} and {{% NAME %}}
//	layouts/_default/_markup/render-KIND.html   KIND: link, image, heading, blockquote, codeblock
//	layouts/_default/_markup/render-codeblock-LANG.html
//
// They run with the partials and functions of every layout. A shortcode
// runs with a *Shortcode, a hook with a *markdown.Hook whose Page is the
// page.

const (
	shortcodeDir = "shortcodes/"
	markupDir    = "_default/_markup/"
)

// markupTemplate is one shortcode or hook.
type markupTemplate struct {
	t     *template.Template
	inner bool // a shortcode that reads .Inner
}

// isMarkup reports whether rel is a shortcode or a render hook rather than
// a page's layout.
func isMarkup(rel string) bool {
	return strings.HasPrefix(rel, shortcodeDir) || strings.HasPrefix(rel, markupDir) || strings.Contains(rel, "/_markup/")
}

// Shortcode is what a shortcode's template runs with: the fields and
// methods of Hugo's.
type Shortcode struct {
	Name     string
	Inner    template.HTML // what the call encloses, its calls run (its raw HTML escaped unless the site allows it)
	Page     *content.Page
	Site     *content.Site
	Ordinal  int        // 0-based, among the calls of its parent (or of the page)
	Parent   *Shortcode // the enclosing call, or nil
	Position string     // "content/x.md:12"
	// IsNamedParams tells whether the arguments are named.
	IsNamedParams bool
	call          *shortcode.Call
}

// Get returns the argument at position key (an int) or named key (a
// string), "" when there is none.
func (c *Shortcode) Get(key any) any {
	if c.call == nil {
		return ""
	}
	if v, ok := c.call.Get(key); ok {
		return v
	}
	return ""
}

// Params returns the arguments: a map for named ones, a list for
// positional ones.
func (c *Shortcode) Params() any {
	if c.call == nil {
		return nil
	}
	if c.call.Named {
		m := make(map[string]any, len(c.call.Args))
		for _, a := range c.call.Args {
			m[a.Name] = a.Value
		}
		return m
	}
	l := make([]any, len(c.call.Args))
	for i, a := range c.call.Args {
		l[i] = a.Value
	}
	return l
}

// InnerDeindent is Inner without the indentation its lines share.
func (c *Shortcode) InnerDeindent() template.HTML {
	lines := strings.Split(string(c.Inner), "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		}
	}
	return template.HTML(strings.Join(lines, "\n"))
}

// Markup returns what renders the shortcodes and Markdown nodes of page p.
func (s *Set) Markup(p *content.Page) (markdown.Shortcodes, markdown.Hooks) {
	m := &pageMarkup{s: s, p: p}
	return m, pageHooks{m}
}

// pageHooks runs a page's render hooks.
type pageHooks struct{ m *pageMarkup }

func (h pageHooks) Has(kind markdown.HookKind, lang string) bool   { return h.m.Has(kind, lang) }
func (h pageHooks) Render(k *markdown.Hook) (template.HTML, error) { return h.m.hook(k) }

// pageMarkup runs a page's shortcodes and hooks.
type pageMarkup struct {
	s *Set
	p *content.Page
}

func (m *pageMarkup) Lookup(name string) (bool, bool) {
	t, ok := m.s.markup[shortcodeDir+name+".html"]
	return ok, ok && t.inner
}

func (m *pageMarkup) Names() []string {
	var names []string
	for rel := range m.s.markup {
		if n, ok := strings.CutPrefix(rel, shortcodeDir); ok {
			names = append(names, strings.TrimSuffix(n, ".html"))
		}
	}
	sort.Strings(names)
	return names
}

func (m *pageMarkup) Render(path []*shortcode.Call, inner string) (string, error) {
	var parent *Shortcode
	for i, c := range path {
		sc := &Shortcode{Name: c.Name, Page: m.p, Site: m.p.Site, Ordinal: c.Ordinal, Parent: parent, IsNamedParams: c.Named, call: c,
			Position: fmt.Sprintf("%s:%d", m.p.File, m.p.BodyLine+c.Line-1)}
		if i == len(path)-1 {
			sc.Inner = template.HTML(inner)
		}
		parent = sc
	}
	rel := shortcodeDir + parent.Name + ".html"
	return m.s.runMarkup(rel, parent)
}

func (m *pageMarkup) Has(kind markdown.HookKind, lang string) bool {
	if lang != "" {
		if _, ok := m.s.markup[markupDir+"render-"+string(kind)+"-"+lang+".html"]; ok {
			return true
		}
	}
	_, ok := m.s.markup[markupDir+"render-"+string(kind)+".html"]
	return ok
}

func (m *pageMarkup) hook(h *markdown.Hook) (template.HTML, error) {
	h.Page = m.p
	rel := markupDir + "render-" + string(h.Kind) + ".html"
	if h.Kind == markdown.HookCodeblock && h.Type != "" {
		if _, ok := m.s.markup[markupDir+"render-codeblock-"+h.Type+".html"]; ok {
			rel = markupDir + "render-codeblock-" + h.Type + ".html"
		}
	}
	out, err := m.s.runMarkup(rel, h)
	return template.HTML(out), err
}

// runMarkup runs a shortcode or hook template.
func (s *Set) runMarkup(rel string, data any) (string, error) {
	t := s.markup[rel]
	if t == nil {
		return "", fmt.Errorf("no layout %s/%s", root, rel)
	}
	buf := s.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.bufs.Put(buf)
	if err := t.t.Execute(&capped{buf}, data); err != nil {
		if errors.Is(err, errTooLarge) {
			return "", fmt.Errorf("%s/%s: %w", root, rel, err)
		}
		return "", FromError(err)
	}
	return buf.String(), nil
}
