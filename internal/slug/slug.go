// Package slug turns titles, file names and tags into URL slugs and heading
// IDs: the words of the text folded (accents and case removed, see package
// fold), apostrophes dropped, joined by single hyphens.
package slug

import (
	"github.com/catalyseurs/alliance/internal/fold"
)

// Make returns the slug of s: `L’été à Saint-Étienne` gives
// `lete-a-saint-etienne`. The slug is the words of the folding of s with
// apostrophes dropped (fold.Join), joined by hyphens: it holds only folded
// letters and digits (a-z and 0-9 for French text; other scripts keep their
// letters, lower-cased) and single hyphens, never at either end. It is empty
// when s has no letter or digit.
func Make(s string) string {
	b := fold.Append(make([]byte, 0, len(s)), s, fold.Join)
	for i, c := range b {
		if c == ' ' {
			b[i] = '-'
		}
	}
	return string(b)
}

// FromBytes is Make for a byte slice.
func FromBytes(b []byte) string {
	return Make(string(b))
}
