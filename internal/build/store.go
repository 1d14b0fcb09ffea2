package build

import "sync"

// store is what a Session keeps of one kind of result, by name (an
// output's name, a Markdown file). A build's workers read it without a
// lock: what they read is what the builds before left, in a plain map
// nothing writes while a build runs; what a build makes waits in a list
// until the build ends (flush). A name is made at most once by a build,
// so none reads what its own build made.
type store[V any] struct {
	m       map[string]V
	mu      sync.Mutex
	pending []named[V]
}

type named[V any] struct {
	name string
	v    V
}

// get returns what the builds before this one kept for name.
func (s *store[V]) get(name string) (V, bool) {
	v, ok := s.m[name]
	return v, ok
}

// put keeps v for name once the build ends; it may be called from any
// goroutine.
func (s *store[V]) put(name string, v V) {
	s.mu.Lock()
	s.pending = append(s.pending, named[V]{name, v})
	s.mu.Unlock()
}

// flush ends a build: what it put replaces what was kept. Nothing may
// read or put meanwhile.
func (s *store[V]) flush() {
	if s.m == nil {
		s.m = make(map[string]V, len(s.pending))
	}
	for _, e := range s.pending {
		s.m[e.name] = e.v
	}
	clear(s.pending)
	s.pending = s.pending[:0]
}

// len returns how many names are kept.
func (s *store[V]) len() int { return len(s.m) }

// keep forgets the names for which keep returns false.
func (s *store[V]) keep(keep func(name string) bool) {
	for name := range s.m {
		if !keep(name) {
			delete(s.m, name)
		}
	}
}
