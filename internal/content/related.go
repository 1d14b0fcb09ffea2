package content

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// relatedIndex finds related pages without reading whole tag lists. A
// page's related pages are the three sharing the most tags with it, newest
// first among equals. Scoring every page of a page's tag lists would cost
// the length of those lists, which grows with the site: quadratic in its
// size.
//
// The index lists, for every set of two to maxSetTags tags, the pages
// carrying all of them, newest first (the order of newer); only pages with
// at most maxSetTags tags are listed, under every such subset of their
// tags (at most 26 lists a page). For a page p with a set T of t tags:
//
//  1. the places are filled level by level, k = t down to 2 (a page
//     shares at most t tags with p, however many it has). A page sharing
//     exactly k tags with p is in exactly one list of a k-subset of T
//     (that of the tags they share), and a page sharing more is in
//     several. Level k merges the lists of T's k-subsets newest first,
//     skips p and the pages already placed, and stops as soon as the
//     three places are filled. If a level did not fill them, it read all
//     its lists: every page sharing more than k tags is placed, and a
//     page met at level k that is not shares exactly k. Places are thus
//     filled in the final order, and a level reads at most 3 pages more
//     than it skips (p and at most two placed pages, each in at most
//     C(t, k) of its lists): step 1 costs the same whatever the length of
//     the lists, that is whatever the size of the site;
//  2. if fewer than three were found, the rest share exactly one tag: they
//     are the newest pages of p's tag lists, read newest first (every tag
//     list is in that order) only until the three places are filled; the
//     pages met there that are placed already share more.
//
// (Before, step 1 read every page of the lists of p's pairs of tags: with
// a fixed pool of tags, those lists grow with the site, and the whole was
// quadratic, about 1 s of CPU at 50,000 pages.)
//
// The lists are built without sorting: each set is listed while the list
// of its smallest tag (in newer order) is read, so that each list is
// filled in that order. They are laid end to end in one slice. A set is
// found from the set without its largest tag, in one map whose keys are
// two 32-bit numbers whatever the number of tags: the code of a set (the
// code of one tag is 1 + its position in s.Tags, that of a listed set
// len(s.Tags) + 1 + its list) and the tag added. With 50,000 pages, 60
// tags and 1 to 4 tags a page, that is 130,000 entries in 24,000 lists,
// about 1.2 MB.
//
// Pages with more than maxSetTags tags would make too many subsets. Those
// with up to maxPairTags are listed by pair of tags only and always scored
// exactly, as are those with more (kept apart in many); for a page with
// more than maxSetTags tags, step 1 scores exactly every page of the lists
// of its pairs of tags. The best three of the listed pages and of those
// scored apart are the best three of all, under one total order (more
// tags shared, then newer).
type relatedIndex struct {
	s     *Site
	tagID map[*Page]uint32     // tag page -> 1 + its position in s.Tags: its code
	sets  map[uint64]int32     // code of a set<<32 | a tag after the set's -> the list of the set with the tag
	start []int32              // list l is pages[start[l]:start[l+1]]; its set's code is len(s.Tags)+1+l
	pages []int32              // positions in s.Pages
	pairs map[[2]*Page][]*Page // two tag pages (by slug) -> the pages with more than maxSetTags tags carrying both
	many  []*Page              // pages with more than maxPairTags tags, in no list
}

const (
	maxSetTags  = 5
	maxPairTags = 16
)

