package slug

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// referenceMake is the first implementation of Make, which decomposes the
// whole string with norm.NFKD.String: Make must give the same slugs.
func referenceMake(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingHyphen := false
	s = strings.ToValidUTF8(s, " ")
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r) || isApostrophe(r):
			continue
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
		case r < 0x80 && r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		default:
			lr := unicode.ToLower(r)
			if f, ok := foldings[lr]; ok {
				if pendingHyphen && b.Len() > 0 {
					b.WriteByte('-')
				}
				pendingHyphen = false
				b.WriteString(f)
				continue
			}
			if lr < 0x80 && (lr >= 'a' && lr <= 'z') {
				r = lr
				break
			}
			if unicode.IsLetter(lr) || unicode.IsDigit(lr) {
				r = lr
				break
			}
			pendingHyphen = true
			continue
		}
		if pendingHyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		pendingHyphen = false
		b.WriteRune(r)
	}
	return b.String()
}

// TestMakeEveryRune compares Make with referenceMake on every character,
// alone and between letters, and on every invalid byte.
func TestMakeEveryRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r) + "b", "é" + string(r) + string(r)} {
			if got, want := Make(s), referenceMake(s); got != want {
				t.Fatalf("Make(%q) = %q, want %q", s, got, want)
			}
		}
	}
	for c := 0x80; c < 0x100; c++ {
		s := "a" + string([]byte{byte(c)}) + "\u0301b"
		if got, want := Make(s), referenceMake(s); got != want {
			t.Fatalf("Make(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestFromBytes checks that FromBytes is Make.
func TestFromBytes(t *testing.T) {
	for _, s := range []string{"", "L’été à Saint-Étienne", "a\xffb", "한국어 ﬃ ½"} {
		if got, want := FromBytes([]byte(s)), Make(s); got != want {
			t.Errorf("FromBytes(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzMakeReference(f *testing.F) {
	for _, s := range []string{
		"L’été à Saint-Étienne", "a\xffb", "ÆØÅ", "e\u0301\u0327", "한국어", "ﬃ ½ ℌ",
		"a\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a\u030b\u030c\u030d\u030e\u030f\u0310\u0311\u0312\u0313\u0314\u0315\u0316\u0317\u0318\u0319\u031a\u031b\u031c\u031d\u031e\u031f\u0320b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Make(s), referenceMake(s); got != want {
			t.Fatalf("Make(%q) = %q, want %q", s, got, want)
		}
		if got, want := FromBytes([]byte(s)), referenceMake(s); got != want {
			t.Fatalf("FromBytes(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkMake slugs headings, as heading IDs do.
func BenchmarkMake(b *testing.B) {
	headings := []string{
		"Les rencontres de l'été",
		"Ce qui a marché",
		"Ce qui reste à améliorer",
		"Calendrier des prochaines rencontres",
		"L’ingénierie de proximité : un métier ?",
		"Introduction",
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, h := range headings {
			Make(h)
		}
	}
}
