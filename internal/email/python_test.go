package email

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// python returns Debian's Python (which sees Debian's packages), or skips
// the test, unless ALLIANCE_REQUIRE_TOOLS=1, which makes it fail.
func python(t *testing.T, modules ...string) string {
	t.Helper()
	missing := func(why string) {
		if os.Getenv("ALLIANCE_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s, and ALLIANCE_REQUIRE_TOOLS=1", why)
		}
		t.Skipf("%s (ALLIANCE_REQUIRE_TOOLS=1 makes this a failure)", why)
	}
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		p, err := exec.LookPath("python3")
		if err != nil {
			missing("no python3")
		}
		py = p
	}
	for _, m := range modules {
		if out, err := exec.Command(py, "-c", "import "+m).CombinedOutput(); err != nil {
			missing(py + " has no module " + m + " (" + strings.TrimSpace(string(out)) + "): install python3-" + m)
		}
	}
	return py
}

// readEML is run by Python's email package, with the modern policy, on a
// message; it prints what it read as JSON. Links are read with Python's
// own HTML parser.
const readEML = `
import email, email.parser, email.policy, email.utils, html.parser, json, sys, urllib.parse

with open(sys.argv[1], 'rb') as f:
    msg = email.parser.BytesParser(policy=email.policy.default).parse(f)

class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.texts, self.in_body = [], [], False
    def handle_starttag(self, tag, attrs):
        if tag == 'body':
            self.in_body = True
        for k, v in attrs:
            if k in ('href', 'src', 'background'):
                self.urls.append(v)
    def handle_data(self, data):
        if self.in_body and data.strip():
            self.texts.append(data.strip())

parts, links, texts, text = [], [], [], None
for part in msg.iter_parts():
    parts.append({'type': part.get_content_type(), 'charset': part.get_content_charset(),
                  'cte': part['Content-Transfer-Encoding'], 'defects': [str(d) for d in part.defects]})
    if part.get_content_type() == 'text/html':
        p = Links()
        p.feed(part.get_content())
        links, texts = p.urls, p.texts
    if part.get_content_type() == 'text/plain':
        text = part.get_content()

def absolute(u):
    p = urllib.parse.urlsplit(u)
    return p.scheme in ('http', 'https') and p.netloc != '' or p.scheme in ('mailto', 'tel') and p.path != ''

frm = msg['From'].addresses[0]
print(json.dumps({
    'type': msg.get_content_type(),
    'parts': parts,
    'defects': [str(d) for d in msg.defects],
    'subject': str(msg['Subject']),
    'from_name': frm.display_name,
    'from_addr': frm.addr_spec,
    'date': email.utils.parsedate_to_datetime(msg['Date']).isoformat(),
    'message_id': str(msg['Message-ID']),
    'unsubscribe': str(msg['List-Unsubscribe']),
    'unsubscribe_post': str(msg['List-Unsubscribe-Post']),
    'relative': [u for u in links if not absolute(u)],
    'links': len(links),
    'first_text': texts[0] if texts else '',
    'text': text,
}))
`

// TestPythonReadsMessage has Python's email package read the sample
// message: a parser written apart from this package, and the one many
// mailing tools use.
func TestPythonReadsMessage(t *testing.T) {
	py := python(t)
	m := sampleMessage(t)
	msg, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	eml := filepath.Join(dir, "lettre.eml")
	script := filepath.Join(dir, "read.py")
	if err := os.WriteFile(eml, msg, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(script, []byte(readEML), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd := exec.Command(py, script, eml)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, stderr.String())
	}
	var got struct {
		Type  string
		Parts []struct {
			Type, Charset, Cte string
			Defects            []string
		}
		Defects         []string
		Subject         string
		FromName        string `json:"from_name"`
		FromAddr        string `json:"from_addr"`
		Date            string
		MessageID       string `json:"message_id"`
		Unsubscribe     string
		UnsubscribePost string `json:"unsubscribe_post"`
		Relative        []string
		Links           int
		FirstText       string `json:"first_text"`
		Text            string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Type != "multipart/alternative" || len(got.Parts) != 2 {
		t.Fatalf("Python reads a %s with %d parts, want multipart/alternative with 2", got.Type, len(got.Parts))
	}
	for i, want := range []string{"text/plain", "text/html"} {
		p := got.Parts[i]
		if p.Type != want || p.Charset != "utf-8" || p.Cte != "quoted-printable" || len(p.Defects) > 0 {
			t.Errorf("part %d: %+v, want %s; charset utf-8, quoted-printable, no defect", i+1, p, want)
		}
	}
	if len(got.Defects) > 0 {
		t.Errorf("defects: %q", got.Defects)
	}
	if got.Subject != sampleSubject {
		t.Errorf("Subject %q, want %q", got.Subject, sampleSubject)
	}
	if got.FromName != m.From.Name || got.FromAddr != m.From.Address {
		t.Errorf("From %q <%s>, want %q <%s>", got.FromName, got.FromAddr, m.From.Name, m.From.Address)
	}
	if got.Date != "2026-12-01T09:00:00+01:00" {
		t.Errorf("Date %s", got.Date)
	}
	if !strings.HasSuffix(got.MessageID, "@example.org>") {
		t.Errorf("Message-ID %q", got.MessageID)
	}
	if got.Unsubscribe != "<https://example.org/lettre/desinscription>, <mailto:lettre-desinscription@example.org>" || got.UnsubscribePost != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe %q, List-Unsubscribe-Post %q", got.Unsubscribe, got.UnsubscribePost)
	}
	if len(got.Relative) > 0 || got.Links < 10 {
		t.Errorf("%d links, of which not absolute: %q", got.Links, got.Relative)
	}
	if !strings.HasPrefix(got.FirstText, m.Preheader) {
		t.Errorf("the HTML body's first text is %.80q, want the preheader %q", got.FirstText, m.Preheader)
	}
	html, _ := InsertPreheader([]byte(m.HTML), m.Preheader)
	if want := Text(html); strings.ReplaceAll(got.Text, "\r\n", "\n") != want {
		t.Errorf("the text part reads as:\n%s\nwant:\n%s", got.Text, want)
	}
}
