// Package templates loads a site's html/template layouts, finds the layout
// for each page in the lookup order of DESIGN.md, and runs it with the
// function map layouts rely on.
//
// # Lookup order
//
// For a page of section DIR whose kind is KIND (news, charter, event, page):
//
//	single page: DIR/single.html, KIND/single.html, _default/single.html
//	section:     DIR/list.html, KIND/list.html, _default/section.html, _default/list.html
//	home:        index.html, _default/index.html, _default/list.html
//	tag index:   tags/terms.html, _default/terms.html, _default/list.html
//	one tag:     tags/term.html, _default/term.html, _default/list.html
//	special:     404.html; search.html; DIR/complete.html, KIND/complete.html
//	other output: DIR/NAME, KIND/NAME, _default/NAME (see LookupOutput):
//	             a news post's e-mail edition is news/email.html and its
//	             text news/email.txt
//
// A front matter "layout: NAME" puts DIR/NAME.html, KIND/NAME.html and
// _default/NAME.html first.
//
// A layout is a .html file, or a .txt file for a text output: both are
// html/template, and a .txt layout writes the HTML its text is made from
// (headings, paragraphs, lists, links), which the engine turns into text.
//
// # Frame and partials
//
// _default/baseof.html is the frame: a layout that only defines blocks
// ({{ define "main" }}) is run through it. layouts/partials/NAME.html runs with
// {{ partial "NAME.html" . }}.
//
// # Errors
//
// Parse and execution errors are diag errors naming the layout file and line.
package templates

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/markdown"
	"github.com/catalyseurs/alliance/internal/resources"
)

// Options give the template functions what they need from the site.
type Options struct {
	BaseURL     string                     // absolute, with a trailing slash
	Markdownify func(string) template.HTML // renders a short Markdown text
	Typeset     func(string) string        // the site's typography of plain text
	Now         time.Time                  // the build's clock, for now
	Images      *resources.Site            // the site's images, for picture, image and resources.Get; may be nil
}

// Set is a parsed set of layouts, ready to run from many goroutines.
type Set struct {
	layouts  map[string]*template.Template // "_default/single.html" -> its own tree with baseof and partials
	partials *template.Template            // baseof and partials, for the partial function
	names    map[string]bool
	bufs     sync.Pool
	reads    map[string]Reads // layout -> what it reads, worked out before any runs
	lookupMu sync.RWMutex
	lookups  map[lookupKey]string // what Lookup found ("" for none)
	cached   sync.Map             // partialCached: name and keys -> output; see ResetCache

	markup map[string]*markupTemplate // shortcodes and render hooks, by path under layouts/

	typeset  func(string) string
	baseURL  string       // absolute, with a trailing slash
	basePath string       // the base URL's path, for relURL
	typeset1 sync.Map     // typeset's results: input -> output; see typesetCached
	nTypeset atomic.Int64 // entries in typeset1
}

// ResetCache forgets the outputs of partialCached. A build calls it before
// rendering, since cached outputs depend on the site.
func (s *Set) ResetCache() { s.cached.Clear() }

const root = "layouts"

