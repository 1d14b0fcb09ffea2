// Package search writes the static full-text index that static/js/search.js
// queries in the reader's browser: one small entry file, the inverted index in
// shards by term prefix, the documents' display data in small chunks, and
// the filters' files. Reader answers queries from these files by the
// script's algorithm, in Go: tests hold the two together.
//
// # Files
//
// Build returns these files, paths relative to the site root:
//
//	search-index.json             the entry point (a few kB at 10,000 pages)
//	search/docs/N.json            display data of documents N*10 .. N*10+9
//	search/sections/N.json        their sections, for the documents that have some
//	search/shards/KEY.json        the terms whose first two (or three) runes give KEY
//	search/kinds/KIND.json        the documents of a kind (news, charter, event)
//	search/tags.json              the tags: [[slug, name, file], ...], most used first
//	search/tags/SLUG.json         the documents of a tag
//	search/events.json            [[document number, end in Unix minutes], ...]
//
// The entry point is
//
//	{"version":2,"count":2,"chunkSize":10,
//	 "docs":"search/docs/{}.json?v=1a2b3c4d",
//	 "sections":"search/sections/{}.json?v=9a8b7c6d",
//	 "shards":{"ec":"search/shards/ec.json?v=5e6f7a8b", "ter":..., ...},
//	 "kinds":{"event":"search/kinds/event.json?v=..."},
//	 "tags":"search/tags.json?v=...","events":"search/events.json?v=..."}
//
// Its URLs are relative to the site root; the ?v= part is a hash of the
// file's content (for docs and sections, of all the chunks together, "{}"
// standing for a chunk's number), so that they can be cached for ever. A
// chunk is an array of [url, title, summary, section, date]: the summary is
// cut to about 160 characters (or taken from the start of the text when
// empty) and date is as given ("2 juin 2022", or ""). A sections file
// holds, for each document of the chunk, null or its sections' [id,
// heading]. The kinds' and tags' files are a postings string (see below,
// with tf and fields 0). A query without filters loads none of these, and
// the sections file of a chunk only when a result shown leads to one.
//
// Documents are numbered newest first (by date, then URL; undated ones last),
// so that ties in ranking are broken by the document number alone.
//
// # Shards
//
// A term is a folded token (see Fold and Tokens) cut to 32 runes. Its shard
// KEY is its first two runes, each kept if in [a-z0-9] and written "_"
// otherwise ("économie" is in "ec", "σοφία" in "__"), or its first three
// ("_" for a missing one) when the shard of two would be over 24 KB. A
// shard is
//
//	{"terms":["economie","economies",...],"postings":["BgC...","...",...],
//	 "groups":[[0,1],...]}
//
// with terms sorted by UTF-16 code units (JavaScript's string order), so a
// prefix's terms are one run found by binary search, and postings[i] belongs
// to terms[i]. groups lists the stem groups of two terms or more: the
// indexes of the terms whose Stem is the same (of the term as written in
// one of its documents, see TermCount.Spelling). A query word matches the
// terms it starts and, when it is a term, those of its group: the page
// needs no stemmer, and a word the site lacks still matches as a prefix.
//
// # Postings
//
// A postings string lists the documents that hold the term, in increasing
// number. Each document gives one integer
//
//	v = (number - previous number) << 5 | tf << 3 | fields
//
// (previous number is 0 for the first), where fields is a mask (1 title,
// 2 summary, 4 text) and tf the occurrence count, bucketed: 0 for 1, 1 for
// 2-3, 2 for 4-7, 3 for 8 or more. v is written in base 32, most significant
// digit first: every digit but the last comes from "ghijklmnopqrstuvwxyz0123456789-_",
// the last one from "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef". A term found in the
// texts of documents 0 and 1 once each is "EhE". When every occurrence of
// the term in a document's text is in one of its sections, and the term is
// in at most a tenth of the documents (or 64), the entry is followed by
// "." and the section's number counting from 1, written the same way:
// "M.D" is document 0, tf 1, in the text, in section 3.
package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/catalyseurs/alliance/internal/fold"
	"github.com/catalyseurs/alliance/internal/jsonstr"
)

// Doc is one page as the search sees it. Text is plain text, without markup.
type Doc struct {
	URL, Title, Summary, Text, Section string
	Date                               string // "2 juin 2022" or ""
	// Kind is the page's kind for the kind filter: "news", "charter",
	// "event", or "" for none.
	Kind string
	// Tags are the page's tags, for the tag filter.
	Tags []Tag
	// End is, for an event, when it ends (its start when it has no end):
	// with the kind filter "event", events not ended come first.
	End time.Time
	// Sections are the headings of the text, each starting a part of it
	// that runs to the next one: a result can lead to the one its words
	// are in.
	Sections []Section
}

// Section is a heading of a document: its id (the anchor), its text, and
// where it starts in Doc.Text (its heading first, then the text under it).
type Section struct {
	ID, Heading string
	Start       int
}

// Tag is a tag of a document: its slug (as in /tags/SLUG/) and its name.
type Tag struct{ Slug, Name string }

// Kinds are the values of Doc.Kind that the kind filter knows.
var Kinds = []string{"news", "charter", "event"}

// File is one output file; Path is relative to the site root, slash-separated.
type File struct {
	Path string
	Data []byte
}

// Field bits of a posting.
const (
	fieldTitle   = 1
	fieldSummary = 2
	fieldText    = 4
)

const (
	// Version is the format version written in search-index.json.
	Version = 2
	// IndexPath is the entry point's path.
	IndexPath = "search-index.json"
	// chunkSize is the number of documents per search/docs/N.json file:
	// small, so that a page of results (10) loads little besides itself.
	chunkSize = 10
	// maxTermRunes is where longer terms are cut, in the index and in queries.
	maxTermRunes = 32
	// summaryRunes is about the length of a summary in the chunks.
	summaryRunes = 160
)

