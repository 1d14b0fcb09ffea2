package email

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestSubjectKey(t *testing.T) {
	tests := []struct {
		sel  string
		want selKey
	}{
		{"p", selKey{'t', "p"}},
		{"TD", selKey{'t', "td"}},
		{"p.a", selKey{'t', "p"}},
		{".a", selKey{'.', "a"}},
		{".a.b", selKey{'.', "a"}},
		{"#x", selKey{'#', "x"}},
		{"#1x", selKey{'#', "1x"}},
		{"*.a", selKey{'.', "a"}},
		{"*", selKey{}},
		{"div p", selKey{'t', "p"}},
		{"div > .a", selKey{'.', "a"}},
		{"div>.a", selKey{'.', "a"}},
		{"h1 + p", selKey{'t', "p"}},
		{"h1 ~ #z", selKey{'#', "z"}},
		{":not(.a)", selKey{}},
		{"p:not(.a)", selKey{'t', "p"}},
		{":is(.a, .b) p", selKey{'t', "p"}},
		{"p :is(.a, .b)", selKey{}},
		{"[class~=a]", selKey{}},
		{"[data-x] .b", selKey{'.', "b"}},
		{`[data-x="a b"] .b`, selKey{}},
		{`.a\:b`, selKey{}},
		{"svg|a", selKey{}},
		{".é", selKey{}},
		{"li:nth-child(2n + 1)", selKey{'t', "li"}},
		{":nth-child(2n + 1).c", selKey{'.', "c"}},
		{"a:first-child", selKey{'t', "a"}},
		{"-x", selKey{}},
	}
	for _, tc := range tests {
		if got := subjectKey(tc.sel); got != tc.want {
			t.Errorf("subjectKey(%q) = %+v, want %+v", tc.sel, got, tc.want)
		}
	}
}

func TestAncestorKey(t *testing.T) {
	tests := []struct {
		sel  string
		want selKey
	}{
		{"p", selKey{}},
		{"div p", selKey{'t', "div"}},
		{"div > p", selKey{'t', "div"}},
		{"div>p", selKey{'t', "div"}},
		{"div\n>\tp", selKey{'t', "div"}},
		{"TD .a", selKey{'t', "td"}},
		{".a.b #c", selKey{'.', "a"}},
		{"td .b p", selKey{'.', "b"}},
		{"h1 + p", selKey{}},
		{"h1~p", selKey{}},
		{"div > h1 + p", selKey{}},
		{"h1 + div p", selKey{'t', "div"}},
		{"* p", selKey{}},
		{":is(.a, .b) p", selKey{}},
		{"div:has(> b) p", selKey{'t', "div"}},
		{"p:not(.a > b)", selKey{}},
		{"[data-x] p", selKey{}},
		{`[data-x="a b"] p`, selKey{}},
		{`.a\:b p`, selKey{}},
		{"svg|a p", selKey{}},
		{".é p", selKey{}},
		{"div p:nth-child(2n + 1)", selKey{'t', "div"}},
		{"div p:is(.a, .b)", selKey{'t', "div"}},
		{"div /**/ p", selKey{}},
	}
	for _, tc := range tests {
		if got := ancestorKey(tc.sel); got != tc.want {
			t.Errorf("ancestorKey(%q) = %+v, want %+v", tc.sel, got, tc.want)
		}
	}
}

// TestIndexMatchesBruteForce checks the index against the brute-force
// cascade, every selector tried on every element, on the sample edition
// and on random documents and style sheets: the outputs must be the same
// bytes.
func TestIndexMatchesBruteForce(t *testing.T) {
	docs := [][]byte{readEdition(t)}
	r := rand.New(rand.NewPCG(1, 2))
	for range 400 {
		docs = append(docs, randomDoc(r))
	}
	for i, doc := range docs {
		checkIndex(t, fmt.Sprint("document ", i), doc)
	}
}

func checkIndex(t *testing.T, name string, doc []byte) {
	t.Helper()
	var in Inliner
	want, errWant := in.inline(doc, true, "")
	got, errGot := in.inline(doc, false, "")
	if (errWant == nil) != (errGot == nil) {
		t.Fatalf("%s: errors differ: %v, %v", name, errWant, errGot)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: the index gives\n%s\nthe brute-force cascade\n%s\nfor\n%s", name, got, want, doc)
	}
}

