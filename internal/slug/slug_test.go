package slug

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMake(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"design example", "L’actualité du 2 juin", "lactualite-du-2-juin"},
		{"issue example", "L’été à Saint-Étienne", "lete-a-saint-etienne"},
		{"straight apostrophe", "l'ingénierie", "lingenierie"},
		{"ligature", "Œuvre cœur", "oeuvre-coeur"},
		{"spaces and punctuation", "  Hello,   World!  ", "hello-world"},
		{"already a slug", "charte-du-faire-alliance", "charte-du-faire-alliance"},
		{"guillemets", "« Faire alliance »", "faire-alliance"},
		{"numbers", "Les Jeudis de l’ODD 17", "les-jeudis-de-lodd-17"},
		{"underscore", "mon_fichier", "mon-fichier"},
		{"nbsp", "A\u00a0B\u202fC", "a-b-c"},
		{"cedilla", "Ça commence", "ca-commence"},
		{"empty", "", ""},
		{"only punctuation", "?!…", ""},
		{"dot", "version 1.2", "version-1-2"},
		{"traversal", "../../etc/passwd", "etc-passwd"},
		{"german", "Straße", "strasse"},
		{"greek kept", "Αθήνα", "αθηνα"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Make(tt.in); got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzMake(f *testing.F) {
	for _, s := range []string{"L’été à Saint-Étienne", "../a/b", "a\x00b", "ÆØÅ", "", "--x--", "%2e%2e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Make(%q) = %q is not valid UTF-8", s, got)
		}
		if strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Fatalf("Make(%q) = %q has a stray hyphen", s, got)
		}
		if strings.ContainsAny(got, "/\\.\x00 ") {
			t.Fatalf("Make(%q) = %q has a path character", s, got)
		}
		if again := Make(got); again != got {
			t.Fatalf("Make is not idempotent: %q -> %q -> %q", s, got, again)
		}
	})
}