const (
	lastDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
	moreDigits = "ghijklmnopqrstuvwxyz0123456789-_"
)

type index struct {
	Version   int               `json:"version"`
	Count     int               `json:"count"`
	ChunkSize int               `json:"chunkSize"`
	Docs      string            `json:"docs"`               // the chunks' URL, "{}" standing for the chunk's number
	Sections  string            `json:"sections,omitempty"` // the sections' files' URL, the same way; "" for none
	Shards    map[string]string `json:"shards"`
	Kinds     map[string]string `json:"kinds"`
	Tags      string            `json:"tags,omitempty"`   // "" when no document has a tag
	Events    string            `json:"events,omitempty"` // "" when there is no event
}

// shard is the form of a shard file; appendShard writes it.
type shard struct {
	Terms    []string `json:"terms"`
	Postings []string `json:"postings"`
	Groups   [][]int  `json:"groups,omitempty"`
}

// Terms is what the index keeps of one document: its terms, each with
// its count and the fields it appears in, in order of first appearance.
// Analyze makes it; a caller may keep it between builds of unchanged
// documents.
type Terms []TermCount

// TermCount is one term of a document.
type TermCount struct {
	Term          string
	Count, Fields int
	// Spelling is the term as one of its occurrences is written, when
	// that has a non-ASCII character ("Économies" for "economies"), else
	// "": the stemmer reads accents (see Stem).
	Spelling string
	// Section is, when every occurrence of the term in the text is in one
	// of Doc.Sections, its number counting from 1; else 0.
	Section int
}

// piece is a part of a document that Analyze folds: its source, its
// field, for the text its section (0 before the first one, then 1 + the
// index in Doc.Sections), and where its folding and spans end.
type piece struct {
	src          string
	field        int32
	section      int32
	end, spanEnd int
}

// validSections reports whether d's sections start in order within d.Text.
func validSections(d Doc) bool {
	prev := 0
	for _, s := range d.Sections {
		if s.Start < prev || s.Start > len(d.Text) {
			return false
		}
		prev = s.Start
	}
	return true
}

// Analyze tokenizes a document's title, summary and text.
func Analyze(d Doc) Terms {
	a := analyzers.Get().(*analyzer)
	defer a.release()
	// The folded texts, one after the other, and the spans of their words
	// written with a non-ASCII character: the title, the summary, and the
	// text in pieces, the part before the first section and each section.
	pieces := a.pieces[:0]
	pieces = append(pieces, piece{src: d.Title, field: fieldTitle}, piece{src: d.Summary, field: fieldSummary})
	from := 0
	if validSections(d) {
		for i, sec := range d.Sections {
			pieces = append(pieces, piece{src: d.Text[from:sec.Start], field: fieldText, section: int32(i)})
			from = sec.Start
		}
	}
	pieces = append(pieces, piece{src: d.Text[from:], field: fieldText, section: int32(len(d.Sections))})
	if !validSections(d) {
		pieces[len(pieces)-1].section = 0
	}
	buf, spans := a.buf[:0], a.spans[:0]
	for i := range pieces {
		buf, spans = fold.AppendSpans(buf, pieces[i].src, spans)
		pieces[i].end, pieces[i].spanEnd = len(buf), len(spans)
	}
	// Eight bytes more, so that load8 can read eight bytes at any word.
	a.buf = append(buf, make([]byte, 8)...)
	a.spans, a.pieces = spans, pieces
	start, spanStart := 0, 0
	for _, p := range pieces {
		sec := int32(0)
		if p.field == fieldText {
			sec = p.section + 1
		}
		a.add(start, p.end, p.field, spanStart, sec)
		start, spanStart = p.end, p.spanEnd
	}
	if len(a.words) == 0 {
		return nil
	}
	// spelling returns the source of word w's first non-ASCII occurrence.
	spelling := func(w wordCount) string {
		if w.spell == 0 {
			return ""
		}
		sp := spans[w.spell-1]
		k := 0
		for int(w.spell-1) >= pieces[k].spanEnd {
			k++
		}
		return pieces[k].src[sp.SrcStart:sp.SrcEnd]
	}
	// The terms and spellings are parts of one string that holds each of
	// them once, and the result is allocated at its size: the pooled
	// analyzer holds no pointer, and what a caller keeps is no bigger
	// than the terms.
	size := 0
	for _, w := range a.words {
		size += int(w.n) + len(spelling(w))
	}
	var all strings.Builder
	all.Grow(size)
	for _, w := range a.words {
		all.Write(buf[w.start : w.start+int(w.n)])
		all.WriteString(spelling(w))
	}
	s := all.String()
	terms := make(Terms, len(a.words))
	at := 0
	for i, w := range a.words {
		sp := len(spelling(w))
		terms[i] = TermCount{Term: s[at : at+int(w.n)], Count: int(w.count), Fields: int(w.fields), Spelling: s[at+int(w.n) : at+int(w.n)+sp]}
		if w.sec > 1 {
			terms[i].Section = int(w.sec - 1)
		}
		at += int(w.n) + sp
	}
	return terms
}

// analyzer holds what Analyze reuses from one document to the next. Its
// hash table of the terms is its own, rather than a map[string]int32: it
// holds no pointers, is cleared at the cost of a memclr, and hashes and
// compares most words as the one integer of their first eight bytes.
type analyzer struct {
	buf    []byte      // the folded texts, and 8 zero bytes
	spans  []fold.Span // the words of buf written with a non-ASCII character
	pieces []piece     // the parts of the document folded into buf
	words  []wordCount // the distinct terms, in order of first appearance
	// slots is an open-addressing hash table of the terms, a power of two
	// in size and at most half full: 1 + the index of a term in words, or
	// 0 for an empty slot.
	slots []int32
	shift uint // 64 - log2(len(slots))
}

