package fold

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/catalyseurs/alliance/internal/testsite"
)

var update = flag.Bool("update", false, "rewrite testdata/fold.golden")

// marks matches combining marks, for the oracle.
var marks = regexp.MustCompile(`\p{M}+`)

// spelledOut replaces the letters spelled out, for the oracle.
var spelledOut = strings.NewReplacer("æ", "ae", "œ", "oe", "ø", "o", "đ", "d", "ð", "d", "þ", "th", "ł", "l", "ı", "i", "ß", "ss", "ς", "σ")

// oracle returns the words of the folding of s as the package doc defines
// it, written with whole-string library calls: norm.NFKD.String of the
// whole text (after the apostrophes, which the doc defines code point by
// code point), a regular expression for the combining marks, strings.ToLower,
// and strings.FieldsFunc for the words.
func oracle(s string, mode Mode) []string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.Map(func(r rune) rune {
		if isApostrophe(r) {
			return '\''
		}
		return r
	}, s)
	s = strings.Map(func(r rune) rune {
		if isApostrophe(r) {
			return '\''
		}
		return r
	}, marks.ReplaceAllString(norm.NFKD.String(s), ""))
	s = spelledOut.Replace(strings.ToLower(s))
	if mode == Join {
		s = strings.ReplaceAll(s, "'", "")
	}
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// words returns the words of Append(s, mode).
func words(s string, mode Mode) []string {
	folded := string(Append(nil, s, mode))
	if folded == "" {
		return nil
	}
	return strings.Split(folded, " ")
}

// tricky are strings that exercise the definition: ligatures, the German
// sharp s, Turkish dotted and dotless i, the Greek final sigma, Hangul,
// fullwidth and other compatibility forms, combining sequences (also long
// ones, and marks of every class), emoji, apostrophes of every kind,
// other scripts and invalid UTF-8.
var tricky = []string{
	"Économie", "ÉCONOMIE sociale", "L’été à Saint-Étienne", "l'ingénierie", "qu’il", "jusqu’à", "lorsqu'on",
	"aujourd’hui", "l´été", "l＇été", "lʼété", "l‘été", "l`été", "puisqu’elle", "c’est-à-dire",
	"œuvre Œuvre cœur", "æther ÆTHER", "ﬁnance ﬂeur ﬀ ﬃ ﬄ", "Straße STRASSE ẞ", "İstanbul ıstakoz DİYARBAKIR",
	"ΟΔΟΣ οδος σοφίας ς Σ", "Ἀθῆναι", "한국어 대한민국", "ｆｕｌｌｗｉｄｔｈ ＡＢＣ１２３", "½ ² x³ № ℡ Ⅻ ⓐ ㎏ ﷺ",
	"e\u0301te\u0301", "a\u0323\u0301", "\u0301\u0301", "a" + strings.Repeat("\u0301", 40) + "b",
	"x\U0001D16D\u0301\U0001D165y", "o" + strings.Repeat("\u0323\u0301", 20), "k\u20DDz", "क\u093Fताब हिन्दी",
	"🙂 👩‍👩‍👧 1️⃣ 🇫🇷", "Ꭰꭰ ᏸ", "ᲀ", "Łódź Ørsted Þór Ðakovo đ", "ǅungla ǈ", "ŉ", "Ǆ", "ﬅ",
	"Москва ПРИВЕТ", "東京 日本語", "العربية", "ไทย", "2022 17 3,14 1 000 000 n°3 10 % 5€",
	"« Faire alliance » — vraiment ?!…", "A\u00a0B\u202fC\tD\nE", "\xff", "a\xc3", "b\xffc", "\xed\xa0\x80",
	"𝒜𝒷𝒸 𐐀𐐨 𠀀", "\uFFFD", "", "   ",
}

