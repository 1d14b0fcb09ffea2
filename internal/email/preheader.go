package email

import (
	"bytes"
	"errors"
	"html"
	"strings"

	nethtml "golang.org/x/net/html"
)

// preheaderStyle hides the preheader everywhere but in the inbox's
// preview: display:none for most clients, and zero size, no opacity and
// hidden overflow for the clients that drop display:none. (Outlook's
// mso-hide:all is left out: it is no CSS property, and the W3C checker
// reports it as an error.)
const preheaderStyle = "display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;color:transparent"

// preheaderPad follows the preheader so that a client's preview shows it
// alone, not followed by the body's first words: zero-width non-joiners and
// no-break spaces, which show as nothing.
var preheaderPad = strings.Repeat("&zwnj;&nbsp;", 40)

// InsertPreheader returns doc with text, the preheader a mail client shows
// after the subject in the inbox, as the first content of <body>, in an
// element hidden from the reader of the message. Only that element is
// added; the rest of doc is kept byte for byte. A fragment (no doctype,
// <html> or head element first) gets it at its start; a document without a
// <body> start tag is an error.
func InsertPreheader(doc []byte, text string) ([]byte, error) {
	div := `<div style="` + preheaderStyle + `">` + html.EscapeString(text) + preheaderPad + `</div>`
	at, err := bodyStart(doc)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(doc)+len(div))
	out = append(out, doc[:at]...)
	out = append(out, div...)
	return append(out, doc[at:]...), nil
}

// bodyStart returns the offset just after the <body> start tag, or 0 for a
// fragment.
func bodyStart(doc []byte) (int, error) {
	z := nethtml.NewTokenizer(bytes.NewReader(doc))
	offset := 0
	sawHTML := false
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			if sawHTML {
				return 0, errors.New("the document has no <body> start tag")
			}
			return 0, nil
		}
		offset += len(z.Raw())
		switch tt {
		case nethtml.DoctypeToken:
			sawHTML = true
		case nethtml.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "body":
				return offset, nil
			case "html", "head", "meta", "title", "link", "style", "base":
				sawHTML = true
			default:
				if !sawHTML {
					return 0, nil // a fragment
				}
			}
		}
	}
}
