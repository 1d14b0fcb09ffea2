// Package diag defines source positions and the error values that carry them,
// so that every problem alliance reports reads "path:line: what is wrong (want ...)".
//
// A build collects its errors into a List, sorts them by file and line, and
// reports them together, as go/scanner does with its ErrorList.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Pos is a place in a source file. Line and Col are 1-based; zero means unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as "file:line:col", "file:line" or "file".
func (p Pos) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line <= 0:
		return p.File
	case p.Col <= 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
}

// Error is one problem found in a source file.
type Error struct {
	Pos  Pos
	Msg  string // what is wrong
	Want string // what was expected; optional
	Err  error  // underlying cause; optional
}

// Error formats the problem as "path:line: msg (want ...)".
func (e *Error) Error() string {
	var b strings.Builder
	if s := e.Pos.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Want != "" {
		b.WriteString(" (want ")
		b.WriteString(e.Want)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error at pos with a formatted message.
func Errorf(pos Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// List is a list of errors, sortable by position.
type List []*Error

// Add appends an error at pos.
func (l *List) Add(pos Pos, msg, want string) {
	*l = append(*l, &Error{Pos: pos, Msg: msg, Want: want})
}

// Addf appends an error at pos with a formatted message.
func (l *List) Addf(pos Pos, format string, args ...any) {
	*l = append(*l, Errorf(pos, format, args...))
}

// Append adds err to the list. A List is flattened, an *Error is kept as is,
// and any other error becomes an Error without position. Nil is ignored.
func (l *List) Append(err error) {
	if err == nil {
		return
	}
	var list List
	if errors.As(err, &list) {
		*l = append(*l, list...)
		return
	}
	var e *Error
	if errors.As(err, &e) {
		*l = append(*l, e)
		return
	}
	*l = append(*l, &Error{Msg: err.Error(), Err: err})
}

// Len, Less and Swap make List a sort.Interface: by file, line, column, message.
func (l List) Len() int      { return len(l) }
func (l List) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l List) Less(i, j int) bool {
	a, b := l[i].Pos, l[j].Pos
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Col != b.Col {
		return a.Col < b.Col
	}
	return l[i].Msg < l[j].Msg
}

// Sort sorts the list by position and removes exact duplicates.
func (l *List) Sort() {
	sort.Stable(*l)
	out := (*l)[:0]
	for i, e := range *l {
		if i > 0 && e.Error() == (*l)[i-1].Error() {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Error joins every error on its own line.
func (l List) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Err returns nil for an empty list and the sorted list otherwise.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// LineAt returns the 1-based line number of byte offset off in src.
func LineAt(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	line := 1
	for _, c := range src[:off] {
		if c == '\n' {
			line++
		}
	}
	return line
}

// InvalidUTF8 returns the 1-based line of the first byte of src that is not
// valid UTF-8, or 0 when src is valid.
func InvalidUTF8(src []byte) int {
	if utf8.Valid(src) {
		return 0
	}
	off := 0
	for off < len(src) {
		r, size := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	return LineAt(src, off)
}