// wordCount is a term of the document, buf[start:start+n], and what
// Analyze returns of it.
type wordCount struct {
	key           uint64 // wordKey of the term
	start         int
	n             int32
	count, fields int32
	spell         int32 // 1 + the index in spans of its first non-ASCII occurrence, or 0
	// sec is 0 until the term is seen in the text, then 1 + the piece's
	// section while every occurrence in the text is in one, and -1 once
	// they are in two.
	sec int32
}

// minBits is log2 of the size of an analyzer's first hash table.
const minBits = 9

var analyzers = sync.Pool{New: func() any {
	return &analyzer{slots: make([]int32, 1<<minBits), shift: 64 - minBits}
}}

// maxPooled bounds what an analyzer keeps for the next document, so that
// one huge document does not make every later one pay for clearing it.
const maxPooled = 1 << 16

// release empties a and puts it back in the pool.
func (a *analyzer) release() {
	if cap(a.buf) > maxPooled || len(a.slots) > maxPooled/8 {
		return
	}
	clear(a.slots)
	a.words = a.words[:0]
	a.spans = a.spans[:0]
	clear(a.pieces) // no strings kept
	a.pieces = a.pieces[:0]
	analyzers.Put(a)
}

// load8 returns the eight bytes of b at i as an integer, the first one in
// the low bits.
func load8(b []byte, i int) uint64 {
	return binary.LittleEndian.Uint64(b[i : i+8])
}

// wordKey returns the first n bytes, at most 8, of the word of n bytes at
// b[i:], in the low bits of an integer: words of up to 8 bytes, which hold
// no zero byte, are equal when their keys are.
func wordKey(b []byte, i, n int) uint64 {
	k := load8(b, i)
	if n < 8 {
		k &= 1<<(8*n) - 1
	}
	return k
}

// Multipliers of wordHash (from the golden ratio and from splitmix64).
const (
	hashMul1 = 0x9E3779B97F4A7C15
	hashMul2 = 0xBF58476D1CE4E5B9
)

// wordHash hashes the word of n bytes at b[i:], whose key is k; its high
// bits are the ones used.
func wordHash(b []byte, i, n int, k uint64) uint64 {
	if n > 8 {
		k ^= bits.RotateLeft64(load8(b, i+n-8)*hashMul2, 31) + uint64(n)
	}
	return k * hashMul1
}

// add counts the tokens of buf[from:to], the folded text of field, whose
// words written with a non-ASCII character have the spans from span on;
// sec is 1 + its section for the text, else 0.
func (a *analyzer) add(from, to int, field int32, span int, sec int32) {
	buf := a.buf
	for i := from; i < to; {
		start := i
		n := wordLen(buf, i, to)
		i += n + 1
		spell := int32(0)
		for span < len(a.spans) && a.spans[span].Start < start {
			span++
		}
		if span < len(a.spans) && a.spans[span].Start == start {
			spell = int32(span) + 1
		}
		// Words of one rune, stop words and long words are as isToken
		// and truncate would have them, without a string.
		if n < 2 {
			continue
		}
		k := wordKey(buf, start, n)
		if n <= maxStopWord && isStopKey(k) {
			continue
		}
		if n <= utf8.UTFMax && buf[start] >= utf8.RuneSelf {
			if _, size := utf8.DecodeRune(buf[start : start+n]); size == n {
				continue
			}
		}
		if n > maxTermRunes {
			n = len(truncate(string(buf[start : start+n]))) // no copy: it does not escape
		}
		a.count(start, n, k, field, spell, sec)
	}
}

// Bytes of eight, for wordLen.
const (
	ones   = 0x0101010101010101
	highs  = 0x8080808080808080
	spaces = ' ' * ones
)

// wordLen returns the length of the word at buf[i:], which ends at the
// next space or at to. It tests eight bytes at a time: words are short,
// and one load usually finds the end of one.
func wordLen(buf []byte, i, to int) int {
	for j := i; j < to; j += 8 {
		// x has a zero byte where buf has a space. The lowest byte of z
		// that is set is the first zero byte of x (the ones above it may
		// be wrong, because of the borrow).
		x := load8(buf, j) ^ spaces
		if z := (x - ones) &^ x & highs; z != 0 {
			return min(j+bits.TrailingZeros64(z)/8, to) - i
		}
	}
	return to - i
}

// count adds an occurrence in field of the term of n bytes at a.buf[start:],
// whose key is k; spell and sec are as in wordCount, for this occurrence
// (sec 0 outside the text).
func (a *analyzer) count(start, n int, k uint64, field int32, spell, sec int32) {
	h := wordHash(a.buf, start, n, k)
	mask := len(a.slots) - 1
	for j := int(h >> a.shift); ; j = (j + 1) & mask {
		s := a.slots[j]
		if s == 0 { // a new term
			a.words = append(a.words, wordCount{key: k, start: start, n: int32(n), count: 1, fields: field, spell: spell, sec: sec})
			a.slots[j] = int32(len(a.words))
			if 2*len(a.words) > len(a.slots) {
				a.grow()
			}
			return
		}
		e := &a.words[s-1]
		if e.key == k && int(e.n) == n &&
			(n <= 8 || bytes.Equal(a.buf[e.start+8:e.start+n], a.buf[start+8:start+n])) {
			e.count++
			e.fields |= field
			if e.spell == 0 {
				e.spell = spell
			}
			switch {
			case sec == 0 || e.sec == sec || e.sec < 0:
			case e.sec == 0:
				e.sec = sec
			default:
				e.sec = -1
			}
			return
		}
	}
}