func newRelatedIndex(s *Site) *relatedIndex {
	ix := &relatedIndex{s: s, tagID: make(map[*Page]uint32, len(s.Tags)), sets: map[uint64]int32{}, pairs: map[[2]*Page][]*Page{}}
	for i, t := range s.Tags {
		ix.tagID[t] = uint32(i + 1)
	}
	// Each listed page's tags (ids, increasing) and their number, and the
	// length of all lists.
	ids := make([]uint32, len(s.Pages)*maxSetTags)
	nt := make([]uint8, len(s.Pages))
	size := 0
	for _, q := range s.Pages {
		tp := q.TagPages
		switch {
		case len(tp) <= maxSetTags:
			size += 1<<len(tp) - len(tp) - 1
			qt := ids[q.index*maxSetTags : q.index*maxSetTags+len(tp)]
			for i, t := range tp {
				u := ix.tagID[t]
				j := i
				for ; j > 0 && qt[j-1] > u; j-- {
					qt[j] = qt[j-1]
				}
				qt[j] = u
			}
			nt[q.index] = uint8(len(tp))
		case len(tp) > maxPairTags:
			ix.many = append(ix.many, q)
		default:
			for i := range tp {
				for j := i + 1; j < len(tp); j++ {
					k := pairKey(tp[i], tp[j])
					ix.pairs[k] = append(ix.pairs[k], q)
				}
			}
		}
	}
	if size == 0 {
		ix.start = []int32{0}
		return ix
	}
	// The subsets of each page, each met while its smallest tag's list is
	// read: every list comes out newest first. A set is found from its
	// set without its last tag (the subsets of rest by increasing mask:
	// the mask without its highest bit comes first). The tags being read
	// in increasing order, a page's next tag is its done-th.
	type entry struct{ list, page int32 }
	entries := make([]entry, 0, size)
	done := make([]uint8, len(s.Pages))
	var order []int32
	var code [1 << (maxSetTags - 1)]uint32
	for i, t := range s.Tags {
		id := uint32(i + 1)
		order = order[:0]
		for _, q := range t.Pages { // apart, so that the loads overlap
			order = append(order, int32(q.index))
		}
		for _, qi := range order {
			m, pos := int(nt[qi]), int(done[qi])
			if pos+1 >= m {
				continue // no set of two tags or more starts with id
			}
			done[qi]++
			rest := ids[int(qi)*maxSetTags+pos+1 : int(qi)*maxSetTags+m]
			code[0] = id
			for mask := 1; mask < 1<<len(rest); mask++ {
				hb := bits.Len(uint(mask)) - 1
				key := uint64(code[mask&^(1<<hb)])<<32 | uint64(rest[hb])
				l, ok := ix.sets[key]
				if !ok {
					l = int32(len(ix.sets))
					ix.sets[key] = l
				}
				code[mask] = ix.code(l)
				entries = append(entries, entry{l, qi})
			}
		}
	}
	// Laid end to end by list, each in the order met: start[l] is first
	// the end of list l, then (filling each list from its end) its start.
	ix.start = make([]int32, len(ix.sets)+1)
	for _, e := range entries {
		ix.start[e.list]++
	}
	for i := 1; i < len(ix.start); i++ {
		ix.start[i] += ix.start[i-1]
	}
	ix.pages = make([]int32, len(entries))
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		ix.start[e.list]--
		ix.pages[ix.start[e.list]] = e.page
	}
	return ix
}

// code returns the code of list l's set.
func (ix *relatedIndex) code(l int32) uint32 {
	return uint32(len(ix.s.Tags)) + 1 + uint32(l)
}

// list returns the list of the set of code with tag added (a tag after
// the set's), and whether there is one: the pages carrying every tag of
// the set, newest first.
func (ix *relatedIndex) list(code, tag uint32) (int32, bool) {
	if code == 0 {
		return 0, false
	}
	l, ok := ix.sets[uint64(code)<<32|uint64(tag)]
	return l, ok
}

func (ix *relatedIndex) pagesOf(l int32) []int32 {
	return ix.pages[ix.start[l]:ix.start[l+1]]
}

func pairKey(a, b *Page) [2]*Page {
	if b.Slug < a.Slug {
		a, b = b, a
	}
	return [2]*Page{a, b}
}

// relatedScratch is one worker's scratch space.
type relatedScratch struct {
	seen  []int // page index -> 1 + index of the page whose candidates it was last
	heads []int // position in each of p's tag lists
	ids   []uint32
	lists [][]int32
}

