package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// PageSize is the number of results a page of results shows: the first
// query loads the display data of these only, and "Plus de résultats"
// the next ones.
const PageSize = 10

// Params are what the search page's address asks: ?q=...&kind=...&tag=...
type Params struct {
	Query string
	Kind  string // one of Kinds, or "" for every kind
	Tag   string // a tag's slug, or "" for every tag
}

// ParseParams reads the search parameters of a URL's query string (without
// its "?"). An unknown kind or a tag that is not a slug is left out, as if
// not given, and so is a parameter given twice but for its first value;
// static/js/search.js reads its address the same way.
func ParseParams(raw string) Params {
	v, _ := url.ParseQuery(raw) // what could be parsed
	p := Params{Query: v.Get("q"), Kind: v.Get("kind"), Tag: v.Get("tag")}
	if !slices.Contains(Kinds, p.Kind) {
		p.Kind = ""
	}
	if !validSlug(p.Tag) {
		p.Tag = ""
	}
	return p
}

// Hit is a document found by a query, its score, and the section of it
// that a result leads to (counting from 1; 0 for none): the one that
// holds the most query words among those found in one section only
// (see TermCount.Section), the first of these on a tie.
type Hit struct {
	Doc, Score, Section int
}

// Row is a document's display data, as a chunk holds it.
type Row struct {
	URL, Title, Summary, Section, Date string
}

// Anchor returns where hit h leads: its document's URL, with "#" and the
// id of its section if it has one, and the section's heading ("" for
// none). It loads the document's sections file only then.
func (r *Reader) Anchor(h Hit) (url, heading string, err error) {
	row, err := r.Row(h.Doc)
	if err != nil || h.Section == 0 || r.idx.Sections == "" {
		return row.URL, "", err
	}
	c := h.Doc / r.idx.ChunkSize
	secs, ok := r.sections[c]
	if !ok {
		if err := r.get(strings.Replace(r.idx.Sections, "{}", strconv.Itoa(c), 1), &secs); err != nil {
			return "", "", err
		}
		r.sections[c] = secs
	}
	if s := secs[h.Doc%r.idx.ChunkSize]; h.Section <= len(s) {
		return row.URL + "#" + s[h.Section-1][0], s[h.Section-1][1], nil
	}
	return row.URL, "", nil
}

// A Reader answers queries from the files of an index, by the algorithm
// of static/js/search.js, loading each file once when it is first needed:
// tests hold the script to it, and it tells what a query costs in bytes.
type Reader struct {
	load     func(path string) ([]byte, error)
	idx      index
	shards   map[string]*shard
	chunks   map[int][]Row
	sections map[int][][][2]string
	sets     map[string]map[int]bool
	ends     map[int]int64
	Loaded   []string // paths of the files loaded, in order
}

// NewReader returns a Reader of the index whose files load returns, given
// their paths relative to the site root (without the ?v= part).
func NewReader(load func(path string) ([]byte, error)) (*Reader, error) {
	r := &Reader{load: load, shards: map[string]*shard{}, chunks: map[int][]Row{}, sections: map[int][][][2]string{}, sets: map[string]map[int]bool{}}
	if err := r.get(IndexPath, &r.idx); err != nil {
		return nil, err
	}
	if r.idx.Version != Version {
		return nil, fmt.Errorf("%s: version %d, want %d", IndexPath, r.idx.Version, Version)
	}
	return r, nil
}

// Count is the number of documents of the index.
func (r *Reader) Count() int { return r.idx.Count }

// get decodes the file at url (relative to the root, ?v= ignored) into v.
func (r *Reader) get(url string, v any) error {
	path, _, _ := strings.Cut(url, "?")
	data, err := r.load(path)
	if err != nil {
		return err
	}
	r.Loaded = append(r.Loaded, path)
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}

func (r *Reader) shard(key string) (*shard, error) {
	if s, ok := r.shards[key]; ok {
		return s, nil
	}
	var s *shard
	if url, ok := r.idx.Shards[key]; ok {
		s = &shard{}
		if err := r.get(url, s); err != nil {
			return nil, err
		}
	}
	r.shards[key] = s
	return s, nil
}

