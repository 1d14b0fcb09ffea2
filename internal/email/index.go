package email

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// The selectors of a document's style sheets are indexed by what their
// subject (the last compound selector) requires of an element: an id, a
// class or a tag name, so that each element is matched only against the
// selectors that may match it, instead of every selector against every
// element. The index only narrows the candidates: cascadia still decides.

// selKey is what a selector's subject requires: an id, a class or a tag
// name (kind '#', '.' or 't'), or nothing known (kind 0).
type selKey struct {
	kind byte
	name string
}

// subjectKey reads, from a selector as written, one simple selector of its
// subject that an element must match: the tag name, as cascadia
// lower-cases it, else the first id or class outside parentheses and
// brackets. Anything it does not read with certainty (escapes, quotes,
// namespaces, comments, names beyond ASCII) gives the zero key, which
// every element is tried against.
func subjectKey(sel string) selKey {
	start, ok := subjectStart(sel)
	if !ok {
		return selKey{}
	}
	compound := sel[start:]
	if len(compound) > 0 && isLetter(compound[0]) {
		if name, ok := identAt(compound, 0); ok {
			return selKey{'t', strings.ToLower(name)}
		}
		return selKey{}
	}
	depth := 0
	for i := 0; i < len(compound); i++ {
		switch c := compound[i]; c {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case '.', '#':
			if depth > 0 {
				continue
			}
			if name, ok := identAt(compound, i+1); ok && name != "" {
				return selKey{c, name}
			}
			return selKey{}
		}
	}
	return selKey{}
}

// ancestorKey reads, from a selector as written whose subject follows a
// descendant or child combinator, one simple selector that an ancestor of
// the element it matches must match: the key (see subjectKey) of the
// compound selector before that combinator, which is the subject of the
// selector before it ("div.a" in "div.a > p", ".b" in "td .b p"). What it
// does not read with certainty, or a subject after a sibling combinator,
// gives the zero key.
func ancestorKey(sel string) selKey {
	start, ok := subjectStart(sel)
	if !ok || start == 0 || start == len(sel) {
		return selKey{}
	}
	// The combinator before the subject: white space, with at most one
	// '>' (child) in it; '+' and '~' (siblings) give nothing.
	end := start
	for end > 0 && isSelectorSpace(sel[end-1]) {
		end--
	}
	switch {
	case end > 0 && sel[end-1] == '>':
		end--
		for end > 0 && isSelectorSpace(sel[end-1]) {
			end--
		}
	case end > 0 && (sel[end-1] == '+' || sel[end-1] == '~'):
		return selKey{}
	case end == start: // no white space: "a>b" ends at '>', handled above
		return selKey{}
	}
	if end == 0 {
		return selKey{}
	}
	return subjectKey(sel[:end])
}

// subjectStart returns where the subject of a selector as written (its
// last compound selector) starts: after the last combinator or white space
// outside parentheses and brackets. It reports false for what it does not
// read with certainty: escapes, quotes, namespaces, comments, names beyond
// ASCII, unbalanced brackets.
func subjectStart(sel string) (int, bool) {
	if strings.ContainsAny(sel, "\\|\"'/") {
		return 0, false
	}
	start, depth := 0, 0
	for i := 0; i < len(sel); i++ {
		switch c := sel[i]; c {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ' ', '\t', '\n', '\r', '\f', '>', '+', '~':
			if depth == 0 {
				start = i + 1
			}
		default:
			if c >= 0x80 {
				return 0, false
			}
		}
	}
	return start, depth == 0
}

func isSelectorSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// identAt reads the name at s[i:]: ASCII letters, digits, '-' and '_', up
// to the end of s or the start of another simple selector.
func identAt(s string, i int) (string, bool) {
	j := i
	for j < len(s) && (isLetter(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '-' || s[j] == '_') {
		j++
	}
	if j < len(s) && strings.IndexByte(".#[:", s[j]) < 0 {
		return "", false
	}
	return s[i:j], true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// selIndex holds the indexes, in a document's selectors, of those whose
// subject requires an id, a class or a tag, and of the others; and the
// numbers of what their subjects' ancestors require.
type selIndex struct {
	byID, byClass, byTag map[string][]int
	other                []int
	ancestors            *ancestorIndex
}

// ancestorIndex numbers the keys that the ancestors of selectors'
// subjects require (see ancestorKey), by kind and name.
type ancestorIndex struct {
	byID, byClass, byTag map[string]int32
	n                    int // how many
}

// index makes the index of in's selectors, and numbers their ancestor
// keys (selRule.ancID).
func (in *inliner) index() *selIndex {
	x := &selIndex{byID: map[string][]int{}, byClass: map[string][]int{}, byTag: map[string][]int{}}
	anc := &ancestorIndex{byID: map[string]int32{}, byClass: map[string]int32{}, byTag: map[string]int32{}}
	x.ancestors = anc
	for i := range in.sels {
		s := &in.sels[i]
		switch s.key.kind {
		case '#':
			x.byID[s.key.name] = append(x.byID[s.key.name], i)
		case '.':
			x.byClass[s.key.name] = append(x.byClass[s.key.name], i)
		case 't':
			x.byTag[s.key.name] = append(x.byTag[s.key.name], i)
		default:
			x.other = append(x.other, i)
		}
		var m map[string]int32
		switch s.anc.kind {
		case '#':
			m = anc.byID
		case '.':
			m = anc.byClass
		case 't':
			m = anc.byTag
		default:
			s.ancID = -1
			continue
		}
		id, ok := m[s.anc.name]
		if !ok {
			id = int32(anc.n)
			m[s.anc.name] = id
			anc.n++
		}
		s.ancID = id
	}
	return x
}

// keys appends to dst the numbers of the keys element n has, as
// candidates reads them.
func (x *ancestorIndex) keys(n *html.Node, dst []int32) []int32 {
	if id, ok := x.byTag[n.Data]; ok {
		dst = append(dst, id)
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "id":
			if id, ok := x.byID[a.Val]; ok {
				dst = append(dst, id)
			}
		case "class":
			for w := range strings.FieldsFuncSeq(a.Val, isClassSpace) {
				if id, ok := x.byClass[w]; ok {
					dst = append(dst, id)
				}
			}
		}
	}
	return dst
}

// candidates appends to dst, in increasing order and once each, the
// selectors that may match n: cascadia's id, class and tag selectors
// match element nodes only, by the attributes named id and class (a class
// being one of the words of the attribute, as ~= splits it) and by the
// node's Data.
func (x *selIndex) candidates(n *html.Node, dst []int) []int {
	if n.Type != html.ElementNode {
		return append(dst, x.other...)
	}
	start, lists := len(dst), 0 // how many lists were appended, each in increasing order
	add := func(l []int) {
		if len(l) > 0 {
			dst = append(dst, l...)
			lists++
		}
	}
	add(x.byTag[n.Data])
	for _, a := range n.Attr {
		switch a.Key {
		case "id":
			add(x.byID[a.Val])
		case "class":
			for w := range strings.FieldsFuncSeq(a.Val, isClassSpace) {
				add(x.byClass[w])
			}
		}
	}
	add(x.other)
	if lists < 2 {
		return dst
	}
	slices.Sort(dst[start:])
	return dst[:start+len(slices.Compact(dst[start:]))]
}

// isClassSpace is the white space cascadia splits a class attribute at.
func isClassSpace(r rune) bool { return strings.ContainsRune(" \t\r\n\f", r) }
