package search

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// The tests of this file hold the quick code to simpler references: the
// code it replaced, or the standard library.

// foldReference is Fold by its definition: the NFKD form of the whole text.
func foldReference(s string) string {
	return string(appendFoldNFKD(nil, s))
}

// tokensReference is Tokens as it was first written.
func tokensReference(s string) []string {
	words := strings.Fields(foldReference(s))
	out := words[:0]
	for _, w := range words {
		if stopWords[w] || utf8.RuneCountInString(w) < 2 {
			continue
		}
		out = append(out, w)
	}
	return out
}

func checkFold(t *testing.T, s string) {
	t.Helper()
	if got, want := Fold(s), foldReference(s); got != want {
		t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
	}
	if got, want := Tokens(s), tokensReference(s); !slices.Equal(got, want) {
		t.Fatalf("Tokens(%q) = %q, want %q", s, got, want)
	}
}

// TestFoldCodePoints folds every code point, alone and among others: next
// to combining marks, which canonical ordering moves, and to invalid bytes.
func TestFoldCodePoints(t *testing.T) {
	if testing.Short() {
		t.Skip("every code point")
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		c := string(r)
		for _, s := range []string{c, "Ab" + c + "\u0301c" + c + "\u0316\u0301", "x" + c + "\xff" + c + "\U0001D165y"} {
			if got, want := Fold(s), foldReference(s); got != want {
				t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

// TestFoldTable checks that foldTable folds every code point it holds
// without the whole-text fallback, which would make French text slow.
func TestFoldTable(t *testing.T) {
	for _, rg := range tableRanges {
		for r := rg.lo; r < rg.hi; r++ {
			if e := tableEvents(r); e == nil || !e.ok {
				t.Errorf("U+%04X: no quick folding", r)
			}
		}
	}
	if tableEvents('a') != nil || tableEvents(0x250) != nil || tableEvents(0x10000) != nil {
		t.Error("tableEvents outside tableRanges")
	}
}

func TestFoldFragments(t *testing.T) {
	for _, a := range identityFragments {
		for _, b := range identityFragments {
			checkFold(t, a+b)
			checkFold(t, a+" "+b)
		}
	}
}

func FuzzFoldReference(f *testing.F) {
	for _, s := range foldSamples {
		f.Add(s)
	}
	for _, s := range identityFragments {
		f.Add(s)
	}
	f.Fuzz(checkFold)
}

// utf16LessReference is utf16Less as it was first written.
func utf16LessReference(a, b string) bool {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			return ua[i] < ub[i]
		}
	}
	return len(ua) < len(ub)
}

func checkUTF16Compare(t *testing.T, a, b string) {
	t.Helper()
	want := 0
	switch {
	case utf16LessReference(a, b):
		want = -1
	case utf16LessReference(b, a):
		want = 1
	}
	if got := utf16Compare(a, b); got != want {
		t.Fatalf("utf16Compare(%q, %q) = %d, want %d", a, b, got, want)
	}
}

func TestUTF16Compare(t *testing.T) {
	samples := []string{"", "a", "ab", "b", "é", "e\u0301", "\uFFFD", "\xff", "\xc3", "\xc3\xa9", "\xed\xa0\x80",
		"\uFA0E", "𐐀", "𐐁", "𠀀", "\uFA0E𐐀", "𐐀\uFA0E", "\uE000", "\uFFFF", "\U0010FFFF", "σ", "a\xff", "a\uFFFD"}
	for _, a := range samples {
		for _, b := range samples {
			checkUTF16Compare(t, a, b)
		}
	}
}

func FuzzUTF16Compare(f *testing.F) {
	f.Add("\uFA0E", "𐐀")
	f.Add("a\xff", "a\uFFFD")
	f.Add("\xc3", "\xc3\xa9")
	f.Fuzz(checkUTF16Compare)
}

// cutReference is cut as it was first written.
func cutReference(s string, max int) string {
	if len(s) > 8*max {
		s = strings.ToValidUTF8(s[:8*max], "")
	}
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		sep, wn := min(i, 1), utf8.RuneCountInString(w)
		if n+sep+wn > max {
			if i == 0 {
				return string([]rune(w)[:max]) + "…"
			}
			return strings.TrimRight(b.String(), ",;:.-–—") + "…"
		}
		if sep > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		n += sep + wn
	}
	return b.String()
}

func checkCut(t *testing.T, s string, max int) {
	t.Helper()
	if got, want := cut(s, max), cutReference(s, max); got != want {
		t.Fatalf("cut(%q, %d) = %q, want %q", s, max, got, want)
	}
	if got, want := isBlank(s), strings.TrimSpace(s) == ""; got != want {
		t.Fatalf("isBlank(%q) = %v, want %v", s, got, want)
	}
}

func TestCutReference(t *testing.T) {
	for _, d := range identityDocs(300) {
		for _, max := range []int{1, 5, 20, summaryRunes} {
			checkCut(t, d.Summary, max)
			checkCut(t, d.Text, max)
		}
	}
	for _, s := range []string{"", " ", "a  b", " a b ", "a\u00a0b", "a\u0085b", "un, deux; trois", "\xffé \xff", "a\tb\nc"} {
		for max := 1; max < 8; max++ {
			checkCut(t, s, max)
		}
	}
}

func FuzzCut(f *testing.F) {
	f.Add("un deux, trois  quatre\u00a0cinq", 12)
	f.Add(strings.Repeat("é", 200), 160)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 1 || max > 400 {
			return
		}
		checkCut(t, s, max)
	})
}