// grow doubles the hash table.
func (a *analyzer) grow() {
	a.slots = make([]int32, 2*len(a.slots))
	a.shift--
	mask := len(a.slots) - 1
	for i, e := range a.words {
		j := int(wordHash(a.buf, e.start, int(e.n), e.key) >> a.shift)
		for a.slots[j] != 0 {
			j = (j + 1) & mask
		}
		a.slots[j] = int32(i + 1)
	}
}

// Build returns the search files for docs: the entry point first, then the
// document chunks, then the shards. The output depends only on docs. It
// fails when a URL is empty or given twice.
func Build(docs []Doc) ([]File, error) {
	return BuildAnalyzed(docs, nil)
}

// BuildAnalyzed is Build with the documents' terms already analyzed:
// terms[i] is Analyze(docs[i]); a nil terms analyzes every document.
func BuildAnalyzed(docs []Doc, terms []Terms) ([]File, error) {
	ix, err := NewIndexer(docs)
	if err != nil {
		return nil, err
	}
	// Documents added in their final order give postings already sorted.
	at := make([]int, len(docs)) // document number -> index in docs
	for i, d := range docs {
		at[ix.number[d.URL]] = i
	}
	for _, i := range at {
		if terms == nil {
			ix.Add(docs[i].URL, Analyze(docs[i]))
		} else {
			ix.Add(docs[i].URL, terms[i])
		}
	}
	return ix.Files()
}

// Indexer builds the index from documents analyzed one by one, in any
// order and from many goroutines, without keeping their terms: a build
// adds each document's terms as soon as they are known.
type Indexer struct {
	docs   []Doc          // in their final order
	number map[string]int // URL -> document number
	mu     sync.Mutex
	terms  map[string]int32 // term -> term number
	count  []int32          // term number -> entries in its postings
	last   []int32          // term number -> 1 + the last document number added with it
	// spell is, by term number, the term's Spelling in the document of
	// lowest number that has one, and spellDoc 1 + that number (0 for none):
	// the one Stem reads, whatever the order of the adds.
	spell    []string
	spellDoc []int32
	adds     []added     // what Add was given, in order
	block    []termEntry // where the entries of the next adds go
	// twice is set when a term was given twice for one document (by one
	// Add or two): its postings hold equal document numbers.
	twice bool
}

// added is what one call to Add recorded.
type added struct {
	doc     int32
	entries []termEntry
}

// termEntry is an entry of a document's postings, before it goes in its
// term's list.
type termEntry struct {
	term  int32 // term number
	flags int32 // as in entry
}

// entry is one document's entry in a term's postings, as it is kept: the
// document number, and the low bits of the encoded value (see encode).
// Analyze gives fields of 3 bits, so that int32 holds flags whole.
type entry struct {
	doc   int32
	flags int32 // section<<5 | tfBucket(count)<<3 | fields
}

// blockSize is the number of entries Add allocates at a time.
const blockSize = 1 << 14

// NewIndexer orders docs; it fails when a URL is empty or given twice.
func NewIndexer(docs []Doc) (*Indexer, error) {
	docs, err := order(docs)
	if err != nil {
		return nil, err
	}
	ix := &Indexer{
		docs:   docs,
		number: make(map[string]int, len(docs)),
		// A guess at the number of distinct terms, to spare most of the
		// map's growth.
		terms: make(map[string]int32, len(docs)),
		adds:  make([]added, 0, len(docs)),
	}
	for i, d := range docs {
		ix.number[d.URL] = i
	}
	return ix, nil
}

// Add records the terms of the document at url. It is safe for concurrent use.
func (ix *Indexer) Add(url string, terms Terms) {
	n, ok := ix.number[url]
	if !ok {
		return
	}
	ix.mu.Lock()
	if len(terms) > cap(ix.block)-len(ix.block) {
		ix.block = make([]termEntry, 0, max(blockSize, len(terms)))
	}
	start := len(ix.block)
	for _, t := range terms {
		id, ok := ix.terms[t.Term]
		if !ok {
			id = int32(len(ix.count))
			// A copy of the term, not a part of a document's text: the
			// text can go, and the keys lie close together in memory,
			// which makes the look-ups quicker.
			ix.terms[strings.Clone(t.Term)] = id
			ix.count = append(ix.count, 0)
			ix.last = append(ix.last, 0)
			ix.spell = append(ix.spell, "")
			ix.spellDoc = append(ix.spellDoc, 0)
		}
		if t.Spelling != "" && (ix.spellDoc[id] == 0 || ix.spellDoc[id] > int32(n)+1) {
			ix.spell[id], ix.spellDoc[id] = strings.Clone(t.Spelling), int32(n)+1
		}
		ix.count[id]++
		if ix.last[id] == int32(n)+1 {
			ix.twice = true
		}
		ix.last[id] = int32(n) + 1
		ix.block = append(ix.block, termEntry{term: id, flags: int32(t.Section<<5 | tfBucket(t.Count)<<3 | t.Fields)})
	}
	ix.adds = append(ix.adds, added{doc: int32(n), entries: ix.block[start:len(ix.block):len(ix.block)]})
	ix.mu.Unlock()
}

