package email

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Inline returns doc with the rules of its <style> elements written into
// the style attribute of every element they match, so that it looks the
// same in a mail client that drops <style> (see the package doc). What
// cannot be inlined (at-rules such as @media, rules for :hover or ::before,
// selectors that github.com/andybalholm/cascadia does not know) is kept in
// one <style> element at the end of <head>, its declarations made
// !important so that they still win over the inlined ones where a client
// applies them; Lint reports the rules there that matter for the layout.
// The rest of the document is kept, as golang.org/x/net/html writes it.
func Inline(doc []byte) ([]byte, error) {
	var in Inliner
	return in.Inline(doc)
}

// An Inliner inlines documents as Inline does, and keeps the style sheets
// it parsed and the selectors it compiled, so that documents sharing a
// layout's style sheet (every edition of a site) parse it once. The zero
// value is ready to use; an Inliner is safe for concurrent use.
type Inliner struct {
	mu        sync.Mutex
	sheets    map[string]*cssItem // a <style> element's text -> its rules, never changed once parsed
	plans     map[string]*plan    // a document's style elements (media and text) -> what they make
	selectors map[string]compiled // a selector -> cascadia's
}

type compiled struct {
	sel cascadia.SelectorGroup
	key selKey // what its subject requires
	anc selKey // what an ancestor of its subject requires
	ok  bool   // parsed, with no pseudo-element and no dynamic pseudo-class: inlined
}

// The most an Inliner keeps, so that a long session holds a bounded cache:
// when one is full, it is emptied, and fills again with what is in use.
const (
	maxSheets    = 64
	maxSelectors = 4096
	maxStyles    = 4096 // style attributes kept by each plan, for each thread
)

func (in *Inliner) sheet(src string) *cssItem {
	in.mu.Lock()
	s, ok := in.sheets[src]
	in.mu.Unlock()
	if ok {
		return s
	}
	s, _ = parseCSS(src, false)
	in.mu.Lock()
	if in.sheets == nil {
		in.sheets = map[string]*cssItem{}
	}
	if len(in.sheets) >= maxSheets {
		clear(in.sheets) // a long session's old style sheets
	}
	in.sheets[src] = s
	in.mu.Unlock()
	return s
}

func (in *Inliner) selector(src string) compiled {
	in.mu.Lock()
	c, ok := in.selectors[src]
	in.mu.Unlock()
	if ok {
		return c
	}
	sel, err := cascadia.ParseWithPseudoElement(src)
	c = compiled{ok: err == nil && sel.PseudoElement() == "" && !dynamic.MatchString(src)}
	if c.ok {
		c.sel = cascadia.SelectorGroup{sel}
		c.key, c.anc = subjectKey(src), ancestorKey(src)
	}
	in.mu.Lock()
	if in.selectors == nil {
		in.selectors = map[string]compiled{}
	}
	if len(in.selectors) >= maxSelectors {
		clear(in.selectors)
	}
	in.selectors[src] = c
	in.mu.Unlock()
	return c
}

// plan is what a document's style elements make, shared by the documents
// with the same ones and never changed once made.
type plan struct {
	in       inliner   // the selectors to inline, in the style sheets' order
	index    *selIndex // in's selectors by what their subject requires
	leftover string    // the rules kept in a <style> element, "" for none
	// styles holds *styleMemo: what the cascade made of the selectors an
	// element matched and of its style attribute, one memo for each
	// thread at a time, without locks.
	styles sync.Pool
}

// styleMemo maps the indexes of the selectors an element matches (each
// plus one, as a uvarint), a 0 and its style attribute to the style
// attribute the cascade makes of them, which depends on nothing else.
type styleMemo map[string]string

