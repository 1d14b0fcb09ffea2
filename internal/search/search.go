// Package search writes the static full-text index that static/js/search.js
// queries in the reader's browser: one small entry file, the inverted index in
// shards by term prefix, and the documents' display data in chunks.
//
// # Files
//
// Build returns these files, paths relative to the site root:
//
//	search-index.json             the entry point (a few kB, whatever the site size)
//	search/docs/N.json            display data of documents N*100 .. N*100+99
//	search/shards/KEY.json        the terms whose first two runes give KEY
//
// The entry point is
//
//	{"version":1,"count":2,"chunkSize":100,
//	 "chunks":["search/docs/0.json?v=1a2b3c4d"],
//	 "shards":{"ec":"search/shards/ec.json?v=5e6f7a8b", ...}}
//
// Its URLs are relative to the site root; the ?v= part is a hash of the
// file's content, so that they can be cached for ever. A chunk is an array of
// [url, title, summary, section, date]: the summary is cut to about 160
// characters (or taken from the start of the text when empty) and date is as
// given ("2 juin 2022", or "").
//
// Documents are numbered newest first (by date, then URL; undated ones last),
// so that ties in ranking are broken by the document number alone.
//
// # Shards
//
// A term is a folded token (see Fold and Tokens) cut to 32 runes. Its shard
// KEY is its first two runes, each kept if in [a-z0-9] and written "_"
// otherwise ("économie" is in "ec", "σοφία" in "__"). A shard is
//
//	{"terms":["economie","economies",...],"postings":["BgC...","...",...]}
//
// with terms sorted by UTF-16 code units (JavaScript's string order), so a
// prefix's terms are one run found by binary search, and postings[i] belongs
// to terms[i].
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
// texts of documents 0 and 1 once each is "EhE".
package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Doc is one page as the search sees it. Text is plain text, without markup.
type Doc struct {
	URL, Title, Summary, Text, Section string
	Date                               string // "2 juin 2022" or ""
}

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
	Version = 1
	// IndexPath is the entry point's path.
	IndexPath = "search-index.json"
	// chunkSize is the number of documents per search/docs/N.json file.
	chunkSize = 100
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
	Chunks    []string          `json:"chunks"`
	Shards    map[string]string `json:"shards"`
}

type shard struct {
	Terms    []string `json:"terms"`
	Postings []string `json:"postings"`
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
}

// Analyze tokenizes a document's title, summary and text.
func Analyze(d Doc) Terms {
	var out Terms
	seen := map[string]int{}
	add := func(text string, field int) {
		for _, t := range Tokens(text) {
			t = truncate(t)
			i, ok := seen[t]
			if !ok {
				i = len(out)
				seen[t] = i
				out = append(out, TermCount{Term: t})
			}
			out[i].Count++
			out[i].Fields |= field
		}
	}
	add(d.Title, fieldTitle)
	add(d.Summary, fieldSummary)
	add(d.Text, fieldText)
	return out
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
	for i, d := range docs {
		if terms == nil {
			ix.Add(d.URL, Analyze(d))
		} else {
			ix.Add(d.URL, terms[i])
		}
	}
	return ix.Files()
}

// Indexer builds the index from documents analyzed one by one, in any
// order and from many goroutines, without keeping their terms: a build
// adds each document's terms as soon as they are known.
type Indexer struct {
	docs     []Doc          // in their final order
	number   map[string]int // URL -> document number
	mu       sync.Mutex
	postings map[string][]posting
}

// NewIndexer orders docs; it fails when a URL is empty or given twice.
func NewIndexer(docs []Doc) (*Indexer, error) {
	docs, err := order(docs)
	if err != nil {
		return nil, err
	}
	ix := &Indexer{docs: docs, number: make(map[string]int, len(docs)), postings: map[string][]posting{}}
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
	for _, t := range terms {
		ix.postings[t.Term] = append(ix.postings[t.Term], posting{doc: n, count: t.Count, fields: t.Fields})
	}
	ix.mu.Unlock()
}