// postings returns the postings of every term, by term number, sorted by
// document number. Taking the adds by document number lays them out
// sorted, unless a list holds a document twice: then they are laid out in
// the order they were added, and sorted as they always were (see
// sortEntries), so that equal numbers keep the same order.
func (ix *Indexer) postings() [][]entry {
	total := 0
	for _, c := range ix.count {
		total += int(c)
	}
	all := make([]entry, total) // the lists, one after the other
	next := make([]int32, len(ix.count))
	at := 0
	for id, c := range ix.count {
		next[id] = int32(at) // where the term's next entry goes
		at += int(c)
	}
	if !ix.twice {
		// No term has a document twice: any order of the adds by
		// document number gives the same lists.
		slices.SortFunc(ix.adds, func(a, b added) int { return cmp.Compare(a.doc, b.doc) })
	}
	for _, a := range ix.adds {
		for _, e := range a.entries {
			all[next[e.term]] = entry{doc: a.doc, flags: e.flags}
			next[e.term]++
		}
	}
	lists := make([][]entry, len(ix.count))
	at = 0
	for id, c := range ix.count {
		lists[id] = all[at : at+int(c) : at+int(c)]
		at += int(c)
	}
	if ix.twice {
		for _, l := range lists {
			sortEntries(l)
		}
	}
	return lists
}

// Files returns the search files: the entry point first, then the
// document chunks, then the shards, then the filters' files.
func (ix *Indexer) Files() ([]File, error) {
	docs := ix.docs
	idx := index{Version: Version, Count: len(docs), ChunkSize: chunkSize, Shards: map[string]string{}, Kinds: map[string]string{}}
	postings := ix.postings()
	// The terms of many documents (a tenth) do not say which section:
	// they would cost the most bytes, and say little of where to look.
	for _, l := range postings {
		if len(l) > max(minSectionDocs, len(docs)/10) {
			for i := range l {
				l[i].flags &= 31
			}
		}
	}
	terms := ix.sortedTerms()
	shards := shards(terms, func(t termPostings) int { return len(t.term) + 4 + postingsLen(postings[t.i]) })
	groups := stemGroups(terms, shards, ix.stemOf)
	files := make([]File, 1, 1+(len(docs)+chunkSize-1)/chunkSize+len(shards)+8)
	files[0].Path = IndexPath
	var buf []byte // each file is written here, then copied
	// The chunks share one version, the hash of them all, so that the
	// entry point does not grow with the site.
	h, hs := sha256.New(), sha256.New()
	var sectionFiles []File
	for start := 0; start < len(docs); start += chunkSize {
		n := start / chunkSize
		chunk := docs[start:min(start+chunkSize, len(docs))]
		buf = appendChunk(buf[:0], chunk)
		f := File{Path: "search/docs/" + strconv.Itoa(n) + ".json", Data: bytes.Clone(buf)}
		files = append(files, f)
		h.Write(f.Data)
		h.Write([]byte{0})
		var ok bool
		if buf, ok = appendSections(buf[:0], chunk); ok {
			f := File{Path: "search/sections/" + strconv.Itoa(n) + ".json", Data: bytes.Clone(buf)}
			sectionFiles = append(sectionFiles, f)
			hs.Write(f.Data)
			hs.Write([]byte{0})
		}
	}
	idx.Docs = "search/docs/{}.json?v=" + hex.EncodeToString(h.Sum(nil)[:4])
	if len(sectionFiles) > 0 {
		idx.Sections = "search/sections/{}.json?v=" + hex.EncodeToString(hs.Sum(nil)[:4])
	}
	files = append(files, sectionFiles...)
	for i, s := range shards {
		buf = appendShard(buf[:0], terms[s.start:s.end], postings, groups[i])
		f := File{Path: "search/shards/" + s.key + ".json", Data: bytes.Clone(buf)}
		files = append(files, f)
		idx.Shards[s.key] = versioned(f)
	}
	filters, err := ix.filterFiles(&idx)
	if err != nil {
		return nil, err
	}
	files = append(files, filters...)
	if files[0].Data, err = marshal(idx); err != nil {
		return nil, err
	}
	return files, nil
}

// tagFile is an entry of search/tags.json: a tag's slug, name, and the
// file of its documents.
type tagFile [3]string

