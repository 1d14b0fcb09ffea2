package diag

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Pos: Pos{File: "content/x.md", Line: 3}, Msg: `date "32/13/2026" is not a date`, Want: "2026-06-02"}, `content/x.md:3: date "32/13/2026" is not a date (want 2026-06-02)`},
		{&Error{Pos: Pos{File: "site.yaml"}, Msg: "cannot read"}, "site.yaml: cannot read"},
		{&Error{Pos: Pos{File: "l.html", Line: 2, Col: 5}, Msg: "m"}, "l.html:2:5: m"},
		{&Error{Msg: "no position"}, "no position"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestListSortsAndFlattens(t *testing.T) {
	var l List
	l.Add(Pos{File: "b.md", Line: 2}, "second", "")
	l.Add(Pos{File: "a.md", Line: 9}, "first", "")
	l.Add(Pos{File: "b.md", Line: 1}, "between", "")
	l.Add(Pos{File: "b.md", Line: 1}, "between", "") // duplicate
	var inner List
	inner.Addf(Pos{File: "c.md", Line: 1}, "from %s", "inner")
	l.Append(fmt.Errorf("wrapped: %w", inner))
	l.Append(errors.New("plain"))
	l.Append(nil)
	err := l.Err()
	want := "plain\na.md:9: first\nb.md:1: between\nb.md:2: second\nc.md:1: from inner"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
	if (List{}).Err() != nil {
		t.Error("an empty list is an error")
	}
	if LineAt([]byte("a\nb\nc"), 4) != 3 || LineAt([]byte("a"), 10) != 1 {
		t.Error("LineAt")
	}
}

func TestClosest(t *testing.T) {
	keys := []string{"title", "baseURL", "language", "timezone", "paginate"}
	for _, tt := range []struct{ got, want string }{
		{"baseurl", "baseURL"}, {"BaseUrl", "baseURL"}, {"titel", "title"}, {"langage", "language"},
		{"tz", ""}, {"couleur", ""}, {"", ""},
	} {
		if got := Closest(tt.got, keys); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.got, got, tt.want)
		}
	}
}