// plan returns the plan of the style elements styles, whose media and
// text make key.
func (cache *Inliner) plan(key []byte, styles []*html.Node) *plan {
	cache.mu.Lock()
	pl, ok := cache.plans[string(key)]
	cache.mu.Unlock()
	if ok {
		return pl
	}
	pl = &plan{in: inliner{cache: cache}}
	pl.styles.New = func() any { return &styleMemo{} }
	var leftover []*cssItem
	for _, s := range styles {
		sheet := cache.sheet(textContent(s))
		if media := strings.TrimSpace(attr(s, "media")); media != "" && !strings.EqualFold(media, "all") {
			sheet = &cssItem{children: []*cssItem{{at: "@media", prelude: media, block: true, children: sheet.children}}}
		}
		for _, it := range sheet.children {
			leftover = append(leftover, pl.in.rule(it)...)
		}
	}
	pl.index = pl.in.index()
	if len(leftover) > 0 {
		// @charset, @import and @namespace are only valid before other rules.
		slices.SortStableFunc(leftover, func(a, b *cssItem) int { return cmp.Compare(rank(a), rank(b)) })
		var b strings.Builder
		for _, it := range leftover {
			it.write(&b, it.at == "")
		}
		pl.leftover = b.String()
	}
	cache.mu.Lock()
	if cache.plans == nil {
		cache.plans = map[string]*plan{}
	}
	if len(cache.plans) >= maxSheets {
		clear(cache.plans)
	}
	cache.plans[string(key)] = pl
	cache.mu.Unlock()
	return pl
}

// Inline is the function Inline, with the Inliner's caches.
func (cache *Inliner) Inline(doc []byte) ([]byte, error) {
	return cache.inline(doc, false, "")
}

// InlinePreheader is Inline followed by InsertPreheader with text, when
// text is not "", without a copy of the document in between.
func (cache *Inliner) InlinePreheader(doc []byte, text string) ([]byte, error) {
	return cache.inline(doc, false, text)
}

// scratches keeps the buffers of inline, for the next document.
var scratches = sync.Pool{New: func() any { return new(scratch) }}

// maxKept is the largest buffer kept for the next document.
const maxKept = 1 << 20

type scratch struct {
	key []byte       // the document's style elements, to find its plan
	out bytes.Buffer // the document rendered
}

// inline inlines doc, each element matched against the selectors that the
// index gives, or with brute against every selector (the tests' oracle),
// then inserts the preheader, if any.
func (cache *Inliner) inline(doc []byte, brute bool, preheader string) ([]byte, error) {
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		return nil, err
	}
	var styles []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Template {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Style && n.Namespace == "" {
			styles = append(styles, n)
			return false
		}
		return true
	})
	// What the style elements make (the selectors to inline, their
	// index, the rules kept in <style>) depends on their text and media
	// alone: it is made once for every document with the same ones.
	sc := scratches.Get().(*scratch)
	defer func() {
		if cap(sc.key) <= maxKept && sc.out.Cap() <= maxKept {
			scratches.Put(sc)
		}
	}()
	key := sc.key[:0]
	for _, s := range styles {
		key = append(key, attr(s, "media")...)
		key = append(key, 0)
		key = appendText(key, s)
		key = append(key, 1)
		s.Parent.RemoveChild(s)
	}
	sc.key = key
	pl := cache.plan(key, styles)
	memo := pl.styles.Get().(*styleMemo)
	if brute {
		pl.in.apply(root, pl.in.everyRule, nil, *memo)
	} else {
		pl.in.apply(root, pl.index.candidates, pl.index.ancestors, *memo)
	}
	if len(*memo) >= maxStyles {
		clear(*memo)
	}
	pl.styles.Put(memo)
	if pl.leftover != "" {
		style := &html.Node{Type: html.ElementNode, Data: "style", DataAtom: atom.Style}
		style.AppendChild(&html.Node{Type: html.TextNode, Data: pl.leftover})
		head := find(root, atom.Head)
		if head == nil {
			head = root
		}
		head.AppendChild(style)
	}
	sc.out.Reset()
	if err := html.Render(&sc.out, root); err != nil {
		return nil, err
	}
	rendered := sc.out.Bytes()
	if preheader == "" {
		return bytes.Clone(rendered), nil
	}
	return InsertPreheader(rendered, preheader)
}

func rank(it *cssItem) int {
	switch it.at {
	case "@charset":
		return 0
	case "@import":
		return 1
	case "@namespace":
		return 2
	}
	return 3
}

// applied is a declaration that applies to an element, with what decides
// between it and the others for the same property.
type applied struct {
	decl
	key precedence
}

// precedence orders declarations as the CSS cascade does for one origin:
// importance and inline-ness first, then specificity, then order in the
// style sheets.
type precedence struct {
	tier  int // 0 rule, 1 style attribute, 2 !important rule, 3 !important style attribute
	spec  cascadia.Specificity
	rule  int // the rule's place in the style sheets
	index int // the declaration's place in its rule
}