// filterFiles returns the files of the filters and names them in idx:
//
//	search/kinds/KIND.json   a postings string (flags 0): the documents of KIND
//	search/tags.json         [[slug, name, file], ...], most used tags first
//	search/tags/SLUG.json    a postings string: the documents of tag SLUG
//	search/events.json       [[document number, end in Unix minutes], ...]
//
// A query without filters loads none of them.
func (ix *Indexer) filterFiles(idx *index) ([]File, error) {
	var files []File
	add := func(path string, v any) (string, error) {
		data, err := marshal(v)
		if err != nil {
			return "", err
		}
		f := File{Path: path, Data: data}
		files = append(files, f)
		return versioned(f), nil
	}
	kinds := map[string][]entry{}
	type tagDocs struct {
		name string
		docs []entry
	}
	tags := map[string]*tagDocs{}
	events := [][2]int64{}
	for n, d := range ix.docs {
		if d.Kind != "" {
			kinds[d.Kind] = append(kinds[d.Kind], entry{doc: int32(n)})
		}
		for _, t := range d.Tags {
			if !validSlug(t.Slug) {
				return nil, fmt.Errorf("document %s: tag %q: slug %q is not made of a-z, 0-9 and -", d.URL, t.Name, t.Slug)
			}
			td := tags[t.Slug]
			if td == nil {
				td = &tagDocs{name: t.Name}
				tags[t.Slug] = td
			}
			if k := len(td.docs); k == 0 || td.docs[k-1].doc != int32(n) {
				td.docs = append(td.docs, entry{doc: int32(n)})
			}
		}
		if d.Kind == "event" && !d.End.IsZero() {
			events = append(events, [2]int64{int64(n), d.End.Unix() / 60})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		if !validSlug(k) {
			return nil, fmt.Errorf("kind %q is not made of a-z, 0-9 and -", k)
		}
		url, err := add("search/kinds/"+k+".json", string(appendPostings(nil, kinds[k])))
		if err != nil {
			return nil, err
		}
		idx.Kinds[k] = url
	}
	slugs := slices.Sorted(maps.Keys(tags))
	slices.SortStableFunc(slugs, func(a, b string) int { return cmp.Compare(len(tags[b].docs), len(tags[a].docs)) })
	list := make([]tagFile, 0, len(slugs))
	for _, slug := range slugs {
		url, err := add("search/tags/"+slug+".json", string(appendPostings(nil, tags[slug].docs)))
		if err != nil {
			return nil, err
		}
		list = append(list, tagFile{slug, tags[slug].name, url})
	}
	var err error
	if len(list) > 0 {
		if idx.Tags, err = add("search/tags.json", list); err != nil {
			return nil, err
		}
	}
	if len(events) > 0 {
		if idx.Events, err = add("search/events.json", events); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// validSlug reports whether s is a non-empty run of a-z, 0-9 and -: a
// name that is safe in a path and in a URL.
func validSlug(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// stemGroups returns, for each shard, its stem groups: the lists of the
// indexes, in the shard's terms, of the terms that have the same stem
// (given by stem), for the stems of two terms or more, in order of their
// first term.
func stemGroups(terms []termPostings, runs []shardRun, stem func(termPostings) string) [][][]int {
	out := make([][][]int, len(runs))
	forShards := func(i int) {
		s := runs[i]
		at := map[string]int{} // stem -> index of its group in out[i], or -1 - its only term
		var groups [][]int
		for j, t := range terms[s.start:s.end] {
			st := stem(t)
			g, ok := at[st]
			switch {
			case !ok:
				at[st] = -1 - j
			case g < 0:
				at[st] = len(groups)
				groups = append(groups, []int{-1 - g, j})
			default:
				groups[g] = append(groups[g], j)
			}
		}
		slices.SortFunc(groups, func(a, b []int) int { return cmp.Compare(a[0], b[0]) })
		out[i] = groups
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, min(4, runtime.GOMAXPROCS(0))) {
		wg.Go(func() {
			for i := range next {
				forShards(i)
			}
		})
	}
	for i := range runs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// IsIndexFile reports whether name, a path relative to the site root, is
// one of the files Build may write (and not, say, the search page,
// search/index.html).
func IsIndexFile(name string) bool {
	if name == IndexPath || name == "search/tags.json" || name == "search/events.json" {
		return true
	}
	for _, dir := range []string{"search/docs/", "search/sections/", "search/shards/", "search/kinds/", "search/tags/"} {
		if strings.HasPrefix(name, dir) {
			return true
		}
	}
	return false
}

// order checks docs and returns them newest first, then by URL.
func order(in []Doc) ([]Doc, error) {
	seen := make(map[string]bool, len(in))
	for _, d := range in {
		if d.URL == "" {
			return nil, fmt.Errorf("search: document %q has no URL", d.Title)
		}
		if seen[d.URL] {
			return nil, fmt.Errorf("search: URL %q given twice", d.URL)
		}
		seen[d.URL] = true
	}
	type dated struct {
		day int
		doc *Doc
	}
	byDate := make([]dated, len(in))
	days := map[string]int{} // date -> dayNumber(date): pages share dates
	for i := range in {
		day, ok := days[in[i].Date]
		if !ok {
			day = dayNumber(in[i].Date)
			days[in[i].Date] = day
		}
		byDate[i] = dated{day, &in[i]}
	}
	// URLs are unique: the order is total, and any sort gives it.
	slices.SortFunc(byDate, func(a, b dated) int {
		if a.day != b.day {
			return cmp.Compare(b.day, a.day)
		}
		return strings.Compare(a.doc.URL, b.doc.URL)
	})
	docs := make([]Doc, len(in))
	for i, d := range byDate {
		docs[i] = *d.doc
	}
	return docs, nil
}

var months = map[string]int{
	"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
	"juillet": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}

// dayNumber turns "2 juin 2022", "1er juin 2022" or "2022-06-02" into a
// number that grows with the date, and anything else into -1.
func dayNumber(date string) int {
	w := strings.Fields(Fold(date))
	if len(w) == 3 {
		if m, ok := months[w[1]]; ok {
			d, err1 := strconv.Atoi(strings.TrimSuffix(w[0], "er"))
			y, err2 := strconv.Atoi(w[2])
			if err1 == nil && err2 == nil && d >= 1 && d <= 31 && y > 0 {
				return y*10000 + m*100 + d
			}
		}
		y, err1 := strconv.Atoi(w[0])
		m, err2 := strconv.Atoi(w[1])
		d, err3 := strconv.Atoi(w[2])
		if err1 == nil && err2 == nil && err3 == nil && len(w[0]) == 4 && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
			return y*10000 + m*100 + d
		}
	}
	return -1
}

// appendChunk appends the chunk file of docs, their display data: the
// JSON of an array of [url, title, summary, section, date], as marshal
// would write it.
func appendChunk(dst []byte, docs []Doc) []byte {
	dst = append(dst, '[')
	for i, d := range docs {
		if i > 0 {
			dst = append(dst, ',')
		}
		summary := d.Summary
		if isBlank(summary) {
			summary = d.Text
		}
		dst = append(dst, '[')
		for j, s := range [5]string{d.URL, d.Title, cut(summary, summaryRunes), d.Section, d.Date} {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = jsonstr.Append(dst, s, false)
		}
		dst = append(dst, ']')
	}
	return append(dst, "]\n"...)
}

// appendSections appends the sections file of docs: for each, null or the
// array of its sections' [id, heading]; ok is false when none has any.
func appendSections(dst []byte, docs []Doc) (_ []byte, ok bool) {
	dst = append(dst, '[')
	for i, d := range docs {
		if i > 0 {
			dst = append(dst, ',')
		}
		if len(d.Sections) == 0 || !validSections(d) {
			dst = append(dst, "null"...)
			continue
		}
		ok = true
		dst = append(dst, '[')
		for j, sec := range d.Sections {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '[')
			dst = jsonstr.Append(dst, sec.ID, false)
			dst = append(dst, ',')
			dst = jsonstr.Append(dst, cut(sec.Heading, summaryRunes), false)
			dst = append(dst, ']')
		}
		dst = append(dst, ']')
	}
	return append(dst, "]\n"...), ok
}

// isBlank reports whether s is only white space (strings.TrimSpace(s) == "").
func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// cut shortens s, with its spaces collapsed, to at most about max runes,
// at a word boundary, and adds "…" when it cut.
func cut(s string, max int) string {
	if len(s) > 8*max { // long texts: only their start can be kept
		s = strings.ToValidUTF8(s[:8*max], "")
	}
	// The words kept are s[from:to] while they are separated by one space
	// each, as they will be written; then b holds them.
	from, to := 0, 0
	var b []byte
	copied := false
	kept := func() string {
		if copied {
			return string(b)
		}
		return s[from:to]
	}
	n, words := 0, 0 // runes and words kept
	for i := 0; ; words++ {
		start, end := nextField(s, i)
		if start == end {
			break
		}
		i = end
		w := s[start:end]
		sep, wn := min(words, 1), utf8.RuneCountInString(w)
		if n+sep+wn > max {
			if words == 0 { // one long word: cut it where it is
				return string([]rune(w)[:max]) + "…"
			}
			return strings.TrimRight(kept(), ",;:.-–—") + "…"
		}
		switch {
		case words == 0:
			from, to = start, end
		case !copied && start == to+1 && s[to] == ' ':
			to = end
		default:
			if !copied {
				b = append(b, s[from:to]...)
				copied = true
			}
			b = append(b, ' ')
			b = append(b, w...)
		}
		n += sep + wn
	}
	return kept()
}

// nextField returns the bounds of the first field of s at or after i, as
// strings.Fields splits s (around runs of unicode.IsSpace); start == end
// when there is none.
func nextField(s string, i int) (start, end int) {
	inField := false
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) == inField {
			if inField {
				return start, i
			}
			start, inField = i, true
		}
		i += size
	}
	if !inField {
		return i, i
	}
	return start, i
}

// termPostings is a term and its term number in an Indexer.
type termPostings struct {
	term string
	i    int32
}

// stemOf returns the stem of term number i, t: of its spelling if it has one.
func (ix *Indexer) stemOf(t termPostings) string {
	if s := ix.spell[t.i]; s != "" {
		return Stem(s)
	}
	return Stem(t.term)
}

// sortedTerms returns the terms in the order of the shards, sorted by
// UTF-16 code units.
func (ix *Indexer) sortedTerms() []termPostings {
	terms := make([]termPostings, 0, len(ix.terms))
	for t, i := range ix.terms {
		terms = append(terms, termPostings{t, i})
	}
	// The terms are unique: the order is total, and any sort gives it.
	slices.SortFunc(terms, func(a, b termPostings) int { return utf16Compare(a.term, b.term) })
	return terms
}

// shardRun is one shard: its key, and its terms[start:end] once terms
// are grouped by shard.
type shardRun struct {
	key        string
	start, end int
}

// minSectionDocs is the number of documents under which a term's
// postings always give the section it is in.
const minSectionDocs = 64

// maxShard is about the largest a shard of two-rune key may be, in
// bytes: a bigger one is split by the terms' first three runes.
const maxShard = 24 << 10

// shards groups terms by shard, keeping their order within each shard,
// and returns the shards sorted by key. A term's shard is named by its
// first two runes (see shardKey), or by its first three when the shard of
// its first two would be larger than maxShard; size tells what a term
// weighs in its shard.
func shards(terms []termPostings, size func(termPostings) int) []shardRun {
	keys := make([]string, len(terms))
	weight := map[string]int{}
	for i, t := range terms {
		keys[i] = shardKey(t.term)
		weight[keys[i]] += size(t)
	}
	count := map[string]int{}
	for i, t := range terms {
		if weight[keys[i]] > maxShard {
			keys[i] = shardKeyN(t.term, 3)
		}
		count[keys[i]]++
	}
	runs := make([]shardRun, 0, len(count))
	for k := range count {
		runs = append(runs, shardRun{key: k})
	}
	slices.SortFunc(runs, func(a, b shardRun) int { return strings.Compare(a.key, b.key) })
	next := make(map[string]int, len(runs)) // key -> where its next term goes
	pos := 0
	for i := range runs {
		r := &runs[i]
		r.start, r.end = pos, pos+count[r.key]
		next[r.key] = pos
		pos = r.end
	}
	grouped := make([]termPostings, len(terms))
	for i, t := range terms {
		grouped[next[keys[i]]] = t
		next[keys[i]]++
	}
	copy(terms, grouped)
	return runs
}

// postingsLen returns len(appendPostings(nil, es)).
func postingsLen(es []entry) int {
	n, prev := 0, int32(0)
	for _, e := range es {
		n += numberLen(uint64(e.doc-prev)<<5 | uint64(e.flags&31))
		prev = e.doc
		if sec := e.flags >> 5; sec > 0 {
			n += 1 + numberLen(uint64(sec))
		}
	}
	return n
}

// appendShard appends the shard file of terms: their JSON as a shard, as
// marshal would write it, with postings[term number] encoded and the
// shard's stem groups.
func appendShard(dst []byte, terms []termPostings, postings [][]entry, groups [][]int) []byte {
	dst = append(dst, `{"terms":[`...)
	for i, t := range terms {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonstr.Append(dst, t.term, false)
	}
	dst = append(dst, `],"postings":[`...)
	for i, t := range terms {
		if i > 0 {
			dst = append(dst, ',')
		}
		// The digits need no escaping in JSON.
		dst = append(dst, '"')
		dst = appendPostings(dst, postings[t.i])
		dst = append(dst, '"')
	}
	if len(groups) == 0 {
		return append(dst, "]}\n"...)
	}
	dst = append(dst, `],"groups":[`...)
	for i, g := range groups {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '[')
		for j, k := range g {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = strconv.AppendInt(dst, int64(k), 10)
		}
		dst = append(dst, ']')
	}
	return append(dst, "]}\n"...)
}