// corpus returns the tricky strings, then every line of the example site's
// content and of a small generated site: every character of the site's
// vocabulary.
func corpus(t *testing.T) []string {
	t.Helper()
	lines := slices.Clone(tricky)
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		lines = append(lines, strings.Split(string(b), "\n")...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range testsite.Files(testsite.Options{Pages: 60}) {
		lines = append(lines, strings.Split(string(data), "\n")...)
	}
	return lines
}

func TestRune(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a", "a"}, {"Z", "z"}, {"7", "7"}, {"-", " "}, {"'", "'"}, {"’", "'"}, {"´", "'"}, {"＇", "'"},
		{"É", "e"}, {"œ", "oe"}, {"Œ", "oe"}, {"ß", "ss"}, {"ẞ", "ss"}, {"ﬁ", "fi"}, {"İ", "i"}, {"ı", "i"},
		{"Σ", "σ"}, {"ς", "σ"}, {"½", "1 2"}, {"\u0301", ""}, {"\u093F", ""}, {"한", "한"}, {"Ａ", "a"},
		{"🙂", " "}, {"\u00a0", " "},
	}
	for _, tt := range tests {
		r, _ := utf8.DecodeRuneInString(tt.in)
		if got := Rune(r); got != tt.want {
			t.Errorf("Rune(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := string(AppendRune([]byte("x"), r)); got != "x"+tt.want {
			t.Errorf("AppendRune(x, %q) = %q, want %q", tt.in, got, "x"+tt.want)
		}
	}
}

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Économie", "economie"},
		{"L’Été, à Noël !", "l ete a noel"},
		{"l'ingénierie", "l ingenierie"},
		{"Œuvre cœur", "oeuvre coeur"},
		{"Straße", "strasse"},
		{"  « Faire  alliance » ! ", "faire alliance"},
		{"ΟΔΟΣ οδος", "οδοσ οδοσ"},
		{"e\u0301te\u0301", "ete"},
		{"a\xffb", "a b"},
		{"already folded", "already folded"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSpans checks the spans AppendSpans gives.
func TestSpans(t *testing.T) {
	s := "L’É\u0301té, ﬁn! deux e\u0301 Œuvre"
	dst, spans := AppendSpans([]byte("x "), s, nil)
	if got, want := string(dst), "x l ete fin deux e oeuvre"; got != want {
		t.Errorf("AppendSpans(%q) = %q, want %q", s, got, want)
	}
	want := []Span{{4, 7, 4, 11}, {8, 11, 13, 17}, {17, 18, 24, 27}, {19, 25, 28, 34}}
	if !slices.Equal(spans, want) {
		t.Errorf("AppendSpans(%q) spans = %v, want %v", s, spans, want)
	}
	checkSpans(t, s, dst, spans)
}

// checkSpans checks that each word of dst with a non-ASCII source has a
// span, in order, whose source folds to a text holding the word.
func checkSpans(t *testing.T, s string, dst []byte, spans []Span) {
	t.Helper()
	k := 0
	for i := 0; i < len(dst); {
		j := i
		for j < len(dst) && dst[j] != ' ' {
			j++
		}
		if k < len(spans) && spans[k].Start == i {
			sp := spans[k]
			if sp.End != j || sp.SrcStart < 0 || sp.SrcEnd > len(s) || sp.SrcStart >= sp.SrcEnd {
				t.Fatalf("%q: span %v of the word %q", s, sp, dst[i:j])
			}
			src := s[sp.SrcStart:sp.SrcEnd]
			if !slices.Contains(words(src, Split), string(dst[i:j])) {
				t.Fatalf("%q: the word %q has the source %q, which folds to %q", s, dst[i:j], src, String(src))
			}
			if !strings.ContainsFunc(src, func(r rune) bool { return r >= utf8.RuneSelf }) {
				t.Fatalf("%q: the word %q has a span, but an ASCII source %q", s, dst[i:j], src)
			}
			k++
		}
		i = j + 1
	}
	if k != len(spans) {
		t.Fatalf("%q: spans %v do not start at words of %q", s, spans, dst)
	}
}

// TestEveryCodePoint holds Rune to the oracle on every code point, alone
// and between letters, in both modes, and checks that folding is
// idempotent.
func TestEveryCodePoint(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		for _, mode := range []Mode{Split, Join} {
			for _, in := range []string{s, "a" + s + "b"} {
				if got, want := words(in, mode), oracle(in, mode); !slices.Equal(got, want) {
					t.Fatalf("%U mode %d: words of %q = %q, want %q", r, mode, in, got, want)
				}
			}
		}
		if f := String(s); String(f) != f {
			t.Fatalf("%U: String is not idempotent: %q, then %q", r, f, String(f))
		}
	}
}

// TestCorpus holds Words to the oracle on the corpus, and writes the
// folding of the tricky strings to testdata/fold.golden, a file for a
// reviewer to read.
func TestCorpus(t *testing.T) {
	for _, s := range corpus(t) {
		for _, mode := range []Mode{Split, Join} {
			if got, want := words(s, mode), oracle(s, mode); !slices.Equal(got, want) {
				t.Errorf("mode %d: words of %q = %q, want %q", mode, s, got, want)
			}
		}
	}
	var b bytes.Buffer
	b.WriteString("# input (Go syntax) -> String (search) | the words in Join mode (slugs)\n")
	for _, s := range tricky {
		in := strconv.Quote(s)
		if strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.M, r) }) {
			in = strconv.QuoteToASCII(s) // combining marks show as escapes
		}
		fmt.Fprintf(&b, "%s -> %q | %q\n", in, String(s), strings.Join(words(s, Join), "-"))
	}
	golden := filepath.Join("testdata", "fold.golden")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("the foldings differ from %s (review, then go test -update):\n%s", golden, lineDiff(string(want), b.String()))
	}
}

