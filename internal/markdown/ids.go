package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"

	"github.com/catalyseurs/alliance/internal/slug"
)

// ids makes heading IDs from slugs, unique within one body. It implements
// parser.IDs; a new one is made for each parse. Its maps are made on first
// use: most short texts have no heading.
type ids struct {
	used map[string]bool
	next map[string]int // next suffix to try for a base ID
}

func newIDs() parser.IDs {
	return &ids{}
}

func (s *ids) init() {
	if s.used == nil {
		s.used, s.next = map[string]bool{}, map[string]int{}
	}
}

// Generate returns the slug of value, "section" if it has none, with a
// suffix (-1, -2...) when it is already used.
func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	s.init()
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for n := s.next[base]; s.used[id]; n++ {
		id = base + "-" + strconv.Itoa(n+1)
		s.next[base] = n + 1
	}
	s.used[id] = true
	return []byte(id)
}

// Put records an ID given by the author.
func (s *ids) Put(value []byte) {
	s.init()
	s.used[string(value)] = true
}