// sortEntries sorts es by document number, leaving equal numbers in the
// order sort.Slice always gave them: slices.SortFunc runs the same
// pattern-defeating quicksort, without reflection.
func sortEntries(es []entry) {
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.doc, b.doc) })
}

// truncate cuts a term to maxTermRunes runes.
func truncate(t string) string {
	if len(t) <= maxTermRunes { // no more runes than bytes
		return t
	}
	n := 0
	for i := range t {
		if n == maxTermRunes {
			return t[:i]
		}
		n++
	}
	return t
}

// shardKey returns the two-rune key of term t: the name of its shard,
// unless that shard is split (see shards).
func shardKey(t string) string { return shardKeyN(t, 2) }

// shardKeyN returns the key of term t of n runes, n at most 3: its first n
// runes, each kept if in [a-z0-9] and written "_" otherwise, and "_" for
// each rune t lacks.
func shardKeyN(t string, n int) string {
	var k [3]byte
	i := 0
	for _, r := range t {
		if i == n {
			break
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			k[i] = byte(r)
		} else {
			k[i] = '_'
		}
		i++
	}
	for ; i < n; i++ {
		k[i] = '_'
	}
	return string(k[:n])
}

// utf16Less orders strings as JavaScript does: by UTF-16 code units.
func utf16Less(a, b string) bool {
	return utf16Compare(a, b) < 0
}