// Load parses every layout under layouts/ in fsys. Each layout gets its own
// copy of the frame and partials, so that its blocks override only its own.
func Load(fsys fs.FS, opt Options) (*Set, error) {
	s := &Set{layouts: map[string]*template.Template{}, names: map[string]bool{}, reads: map[string]Reads{}, lookups: map[lookupKey]string{}, markup: map[string]*markupTemplate{}, typeset: opt.Typeset, baseURL: opt.BaseURL, basePath: "/"}
	if s.typeset == nil {
		s.typeset = func(s string) string { return s }
	}
	if u, err := url.Parse(opt.BaseURL); err == nil && u.Path != "" {
		s.basePath = u.Path
	}
	s.bufs.New = func() any { return new(bytes.Buffer) }
	var errs diag.List
	files := map[string]string{}
	var order []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".txt") {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Add(diag.Pos{File: p}, "cannot read layout: "+err.Error(), "")
			return nil
		}
		if line := diag.InvalidUTF8(b); line > 0 {
			errs.Add(diag.Pos{File: p, Line: line}, "the file is not valid UTF-8", "text saved as UTF-8")
			return nil
		}
		files[p] = string(b)
		order = append(order, p)
		return nil
	})
	if err != nil {
		return nil, &diag.Error{Pos: diag.Pos{File: root}, Msg: "cannot read layouts: " + err.Error()}
	}
	base := template.New("").Option("missingkey=default").Funcs(funcMap(opt, s))
	for _, p := range order {
		rel := strings.TrimPrefix(p, root+"/")
		if rel == "_default/baseof.html" || strings.HasPrefix(rel, "partials/") {
			if _, err := base.New(p).Parse(files[p]); err != nil {
				errs.Append(FromError(err))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	for _, p := range order {
		rel := strings.TrimPrefix(p, root+"/")
		if rel == "_default/baseof.html" || strings.HasPrefix(rel, "partials/") {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(p).Parse(files[p])
		}
		if err != nil {
			errs.Append(FromError(err))
			continue
		}
		if isMarkup(rel) {
			s.markup[rel] = &markupTemplate{t: t.Lookup(p), inner: strings.Contains(files[p], ".Inner")}
			continue
		}
		if onlyDefines(t.Lookup(p)) && t.Lookup(root+"/_default/baseof.html") != nil {
			t = t.Lookup(root + "/_default/baseof.html")
		} else {
			t = t.Lookup(p)
		}
		s.layouts[rel] = t
		s.names[rel] = true
		s.reads[rel] = readsOf(t)
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	s.partials = base
	return s, nil
}

// onlyDefines reports whether a layout holds nothing but {{ define }}s and
// white space: such a layout is run through the frame.
func onlyDefines(t *template.Template) bool {
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return true
	}
	for _, n := range t.Tree.Root.Nodes {
		if tn, ok := n.(*parse.TextNode); ok && len(bytes.TrimSpace(tn.Text)) == 0 {
			continue
		}
		return false
	}
	return true
}

// Has reports whether the set has the layout rel ("_default/list.html").
func (s *Set) Has(rel string) bool { return s.names[rel] }

// Candidates returns the layouts to try for p, most specific first.
func Candidates(p *content.Page) []string {
	var c []string
	dirs := []string{}
	if p.Section != "" {
		dirs = append(dirs, p.Section)
	}
	if p.Type != "" && p.Type != p.Section {
		dirs = append(dirs, p.Type)
	}
	if l, ok := p.Params["layout"].(string); ok && l != "" && p.Kind == content.KindPage {
		for _, d := range append(dirs, "_default") {
			c = append(c, d+"/"+l+".html")
		}
	}
	switch p.Kind {
	case content.KindPage:
		for _, d := range dirs {
			c = append(c, d+"/single.html")
		}
		c = append(c, "_default/single.html")
	case content.KindSection:
		for _, d := range dirs {
			c = append(c, d+"/list.html")
		}
		c = append(c, "_default/section.html", "_default/list.html")
	case content.KindHome:
		c = append(c, "index.html", "_default/index.html", "_default/list.html")
	case content.KindTaxonomy:
		c = append(c, "tags/terms.html", "_default/terms.html", "_default/list.html")
	case content.KindTerm:
		c = append(c, "tags/term.html", "_default/term.html", "_default/list.html")
	case content.KindSpecial:
		switch p.Layout {
		case "charter-complete":
			for _, d := range dirs {
				c = append(c, d+"/complete.html")
			}
			c = append(c, "_default/complete.html")
		default:
			c = append(c, p.Layout+".html", "_default/"+p.Layout+".html")
		}
	}
	return c
}

// Lookup returns the first layout of Candidates(p) that the set has.
func (s *Set) Lookup(p *content.Page) (string, bool) {
	l, _ := p.Params["layout"].(string)
	key := lookupKey{p.Kind, p.Section, p.Type, p.Layout, l}
	s.lookupMu.RLock()
	name, ok := s.lookups[key]
	s.lookupMu.RUnlock()
	if ok {
		return name, name != ""
	}
	for _, c := range Candidates(p) {
		if s.names[c] {
			name = c
			break
		}
	}
	s.lookupMu.Lock()
	s.lookups[key] = name
	s.lookupMu.Unlock()
	return name, name != ""
}

// LookupOutput returns the layout of another output than the page itself
// of p, named name ("email.html"): DIR/name, KIND/name or _default/name,
// the first the set has.
func (s *Set) LookupOutput(p *content.Page, name string) (string, bool) {
	for _, d := range []string{p.Section, p.Type, "_default"} {
		if d != "" && s.names[d+"/"+name] {
			return d + "/" + name, true
		}
	}
	return "", false
}

// lookupKey is what Lookup's answer depends on.
type lookupKey struct{ kind, section, typ, layout, param string }

// Execute runs layout rel with data and appends the output to w.
func (s *Set) Execute(w io.Writer, rel string, data any) error {
	t := s.layouts[rel]
	if t == nil {
		return &diag.Error{Pos: diag.Pos{File: root + "/" + rel}, Msg: "no such layout"}
	}
	buf := s.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.bufs.Put(buf)
	if err := t.Execute(&capped{buf}, data); err != nil {
		if errors.Is(err, errTooLarge) {
			return &diag.Error{Pos: diag.Pos{File: root + "/" + rel}, Msg: "layout: " + err.Error(), Want: "a layout that ends"}
		}
		err = FromError(err)
		if p, ok := data.(*content.Page); ok {
			var d *diag.Error
			if errors.As(err, &d) {
				d.Msg += " (rendering " + p.Path + ")"
			}
		}
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// MaxOutput bounds what one layout or partial may write, so that a runaway
// template ({{ range 1000000000 }}) fails with an error instead of filling
// the memory; the largest page of a real site is far below it.
const MaxOutput = 128 << 20

var errTooLarge = fmt.Errorf("the layout writes more than %d MB", MaxOutput>>20)

// capped is a bytes.Buffer that refuses to grow beyond MaxOutput.
type capped struct{ *bytes.Buffer }

func (c *capped) Write(p []byte) (int, error) {
	if c.Len()+len(p) > MaxOutput {
		return 0, errTooLarge
	}
	return c.Buffer.Write(p)
}

func (c *capped) WriteString(s string) (int, error) {
	if c.Len()+len(s) > MaxOutput {
		return 0, errTooLarge
	}
	return c.Buffer.WriteString(s)
}

// partialCached runs a partial once for each distinct set of keys (the
// name alone when there are none) and reuses its output, as Hugo's
// partialCached does: for parts of the frame that do not depend on the page.
func (s *Set) partialCached(name string, data any, keys ...any) (template.HTML, error) {
	key := cacheKey(name, keys)
	if v, ok := s.cached.Load(key); ok {
		return v.(template.HTML), nil
	}
	out, err := s.partial(name, data)
	if err == nil {
		s.cached.Store(key, out)
	}
	return out, err
}

// cacheKey is name followed by fmt.Sprint(keys...), written without fmt
// for the usual keys (strings and ints).
func cacheKey(name string, keys []any) string {
	var b strings.Builder
	b.WriteString(name)
	for i, k := range keys {
		switch v := k.(type) {
		case string:
			// fmt.Sprint puts a space between operands when neither is a string.
			b.WriteString(v)
		case int:
			if i > 0 {
				if _, prevString := keys[i-1].(string); !prevString {
					b.WriteByte(' ')
				}
			}
			b.WriteString(strconv.Itoa(v))
		default:
			return name + fmt.Sprint(keys...)
		}
	}
	return b.String()
}

// partial runs layouts/partials/name with data.
func (s *Set) partial(name string, data any) (template.HTML, error) {
	t := s.partials.Lookup(partialName(name))
	if t == nil {
		short := strings.TrimPrefix(partialName(name), root+"/partials/")
		return "", fmt.Errorf("partial %q not found (want a file layouts/partials/%s)", short, short)
	}
	b := s.bufs.Get().(*bytes.Buffer)
	b.Reset()
	defer s.bufs.Put(b)
	if err := t.Execute(&capped{b}, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// goTypes are the engine's types as a layout's author knows them.
var goTypes = []struct {
	name string
	t    reflect.Type
	says string
}{
	{"*content.Page", reflect.TypeFor[*content.Page](), "a page"},
	{"*content.Site", reflect.TypeFor[*content.Site](), "the site"},
	{"*content.Event", reflect.TypeFor[*content.Event](), "an event"},
	{"*content.Pager", reflect.TypeFor[*content.Pager](), "a pager"},
	{"*content.Part", reflect.TypeFor[*content.Part](), "a part of the charter"},
	{"content.Heading", reflect.TypeFor[content.Heading](), "a heading"},
	{"config.MenuItem", reflect.TypeFor[config.MenuItem](), "a menu entry"},
	{"config.Author", reflect.TypeFor[config.Author](), "an author"},
	{"templates.Segment", reflect.TypeFor[Segment](), "a part of a date"},
	{"*markdown.Hook", reflect.TypeFor[*markdown.Hook](), "a render hook's context"},
	{"*templates.Shortcode", reflect.TypeFor[*Shortcode](), "a shortcode's context"},
}

var badField = regexp.MustCompile(`can't evaluate field (\w+) in type (\S+)`)

// plainTypes rewrites a template error so that it names what a layout
// reads, not the engine's Go types, and suggests the field meant.
func plainTypes(msg string) string {
	if m := badField.FindStringSubmatch(msg); m != nil {
		for _, g := range goTypes {
			if g.name == m[2] {
				out := fmt.Sprintf("%s has no field %s", g.says, m[1])
				if near := nearest(m[1], g.t); near != "" {
					out += fmt.Sprintf(" (did you mean .%s?)", near)
				}
				return strings.Replace(msg, m[0], out, 1)
			}
		}
	}
	for _, g := range goTypes {
		msg = strings.ReplaceAll(msg, g.name, g.says)
	}
	return msg
}

// nearest returns the field or method of t whose name is closest to name,
// or "" when none is close.
func nearest(name string, t reflect.Type) string {
	var names []string
	for i := range t.NumMethod() {
		names = append(names, t.Method(i).Name)
	}
	st := t
	for st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(st) {
			if f.IsExported() {
				names = append(names, f.Name)
			}
		}
	}
	return diag.Closest(name, names)
}

var tmplErr = regexp.MustCompile(`^template: ([^:\s]+):(\d+):(?:(\d+):)? ?(.*)$`)

// FromError turns a template parse or execution error into a diag.Error
// naming the layout file and line. Errors of partials name the partial.
func FromError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	// An error inside a partial is wrapped by the outer template: report
	// the innermost layout position.
	if i := strings.LastIndex(msg, "template: "); i > 0 {
		if m := tmplErr.FindStringSubmatch(msg[i:]); m != nil {
			msg = msg[i:]
		}
	}
	m := tmplErr.FindStringSubmatch(msg)
	if m == nil {
		return &diag.Error{Msg: "layout: " + msg, Err: err}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	text := m[4]
	if j := strings.Index(text, `executing "`); j >= 0 {
		if k := strings.Index(text[j:], `" at `); k >= 0 {
			text = text[j+k+len(`" at `):]
		}
	}
	return &diag.Error{Pos: diag.Pos{File: m[1], Line: line, Col: col}, Msg: "layout: " + plainTypes(text), Err: err}
}
