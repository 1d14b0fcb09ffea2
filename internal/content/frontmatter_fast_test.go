package content

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/catalyseurs/alliance/internal/testsite"
)

// realisticYAML is a front matter as people write them.
const realisticYAML = `title: "Webinaire du 2 juin: la charte, troisième étape"
date: 2022-05-17T10:00:00+02:00
authors: ["Camille Durand"]
tags: [webinaire, charte, ingénierie]
summary: "Le jeudi 2 juin à 13 h, le troisième webinaire ... obligatoire."
draft: false
weight: 10
`

// yamlFastValues are values of a key for the seeds of FuzzYAMLFast and for
// TestYAMLFastEqualsYAML: each is either in the subset or next to its edge.
var yamlFastValues = []string{
	"x", "Bonjour le monde", "l'équipe", `dit "oui"`, "a  b", "x   ", "C#", "a#b", "a # c", "a: b", "a:b", "a:", "http://x.org/y?a=b#c",
	"true", "True", "TRUE", "tRue", "false", "False", "FALSE", "yes", "no", "on", "off", "Yes", "y", "n",
	"null", "Null", "NULL", "nUll", "~", "~x", "nan", "inf", ".inf", "-.inf", "+.inf", ".nan", ".NaN",
	"0", "-0", "00", "1", "-1", "10", "0755", "08", "1_000", "+1", "+", "-", "- a", "-a", ".5", "1.", "1.5", "-1.5", "0.5", "00.5", "1.5.2",
	"1e3", "1E3", "1.5e3", "0x1F", "0X1f", "0o17", "0b101", "-0b1", "-0o7", "0x", "1__0", "_1",
	"9223372036854775807", "-9223372036854775808", "9223372036854775808", "18446744073709551615", "18446744073709551616",
	"123456789012345678", "1234567890123456789", "0.123456789012345", "1.1234567890123456",
	"2022-05-17", "2022-05-17T10:00:00+02:00", "2022-05-17T10:00:00Z", "2022-5-7", "2022-05-17 10:00:00", "2022-05-17t10:00:00Z", "2022-13-45", "2022-", "20220-1",
	"12:30", "1:30:00", "10 h", "3,5", "5 €", "n° 12", "2e", "1a", "1-2", "1+2", "12ab", "0.5.", "1 000",
	"<<", "<x>", "(a)", "/chemin/page", "_x", "$x", "é", "Événements", "日本", "😀 fête", "\u00a0x", "x\u00a0", "a\u2028b", "a\u2029", "a\u0085b", "a\vb", "a\x1bb", "a\u3000b", "a\u200bb", "a\ufeff", "a\ufffd", "a\U0010ffff",
	"?a", "? a", ":a", "&a x", "*a", "!!str 1", "!x", "|", ">", "%x", "@x", "`x`", "{a: b}", "{}", "#", "# c", "'", `"`,
	`"x"`, `""`, `"a\"b"`, `"a\\b"`, `"\\"`, `"\""`, `"a\nb"`, `"\u00e9"`, `"a\tb"`, `"a\/b"`, `"x" `, `"x" # c`, `"x"y`, `"a: b"`, `"a # b"`, `"é"`,
	`'x'`, `''`, `'it''s'`, `''''`, `'a\b'`, `'x' `, `'x'y`, `'a"b'`, `"a'b"`,
	`[a, "b", c]`, "[]", "[ ]", "[a]", "[ a ]", "[a,b]", "[a ,b ]", "[a,]", "[a,,b]", "[,a]", "[a: b]", "[a:b]", "[a, [b]]", "[a, {b: c}]",
	"[l'équipe, x]", "[1, 2.5, true, null, ~, -1, 0755, 2022-05-17]", "[1, 2.5, true, null, ~, -1, 2022-05-17, Null, FALSE]", "[a b, c]", "[a #b]", "[a] # c", "[a] ", "[a]b", "[a", `["a" , 'b']`, `["a"b]`,
	"x]", "x}", "x, y", "x[y]", "x{y}", "a - b", "a|b", "a>b", "a&b", "a*b", "a!b", "a%b", "a@b", "a`b",
	"[?a]", "[a?b]", "[-]", "[- a]", "[-1]", `[""]`, "[a, 'b'', c']", "[\"é\", ü]",
}

