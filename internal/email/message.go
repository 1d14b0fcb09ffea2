package email

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Message is an e-mail edition ready to be written as an RFC 5322 message.
type Message struct {
	From    mail.Address   // the sender: a display name (may be empty) and an address
	To      []mail.Address // may be empty: mailing tools set their own
	Subject string
	Date    time.Time // written in its own time zone; required

	// ID is the Message-ID without its angle brackets, "left@domain".
	// When empty, it is derived from the rest of the message and the
	// domain of From, so that the same message gets the same ID; see
	// MessageID for one derived from a slug and a host.
	ID string

	// ListUnsubscribe holds the URLs (https: or mailto:) of the
	// List-Unsubscribe field (RFC 2369); an https URL adds
	// List-Unsubscribe-Post for one-click unsubscription (RFC 8058).
	ListUnsubscribe []string

	// Preheader, when set, is inserted as the first, hidden text of the
	// HTML body (see InsertPreheader); leave it empty when HTML has one.
	Preheader string

	HTML string // the HTML part, styles already inlined (see Inline)
	Text string // the text part; when empty, Text(HTML)
}

// Bytes writes m as an RFC 5322 message: headers, then a
// multipart/alternative body with the text part and then the HTML part,
// both UTF-8 and quoted-printable, every line ending in CRLF and at most 78
// characters long (76 in the bodies). The same Message gives the same bytes:
// the boundary and a missing Message-ID are derived from the content. A
// field that cannot be written is a *FieldError.
func (m *Message) Bytes() ([]byte, error) {
	if err := checkText("Subject", m.Subject); err != nil {
		return nil, err
	}
	from, err := addressWords("From", m.From)
	if err != nil {
		return nil, err
	}
	if m.Date.IsZero() {
		return nil, &FieldError{"Date", "not set"}
	}
	htmlPart := m.HTML
	if !utf8.ValidString(htmlPart) {
		return nil, &FieldError{"HTML", "not valid UTF-8"}
	}
	if m.Preheader != "" {
		if err := checkText("Preheader", m.Preheader); err != nil {
			return nil, err
		}
		b, err := InsertPreheader([]byte(htmlPart), m.Preheader)
		if err != nil {
			return nil, &FieldError{"Preheader", err.Error()}
		}
		htmlPart = string(b)
	}
	textPart := m.Text
	if textPart == "" {
		textPart = Text([]byte(htmlPart))
	}
	if !utf8.ValidString(textPart) {
		return nil, &FieldError{"Text", "not valid UTF-8"}
	}

	var h strings.Builder
	writeField(&h, "Date", strings.Fields(m.Date.Format(time.RFC1123Z)))
	writeField(&h, "From", from)
	if len(m.To) > 0 {
		var to []string
		for i, a := range m.To {
			words, err := addressWords("To", a)
			if err != nil {
				return nil, err
			}
			if i < len(m.To)-1 {
				words[len(words)-1] += ","
			}
			to = append(to, words...)
		}
		writeField(&h, "To", to)
	}
	if m.Subject != "" {
		writeField(&h, "Subject", textWords(m.Subject))
	}
	id := m.ID
	if id == "" {
		id = m.derivedID(htmlPart, textPart)
	}
	if err := checkID(id); err != nil {
		return nil, err
	}
	writeField(&h, "Message-ID", []string{"<" + id + ">"})
	if len(m.ListUnsubscribe) > 0 {
		var urls []string
		oneClick := false
		for i, u := range m.ListUnsubscribe {
			scheme, err := checkUnsubscribe(u)
			if err != nil {
				return nil, err
			}
			oneClick = oneClick || scheme == "https"
			w := "<" + u + ">"
			if i < len(m.ListUnsubscribe)-1 {
				w += ","
			}
			urls = append(urls, w)
		}
		writeField(&h, "List-Unsubscribe", urls)
		if oneClick {
			writeField(&h, "List-Unsubscribe-Post", []string{"List-Unsubscribe=One-Click"})
		}
	}
	sum := sha256.Sum256([]byte(textPart + "\x00" + htmlPart))
	// "=_" cannot occur in quoted-printable text, so the boundary cannot
	// occur in the parts.
	boundary := "=_" + hex.EncodeToString(sum[:16])
	writeField(&h, "MIME-Version", []string{"1.0"})
	writeField(&h, "Content-Type", []string{"multipart/alternative;", `boundary="` + boundary + `"`})
	h.WriteString("\r\n")

	var body bytes.Buffer
	body.WriteString(h.String())
	mw := multipart.NewWriter(&body)
	if err := mw.SetBoundary(boundary); err != nil {
		return nil, err
	}
	for _, p := range []struct{ typ, text string }{
		{"text/plain; charset=utf-8", textPart},
		{"text/html; charset=utf-8", htmlPart},
	} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.typ},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(p.text)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return body.Bytes(), nil
}

