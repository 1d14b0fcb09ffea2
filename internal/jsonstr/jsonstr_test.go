package jsonstr

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// check compares Append with encoding/json, with and without HTML escaping.
func check(t *testing.T, s string) {
	t.Helper()
	html, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	if got := Append(nil, s, true); !bytes.Equal(got, html) {
		t.Errorf("Append(%q, html) = %s, want %s", s, got, html)
	}
	if got := Append([]byte("x"), s, false); !bytes.Equal(got, append([]byte("x"), bytes.TrimSuffix(plain.Bytes(), []byte("\n"))...)) {
		t.Errorf("Append(%q) = %s, want x%s", s, got, plain.Bytes())
	}
}

func TestAppend(t *testing.T) {
	var all strings.Builder
	for c := range 256 {
		all.WriteByte(byte(c))
	}
	for _, s := range []string{
		all.String(), "", "Bonjour", "L’été : « oui » ! 10 000 €", `a "b" \c </script> & +`, "\x00\x01\x1f\x7f",
		"\b\f\n\r\t", "\u2028 et \u2029 \u202a", "\xff\xfe bad utf-8", "\xe2\x80", "ok\xc3", "é\xffé", "\xed\xa0\x80", "😀 \U0010FFFF",
	} {
		check(t, s)
	}
}

func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "é", "<&>", "\u2028", "\xff", "\x00\"\\", "a\"b\\c\x00\x1f\x7f\u2028é\xff<&>"} {
		f.Add(s)
	}
	f.Fuzz(check)
}