func (p precedence) compare(q precedence) int {
	if c := cmp.Compare(p.tier, q.tier); c != 0 {
		return c
	}
	for i := range p.spec {
		if c := cmp.Compare(p.spec[i], q.spec[i]); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(p.rule, q.rule); c != 0 {
		return c
	}
	return cmp.Compare(p.index, q.index)
}

// sameBlock says whether two declarations come from one declaration block
// with one importance, where a repeated property is a fallback to keep.
func (p precedence) sameBlock(q precedence) bool {
	return p.tier == q.tier && p.rule == q.rule
}

// inliner is the inlining of one document: the selectors of its style
// sheets that can be inlined, in their order, then matched against its
// elements.
type inliner struct {
	cache *Inliner
	sels  []selRule
	rules int
}

// selRule is a selector of a style rule, with the rule's declarations.
type selRule struct {
	sel   cascadia.Sel
	spec  cascadia.Specificity
	decls []decl
	rule  int    // the rule's place in the style sheets
	key   selKey // what its subject requires, for the index
	anc   selKey // what an ancestor of its subject requires
	ancID int32  // anc's number in the ancestorIndex, -1 for none
}

// dynamic matches the pseudo-classes that depend on the reader's actions:
// rules with them are kept in <style>, for the clients that apply them.
var dynamic = regexp.MustCompile(`(?i):(hover|focus|focus-within|focus-visible|active|visited|target|target-within)\b`)

// rule takes in a top-level item of a style sheet, its selectors to be
// inlined, and returns what must stay in a <style> element.
func (in *inliner) rule(it *cssItem) []*cssItem {
	if it.at != "" {
		return []*cssItem{it}
	}
	in.rules++
	var left []*cssItem
	if len(it.children) > 0 { // nested rules
		left = append(left, &cssItem{prelude: it.prelude, children: it.children})
	}
	if len(it.decls) == 0 {
		return left
	}
	for _, selector := range splitSelectors(it.prelude) {
		c := in.cache.selector(selector)
		if !c.ok {
			left = append(left, &cssItem{prelude: selector, decls: it.decls, offset: it.offset})
			continue
		}
		sel := c.sel[0]
		in.sels = append(in.sels, selRule{sel: sel, spec: sel.Specificity(), decls: it.decls, rule: in.rules, key: c.key, anc: c.anc})
	}
	return left
}

// apply writes into the style attribute of every rendered node the
// declarations of the selectors that match it, in the order of the style
// sheets, with those of its own style attribute, as the cascade decides
// between them. candidates returns, in increasing order, the indexes in
// in.sels of the selectors that may match a node (more is only slower);
// the matching is cascadia's, node by node, in document order, but for
// the selectors whose subject must have an ancestor that none of the
// node's has, when anc, which numbers what ancestors must be, is not nil.
// memo keeps what the cascade made (see styleMemo).
func (in *inliner) apply(root *html.Node, candidates func(*html.Node, []int) []int, anc *ancestorIndex, memo styleMemo) {
	var matched []applied
	var cand, hits []int
	var key []byte
	// have counts, for each of anc's keys, the ancestors of the node
	// visited that have it; pushed holds the keys of each ancestor.
	var have []int32
	var pushed []int32
	if anc != nil && anc.n > 0 {
		have = make([]int32, anc.n)
	} else {
		anc = nil
	}
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			if k.Type == html.ElementNode && k.Namespace == "" && (k.DataAtom == atom.Head || k.DataAtom == atom.Template) {
				continue // not rendered: styles there do not matter
			}
			cand = candidates(k, cand[:0])
			hits, key = hits[:0], key[:0]
			for _, i := range cand {
				if s := &in.sels[i]; anc != nil && s.ancID >= 0 && have[s.ancID] == 0 {
					continue // no ancestor has what one must
				}
				if in.sels[i].sel.Match(k) {
					hits = append(hits, i)
					key = binary.AppendUvarint(key, uint64(i)+1)
				}
			}
			if len(hits) > 0 {
				key = append(key, 0)
				key = append(key, attr(k, "style")...)
				style, ok := memo[string(key)]
				if !ok {
					matched = matched[:0]
					for _, i := range hits {
						s := &in.sels[i]
						for j, d := range s.decls {
							tier := 0
							if d.important {
								tier = 2
							}
							matched = append(matched, applied{d, precedence{tier, s.spec, s.rule, j}})
						}
					}
					style = styleText(cascade(k, matched))
					memo[string(key)] = style
				}
				setStyle(k, style)
			}
			if anc == nil || k.Type != html.ElementNode {
				visit(k)
				continue
			}
			mark := len(pushed)
			pushed = anc.keys(k, pushed)
			for _, id := range pushed[mark:] {
				have[id]++
			}
			visit(k)
			for _, id := range pushed[mark:] {
				have[id]--
			}
			pushed = pushed[:mark]
		}
	}
	visit(root)
}