func (ix *relatedIndex) scratch() *relatedScratch {
	return &relatedScratch{}
}

// shared counts the tags p and q have in common.
func shared(p, q *Page) int {
	n := 0
	for _, t := range p.TagPages {
		for _, u := range q.TagPages {
			if t == u {
				n++
				break
			}
		}
	}
	return n
}

// related sets p.Related.
func (ix *relatedIndex) related(p *Page, sc *relatedScratch) {
	tp := p.TagPages
	p.Related = nil
	if len(tp) == 0 {
		return
	}
	var best [3]*Page
	var bestScore [3]int
	consider := func(q *Page, score int) {
		for k := range best {
			if best[k] == nil || score > bestScore[k] || score == bestScore[k] && newer(q, best[k]) {
				copy(best[k+1:], best[k:len(best)-1])
				copy(bestScore[k+1:], bestScore[k:len(best)-1])
				best[k], bestScore[k] = q, score
				return
			}
		}
	}
	stamp := p.index + 1
	visit := func(q *Page) {
		if sc.seen == nil {
			sc.seen = make([]int, len(ix.s.Pages))
		}
		if q != p && sc.seen[q.index] != stamp {
			sc.seen[q.index] = stamp
			consider(q, shared(p, q))
		}
	}
	ids := sc.ids[:0]
	for _, t := range tp {
		ids = append(ids, ix.tagID[t])
	}
	slices.Sort(ids)
	sc.ids = ids
	// 1. Two tags or more in common: the listed pages...
	if len(ids) <= maxSetTags {
		ix.levels(p, ids, &best, &bestScore, sc)
	} else {
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				if l, ok := ix.list(ids[i], ids[j]); ok {
					for _, q := range ix.pagesOf(l) {
						visit(ix.s.Pages[q])
					}
				}
			}
		}
	}
	// ... and the others.
	if len(ix.pairs) != 0 {
		for i := range tp {
			for j := i + 1; j < len(tp); j++ {
				for _, q := range ix.pairs[pairKey(tp[i], tp[j])] {
					visit(q)
				}
			}
		}
	}
	for _, q := range ix.many {
		if shared(p, q) >= 2 {
			visit(q)
		}
	}
	// 2. One tag in common: the newest, until the places are filled. If
	// they are not filled yet, every page sharing two tags or more is
	// placed: a page met here that is not shares exactly one.
	sc.heads = append(sc.heads[:0], make([]int, len(tp))...)
	for best[len(best)-1] == nil {
		var next *Page
		from := -1
		for i, t := range tp {
			if h := sc.heads[i]; h < len(t.Pages) && (next == nil || newer(t.Pages[h], next)) {
				next, from = t.Pages[h], i
			}
		}
		if next == nil {
			break // every list read
		}
		sc.heads[from]++
		if next != p && !slices.Contains(best[:], next) {
			consider(next, 1)
		}
	}
	n := 0
	for n < len(best) && best[n] != nil {
		n++
	}
	if n != 0 {
		p.Related = slices.Clone(best[:n])
	}
}

// levels fills best, empty on entry, with the best listed pages sharing
// two tags or more with p, whose tags are ids (increasing), at most
// maxSetTags of them: step 1 of relatedIndex.
func (ix *relatedIndex) levels(p *Page, ids []uint32, best *[3]*Page, bestScore *[3]int, sc *relatedScratch) {
	// The lists of the subsets of ids (by mask), each found from the
	// subset without its last tag.
	var code [1 << maxSetTags]uint32
	var list [1 << maxSetTags]int32
	for mask := 1; mask < 1<<len(ids); mask++ {
		hb := bits.Len(uint(mask)) - 1
		if mask == 1<<hb {
			code[mask] = ids[hb]
			continue
		}
		code[mask], list[mask] = 0, -1
		if l, ok := ix.list(code[mask&^(1<<hb)], ids[hb]); ok {
			code[mask], list[mask] = ix.code(l), l
		}
	}
	n := 0
	for k := len(ids); k >= 2 && n < len(best); k-- {
		lists := sc.lists[:0]
		for mask := 1; mask < 1<<len(ids); mask++ {
			if bits.OnesCount(uint(mask)) == k && list[mask] >= 0 {
				lists = append(lists, ix.pagesOf(list[mask]))
			}
		}
		sc.lists = lists
		for n < len(best) {
			var next *Page
			from := -1
			for i, l := range lists {
				if len(l) != 0 {
					if q := ix.s.Pages[l[0]]; next == nil || newer(q, next) {
						next, from = q, i
					}
				}
			}
			if next == nil {
				break // every list read
			}
			lists[from] = lists[from][1:]
			if next != p && !slices.Contains(best[:n], next) {
				best[n], bestScore[n] = next, k
				n++
			}
		}
	}
}

