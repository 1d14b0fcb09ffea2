package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"

	"github.com/catalyseurs/alliance/internal/slug"
)

// ids makes heading IDs from slugs, unique within one body. It implements
// parser.IDs; a new one is made for each parse. Its map is made on first
// use: most short texts have no heading.
type ids struct {
	// used holds the IDs given so far, each with the last suffix tried
	// when it was the base of another ID (0 if none).
	used map[string]int
}

func newIDs() parser.IDs {
	return &ids{}
}

func (s *ids) init() {
	if s.used == nil {
		s.used = map[string]int{}
	}
}

// Generate returns the slug of value, "section" if it has none, with a
// suffix (-1, -2...) when it is already used.
func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	s.init()
	base := slug.FromBytes(value)
	if base == "" {
		base = "section"
	}
	id := base
	if n, ok := s.used[base]; ok {
		for ok {
			n++
			id = base + "-" + strconv.Itoa(n)
			_, ok = s.used[id]
		}
		s.used[base] = n
	}
	s.used[id] = 0
	return []byte(id)
}

// Put records an ID given by the author.
func (s *ids) Put(value []byte) {
	s.init()
	if _, ok := s.used[string(value)]; !ok {
		s.used[string(value)] = 0
	}
}