// utf16Compare compares strings as JavaScript does: by UTF-16 code units,
// each invalid byte standing for U+FFFD. It decodes the two strings side
// by side, without converting them.
func utf16Compare(a, b string) int {
	for len(a) > 0 && len(b) > 0 {
		ra, na := rune(a[0]), 1
		if ra >= utf8.RuneSelf {
			ra, na = utf8.DecodeRuneInString(a)
		}
		rb, nb := rune(b[0]), 1
		if rb >= utf8.RuneSelf {
			rb, nb = utf8.DecodeRuneInString(b)
		}
		if ra != rb {
			// Code points beyond the BMP are written with a surrogate pair,
			// which sorts below U+E000..U+FFFF; between two such pairs the
			// order of the code points holds.
			ua, ub := utf16Lead(ra), utf16Lead(rb)
			if ua != ub {
				return cmp.Compare(ua, ub)
			}
			return cmp.Compare(ra, rb)
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b)) // the one left over is longer
}

// utf16Lead returns the first UTF-16 code unit of r.
func utf16Lead(r rune) rune {
	if r >= 0x10000 {
		return 0xD800 + (r-0x10000)>>10
	}
	return r
}

// encode writes a postings list as described in the package doc.
func encode(ps []posting) string {
	es := make([]entry, len(ps))
	for i, p := range ps {
		es[i] = entry{doc: int32(p.doc), flags: int32(tfBucket(p.count)<<3 | p.fields)}
	}
	return string(appendPostings(nil, es))
}

// posting is one document's entry in a term's list, as encode takes it.
type posting struct {
	doc, count, fields int
}

// appendPostings appends the encoding of es, sorted by document number,
// as described in the package doc.
func appendPostings(dst []byte, es []entry) []byte {
	prev := int32(0)
	for _, e := range es {
		dst = appendNumber(dst, uint64(e.doc-prev)<<5|uint64(e.flags&31))
		prev = e.doc
		if sec := e.flags >> 5; sec > 0 {
			dst = append(dst, '.')
			dst = appendNumber(dst, uint64(sec))
		}
	}
	return dst
}

// appendNumber appends v in base 32, most significant digit first, every
// digit but the last from moreDigits, the last from lastDigits.
func appendNumber(dst []byte, v uint64) []byte {
	var digits [16]byte
	i := len(digits) - 1
	digits[i] = lastDigits[v&31]
	for v >>= 5; v > 0; v >>= 5 {
		i--
		digits[i] = moreDigits[v&31]
	}
	return append(dst, digits[i:]...)
}

// numberLen returns len(appendNumber(nil, v)).
func numberLen(v uint64) int { return max(1, (bits.Len64(v)+4)/5) }

// tfBucket turns an occurrence count into 0 (1), 1 (2-3), 2 (4-7) or 3 (8+).
func tfBucket(n int) int {
	switch {
	case n >= 8:
		return 3
	case n >= 4:
		return 2
	case n >= 2:
		return 1
	}
	return 0
}

// marshal encodes v as compact JSON without HTML escaping.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// versioned returns f's URL relative to the site root, with a content hash.
func versioned(f File) string {
	sum := sha256.Sum256(f.Data)
	return f.Path + "?v=" + hex.EncodeToString(sum[:4])
}
