package email

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
)

const sampleSubject = "Lettre du réseau – décembre 2026"

// sampleMessage is the sample edition as the letter command would write it.
func sampleMessage(t *testing.T) Message {
	t.Helper()
	inlined, err := Inline(readEdition(t))
	if err != nil {
		t.Fatal(err)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return Message{
		From:            mail.Address{Name: "Équipe d’animation du réseau", Address: "contact@example.org"},
		To:              []mail.Address{{Name: "Lectrices et lecteurs", Address: "lettre@example.org"}},
		Subject:         sampleSubject,
		Date:            time.Date(2026, 12, 1, 9, 0, 0, 0, paris),
		ListUnsubscribe: []string{"https://example.org/lettre/desinscription", "mailto:lettre-desinscription@example.org"},
		Preheader:       "Douze territoires pilotes font leur bilan, la charte a cinq ans, et l’agenda de l’hiver.",
		HTML:            string(inlined),
	}
}

// split returns the header block of a message and its body.
func split(t *testing.T, msg []byte) (string, []byte) {
	t.Helper()
	head, body, ok := bytes.Cut(msg, []byte("\r\n\r\n"))
	if !ok {
		t.Fatal("no blank line after the headers")
	}
	return string(head) + "\r\n", body
}

func TestMessageHeaders(t *testing.T) {
	m := sampleMessage(t)
	msg, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	head, _ := split(t, msg)
	// The ID and the boundary are digests; the rest is fixed.
	id := strings.TrimSuffix(strings.TrimPrefix(mustHeader(t, msg, "Message-Id"), "<"), ">")
	_, params, _ := mime.ParseMediaType(mustHeader(t, msg, "Content-Type"))
	want := "Date: Tue, 01 Dec 2026 09:00:00 +0100\r\n" +
		"From: =?utf-8?q?=C3=89quipe_d=E2=80=99animation_du_r=C3=A9seau?=\r\n <contact@example.org>\r\n" +
		"To: Lectrices et lecteurs <lettre@example.org>\r\n" +
		"Subject: =?utf-8?q?Lettre_du_r=C3=A9seau_=E2=80=93_d=C3=A9cembre_2026?=\r\n" +
		"Message-ID: <" + id + ">\r\n" +
		"List-Unsubscribe: <https://example.org/lettre/desinscription>,\r\n <mailto:lettre-desinscription@example.org>\r\n" +
		"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative;\r\n boundary=\"" + params["boundary"] + "\"\r\n"
	if head != want {
		t.Errorf("headers:\n%s\nwant:\n%s", head, want)
	}
	if !strings.HasSuffix(id, "@example.org") || len(id) != 32+len("@example.org") {
		t.Errorf("Message-ID %q: want 32 hex digits at the domain of From", id)
	}
	if b := params["boundary"]; !strings.HasPrefix(b, "=_") {
		t.Errorf("boundary %q: want one that starts with =_, which quoted-printable text cannot hold", b)
	}
}

func mustHeader(t *testing.T, msg []byte, name string) string {
	t.Helper()
	r, err := mail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	return r.Header.Get(name)
}

// TestMessageReadBack reads the message with net/mail and mime/multipart,
// and checks that every field and part decodes to what was given.
func TestMessageReadBack(t *testing.T) {
	m := sampleMessage(t)
	msg, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	r, err := mail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	var dec mime.WordDecoder
	if s, err := dec.DecodeHeader(r.Header.Get("Subject")); err != nil || s != sampleSubject {
		t.Errorf("Subject decodes to %q (%v), want %q", s, err, sampleSubject)
	}
	if from, err := r.Header.AddressList("From"); err != nil || len(from) != 1 || *from[0] != m.From {
		t.Errorf("From reads as %v (%v), want %v", from, err, m.From)
	}
	if d, err := r.Header.Date(); err != nil || !d.Equal(m.Date) {
		t.Errorf("Date reads as %v (%v), want %v", d, err, m.Date)
	}
	typ, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || typ != "multipart/alternative" {
		t.Fatalf("Content-Type %q (%v)", r.Header.Get("Content-Type"), err)
	}
	wantHTML, err := InsertPreheader([]byte(m.HTML), m.Preheader)
	if err != nil {
		t.Fatal(err)
	}
	wants := []struct{ typ, body string }{
		{"text/plain", Text(wantHTML)},
		{"text/html", string(wantHTML)},
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for i := 0; ; i++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			if i != 2 {
				t.Errorf("%d parts, want 2", i)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if i >= len(wants) {
			t.Fatalf("part %d: want 2 parts", i+1)
		}
		ptyp, pparams, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if ptyp != wants[i].typ || pparams["charset"] != "utf-8" || p.Header.Get("Content-Transfer-Encoding") != "quoted-printable" {
			t.Errorf("part %d: %v, want %s; charset=utf-8, quoted-printable", i+1, p.Header, wants[i].typ)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.ReplaceAll(string(body), "\r\n", "\n"); got != wants[i].body {
			t.Errorf("part %d decodes to something else than it was given:\n%.300s", i+1, got)
		}
	}
}

// TestMessageLines checks the line rules: CRLF everywhere, header lines of
// at most 78 characters and body lines of at most 76.
func TestMessageLines(t *testing.T) {
	m := sampleMessage(t)
	m.Subject = "Lettre du réseau – décembre 2026 : douze territoires pilotes, la charte a cinq ans, et l’agenda de l’hiver"
	msg, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ReplaceAll(msg, []byte("\r\n"), nil), []byte("\n")) || bytes.Contains(bytes.ReplaceAll(msg, []byte("\r\n"), nil), []byte("\r")) {
		t.Error("a line ends without CRLF")
	}
	head, body := split(t, msg)
	for _, l := range strings.Split(strings.TrimSuffix(head, "\r\n"), "\r\n") {
		if len(l) > 78 {
			t.Errorf("header line of %d characters: %q", len(l), l)
		}
	}
	for _, l := range strings.Split(string(body), "\r\n") {
		if len(l) > 76 {
			t.Errorf("body line of %d characters: %q", len(l), l)
		}
	}
	if got := mustHeader(t, msg, "Subject"); !strings.Contains(got, "?= =?utf-8?q?") {
		t.Errorf("a long subject is one encoded word: %q", got)
	}
}

func TestMessageStable(t *testing.T) {
	m := sampleMessage(t)
	a, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := m.Bytes()
	if !bytes.Equal(a, b) {
		t.Fatal("the same message gave different bytes")
	}
	m.HTML = strings.Replace(m.HTML, "Bonjour", "Bonsoir", 1)
	c, _ := m.Bytes()
	if mustHeader(t, a, "Message-Id") == mustHeader(t, c, "Message-Id") || mustHeader(t, a, "Content-Type") == mustHeader(t, c, "Content-Type") {
		t.Error("another content kept the Message-ID or the boundary")
	}
	m.ID = "lettre-2026-12@example.org"
	d, _ := m.Bytes()
	if got := mustHeader(t, d, "Message-Id"); got != "<lettre-2026-12@example.org>" {
		t.Errorf("Message-ID %q, want the one given", got)
	}
}

func TestMessageID(t *testing.T) {
	a := MessageID("lettre-2026-12", "Example.org", []byte("x"))
	if !strings.HasPrefix(a, "lettre-2026-12.") || !strings.HasSuffix(a, "@example.org") || checkID(a) != nil {
		t.Errorf("MessageID = %q", a)
	}
	if a == MessageID("lettre-2026-12", "example.org", []byte("y")) {
		t.Error("another content, the same ID")
	}
	if got := MessageID("é <x>", "", nil); checkID(got) != nil {
		t.Errorf("MessageID of odd input %q is not a Message-ID", got)
	}
}

func TestMessageFields(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Message)
		field   string // of the *FieldError, "" for none
		subject string // the encoded Subject, when field is ""
		from    string
	}{
		{"ASCII subject as it is", func(m *Message) { m.Subject = "News of December" }, "", "News of December", ""},
		{"ASCII subject that looks encoded", func(m *Message) { m.Subject = "=?utf-8?q?x?=" }, "", "=?utf-8?q?=3D=3Futf-8=3Fq=3Fx=3F=3D?=", ""},
		{"double spaces kept", func(m *Message) { m.Subject = "a  b" }, "", "=?utf-8?q?a__b?=", ""},
		{"line break in subject", func(m *Message) { m.Subject = "a\r\nBcc: x@example.org" }, "Subject", "", ""},
		{"invalid UTF-8", func(m *Message) { m.Subject = "\xff" }, "Subject", "", ""},
		{"name with a comma quoted", func(m *Message) { m.From.Name = "Réseau, équipe" }, "", "", "=?utf-8?q?R=C3=A9seau=2C_=C3=A9quipe?= <contact@example.org>"},
		{"ASCII name with specials", func(m *Message) { m.From.Name = "Dupont, Jean" }, "", "", `"Dupont, Jean" <contact@example.org>`},
		{"plain name", func(m *Message) { m.From.Name = "Jean Dupont" }, "", "", "Jean Dupont <contact@example.org>"},
		{"no name", func(m *Message) { m.From.Name = "" }, "", "", "contact@example.org"},
		{"bad address", func(m *Message) { m.From.Address = "contact" }, "From", "", ""},
		{"address with a name in it", func(m *Message) { m.From.Address = "A <a@example.org>" }, "From", "", ""},
		{"non-ASCII address", func(m *Message) { m.From.Address = "é@example.org" }, "From", "", ""},
		{"bad recipient", func(m *Message) { m.To = []mail.Address{{Address: "x@"}} }, "To", "", ""},
		{"no date", func(m *Message) { m.Date = time.Time{} }, "Date", "", ""},
		{"bad ID", func(m *Message) { m.ID = "<a@b>" }, "ID", "", ""},
		{"relative unsubscribe", func(m *Message) { m.ListUnsubscribe = []string{"/desinscription"} }, "ListUnsubscribe", "", ""},
		{"unsubscribe with a space", func(m *Message) { m.ListUnsubscribe = []string{"https://example.org/a b"} }, "ListUnsubscribe", "", ""},
		{"preheader with a line break", func(m *Message) { m.Preheader = "a\nb" }, "Preheader", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := Message{From: mail.Address{Name: "Réseau", Address: "contact@example.org"}, Subject: "S", Date: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), HTML: "<p>x</p>"}
			tc.edit(&m)
			msg, err := m.Bytes()
			var fe *FieldError
			if tc.field != "" {
				if !errors.As(err, &fe) || fe.Field != tc.field {
					t.Fatalf("error %v, want a FieldError on %s", err, tc.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.subject != "" {
				if got := mustHeader(t, msg, "Subject"); got != tc.subject {
					t.Errorf("Subject: %q, want %q", got, tc.subject)
				}
			}
			if tc.from != "" {
				if got := mustHeader(t, msg, "From"); got != tc.from {
					t.Errorf("From: %q, want %q", got, tc.from)
				}
			}
		})
	}
}

func TestMessageNoUnsubscribePostForMailto(t *testing.T) {
	m := Message{From: mail.Address{Address: "a@example.org"}, Date: time.Unix(0, 0).UTC(), HTML: "<p>x</p>", ListUnsubscribe: []string{"mailto:u@example.org"}}
	msg, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(msg, []byte("List-Unsubscribe-Post")) {
		t.Error("List-Unsubscribe-Post without an https URL (RFC 8058 needs one)")
	}
	if !bytes.Contains(msg, []byte("List-Unsubscribe: <mailto:u@example.org>\r\n")) {
		t.Errorf("no List-Unsubscribe:\n%s", msg)
	}
}

func TestInsertPreheader(t *testing.T) {
	tests := []struct{ name, doc, before string }{
		{"document", "<!DOCTYPE html><html><head><title>t</title></head><body class=\"b\">\n<p>x</p></body></html>", `<body class="b">`},
		{"no html tag", "<!DOCTYPE html><meta charset=utf-8><title>t</title><BODY><p>x</p>", `<BODY>`},
		{"fragment", "<p>x</p>", ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := InsertPreheader([]byte(tc.doc), "Un résumé <court> & clair")
			if err != nil {
				t.Fatal(err)
			}
			i := bytes.Index(got, []byte(`<div style="display:none`))
			if i < 0 || !strings.HasSuffix(string(got[:i]), tc.before) {
				t.Fatalf("the preheader is not right after %q:\n%s", tc.before, got)
			}
			if !bytes.Contains(got, []byte("Un résumé &lt;court&gt; &amp; clair")) {
				t.Errorf("the preheader's text is not escaped:\n%s", got)
			}
			if removed := strings.Replace(string(got), string(got[i:i+bytes.Index(got[i:], []byte("</div>"))+6]), "", 1); removed != tc.doc {
				t.Errorf("the rest of the document changed:\n%s", removed)
			}
			if text := Text(got); strings.Contains(text, "résumé") {
				t.Errorf("the preheader shows in the text part: %q", text)
			}
		})
	}
	if _, err := InsertPreheader([]byte("<html><head></head></html>"), "x"); err == nil {
		t.Error("a document without <body> start tag: no error")
	}
}