// derivedID is the Message-ID of a message without ID: a digest of its
// fields and parts, at the domain of From.
func (m *Message) derivedID(htmlPart, textPart string) string {
	h := sha256.New()
	for _, s := range []string{m.From.String(), m.Subject, m.Date.Format(time.RFC3339Nano), strings.Join(m.ListUnsubscribe, " "), textPart, htmlPart} {
		h.Write([]byte(strconv.Itoa(len(s)) + ":" + s))
	}
	for _, a := range m.To {
		h.Write([]byte(a.String() + "\x00"))
	}
	domain := m.From.Address[strings.LastIndexByte(m.From.Address, '@')+1:]
	return hex.EncodeToString(h.Sum(nil)[:16]) + "@" + strings.ToLower(domain)
}

// MessageID returns a Message-ID (without angle brackets) for an edition:
// its slug and a digest of its content, at host, so that the same edition
// keeps its ID and a changed one gets a new one. Characters that a
// Message-ID cannot hold are dropped from slug and host.
func MessageID(slug, host string, content []byte) string {
	sum := sha256.Sum256(content)
	left := strings.Trim(keepAtext(slug), ".")
	if left != "" {
		left += "."
	}
	right := strings.Trim(keepAtext(strings.ToLower(host)), ".")
	if right == "" {
		right = "localhost"
	}
	return left + hex.EncodeToString(sum[:8]) + "@" + right
}

func keepAtext(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isAtext(s[i]) || s[i] == '.' && b.Len() > 0 && !strings.HasSuffix(b.String(), ".") {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// isAtext says whether c may appear in an RFC 5322 atom.
func isAtext(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// checkID accepts a msg-id's content: dot-atom-text "@" dot-atom-text.
func checkID(id string) error {
	left, right, ok := strings.Cut(id, "@")
	if !ok || !isDotAtom(left) || !isDotAtom(right) {
		return &FieldError{"ID", strconv.Quote(id) + " is not a Message-ID (want left@example.org, in letters, digits, dots and !#$%&'*+-/=?^_`{|}~)"}
	}
	return nil
}

func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAtext(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

// checkUnsubscribe accepts an https, http or mailto URL without the
// characters that would end it in a header, and returns its scheme.
func checkUnsubscribe(u string) (string, error) {
	bad := &FieldError{"ListUnsubscribe", strconv.Quote(u) + " is not an https: or mailto: URL"}
	for i := 0; i < len(u); i++ {
		if u[i] <= ' ' || u[i] > '~' || u[i] == '<' || u[i] == '>' || u[i] == ',' {
			return "", bad
		}
	}
	p, err := url.Parse(u)
	if err != nil {
		return "", bad
	}
	switch scheme := strings.ToLower(p.Scheme); scheme {
	case "https", "http":
		if p.Host == "" {
			return "", bad
		}
		return scheme, nil
	case "mailto":
		if p.Opaque == "" {
			return "", bad
		}
		return scheme, nil
	}
	return "", bad
}