// lineDiff lists the lines of got that are not in want.
func lineDiff(want, got string) string {
	var out []string
	for l := range strings.SplitSeq(got, "\n") {
		if !strings.Contains(want, l+"\n") {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

func FuzzWords(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, mode := range []Mode{Split, Join} {
			got := words(s, mode)
			if want := oracle(s, mode); !slices.Equal(got, want) {
				t.Fatalf("mode %d: words of %q = %q, want %q", mode, s, got, want)
			}
		}
		f := String(s)
		if !utf8.ValidString(f) || String(f) != f || strings.Contains(f, "  ") || strings.TrimSpace(f) != f {
			t.Fatalf("String(%q) = %q: not valid, not idempotent or badly spaced", s, f)
		}
		dst, spans := AppendSpans(nil, s, nil)
		if string(dst) != f {
			t.Fatalf("AppendSpans(%q) = %q, String %q", s, dst, f)
		}
		checkSpans(t, s, dst, spans)
	})
}

// node returns the path of node, or skips (fails under ALLIANCE_REQUIRE_TOOLS=1).
func node(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("ALLIANCE_REQUIRE_TOOLS") == "1" {
			t.Fatal("node is required (ALLIANCE_REQUIRE_TOOLS=1) but not found")
		}
		t.Skip("node not found: the script's folding is not checked")
	}
	return p
}

// assigned reports whether r is assigned in the Unicode version of Go's
// tables (unicode.Version), surrogates left out.
func assigned(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf, unicode.Co)
}

// TestJavaScriptEveryCodePoint compares the script's foldChar with Rune on
// every code point assigned in Go's Unicode version (the browser's may be
// newer: it may know letters that Go reads as separators).
func TestJavaScriptEveryCodePoint(t *testing.T) {
	out, err := exec.Command(node(t), "testdata/fold.mjs", "runes").Output()
	if err != nil {
		t.Fatalf("node testdata/fold.mjs runes: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	r, bad := rune(0), 0
	for ; sc.Scan(); r++ {
		if !assigned(r) {
			continue
		}
		var js string
		if err := json.Unmarshal(sc.Bytes(), &js); err != nil {
			t.Fatalf("%U: %v in %q", r, err, sc.Text())
		}
		if got := Rune(r); got != js {
			if bad++; bad <= 20 {
				t.Errorf("%U %q: Go folds it to %q, the script to %q", r, string(r), got, js)
			}
		}
	}
	if r != unicode.MaxRune+1 {
		t.Fatalf("the script folded %d code points, want %d", r, unicode.MaxRune+1)
	}
	if bad > 0 {
		t.Errorf("%d code points fold differently", bad)
	}
}

// TestJavaScriptCorpus compares the script's fold with String on the
// corpus, where the words of many code points meet.
func TestJavaScriptCorpus(t *testing.T) {
	lines := corpus(t)
	var in bytes.Buffer
	for _, s := range lines {
		b, _ := json.Marshal(strings.ToValidUTF8(s, "\uFFFD"))
		in.Write(append(b, '\n'))
	}
	file := filepath.Join(t.TempDir(), "corpus.txt")
	if err := os.WriteFile(file, in.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node(t), "testdata/fold.mjs", "strings", file).Output()
	if err != nil {
		t.Fatalf("node testdata/fold.mjs strings: %v", err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(got) != len(lines) {
		t.Fatalf("the script folded %d strings, want %d", len(got), len(lines))
	}
	for i, s := range lines {
		var js string
		if err := json.Unmarshal([]byte(got[i]), &js); err != nil {
			t.Fatal(err)
		}
		if want := String(strings.ToValidUTF8(s, "\uFFFD")); js != want {
			t.Errorf("fold(%q): the script gives %q, Go %q", s, js, want)
		}
	}
}

// frenchText is prose of a generated site, for the benchmarks.
func frenchText() string {
	var b strings.Builder
	for _, data := range testsite.Files(testsite.Options{Pages: 100}) {
		b.Write(data)
	}
	return b.String()
}

// BenchmarkString folds French prose.
func BenchmarkString(b *testing.B) {
	s := frenchText()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		String(s)
	}
}

// BenchmarkAppendSpans folds French prose and notes its accented words.
func BenchmarkAppendSpans(b *testing.B) {
	s := frenchText()
	b.SetBytes(int64(len(s)))
	var buf []byte
	var spans []Span
	for b.Loop() {
		buf, spans = AppendSpans(buf[:0], s, spans[:0])
	}
}

// BenchmarkRuneByRune folds French prose code point by code point, without
// the runs of appendFold: what they save.
func BenchmarkRuneByRune(b *testing.B) {
	s := frenchText()
	b.SetBytes(int64(len(s)))
	var w []byte
	for b.Loop() {
		w = w[:0]
		for _, r := range s {
			w = AppendRune(w, r)
		}
	}
}
