package templates

import (
	"fmt"
	"html/template"
	"strings"
	"testing"
)

// escapeRef is what html/template writes for s in a quoted title
// attribute and at the start of an href.
var escapeRef = template.Must(template.New("").Parse(`<a title="{{ . }}" href="{{ . }}">`))

func refEscape(t testing.TB, s string) (attr, url string) {
	t.Helper()
	var b strings.Builder
	if err := escapeRef.Execute(&b, s); err != nil {
		t.Fatal(err)
	}
	out := strings.TrimSuffix(strings.TrimPrefix(b.String(), `<a title="`), `">`)
	attr, url, ok := strings.Cut(out, `" href="`)
	if !ok {
		t.Fatalf("unexpected reference output %q", b.String())
	}
	return attr, url
}

func TestEscapersMatchHTMLTemplate(t *testing.T) {
	for _, s := range []string{
		"", "Bonjour", "L’été : « oui » ! 10 000 €", `a "b" 'c' <d> & e + f`, "\x00nul", "ligne\nsuivante",
		"https://example.org/a b/?q=1&r=2#x", "/actualites/é/", "javascript:alert(1)", "JavaScript:x", "mailto:a@b.c",
		"data:text/html,x", "/a:b", "100%", "%2F%zz%", "\uFDD0\uFFFE", "2022-06-02T13:00:00+02:00", "\xff\xfe bad utf-8",
	} {
		checkEscapers(t, s)
	}
}

// checkEscapers compares attrText and urlAttr with html/template on s.
func checkEscapers(t *testing.T, s string) {
	t.Helper()
	wantAttr, wantURL := refEscape(t, s)
	if got := attrText(s); got != wantAttr {
		t.Errorf("attrText(%q) = %q, want %q", s, got, wantAttr)
	}
	if got := urlAttr(s); got != wantURL {
		t.Errorf("urlAttr(%q) = %q, want %q", s, got, wantURL)
	}
}

func FuzzEscapers(f *testing.F) {
	f.Add("L’été : « oui » & <non> + 'a' \"b\"")
	f.Add("https://example.org/a b/?q=1&r=%2F#x")
	f.Add("javascript:alert(1)")
	f.Fuzz(checkEscapers)
}

func TestCacheKeyIsSprint(t *testing.T) {
	for _, keys := range [][]any{
		nil, {"/a/"}, {"/a/", 2}, {2, 3}, {1, "x", 2}, {"a", "b"}, {3, 4, "x"}, {"x", 1, 2}, {true, 1}, {1.5}, {nil},
	} {
		if got, want := cacheKey("p.html", keys), "p.html"+fmt.Sprint(keys...); got != want {
			t.Errorf("cacheKey(%v) = %q, want %q", keys, got, want)
		}
	}
}