// related sets every page's related pages. With a memo, only the pages
// whose tag lists changed since the memo's assembly are worked out again;
// the others get the pages they had.
func (a *assembler) related(s *Site) {
	m := a.memo
	if m == nil {
		relatedOf(s, s.Pages)
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cfg != a.cfg {
		m.cfg, m.related = a.cfg, nil // titles and kinds may differ
	}
	keys := relatedKeys(s)
	byShape := make(map[uint64]*Page, len(s.Pages))
	for _, p := range s.Pages {
		byShape[p.Shape] = p
	}
	var todo []*Page
	for i, p := range s.Pages {
		e, ok := m.related[p.Shape]
		if !ok || e.key != keys[i] {
			todo = append(todo, p)
			continue
		}
		if len(e.pages) > 0 {
			p.Related = make([]*Page, len(e.pages))
			for k, q := range e.pages {
				p.Related[k] = byShape[q]
			}
		}
	}
	relatedOf(s, todo)
	next := make(map[uint64]memoRelated, len(s.Pages))
	for i, p := range s.Pages {
		e := memoRelated{key: keys[i]}
		if old, ok := m.related[p.Shape]; ok && old.key == keys[i] {
			e.pages = old.pages
		} else {
			for _, q := range p.Related {
				e.pages = append(e.pages, q.Shape)
			}
		}
		next[p.Shape] = e
	}
	m.related = next
}

type memoRelated struct {
	key   uint64   // relatedKeys' of the page
	pages []uint64 // its related pages, by Shape
}

// relatedKeys hashes, for each page, what its related pages depend on: the
// lists of its tags, that is each page in them, in order. A page's Shape
// covers its rank (date, title, URL) and its tags.
func relatedKeys(s *Site) []uint64 {
	tagKey := make(map[*Page]uint64, len(s.Tags))
	for _, t := range s.Tags {
		h := uint64(len(t.Pages))
		for _, q := range t.Pages {
			h = Mix(h, q.Shape)
		}
		tagKey[t] = h
	}
	keys := make([]uint64, len(s.Pages))
	for i, p := range s.Pages {
		h := p.Shape
		for _, t := range p.TagPages {
			h = Mix(h, tagKey[t])
		}
		keys[i] = h
	}
	return keys
}

// Mix adds v to the hash h (the 64-bit finalizer of MurmurHash3 over a
// multiply-xor step): cheap, and good enough to tell lists apart. The
// content's shapes and the build's output keys are made with it.
func Mix(h, v uint64) uint64 {
	h ^= v + 0x9e3779b97f4a7c15 + h<<6 + h>>2
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// relatedOf sets the related pages of pages, on every core, each worker
// with scratch space of its own.
func relatedOf(s *Site, pages []*Page) {
	if len(pages) == 0 {
		return
	}
	ix := newRelatedIndex(s)
	workers := min(runtime.GOMAXPROCS(0), len(pages)/256+1)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			sc := ix.scratch()
			for {
				i := int(next.Add(64)) - 64
				if i >= len(pages) {
					return
				}
				for _, p := range pages[i:min(i+64, len(pages))] {
					ix.related(p, sc)
				}
			}
		})
	}
	wg.Wait()
}