// yamlFastDocs are whole front matters, for the same uses.
var yamlFastDocs = []string{
	realisticYAML,
	"title: x\n", "title: x", "key:\n", "key: \n", "key:   \n", "key:  x\n", "key :x\n", "key:x\n", " key: x\n", "key: x\n  y\n", "key: x\n- y\n",
	"key:\n- a\n- b\n", "key:\n  a: 1\n", "a: 1\na: 2\n", "a: 1\nb: 2\na: 3\n", "# c\na: 1\n", "a: 1\n# c\n", "#c\n#\na: 1\n", "a: 1 # c\n", "\n\na: 1\n\n",
	"  \na: 1\n  \nb: x\n", "a: 1\r\nb: 2\n", "a: x\rb: 2\n", "a:\tx\n", "a: x\t\n", "\ta: x\n", "a: x\u2028y\n", "a: x\u0085\n", "\ufeffa: 1\n", "a: \ufeffx\n",
	"a: x\x00\n", "a: x\x7f\n", "a: \xff\n", "---\na: 1\n", "...\n", "a: 1\n---\nb: 2\n", "a: 1\n...\n", "a: 'x\n  y'\n", "a: \"x\n\"\n", "a: [x,\n y]\n",
	"a-b: 1\n", "_: 1\n", "a_b-c9: x\n", "1a: x\n", "a.b: 1\n", "-a: 1\n", "a b: 1\n", "\"a\": 1\n", "true: 1\n", "null: x\n", "a: b\n\n\n",
	strings.Repeat("k", 128) + ": x\n", strings.Repeat("k", 129) + ": x\n", strings.Repeat("k", 1100) + ": x\n",
	"a: [" + strings.Repeat("x, ", 999) + "x]\n", "a: [" + strings.Repeat("x, ", 1000) + "x]\n",
	"", "\n", "# only a comment\n", "a\n", "a: 1\nb\n", "%YAML 1.2\n---\na: 1\n", "a: &x 1\nb: *x\n",
}

// yamlFastInputs returns the seeds: every value under a key, alone and
// among other keys, and the documents.
func yamlFastInputs() []string {
	var in []string
	for _, v := range yamlFastValues {
		in = append(in, "k: "+v+"\n", "title: x\nk: "+v+"\n# c\n\nweight: 3\n")
	}
	return append(in, yamlFastDocs...)
}

// yamlNode decodes data with the yaml.v3 path alone.
func yamlNode(data []byte) raw {
	r := raw{format: "yaml"}
	unmarshalYAMLNode(data, &r)
	return r
}

// checkYAMLFast reports whether yamlFast decodes data, and fails t when
// that decoding differs from yaml.v3's, or when unmarshalYAML's whole
// result differs from the yaml.v3 path's.
func checkYAMLFast(t *testing.T, data []byte) bool {
	t.Helper()
	values, lines, ok := yamlFast(bytes.Clone(data))
	if !ok {
		if values != nil || lines != nil {
			t.Fatalf("%q: declined with values %v, lines %v", data, values, lines)
		}
		return false
	}
	want := yamlNode(data)
	if want.err != nil {
		t.Fatalf("%q: fast path decodes %#v, yaml.v3 says %v", data, values, want.err)
	}
	if !reflect.DeepEqual(values, want.values) || !reflect.DeepEqual(lines, want.lines) {
		t.Fatalf("%q:\nfast path: %#v %v\nyaml.v3:   %#v %v", data, values, lines, want.values, want.lines)
	}
	var got raw
	if err := unmarshalYAML(bytes.Clone(data), &got); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: unmarshalYAML gives %#v, %v; yaml.v3 path %#v", data, got, err, want)
	}
	return true
}

// FuzzYAMLFast checks that whatever the fast path decodes, it decodes as
// yaml.v3 does: same values (same Go types), same key lines, no error.
func FuzzYAMLFast(f *testing.F) {
	for _, s := range yamlFastInputs() {
		f.Add([]byte(s))
	}
	for _, v := range yamlFastValues {
		f.Add([]byte(v))
	}
	for _, fm := range testsiteFronts(f, 12) {
		f.Add(fm)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkYAMLFast(t, data)
		// The input as a value too, where the fast path accepts more.
		if len(data) > 0 && data[0] != ' ' && bytes.IndexByte(data, '\n') < 0 {
			checkYAMLFast(t, []byte("title: x\nk: "+string(data)+"\n# c\nn: 1\n"))
			checkYAMLFast(t, []byte("k: ["+string(data)+"]\n"))
		}
	})
}

// TestYAMLFastEqualsYAML runs the seeds of FuzzYAMLFast, so that plain
// "go test" checks them too.
func TestYAMLFastEqualsYAML(t *testing.T) {
	accepted := 0
	for _, s := range yamlFastInputs() {
		if checkYAMLFast(t, []byte(s)) {
			accepted++
		}
	}
	t.Logf("fast path: %d of %d seeds", accepted, len(yamlFastInputs()))
}