// shardKeys returns the keys of the shards that may hold the terms query
// word w starts: the shard of its first two runes or, when that one is
// split, of its first three; for a word of two runes, all of these.
func (r *Reader) shardKeys(w string) []string {
	k := shardKey(w)
	if _, ok := r.idx.Shards[k]; ok {
		return []string{k}
	}
	if utf8.RuneCountInString(w) >= 3 {
		if k3 := shardKeyN(w, 3); r.idx.Shards[k3] != "" {
			return []string{k3}
		}
		return nil
	}
	var keys []string
	for key := range r.idx.Shards {
		if len(key) == 3 && key[:2] == k {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	return keys
}

// Row returns the display data of document n.
func (r *Reader) Row(n int) (Row, error) {
	if n < 0 || n >= r.idx.Count {
		return Row{}, fmt.Errorf("no document %d", n)
	}
	c := n / r.idx.ChunkSize
	rows, ok := r.chunks[c]
	if !ok {
		var raw [][]json.RawMessage
		if err := r.get(strings.Replace(r.idx.Docs, "{}", strconv.Itoa(c), 1), &raw); err != nil {
			return Row{}, err
		}
		for _, x := range raw {
			var row Row
			if len(x) < 5 {
				return Row{}, fmt.Errorf("chunk %d: a row of %d values", c, len(x))
			}
			for i, f := range []*string{&row.URL, &row.Title, &row.Summary, &row.Section, &row.Date} {
				if err := json.Unmarshal(x[i], f); err != nil {
					return Row{}, fmt.Errorf("chunk %d: %v", c, err)
				}
			}
			rows = append(rows, row)
		}
		r.chunks[c] = rows
	}
	return rows[n%r.idx.ChunkSize], nil
}

// Bonuses of a term of the index for a query word: its exact form, a form
// of the same stem, a longer word it starts.
const (
	bonusExact  = 2
	bonusStem   = 1
	bonusPrefix = 0
)

// Score weighs a term in a document: title, then summary, then text, and
// the term's bonus for the query word.
func Score(fields, tf, bonus int) int {
	s := 0
	if fields&fieldTitle != 0 {
		s += 64
	}
	if fields&fieldSummary != 0 {
		s += 16
	}
	if fields&fieldText != 0 {
		s += 2 + tf
	}
	return s + bonus
}

// QueryTerms returns the distinct terms to look up for query q.
func QueryTerms(q string) []string {
	var out []string
	for _, w := range Tokens(q) {
		if t := truncate(w); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// matches returns, for query word w, the terms of shard s it matches and
// their bonuses, by index in s.Terms: the words it starts, and when it is
// a term of the site, its stem group.
func matches(s *shard, w string) map[int]int {
	out := map[int]int{}
	lo, _ := slices.BinarySearchFunc(s.Terms, w, utf16Compare)
	for i := lo; i < len(s.Terms) && strings.HasPrefix(s.Terms[i], w); i++ {
		out[i] = bonusPrefix
	}
	if lo < len(s.Terms) && s.Terms[lo] == w {
		for _, g := range s.Groups {
			if slices.Contains(g, lo) {
				for _, j := range g {
					out[j] = max(out[j], bonusStem)
				}
				break
			}
		}
		out[lo] = bonusExact
	}
	return out
}

// Search returns the documents that match every word of p.Query (see
// matches) and p's filters, best first, then by document number (newest
// first); with the kind "event", the events not ended at now come first.
func (r *Reader) Search(p Params, now time.Time) ([]Hit, error) {
	var total map[int]int
	votes := map[int]map[int]int{} // document -> section -> query words found in it only
	for _, w := range QueryTerms(p.Query) {
		// The best score of w in each document, and the section of the
		// term that gives it (the highest of those on a tie).
		type scored struct{ score, section int }
		best := map[int]scored{}
		for _, key := range r.shardKeys(w) {
			s, err := r.shard(key)
			if err != nil {
				return nil, err
			}
			for i, bonus := range matches(s, w) {
				for _, e := range decode(s.Postings[i]) {
					sc := Score(e.fields, e.tf, bonus)
					b, ok := best[e.doc]
					if !ok || sc > b.score || sc == b.score && e.section > b.section {
						best[e.doc] = scored{sc, e.section}
					}
				}
			}
		}
		if total == nil {
			total = map[int]int{}
			for d, b := range best {
				total[d] = b.score
			}
		} else {
			for d := range total {
				if b, ok := best[d]; ok {
					total[d] += b.score
				} else {
					delete(total, d)
				}
			}
		}
		for d := range total {
			if sec := best[d].section; sec > 0 {
				if votes[d] == nil {
					votes[d] = map[int]int{}
				}
				votes[d][sec]++
			}
		}
		if len(total) == 0 {
			break
		}
	}
	for name, on := range map[string]bool{"kind": p.Kind != "", "tag": p.Tag != ""} {
		if !on {
			continue
		}
		set, err := r.filter(name, p)
		if err != nil {
			return nil, err
		}
		for d := range total {
			if !set[d] {
				delete(total, d)
			}
		}
	}
	hits := make([]Hit, 0, len(total))
	for d, sc := range total {
		h := Hit{Doc: d, Score: sc}
		for sec, n := range votes[d] {
			if n > votes[d][h.Section] || n == votes[d][h.Section] && sec < h.Section {
				h.Section = sec
			}
		}
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(a.Doc, b.Doc)
	})
	if p.Kind == "event" && len(hits) > 0 {
		ends, err := r.eventEnds()
		if err != nil {
			return nil, err
		}
		at := now.Unix() / 60
		upcoming := func(h Hit) bool { e, ok := ends[h.Doc]; return ok && e >= at }
		var later, past []Hit
		for _, h := range hits {
			if upcoming(h) {
				later = append(later, h)
			} else {
				past = append(past, h)
			}
		}
		hits = append(later, past...)
	}
	return hits, nil
}

// filter returns the documents of the kind or the tag p asks for.
func (r *Reader) filter(name string, p Params) (map[int]bool, error) {
	var url string
	switch name {
	case "kind":
		url = r.idx.Kinds[p.Kind]
	case "tag":
		var tags []tagFile
		if r.idx.Tags != "" {
			if err := r.get(r.idx.Tags, &tags); err != nil {
				return nil, err
			}
		}
		for _, t := range tags {
			if t.slug() == p.Tag {
				url = t[2]
			}
		}
	}
	set := map[int]bool{}
	if url == "" { // a kind or a tag that no document has
		return set, nil
	}
	if s, ok := r.sets[url]; ok {
		return s, nil
	}
	var postings string
	if err := r.get(url, &postings); err != nil {
		return nil, err
	}
	for _, e := range decode(postings) {
		set[e.doc] = true
	}
	r.sets[url] = set
	return set, nil
}

func (t tagFile) slug() string { return t[0] }

// eventEnds returns the ends of the events, in Unix minutes, by document.
func (r *Reader) eventEnds() (map[int]int64, error) {
	if r.ends != nil {
		return r.ends, nil
	}
	var list [][2]int64
	if r.idx.Events != "" {
		if err := r.get(r.idx.Events, &list); err != nil {
			return nil, err
		}
	}
	r.ends = make(map[int]int64, len(list))
	for _, e := range list {
		r.ends[int(e[0])] = e[1]
	}
	return r.ends, nil
}

// decoded is an entry of a postings string.
type decoded struct {
	doc, tf, fields int
	section         int // 0 for none
}

// decode reads a postings string (see the package doc); tf is the bucket.
func decode(s string) []decoded {
	var out []decoded
	v, prev := 0, 0
	inSection := false
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			inSection = true
			continue
		}
		if d := strings.IndexByte(moreDigits, s[i]); d >= 0 {
			v = v*32 + d
			continue
		}
		v = v*32 + strings.IndexByte(lastDigits, s[i])
		if inSection {
			out[len(out)-1].section = v
		} else {
			prev += v >> 5
			out = append(out, decoded{doc: prev, tf: v >> 3 & 3, fields: v & 7})
		}
		v, inSection = 0, false
	}
	return out
}

// FilesLoader returns a loader for NewReader that reads files.
func FilesLoader(files []File) func(path string) ([]byte, error) {
	m := make(map[string][]byte, len(files))
	for _, f := range files {
		m[f.Path] = f.Data
	}
	return func(path string) ([]byte, error) {
		data, ok := m[path]
		if !ok {
			return nil, fmt.Errorf("no file %s", path)
		}
		return data, nil
	}
}
