package build

import "testing"

// TestStore holds what a build reads of a store to what the builds before
// it left: a value put shows once the build is flushed, replacing the one
// before, and keep forgets names.
func TestStore(t *testing.T) {
	var s store[int]
	if _, ok := s.get("a"); ok {
		t.Fatal("an empty store holds a")
	}
	s.put("a", 1)
	if _, ok := s.get("a"); ok {
		t.Error("a value put shows before the build is flushed")
	}
	s.flush()
	s.put("a", 2)
	s.put("b", 3)
	if v, ok := s.get("a"); !ok || v != 1 {
		t.Errorf("get(a) = %d, %v during the second build, want the first build's 1", v, ok)
	}
	s.flush()
	for name, want := range map[string]int{"a": 2, "b": 3} {
		if v, ok := s.get(name); !ok || v != want {
			t.Errorf("get(%s) = %d, %v, want %d", name, v, ok, want)
		}
	}
	s.keep(func(name string) bool { return name == "b" })
	if _, ok := s.get("a"); ok || s.len() != 1 {
		t.Errorf("keep left a, or %d names, want b alone", s.len())
	}
}