// Files returns the search files: the entry point first, then the
// document chunks, then the shards.
func (ix *Indexer) Files() ([]File, error) {
	docs := ix.docs
	for _, ps := range ix.postings {
		sort.Slice(ps, func(i, j int) bool { return ps[i].doc < ps[j].doc })
	}
	idx := index{Version: Version, Count: len(docs), ChunkSize: chunkSize, Chunks: []string{}, Shards: map[string]string{}}
	files := []File{{Path: IndexPath}}
	for start := 0; start < len(docs); start += chunkSize {
		f, err := chunkFile(start/chunkSize, docs[start:min(start+chunkSize, len(docs))])
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		idx.Chunks = append(idx.Chunks, versioned(f))
	}
	shards := ix.shards()
	keys := make([]string, 0, len(shards))
	for k := range shards {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		data, err := marshal(shards[k])
		if err != nil {
			return nil, err
		}
		f := File{Path: "search/shards/" + k + ".json", Data: data}
		files = append(files, f)
		idx.Shards[k] = versioned(f)
	}
	var err error
	if files[0].Data, err = marshal(idx); err != nil {
		return nil, err
	}
	return files, nil
}

// order checks docs and returns them newest first, then by URL.
func order(in []Doc) ([]Doc, error) {
	docs := make([]Doc, len(in))
	copy(docs, in)
	seen := make(map[string]bool, len(docs))
	for _, d := range docs {
		if d.URL == "" {
			return nil, fmt.Errorf("search: document %q has no URL", d.Title)
		}
		if seen[d.URL] {
			return nil, fmt.Errorf("search: URL %q given twice", d.URL)
		}
		seen[d.URL] = true
	}
	days := make(map[string]int, len(docs))
	for _, d := range docs {
		days[d.URL] = dayNumber(d.Date)
	}
	sort.SliceStable(docs, func(i, j int) bool {
		di, dj := days[docs[i].URL], days[docs[j].URL]
		if di != dj {
			return di > dj
		}
		return docs[i].URL < docs[j].URL
	})
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

// chunkFile encodes the display data of docs, which are chunk n.
func chunkFile(n int, docs []Doc) (File, error) {
	rows := make([][5]string, len(docs))
	for i, d := range docs {
		summary := d.Summary
		if strings.TrimSpace(summary) == "" {
			summary = d.Text
		}
		rows[i] = [5]string{d.URL, d.Title, cut(summary, summaryRunes), d.Section, d.Date}
	}
	data, err := marshal(rows)
	return File{Path: "search/docs/" + strconv.Itoa(n) + ".json", Data: data}, err
}

// cut shortens s, with its spaces collapsed, to at most about max runes,
// at a word boundary, and adds "…" when it cut.
func cut(s string, max int) string {
	if len(s) > 8*max { // long texts: only their start can be kept
		s = strings.ToValidUTF8(s[:8*max], "")
	}
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		sep, wn := min(i, 1), utf8.RuneCountInString(w)
		if n+sep+wn > max {
			if i == 0 { // one long word: cut it where it is
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

// posting is one document's entry in a term's list.
type posting struct {
	doc, count, fields int
}

// shards splits the postings into shards, terms sorted.
func (ix *Indexer) shards() map[string]*shard {
	postings := ix.postings
	terms := make([]string, 0, len(postings))
	for t := range postings {
		terms = append(terms, t)
	}
	sort.Slice(terms, func(i, j int) bool { return utf16Less(terms[i], terms[j]) })
	shards := map[string]*shard{}
	for _, t := range terms {
		k := shardKey(t)
		s := shards[k]
		if s == nil {
			s = &shard{}
			shards[k] = s
		}
		s.Terms = append(s.Terms, t)
		s.Postings = append(s.Postings, encode(postings[t]))
	}
	return shards
}

// truncate cuts a term to maxTermRunes runes.
func truncate(t string) string {
	n := 0
	for i := range t {
		if n == maxTermRunes {
			return t[:i]
		}
		n++
	}
	return t
}

// shardKey returns the name of the shard that holds term t.
func shardKey(t string) string {
	var k [2]byte
	n := 0
	for _, r := range t {
		if n == 2 {
			break
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			k[n] = byte(r)
		} else {
			k[n] = '_'
		}
		n++
	}
	for ; n < 2; n++ {
		k[n] = '_'
	}
	return string(k[:])
}

// utf16Less orders strings as JavaScript does: by UTF-16 code units.
func utf16Less(a, b string) bool {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			return ua[i] < ub[i]
		}
	}
	return len(ua) < len(ub)
}

// encode writes a postings list as described in the package doc.
func encode(ps []posting) string {
	var b strings.Builder
	prev := 0
	var digits [16]byte
	for _, p := range ps {
		v := (p.doc-prev)<<5 | tfBucket(p.count)<<3 | p.fields
		prev = p.doc
		i := len(digits) - 1
		digits[i] = lastDigits[v&31]
		for v >>= 5; v > 0; v >>= 5 {
			i--
			digits[i] = moreDigits[v&31]
		}
		b.Write(digits[i:])
	}
	return b.String()
}

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
