package templates

import (
	"html/template"
	"slices"
	"strings"
	"text/template/parse"
)

// Reads is what a layout may read beyond the page it renders and the
// page's neighbours (its section, previous and next pages, related pages
// and tags, a list's entries), found in the parse trees of the layout and
// of every template and partial it may run. A serve session keys each
// output by what its layout reads, so that a change renders again only the
// outputs that may show it.
//
// The reading is conservative: .Site handed on whole (with .Site,
// $s := .Site, partial "x" .Site) counts as reading every page, and a
// partial whose name is not a constant may be any partial.
type Reads struct {
	// Site lists the fields of .Site read beyond its configuration
	// (Title, Menu, Params...): "News", "Parts", "Upcoming"... "*" means
	// the whole site.
	Site []string
	// Pages is set when a list of pages is read (the identifier Pages
	// anywhere): a regular page's layout then reads its section's entries.
	Pages bool
	// Clock is set when the layout calls now.
	Clock bool
}

// siteConfig are the fields of .Site that come from the configuration
// alone, or that every output's key covers (Now, through the upcoming
// state of events).
var siteConfig = map[string]bool{
	"Title": true, "BaseURL": true, "Language": true, "Description": true, "Menu": true,
	"Params": true, "Author": true, "Config": true, "Now": true,
}

// Reads returns what the layout rel (as Lookup names it) reads.
func (s *Set) Reads(rel string) Reads { return s.reads[rel] }

// readsOf works out what the layout t reads; t is the layout's own copy
// of the frame and partials, not yet run.
func readsOf(t *template.Template) Reads {
	a := &readsAnalysis{t: t, seen: map[string]bool{}, site: map[string]bool{}}
	a.template(t.Name())
	r := Reads{Pages: a.pages, Clock: a.clock}
	for f := range a.site {
		r.Site = append(r.Site, f)
	}
	slices.Sort(r.Site)
	return r
}

type readsAnalysis struct {
	t     *template.Template
	seen  map[string]bool // templates read already
	site  map[string]bool
	pages bool
	clock bool
}

func (a *readsAnalysis) template(name string) {
	if a.seen[name] {
		return
	}
	a.seen[name] = true
	t := a.t.Lookup(name)
	if t == nil || t.Tree == nil {
		return
	}
	a.node(t.Tree.Root)
}

// partials reads every partial: for a partial named at run time.
func (a *readsAnalysis) partials() {
	for _, t := range a.t.Templates() {
		if strings.HasPrefix(t.Name(), root+"/partials/") {
			a.template(t.Name())
		}
	}
}

func (a *readsAnalysis) node(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			a.node(c)
		}
	case *parse.ActionNode:
		a.pipe(n.Pipe)
	case *parse.IfNode:
		a.branch(&n.BranchNode)
	case *parse.RangeNode:
		a.branch(&n.BranchNode)
	case *parse.WithNode:
		a.branch(&n.BranchNode)
	case *parse.TemplateNode:
		a.pipe(n.Pipe)
		a.template(n.Name)
	}
}

func (a *readsAnalysis) branch(b *parse.BranchNode) {
	a.pipe(b.Pipe)
	a.node(b.List)
	a.node(b.ElseList)
}

func (a *readsAnalysis) pipe(p *parse.PipeNode) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		for i, arg := range c.Args {
			if id, ok := arg.(*parse.IdentifierNode); ok && i == 0 {
				switch id.Ident {
				case "partial", "partialCached":
					if len(c.Args) > 1 {
						if s, ok := c.Args[1].(*parse.StringNode); ok {
							a.template(partialName(s.Text))
						} else {
							a.partials()
						}
					}
				}
			}
			a.arg(arg)
		}
	}
}

func (a *readsAnalysis) arg(n parse.Node) {
	switch n := n.(type) {
	case *parse.FieldNode:
		a.chain(n.Ident)
	case *parse.VariableNode:
		a.chain(n.Ident[1:])
	case *parse.ChainNode:
		a.arg(n.Node)
		a.chain(n.Field)
	case *parse.IdentifierNode:
		if n.Ident == "now" {
			a.clock = true
		}
	case *parse.PipeNode:
		a.pipe(n)
	}
}

// chain notes what a chain of field names (.Site.News.Title) reads.
func (a *readsAnalysis) chain(ids []string) {
	for i, id := range ids {
		switch {
		case id == "Pages":
			a.pages = true
		case id == "Site" && i == len(ids)-1:
			a.site["*"] = true // the site handed on whole
		case id == "Site" && !siteConfig[ids[i+1]]:
			a.site[ids[i+1]] = true
		}
	}
}

// partialName is the template name of a partial as layouts call it.
func partialName(name string) string {
	name = strings.TrimPrefix(name, "partials/")
	if !strings.HasSuffix(name, ".html") {
		name += ".html"
	}
	return root + "/partials/" + name
}