// TestSortEntries checks that sortEntries orders equal document numbers as
// sort.Slice did.
func TestSortEntries(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		es := make([]entry, r.IntN(400))
		for i := range es {
			es[i] = entry{doc: int32(r.IntN(1 + len(es)/4)), flags: int32(i)}
		}
		want := slices.Clone(es)
		sort.Slice(want, func(i, j int) bool { return want[i].doc < want[j].doc })
		sortEntries(es)
		if !slices.Equal(es, want) {
			t.Fatalf("sortEntries differs from sort.Slice for %d entries", len(es))
		}
	}
}

// indexReference is the Indexer as it was first written, for its postings.
type indexReference map[string][]posting

func (ix indexReference) add(n int, terms Terms) {
	for _, t := range terms {
		ix[t.Term] = append(ix[t.Term], posting{doc: n, count: t.Count, fields: t.Fields})
	}
}

// encoded returns the encoded postings of each term.
func (ix indexReference) encoded() map[string]string {
	out := map[string]string{}
	for term, ps := range ix {
		sort.Slice(ps, func(i, j int) bool { return ps[i].doc < ps[j].doc })
		out[term] = encode(ps)
	}
	return out
}

// encodedPostings returns the encoded postings of each term of ix.
func encodedPostings(ix *Indexer) map[string]string {
	lists := ix.postings()
	out := map[string]string{}
	for term, id := range ix.terms {
		out[term] = string(appendPostings(nil, lists[id]))
	}
	return out
}

// TestIndexerTwice gives a document twice, and a term twice in one
// document: the postings, with their equal document numbers, must come
// out as they did.
func TestIndexerTwice(t *testing.T) {
	docs := identityDocs(200)
	analyzed := make([]Terms, len(docs))
	for i, d := range docs {
		analyzed[i] = Analyze(d)
	}
	r := rand.New(rand.NewPCG(8, 9))
	for round := range 20 {
		ix, err := NewIndexer(docs)
		if err != nil {
			t.Fatal(err)
		}
		ref := indexReference{}
		for range 300 {
			i := r.IntN(len(docs))
			terms := slices.Clone(analyzed[i])
			if round%2 == 0 && len(terms) > 0 { // repeat some terms
				for range 3 {
					terms = append(terms, TermCount{terms[r.IntN(len(terms))].Term, r.IntN(10), 1 + r.IntN(7)})
				}
			}
			ix.Add(docs[i].URL, terms)
			ref.add(ix.number[docs[i].URL], terms)
		}
		if !ix.twice {
			t.Fatal("no document given twice")
		}
		got, want := encodedPostings(ix), ref.encoded()
		if len(got) != len(want) {
			t.Fatalf("%d terms, want %d", len(got), len(want))
		}
		for term, w := range want {
			if got[term] != w {
				t.Fatalf("round %d: postings of %q = %q, want %q", round, term, got[term], w)
			}
		}
	}
}

// TestIndexerAnyOrder adds documents in any order, from many goroutines:
// the files must be those of Build.
func TestIndexerAnyOrder(t *testing.T) {
	docs := append(identityDocs(300), corpus(300, 80)...)
	want, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	terms := make([]Terms, len(docs))
	for i, d := range docs {
		terms[i] = Analyze(d)
	}
	for seed := range uint64(3) {
		ix, err := NewIndexer(docs)
		if err != nil {
			t.Fatal(err)
		}
		perm := rand.New(rand.NewPCG(seed, 10)).Perm(len(docs))
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for _, i := range perm[w*len(perm)/4 : (w+1)*len(perm)/4] {
					ix.Add(docs[i].URL, terms[i])
				}
			})
		}
		wg.Wait()
		got, err := ix.Files()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%d files, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
				t.Fatalf("seed %d: file %s differs", seed, fmt.Sprint(got[i].Path))
			}
		}
	}
}