// TestYAMLFastAccepts checks that the fast path does take the common front
// matters, so that it does not pass the other tests by declining them, and
// that it decodes them to the expected values.
func TestYAMLFastAccepts(t *testing.T) {
	values, lines, ok := yamlFast([]byte(realisticYAML))
	if !ok {
		t.Fatal("the realistic front matter is declined")
	}
	want := map[string]any{
		"title":   "Webinaire du 2 juin: la charte, troisième étape",
		"date":    "2022-05-17T10:00:00+02:00",
		"authors": []any{"Camille Durand"},
		"tags":    []any{"webinaire", "charte", "ingénierie"},
		"summary": "Le jeudi 2 juin à 13 h, le troisième webinaire ... obligatoire.",
		"draft":   false,
		"weight":  10,
	}
	wantLines := map[string]int{"title": 1, "date": 2, "authors": 3, "tags": 4, "summary": 5, "draft": 6, "weight": 7}
	if !reflect.DeepEqual(values, want) || !reflect.DeepEqual(lines, wantLines) {
		t.Errorf("got %#v %v\nwant %#v %v", values, lines, want, wantLines)
	}

	for _, s := range []string{
		"title: Bonjour\n", "title: \"Le \\\"faire alliance\\\" : où ?\"\n", "title: 'l''équipe'\n", "tags: []\n", "draft: true\nweight: -3\n",
		"ratio: 1.5\n", "image:\n", "nothing: null\n", "tilde: ~\n", "# comment\ntitle: x\n\n", "path: /a/b\n", "when: 2022-05-17\n",
		"title: x", "price: 30 €\n", "n: 0\n", "tags: [a b, 'c', \"d\", 1, true]\n", "key_with-dash: x\n", "blank:   \n", "title: x   \n",
	} {
		if !checkYAMLFast(t, []byte(s)) {
			t.Errorf("declined: %q", s)
		}
	}

	// Every front matter of a generated site.
	fronts := testsiteFronts(t, 200)
	for _, fm := range fronts {
		if !checkYAMLFast(t, fm) {
			t.Errorf("declined: %q", fm)
		}
	}
	if len(fronts) < 200 {
		t.Errorf("%d front matters in the generated site", len(fronts))
	}
}

// TestYAMLFastDeclines checks that the fast path leaves to yaml.v3 what is
// outside its subset or doubtful.
func TestYAMLFastDeclines(t *testing.T) {
	for _, s := range []string{
		"", "# only a comment\n", "a: 1\na: 2\n", "a: x\n  y\n", "key:\n- a\n", "key:\n  a: 1\n", " a: 1\n", "a :1\n", "a:x\n", "a:  x\n", "a:\tx\n",
		"a: yes\nb: 0755\n", "a: 0755\n", "a: 1_000\n", "a: +1\n", "a: .5\n", "a: 1e3\n", "a: 0x1F\n", "a: .inf\n", "a: .nan\n", "a: 1.\n",
		"a: 1234567890123456789\n", "a: <<\n", "a: x # c\n", "a: x: y\n", "a: x:\n", "a: &x 1\n", "a: *x\n", "a: !!str 1\n", "a: |\n  x\n", "a: >\n  x\n",
		"a: \"x\\ny\"\n", "a: \"x\n", "a: 'x\n", "a: \"x\" y\n", "a: [x,\n y]\n", "a: [x, [y]]\n", "a: [x,]\n", "a: [x: y]\n", "a: {b: c}\n", "a: [x] # c\n",
		"a: x\r\n", "a: x\u2028\n", "a: \ufeffx\n", "\xef\xbb\xbfa: 1\n", "a: \xff\n", "---\na: 1\n", "a: 1\n...\n", strings.Repeat("k", 200) + ": x\n",
		"a: -x\n", "a: ~x\n", "a: ?x\n", "a: @x\n", "a: %x\n", "a: `x`\n",
	} {
		if values, lines, ok := yamlFast([]byte(s)); ok {
			t.Errorf("%q: accepted, %v %v", s, values, lines)
		}
	}
}

// testsiteFronts returns the YAML front matters (without delimiters, as the
// front matter library passes them) of the first n pages of a generated
// site.
func testsiteFronts(tb testing.TB, n int) [][]byte {
	var fronts [][]byte
	for path, src := range testsite.Files(testsite.Options{Pages: n}) {
		if !strings.HasSuffix(path, ".md") {
			continue
		}
		rest, ok := bytes.CutPrefix(src, []byte("---\n"))
		end := bytes.Index(rest, []byte("\n---\n"))
		if !ok || end < 0 {
			tb.Fatalf("%s: no YAML front matter", path)
		}
		fronts = append(fronts, rest[:end+1])
		if len(fronts) == n {
			break
		}
	}
	return fronts
}

// BenchmarkSplitFront splits the pages of a generated site, one page per
// operation.
func BenchmarkSplitFront(b *testing.B) {
	var pages [][]byte
	for path, src := range testsite.Files(testsite.Options{Pages: 200}) {
		if strings.HasSuffix(path, ".md") {
			pages = append(pages, src)
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := SplitFront(pages[i%len(pages)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYAMLFront decodes the front matters of a generated site, one per
// operation, with unmarshalYAML and with the yaml.v3 path alone.
func BenchmarkYAMLFront(b *testing.B) {
	fronts := testsiteFronts(b, 200)
	for _, bb := range []struct {
		name string
		f    func([]byte, *raw) error
	}{
		{"unmarshalYAML", func(d []byte, r *raw) error { return unmarshalYAML(d, r) }},
		{"yaml.v3", unmarshalYAMLNode},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				var r raw
				if err := bb.f(fronts[i%len(fronts)], &r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
