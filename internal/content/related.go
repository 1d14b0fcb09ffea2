package content

// relatedIndex finds related pages without reading whole tag lists. A
// page's related pages are the three sharing the most tags with it, newest
// first among equals (see relatedOne, the plain way, whose cost grows with
// the length of the page's tag lists: quadratic in the site's size). Here:
//
//  1. every page sharing two tags or more with p carries one of p's pairs
//     of tags, so the short lists of pages by pair of tags give all of
//     them, each scored exactly;
//  2. if fewer than three were found, the rest share exactly one tag: they
//     are the newest pages of p's tag lists, read newest first (every tag
//     list is in that order) only until the three places are filled.
//
// The result is the same as relatedOne's: both keep the best three under
// one total order (more tags shared, then newer). Pages with many tags
// would make too many pairs: they are kept apart and always scored, and a
// page with many tags is done the plain way.
type relatedIndex struct {
	s     *Site
	pairs map[[2]*Page][]*Page // two tag pages (by slug) -> the pages carrying both
	many  []*Page              // pages with more than maxPairTags tags, in no pair list
}

const maxPairTags = 16

func newRelatedIndex(s *Site) *relatedIndex {
	ix := &relatedIndex{s: s, pairs: map[[2]*Page][]*Page{}}
	for _, q := range s.Pages {
		tp := q.TagPages
		if len(tp) > maxPairTags {
			ix.many = append(ix.many, q)
			continue
		}
		for i := range tp {
			for j := i + 1; j < len(tp); j++ {
				k := pairKey(tp[i], tp[j])
				ix.pairs[k] = append(ix.pairs[k], q)
			}
		}
	}
	return ix
}

func pairKey(a, b *Page) [2]*Page {
	if b.Slug < a.Slug {
		a, b = b, a
	}
	return [2]*Page{a, b}
}

// relatedScratch is one worker's scratch space.
type relatedScratch struct {
	seen    []int // page index -> 1 + index of the page whose candidates it was last
	score   []int // for relatedOne
	touched []int
	heads   []int // position in each of p's tag lists
}

func (ix *relatedIndex) scratch() *relatedScratch {
	return &relatedScratch{seen: make([]int, len(ix.s.Pages)), score: make([]int, len(ix.s.Pages))}
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
	if len(tp) > maxPairTags {
		sc.touched = relatedOne(ix.s, p, sc.score, sc.touched[:0])
		return
	}
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
		if q != p && sc.seen[q.index] != stamp {
			sc.seen[q.index] = stamp
			consider(q, shared(p, q))
		}
	}
	// 1. Two tags or more in common.
	for i := range tp {
		for j := i + 1; j < len(tp); j++ {
			for _, q := range ix.pairs[pairKey(tp[i], tp[j])] {
				visit(q)
			}
		}
	}
	for _, q := range ix.many {
		if shared(p, q) >= 2 {
			visit(q)
		}
	}
	// 2. One tag in common: the newest, until the places are filled. A
	// page met here that was not seen above shares exactly one tag.
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
		if next != p && sc.seen[next.index] != stamp {
			sc.seen[next.index] = stamp
			consider(next, 1)
		}
	}
	for _, q := range best {
		if q != nil {
			p.Related = append(p.Related, q)
		}
	}
}