// everyRule is the candidates of a node without an index: every selector,
// as a brute-force cascade tries them.
func (in *inliner) everyRule(n *html.Node, dst []int) []int {
	for i := range in.sels {
		dst = append(dst, i)
	}
	return dst
}

// cascade returns the declarations that decide n's style: for each
// property, those of the block that wins the cascade, in the order of
// precedence, so that a later shorthand overrides an earlier longhand as it
// did in the style sheet. matched is the caller's scratch: cascade appends
// to it.
func cascade(n *html.Node, matched []applied) []applied {
	all := matched
	if style := attr(n, "style"); style != "" {
		own, _ := parseCSS(style, true)
		const last = int(^uint(0) >> 1)
		for i, d := range own.decls {
			tier := 1
			if d.important {
				tier = 3
			}
			all = append(all, applied{d, precedence{tier: tier, rule: last, index: i}})
		}
	}
	// The winner of each property, found by a linear search: an element
	// has few properties.
	type win struct {
		prop string
		key  precedence
	}
	var arr [16]win
	best := arr[:0]
	winner := func(prop string) int {
		for i := range best {
			if best[i].prop == prop {
				return i
			}
		}
		return -1
	}
	for _, a := range all {
		if i := winner(a.prop); i < 0 {
			best = append(best, win{a.prop, a.key})
		} else if a.key.compare(best[i].key) > 0 {
			best[i].key = a.key
		}
	}
	kept := make([]applied, 0, len(all))
	for _, a := range all {
		if a.key.sameBlock(best[winner(a.prop)].key) {
			kept = append(kept, a)
		}
	}
	slices.SortStableFunc(kept, func(a, b applied) int { return a.key.compare(b.key) })
	return kept
}

// styleText writes decls as a style attribute.
func styleText(decls []applied) string {
	var b strings.Builder
	size := 0
	for _, d := range decls {
		size += len(d.prop) + len(d.value) + len("; !important")
	}
	b.Grow(size)
	for i, d := range decls {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(d.prop)
		b.WriteByte(':')
		b.WriteString(d.value)
		if d.important {
			b.WriteString(" !important")
		}
	}
	return b.String()
}

// setStyle sets n's style attribute to style.
func setStyle(n *html.Node, style string) {
	for i, a := range n.Attr {
		if a.Key == "style" && a.Namespace == "" {
			n.Attr[i].Val = style
			return
		}
	}
	if style != "" {
		n.Attr = append(n.Attr, html.Attribute{Key: "style", Val: style})
	}
}

// splitSelectors splits a selector list at its top-level commas.
func splitSelectors(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '\\':
			i++
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	out = append(out, strings.TrimSpace(s[start:]))
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

// walk calls f on n and its descendants in document order; f returning
// false skips a node's children.
func walk(n *html.Node, f func(*html.Node) bool) {
	if !f(n) {
		return
	}
	for k := n.FirstChild; k != nil; {
		next := k.NextSibling // f may remove k
		walk(k, f)
		k = next
	}
}

func find(n *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	walk(n, func(k *html.Node) bool {
		if found == nil && k.Type == html.ElementNode && k.DataAtom == a {
			found = k
		}
		return found == nil
	})
	return found
}

func textContent(n *html.Node) string { return string(appendText(nil, n)) }

// appendText appends the text of n's text children to dst.
func appendText(dst []byte, n *html.Node) []byte {
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.TextNode {
			dst = append(dst, k.Data...)
		}
	}
	return dst
}
