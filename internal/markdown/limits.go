package markdown

import (
	"bytes"
	"fmt"
)

// MaxNesting bounds, in columns, the quote markers, list markers and
// indentation at the start of a line (outside fenced code). goldmark checks
// every open quote and list on every line, so a text nested thousands of
// levels deep takes hours to parse; real texts stay far below this.
const MaxNesting = 100

// MaxFootnotes bounds the footnote marks ("[^") of one text: goldmark
// matches each reference against every definition, so a text with 100,000
// of them takes minutes; a real page has a few dozen.
const MaxFootnotes = 2000

// LimitError reports a text that goes beyond MaxNesting or MaxFootnotes.
type LimitError struct {
	Line int // 1-based line in the text
	Msg  string
}

func (e *LimitError) Error() string { return e.Msg }

// checkLimits returns a *LimitError for the first line of src that goes
// beyond MaxNesting or MaxFootnotes, or nil.
func checkLimits(src []byte) error {
	if n := bytes.Count(src, []byte("[^")); n > MaxFootnotes {
		off := 0
		for range MaxFootnotes + 1 {
			off += bytes.Index(src[off:], []byte("[^")) + 2
		}
		return &LimitError{Line: 1 + bytes.Count(src[:off], []byte("\n")),
			Msg: fmt.Sprintf("too many footnotes: %d footnote marks \"[^\" (want at most %d)", n, MaxFootnotes)}
	}
	var fence byte // '`' or '~' inside a fenced code block
	line := 0
	for len(src) > 0 {
		line++
		l := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		cols, rest := prefix(l)
		if len(rest) >= 3 && (rest[0] == '`' || rest[0] == '~') && rest[1] == rest[0] && rest[2] == rest[0] {
			switch fence {
			case 0:
				fence = rest[0]
			case rest[0]:
				fence = 0
			}
			continue
		}
		if fence != 0 || len(bytes.TrimSpace(rest)) == 0 {
			continue
		}
		if cols > MaxNesting {
			return &LimitError{Line: line, Msg: fmt.Sprintf("the text is nested too deeply: %d columns of quote and list markers and indentation (want at most %d)", cols, MaxNesting)}
		}
	}
	return nil
}

// prefix returns the width in columns of the quote markers, list markers
// and blanks that start l, and what follows them.
func prefix(l []byte) (int, []byte) {
	cols := 0
	for len(l) > 0 {
		switch c := l[0]; {
		case c == ' ' || c == '>':
			cols++
			l = l[1:]
		case c == '\t':
			cols += 4 - cols%4
			l = l[1:]
		case c == '-' || c == '*' || c == '+':
			if len(l) > 1 && l[1] != ' ' && l[1] != '\t' {
				return cols, l
			}
			cols++
			l = l[1:]
		case c >= '0' && c <= '9':
			n := 0
			for n < len(l) && n < 10 && l[n] >= '0' && l[n] <= '9' {
				n++
			}
			if n == len(l) || (l[n] != '.' && l[n] != ')') || (n+1 < len(l) && l[n+1] != ' ' && l[n+1] != '\t') {
				return cols, l
			}
			cols += n + 1
			l = l[n+1:]
		default:
			return cols, l
		}
	}
	return cols, l
}