// The pieces of the random documents: elements, classes, ids and
// selectors chosen among few names, so that they often meet.
var (
	randTags    = []string{"p", "div", "td", "a", "span", "TD", "table", "tr", "h1", "li", "ul", "img", "svg", "template", "b"}
	randNames   = []string{"a", "b", "c", "A", "x-y", "1", "é"}
	randCombis  = []string{" ", " > ", " + ", " ~ ", ">", "\n"}
	randPseudos = []string{":first-child", ":last-child", ":not(.a)", ":nth-child(2n+1)", ":is(.b, p)", ":empty", ":root", ":has(> b)", "::before", ":hover", ":only-child", ""}
	randDecls   = []string{"color:red", "color:blue !important", "padding:0", "padding-left:4px", "margin:0 auto", "color:green", "font:12px serif"}
)

func randomCompound(r *rand.Rand) string {
	var b strings.Builder
	switch r.IntN(4) {
	case 0:
		b.WriteString(randTags[r.IntN(len(randTags))])
	case 1:
		b.WriteString("*")
	}
	for range r.IntN(3) {
		switch r.IntN(4) {
		case 0:
			b.WriteString("#" + randNames[r.IntN(len(randNames))])
		case 1:
			b.WriteString("[class~=" + randNames[r.IntN(len(randNames))] + "]")
		default:
			b.WriteString("." + randNames[r.IntN(len(randNames))])
		}
	}
	if r.IntN(3) == 0 {
		b.WriteString(randPseudos[r.IntN(len(randPseudos))])
	}
	if b.Len() == 0 {
		b.WriteString("*")
	}
	return b.String()
}

func randomSelector(r *rand.Rand) string {
	s := randomCompound(r)
	for range r.IntN(3) {
		s += randCombis[r.IntN(len(randCombis))] + randomCompound(r)
	}
	return s
}

func randomDoc(r *rand.Rand) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><style>")
	for range 1 + r.IntN(12) {
		sels := []string{randomSelector(r)}
		for r.IntN(3) == 0 {
			sels = append(sels, randomSelector(r))
		}
		b.WriteString(strings.Join(sels, ", ") + "{")
		for k := range 1 + r.IntN(3) {
			if k > 0 {
				b.WriteString(";")
			}
			b.WriteString(randDecls[r.IntN(len(randDecls))])
		}
		b.WriteString("}\n")
	}
	if r.IntN(4) == 0 {
		b.WriteString("@media (max-width:600px){.a{color:red}}")
	}
	b.WriteString("</style></head><body>")
	var element func(depth int)
	element = func(depth int) {
		tag := randTags[r.IntN(len(randTags))]
		b.WriteString("<" + tag)
		if r.IntN(2) == 0 {
			var classes []string
			for range 1 + r.IntN(3) {
				classes = append(classes, randNames[r.IntN(len(randNames))])
			}
			b.WriteString(` class="` + strings.Join(classes, []string{" ", "  ", "\t"}[r.IntN(3)]) + `"`)
		}
		if r.IntN(4) == 0 {
			b.WriteString(` id="` + randNames[r.IntN(len(randNames))] + `"`)
		}
		if r.IntN(5) == 0 {
			b.WriteString(` style="` + randDecls[r.IntN(len(randDecls))] + `"`)
		}
		b.WriteString(">")
		for range r.IntN(4) {
			if depth < 4 && r.IntN(3) > 0 {
				element(depth + 1)
			} else {
				b.WriteString("texte ")
			}
		}
		b.WriteString("</" + tag + ">")
	}
	for range 1 + r.IntN(5) {
		element(0)
	}
	b.WriteString("</body></html>")
	return []byte(b.String())
}

// FuzzIndex checks the index against the brute-force cascade on any
// document.
func FuzzIndex(f *testing.F) {
	f.Add([]byte(`<style>p{color:red} .a p, #x{margin:0}</style><p class="a" id="x">x</p>`))
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		f.Add(randomDoc(r))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if len(doc) > 1<<16 {
			return
		}
		checkIndex(t, "fuzzed document", doc)
	})
}
