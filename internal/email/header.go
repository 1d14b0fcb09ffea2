package email

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// lineMax is the longest header line written, without its CRLF (RFC 5322
// section 2.1.1 asks for at most 78).
const lineMax = 78

// wordMax is the longest RFC 2047 encoded word written: it fits a header
// line after the longest field name used here ("List-Unsubscribe: " is not
// encoded, "Subject: " is the longest that is) and after the space of a
// continuation line, and stays under RFC 2047's 75.
const wordMax = lineMax - len("Subject: ")

// FieldError is a field of a Message that cannot be written.
type FieldError struct {
	Field  string // "Subject", "From", "To", "ID", ...
	Reason string
}

func (e *FieldError) Error() string {
	return "email: " + e.Field + ": " + e.Reason
}

// checkText returns an error when s cannot be a header's text: invalid
// UTF-8, or a control character (a line break would end the field).
func checkText(field, s string) error {
	if !utf8.ValidString(s) {
		return &FieldError{field, "not valid UTF-8"}
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return &FieldError{field, fmt.Sprintf("contains the control character %U", r)}
		}
	}
	return nil
}

// plainWords returns the words of s when s can be written as it is, folded
// at its spaces: printable ASCII, single spaces between words, nothing a
// decoder would take for an encoded word, no word too long to fold.
func plainWords(s string, special func(byte) bool) ([]string, bool) {
	if s == "" || strings.Contains(s, "=?") {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || special(c) {
			return nil, false
		}
	}
	words := strings.Split(s, " ")
	for _, w := range words {
		if w == "" || len(w) > wordMax {
			return nil, false
		}
	}
	return words, true
}

// qWords encodes s as RFC 2047 "Q" encoded words in UTF-8, each at most
// wordMax long and holding whole characters. Only letters, digits and
// "!*+-/" are left as they are, which is safe in a display name too (RFC
// 2047 section 5 (3)).
func qWords(s string) []string {
	const head, tail = "=?utf-8?q?", "?="
	const hex = "0123456789ABCDEF"
	var words []string
	var b strings.Builder
	b.WriteString(head)
	for _, r := range s {
		var enc string
		switch {
		case r == ' ':
			enc = "_"
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!*+-/", r)):
			enc = string(r)
		default:
			var buf [utf8.UTFMax]byte
			n := utf8.EncodeRune(buf[:], r)
			for _, c := range buf[:n] {
				enc += "=" + string(hex[c>>4]) + string(hex[c&0xf])
			}
		}
		if b.Len()+len(enc)+len(tail) > wordMax && b.Len() > len(head) {
			b.WriteString(tail)
			words = append(words, b.String())
			b.Reset()
			b.WriteString(head)
		}
		b.WriteString(enc)
	}
	b.WriteString(tail)
	return append(words, b.String())
}

// textWords returns the header words of an unstructured field's text
// (Subject): as it is when it can be, else encoded.
func textWords(s string) []string {
	if words, ok := plainWords(s, func(byte) bool { return false }); ok {
		return words
	}
	return qWords(s)
}

// nameSpecials are the characters that an unquoted display name cannot hold
// (RFC 5322 section 3.2.3's specials).
func nameSpecials(c byte) bool {
	return strings.IndexByte(`()<>[]:;@\,."`, c) >= 0
}

// addressWords returns the header words of an address: its display name
// (as atoms, a quoted string or encoded words) and <addr-spec>.
func addressWords(field string, a mail.Address) ([]string, error) {
	if err := checkAddress(field, a.Address); err != nil {
		return nil, err
	}
	if err := checkText(field, a.Name); err != nil {
		return nil, err
	}
	if a.Name == "" {
		return []string{a.Address}, nil
	}
	angle := "<" + a.Address + ">"
	if words, ok := plainWords(a.Name, nameSpecials); ok {
		return append(words, angle), nil
	}
	if _, ok := plainWords(a.Name, func(c byte) bool { return c == '"' || c == '\\' }); ok && len(a.Name)+2 <= wordMax {
		return []string{`"` + a.Name + `"`, angle}, nil // one word: a quoted string is not folded
	}
	return append(qWords(a.Name), angle), nil
}

// checkAddress accepts an ASCII addr-spec that net/mail reads back as is.
func checkAddress(field, addr string) error {
	if addr == "" {
		return &FieldError{field, "no address"}
	}
	for i := 0; i < len(addr); i++ {
		if addr[i] <= ' ' || addr[i] > '~' {
			return &FieldError{field, fmt.Sprintf("address %q is not printable ASCII", addr)}
		}
	}
	got, err := mail.ParseAddress("<" + addr + ">")
	if err != nil || got.Address != addr || got.Name != "" {
		return &FieldError{field, fmt.Sprintf("%q is not an e-mail address (want name@example.org)", addr)}
	}
	return nil
}

// writeField writes "Name: " and the words, folded before a word where the
// line would be longer than lineMax.
func writeField(b *strings.Builder, name string, words []string) {
	b.WriteString(name)
	b.WriteString(":")
	col := len(name) + 1
	for _, w := range words {
		if col+1+len(w) > lineMax && col > len(name)+1 {
			b.WriteString("\r\n")
			col = 0
		}
		b.WriteString(" ")
		b.WriteString(w)
		col += 1 + len(w)
	}
	b.WriteString("\r\n")
}
