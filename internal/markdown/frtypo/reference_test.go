package frtypo

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// referenceRun is the first implementation of run, which looks at every
// unit in turn: run must record the same edits.
func (e *engine) referenceRun() {
	e.opened = -1
	e.colon = 0
	for i := 0; i < len(e.units); {
		u := e.units[i]
		switch {
		case u.lit:
			i++
		case (u.r == ' ' || u.r == '\t') && e.opened != i-1 && (i+1 == len(e.units) || !acted(e.units[i+1].r)):
			i++
		case acted(u.r):
			i = e.step(i)
		case isASCIILetter(u.r) && (i == 0 || urlMayFollow(e.units[i-1].r)):
			i = max(e.urlEnd(i), i+1)
		default:
			i++
		}
	}
}

// checkRun compares run and referenceRun on the units of s, decoded as
// String and HTML decode plain text, with the entities of s either literal
// or standing for their character.
func checkRun(t *testing.T, s string) {
	t.Helper()
	for _, entities := range []bool{false, true} {
		var got, want engine
		for _, e := range []*engine{&got, &want} {
			e.reset()
			for i := 0; i < len(s); {
				if entities && s[i] == '&' {
					if r, n := entity(s[i:]); n > 0 {
						e.add(r, r == '"' || r == object, i, i+n)
						i += n
						continue
					}
				}
				r, n := utf8.DecodeRuneInString(s[i:])
				if r == utf8.RuneError && n == 1 {
					e.add(object, true, i, i+1)
				} else {
					e.add(r, false, i, i+n)
				}
				i += n
			}
		}
		got.run()
		want.referenceRun()
		if fmt.Sprint(got.edits, got.out) != fmt.Sprint(want.edits, want.out) {
			t.Fatalf("run(%q): edits %v %q, want %v %q", s, got.edits, got.out, want.edits, want.out)
		}
	}
}

// TestRunReference runs checkRun on the tests' inputs and on the generated
// pages.
func TestRunReference(t *testing.T) {
	for _, tt := range stringTests {
		checkRun(t, tt.in)
	}
	for _, tt := range markdownTests {
		checkRun(t, tt.in)
	}
	files, _ := filepath.Glob("../testdata/pages/*.md")
	for _, f := range files {
		p, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkRun(t, string(p))
	}
}

func FuzzRunReference(f *testing.F) {
	for _, tt := range stringTests {
		f.Add(tt.in)
	}
	for _, tt := range markdownTests {
		f.Add(tt.in)
	}
	f.Add("Voir http://x.org/a et www.b.org ; é_x1:y mailto:a@b.c ? a.http://z :http://w")
	f.Fuzz(func(t *testing.T, s string) {
		checkRun(t, s)
	})
}
