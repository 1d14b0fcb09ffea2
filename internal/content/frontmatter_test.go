package content

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/catalyseurs/alliance/internal/testsite"
)

// yamlFronts returns the YAML front matters (without delimiters, as the
// front matter library passes them) of the .md files of files.
func yamlFronts(tb testing.TB, files map[string][]byte) [][]byte {
	var fronts [][]byte
	for path, src := range files {
		if !strings.HasSuffix(path, ".md") {
			continue
		}
		rest, ok := bytes.CutPrefix(src, []byte("---\n"))
		end := bytes.Index(rest, []byte("\n---\n"))
		if !ok || end < 0 {
			tb.Fatalf("%s: no YAML front matter", path)
		}
		fronts = append(fronts, rest[:end+1])
	}
	return fronts
}

// exampleFiles returns the content files of the example site.
func exampleFiles(tb testing.TB) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir("../../content", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[path], err = os.ReadFile(path)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
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

// BenchmarkYAMLFront decodes the YAML front matters of the example site and
// of a generated site, one per operation.
func BenchmarkYAMLFront(b *testing.B) {
	for _, set := range []struct {
		name  string
		files map[string][]byte
	}{
		{"example", exampleFiles(b)},
		{"testsite", maps.Collect(testsite.Files(testsite.Options{Pages: 200}))},
	} {
		fronts := yamlFronts(b, set.files)
		b.Run(set.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				var r raw
				if err := unmarshalYAML(fronts[i%len(fronts)], &r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzYAMLFront checks unmarshalYAML against go.yaml.in/yaml/v3's own
// decoding into a map: when both decode data, they give the same keys and
// the same values, except that a timestamp stays the text it was written as
// (the site's zone applies to it later), that a !!binary value stays its
// base64 text, and that the library's merge keys ("<<") and maps with keys
// other than strings are not compared. Every key
// has a line of data, and so has an error.
func FuzzYAMLFront(f *testing.F) {
	for _, files := range []map[string][]byte{exampleFiles(f), maps.Collect(testsite.Files(testsite.Options{Pages: 20}))} {
		for _, front := range yamlFronts(f, files) {
			f.Add(front)
		}
	}
	for _, s := range []string{
		"a: &x [1, *x]\n", "a: {b: [1, 2.5, ~, true, 'x', \"y\"]}\n", "a: 0x1f\nb: 1e3\nc: .inf\n",
		"date: 2022-06-02\nt: 2022-06-02T10:00:00+02:00\n", "a: |\n  x\n  y\n", "? a\n: b\n",
		"a: 1\na: 2\n", "- a\n", "a: [\n", "a: !!str 12\nb: !!binary aGk=\n", "a: 99999999999999999999\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r raw
		err := unmarshalYAML(data, &r)
		lines := yamlLines(data)
		if err != nil {
			// Line 0 is the front matter as a whole; an unexpected end
			// may be on the line after the last.
			if r.err == nil || r.err.Line < 0 || r.err.Line > lines+1 {
				t.Fatalf("error %v: no line in 0..%d (%+v)", err, lines+1, r.err)
			}
			return
		}
		for k, l := range r.lines {
			if l < 1 || l > lines {
				t.Fatalf("key %q at line %d of %d", k, l, lines)
			}
		}
		var v any
		if yaml.Unmarshal(data, &v) != nil || bytes.Contains(data, []byte("<<")) || bytes.Contains(data, []byte("binary")) {
			return
		}
		lib, ok := v.(map[string]any)
		if !ok {
			return
		}
		if len(lib) != len(r.values) {
			t.Fatalf("keys %q, library: %q", slices.Sorted(maps.Keys(r.values)), slices.Sorted(maps.Keys(lib)))
		}
		for k, want := range lib {
			got, ok := r.values[k]
			if !ok {
				t.Fatalf("key %q missing, library has %#v", k, want)
			}
			if !sameYAMLValue(got, want) {
				t.Fatalf("%q = %#v, library: %#v", k, got, want)
			}
		}
	})
}

// yamlLines counts the lines of data as YAML 1.2 does (section 5.4): "\n",
// "\r\n" and a lone "\r" end a line, and so do U+0085, U+2028 and U+2029
// in YAML 1.1, which the library follows there.
func yamlLines(data []byte) int {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return 1 + strings.Count(s, "\n") + strings.Count(s, "\r") + strings.Count(s, "\u0085") + strings.Count(s, "\u2028") + strings.Count(s, "\u2029")
}

// sameYAMLValue reports whether got, a value of unmarshalYAML, is want, the
// library's value, as FuzzYAMLFront says.
func sameYAMLValue(got, want any) bool {
	switch want := want.(type) {
	case time.Time:
		_, ok := got.(string)
		return ok
	case map[any]any:
		return true
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(want) {
			return false
		}
		for k, w := range want {
			if v, ok := g[k]; !ok || !sameYAMLValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(want) {
			return false
		}
		for i := range want {
			if !sameYAMLValue(g[i], want[i]) {
				return false
			}
		}
		return true
	case float64:
		g, ok := got.(float64)
		return ok && (g == want || g != g && want != want)
	}
	return reflect.DeepEqual(got, want)
}
