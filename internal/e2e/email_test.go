package e2e

// The e-mail editions, end to end through the CLI: a site with posts and
// events dated around today, a cover photo and an introduction; `alliance
// build` writes every post's edition, `alliance check` lints them,
// `alliance email` writes letters and posts as messages, which Python's
// email package reads, and sends one to aiosmtpd on 127.0.0.1; Chromium
// shows the built edition at 600 and 375 px, with and without <style>.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/catalyseurs/alliance/internal/browsertest"
	"github.com/catalyseurs/alliance/internal/cli"
	"github.com/catalyseurs/alliance/internal/email"
)

// isEdition says whether a built file is an e-mail edition, which is no
// web page: no <main>, navigation, icon or feed links.
func isEdition(p string) bool { return filepath.Base(p) == "email.html" }

var updateGolden = flag.Bool("update", false, "rewrite the golden files of testdata")

// letterSite writes a site whose posts and events are dated around now,
// with baseURL base, and returns its folder. Its posts:
// "il-y-a-quarante-jours", "il-y-a-dix-jours" (with a cover photo),
// "avant-hier", a draft of yesterday and "bilan-des-territoires" (a fixed
// date, for the golden text). Its events: one ended 5 days ago, and ones
// in 10, 30 and 120 days.
func letterSite(t *testing.T, base string, extra string) string {
	t.Helper()
	src := t.TempDir()
	now := time.Now()
	day := func(d int) string { return now.AddDate(0, 0, d).Format("2006-01-02") + "T12:00:00+01:00" }
	files := map[string]string{
		"site.yaml": `title: "Réseau des catalyseurs territoriaux"
baseURL: "` + base + `"
author: { name: "Équipe d’animation du réseau", email: "contact@example.org" }
` + extra,
		"content/actualites/_index.md":                "---\ntitle: Actualités\n---\n",
		"content/evenements/_index.md":                "---\ntitle: Événements\n---\n",
		"content/actualites/il-y-a-quarante-jours.md": "---\ntitle: \"Un texte trop ancien pour la lettre\"\ndate: " + day(-40) + "\n---\n\nAncien.\n",
		"content/actualites/il-y-a-dix-jours.md": "---\ntitle: \"Douze territoires pilotes font le bilan\"\ndate: " + day(-10) +
			"\nimage: couverture.jpg\nimageAlt: \"Des chefs de projets autour d’une carte\"\nsummary: \"Réunis à Lille, les chefs de projets ont mis en commun ce qui a marché.\"\n---\n\nLe texte.\n",
		"content/actualites/avant-hier.md":            "---\ntitle: \"La charte a cinq ans : contribuez à sa révision\"\ndate: " + day(-2) + "\n---\n\nPrincipes, actions collectives, moyens : à commenter jusqu'au 31 janvier.\n",
		"content/actualites/brouillon.md":             "---\ntitle: \"Un brouillon\"\ndate: " + day(-1) + "\ndraft: true\n---\n\nPas encore.\n",
		"content/actualites/a-paraitre.md":            "---\ntitle: \"Un texte à paraître\"\ndate: " + day(5) + "\n---\n\nPlus tard.\n",
		"content/actualites/bilan-des-territoires.md": bilanPost,
		"content/evenements/termine.md":               "---\ntitle: \"Un atelier passé\"\nstart: " + day(-5) + "\nlocation: Lyon\n---\n",
		"content/evenements/dans-dix-jours.md": "---\ntitle: \"Webinaire : la charte, cinq ans après\"\nstart: " + day(10) + "\nend: " + strings.Replace(day(10), "T12:00", "T13:30", 1) +
			"\nonline: \"https://example.org/visio\"\nregistration: \"https://example.org/inscriptions/webinaire\"\nregistrationRequired: true\nprice: gratuit\n---\n",
		"content/evenements/dans-trente-jours.md": "---\ntitle: \"Université de printemps\"\nstart: " + day(30) + "\nlocation: Lille\n---\n",
		"content/evenements/dans-quatre-mois.md":  "---\ntitle: \"Rencontre des pionniers\"\nstart: " + day(120) + "\nlocation: Paris\n---\n",
		"intro.md":                                "# La lettre de l’hiver\n\nBonjour, voici les nouvelles du réseau et ses [rendez-vous](/evenements/).\n",
	}
	for name, text := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(src, "content/actualites/couverture.jpg"), photo(t, 1600, 900), 0o644); err != nil {
		t.Fatal(err)
	}
	return src
}

// bilanPost is a post of fixed date and text: its edition's text part is
// held to testdata/email-post.golden.
const bilanPost = `---
title: "Deux ans d'ingénierie partagée : le bilan des territoires"
date: 2026-11-24T09:00:00+01:00
authors: ["Équipe d'animation du réseau"]
summary: "Ce qui a marché, ce qui coince, et la suite du programme."
---

Réunis à Lille le 19 novembre, les chefs de projets du programme "Chef de projets Innovation Territoriale" ont mis en commun ce qui a marché : du temps dédié au lien entre acteurs, des financements qui reconnaissent ce travail invisible[^1].

## Ce qu'il faut retenir

- du temps pour **faire alliance** ;
- des [financements](avant-hier.md) de l'ingénierie de proximité ;
- une fondation territoriale pour les porter.

> Le lien entre acteurs est un métier.

Le programme continue en 2027 : voir [l'agenda](/evenements/).

[^1]: Voir le bilan complet du programme.
`

// photo is a stand-in for a camera photo: a gradient with shapes.
func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(36 + x*120/w), uint8(90 + y*100/h), 76, 255}
			if (x-w/4)*(x-w/4)+(y-h/2)*(y-h/2) < (h/4)*(h/4) {
				c = color.RGBA{238, 244, 241, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// run runs the alliance command line and returns its exit status and
// outputs.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// debianPython returns Debian's Python with the modules, or skips.
func debianPython(t *testing.T, modules ...string) string {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		p, err := exec.LookPath("python3")
		if err != nil {
			missing(t, "no python3")
		}
		py = p
	}
	for _, m := range modules {
		if out, err := exec.Command(py, "-c", "import "+m).CombinedOutput(); err != nil {
			missing(t, py+" has no module "+m+" ("+strings.TrimSpace(string(out))+"): install python3-"+m)
		}
	}
	return py
}

// readEML has Python's email package read a message, and its HTML parser
// the HTML part; it prints what they read as JSON.
const readEML = `
import email, email.parser, email.policy, html.parser, json, sys, urllib.parse

with open(sys.argv[1], 'rb') as f:
    msg = email.parser.BytesParser(policy=email.policy.default).parse(f)

class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.imgs, self.styles = [], [], 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ('href', 'src', 'background'):
            if a.get(k) is not None:
                self.urls.append(a[k])
        if tag == 'img':
            self.imgs.append({'src': a.get('src'), 'width': a.get('width'), 'height': a.get('height'), 'alt': a.get('alt')})
        if tag == 'style':
            self.styles += 1

parts, html_links, imgs, text, html_size = [], [], [], None, 0
for part in msg.iter_parts():
    parts.append({'type': part.get_content_type(), 'charset': part.get_content_charset(), 'defects': [str(d) for d in part.defects]})
    if part.get_content_type() == 'text/html':
        body = part.get_content()
        html_size = len(body.encode('utf-8'))
        p = Links()
        p.feed(body)
        html_links, imgs = p.urls, p.imgs
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
    'from': frm.display_name + ' <' + frm.addr_spec + '>',
    'message_id': str(msg['Message-ID']),
    'unsubscribe': str(msg['List-Unsubscribe']),
    'links': html_links,
    'relative': [u for u in html_links if not absolute(u)],
    'imgs': imgs,
    'html_size': html_size,
    'text': text,
}))
`

type eml struct {
	Type  string
	Parts []struct {
		Type, Charset string
		Defects       []string
	}
	Defects     []string
	Subject     string
	From        string
	MessageID   string `json:"message_id"`
	Unsubscribe string
	Links       []string
	Relative    []string
	Imgs        []struct{ Src, Width, Height, Alt string }
	HTMLSize    int `json:"html_size"`
	Text        string
}

func readMessage(t *testing.T, py, file string) eml {
	t.Helper()
	script := filepath.Join(t.TempDir(), "read.py")
	if err := os.WriteFile(script, []byte(readEML), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd := exec.Command(py, script, file)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python reading %s: %v\n%s", file, err, stderr.String())
	}
	var m eml
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if m.Type != "multipart/alternative" || len(m.Parts) != 2 {
		t.Fatalf("%s: Python reads a %s with %d parts, want multipart/alternative with 2", file, m.Type, len(m.Parts))
	}
	for i, want := range []string{"text/plain", "text/html"} {
		if p := m.Parts[i]; p.Type != want || p.Charset != "utf-8" || len(p.Defects) > 0 {
			t.Errorf("%s: part %d is %+v, want %s in utf-8 without defects", file, i+1, p, want)
		}
	}
	if len(m.Defects) > 0 {
		t.Errorf("%s: defects %q", file, m.Defects)
	}
	if len(m.Relative) > 0 {
		t.Errorf("%s: links not absolute: %q", file, m.Relative)
	}
	if m.HTMLSize >= email.MaxHTMLSize {
		t.Errorf("%s: %d bytes of HTML, want under %d", file, m.HTMLSize, email.MaxHTMLSize)
	}
	m.Text = strings.ReplaceAll(m.Text, "\r\n", "\n")
	for _, l := range strings.Split(m.Text, "\n") {
		if n := len([]rune(l)); n >= 78 && !strings.Contains(l, "://") {
			t.Errorf("%s: a text line of %d characters: %q", file, n, l)
		}
	}
	return m
}

// postLinks are the posts and events a message's HTML links to, in order,
// each once.
func postLinks(base string, links []string) []string {
	var out []string
	for _, l := range links {
		rest, ok := strings.CutPrefix(l, base)
		if ok && (strings.HasPrefix(rest, "actualites/") || strings.HasPrefix(rest, "evenements/")) && strings.Count(rest, "/") == 2 && strings.HasSuffix(rest, "/") && !slices.Contains(out, rest) {
			out = append(out, rest)
		}
	}
	return out
}

// lettersPosts are the posts of letterSite that a letter since the day
// since holds (from its midnight in the site's timezone), newest first:
// their dates are read from the files, since one is fixed and the others
// move with the day the test runs.
func lettersPosts(t *testing.T, src, since string) []string {
	t.Helper()
	paris, err := time.LoadLocation("Europe/Paris") // the site's default timezone
	if err != nil {
		t.Fatal(err)
	}
	from, err := time.ParseInLocation(time.DateOnly, since, paris)
	if err != nil {
		t.Fatal(err)
	}
	type post struct {
		path string
		date time.Time
	}
	var posts []post
	for _, slug := range []string{"il-y-a-quarante-jours", "il-y-a-dix-jours", "avant-hier", "bilan-des-territoires"} {
		data, err := os.ReadFile(filepath.Join(src, "content", "actualites", slug+".md"))
		if err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(string(data), "\ndate: ")
		line, _, _ := strings.Cut(rest, "\n")
		d, err := time.Parse(time.RFC3339, line)
		if err != nil {
			t.Fatalf("%s: date %q: %v", slug, line, err)
		}
		if !d.Before(from) {
			posts = append(posts, post{"actualites/" + slug + "/", d})
		}
	}
	slices.SortStableFunc(posts, func(a, b post) int { return b.date.Compare(a.date) })
	var out []string
	for _, p := range posts {
		out = append(out, p.path)
	}
	return out
}

// TestLetterThroughCLI builds the site, checks it, and makes a letter of
// the last 20 days: it holds the posts published since then (not the
// older one, the draft or the one to come) and the events of the coming
// weeks (not the past one, nor the one in four months), with the
// introduction's title as its subject.
func TestLetterThroughCLI(t *testing.T) {
	py := debianPython(t)
	const base = "https://lettre.example.org/"
	src := letterSite(t, base, "email: { unsubscribe: \"https://lettre.example.org/desinscription\" }\n")
	dest := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := run(t, "build", "-s", src, "-d", dest); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if code, stdout, stderr := run(t, "check", "-s", src); code != 0 {
		t.Errorf("check: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, slug := range []string{"il-y-a-quarante-jours", "il-y-a-dix-jours", "avant-hier", "bilan-des-territoires"} {
		for _, f := range []string{"email.html", "email.txt"} {
			if _, err := os.Stat(filepath.Join(dest, "actualites", slug, f)); err != nil {
				t.Errorf("the build wrote no %s for %s: %v", f, slug, err)
			}
		}
	}
	since := time.Now().AddDate(0, 0, -20).Format(time.DateOnly)
	out := filepath.Join(t.TempDir(), "lettre.eml")
	code, _, stderr := run(t, "email", "-s", src, "--since", since, "--intro", filepath.Join(src, "intro.md"), "-o", out)
	if code != 0 {
		t.Fatalf("email --since: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, "warning") {
		t.Errorf("email --since warns:\n%s", stderr)
	}
	m := readMessage(t, py, out)
	if m.Subject != "La lettre de l’hiver" {
		t.Errorf("Subject %q, want the introduction's title", m.Subject)
	}
	if m.From != "Équipe d’animation du réseau <contact@example.org>" {
		t.Errorf("From %q", m.From)
	}
	if m.Unsubscribe != "<https://lettre.example.org/desinscription>" {
		t.Errorf("List-Unsubscribe %q", m.Unsubscribe)
	}
	want := lettersPosts(t, src, since)
	want = append(want, "evenements/dans-dix-jours/", "evenements/dans-trente-jours/")
	if got := postLinks(base, m.Links); !slices.Equal(got, want) {
		t.Errorf("the letter links to\n%q\nwant\n%q", got, want)
	}
	if !strings.Contains(m.Text, "Bonjour, voici les nouvelles du réseau") || !strings.Contains(m.Text, "https://example.org/inscriptions/webinaire") {
		t.Errorf("the text part lacks the introduction or the registration link:\n%s", m.Text)
	}
	// The cover: a JPEG of the site's build, beside the post's edition.
	var cover *struct{ Src, Width, Height, Alt string }
	for i, img := range m.Imgs {
		if img.Alt == "Des chefs de projets autour d’une carte" {
			cover = &m.Imgs[i]
		}
	}
	if cover == nil {
		t.Fatalf("no cover image in %+v", m.Imgs)
	}
	if cover.Width != "560" || cover.Height != "315" || !strings.HasPrefix(cover.Src, base+"actualites/il-y-a-dix-jours/") || !strings.HasSuffix(cover.Src, ".jpg") {
		t.Errorf("cover %+v, want a .jpg of 560 x 315 beside the post", *cover)
	}
	data, err := os.ReadFile(filepath.Join(dest, strings.TrimPrefix(cover.Src, base)))
	if err != nil {
		t.Fatalf("the build did not write the cover: %v", err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || format != "jpeg" || cfg.Width != 1120 || cfg.Height != 630 {
		t.Errorf("the cover file is %s %dx%d (%v), want a JPEG of 1120 x 630", format, cfg.Width, cfg.Height, err)
	}
	// --last gives the same letter.
	out2 := filepath.Join(t.TempDir(), "lettre.eml")
	if code, _, stderr := run(t, "email", "-s", src, "--last", "20d", "--intro", filepath.Join(src, "intro.md"), "-o", out2); code != 0 {
		t.Fatalf("email --last: exit %d\n%s", code, stderr)
	}
	if got := postLinks(base, readMessage(t, py, out2).Links); !slices.Equal(got, want) {
		t.Errorf("--last 20d links to %q, want %q", got, want)
	}
}

// TestPostEditionGolden makes one post's edition on standard output:
// Python reads it, and its text part is testdata/email-post.golden.
func TestPostEditionGolden(t *testing.T) {
	py := debianPython(t)
	src := letterSite(t, "https://example.org/", "")
	code, stdout, stderr := run(t, "email", "-s", src, "bilan-des-territoires")
	if code != 0 {
		t.Fatalf("email SLUG: exit %d\n%s", code, stderr)
	}
	file := filepath.Join(t.TempDir(), "post.eml")
	if err := os.WriteFile(file, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	m := readMessage(t, py, file)
	if m.Subject != "Deux ans d’ingénierie partagée\u00a0: le bilan des territoires" {
		t.Errorf("Subject %q", m.Subject)
	}
	if !strings.HasPrefix(m.MessageID, "<bilan-des-territoires.") || !strings.HasSuffix(m.MessageID, "@example.org>") {
		t.Errorf("Message-ID %q", m.MessageID)
	}
	golden := filepath.Join("testdata", "email-post.golden")
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(m.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != string(want) {
		t.Errorf("the text part is\n%s\nwant (%s)\n%s", m.Text, golden, want)
	}
	// The same edition twice is the same message.
	if _, again, _ := run(t, "email", "-s", src, "bilan-des-territoires"); again != stdout {
		t.Error("two runs gave two messages")
	}
	// A slug that is no post is named, with the one meant.
	if code, _, stderr := run(t, "email", "-s", src, "bilan-des-territoire"); code == 0 || !strings.Contains(stderr, `"bilan-des-territoires"`) {
		t.Errorf("a wrong slug: exit %d, %q", code, stderr)
	}
}

// smtpServer runs aiosmtpd on 127.0.0.1, prints its port, and saves the
// message it receives, as received, with its envelope.
const smtpServer = `
import asyncio, json, os, sys
from aiosmtpd.smtp import SMTP

outdir = sys.argv[1]

class Handler:
    async def handle_DATA(self, server, session, envelope):
        with open(os.path.join(outdir, 'received.eml'), 'wb') as f:
            f.write(envelope.original_content)
        with open(os.path.join(outdir, 'envelope.json'), 'w') as f:
            json.dump({'from': envelope.mail_from, 'to': envelope.rcpt_tos}, f)
        return '250 Message accepted'

async def main():
    server = await asyncio.get_running_loop().create_server(lambda: SMTP(Handler()), '127.0.0.1', 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
`

// TestSendTestThroughCLI sends a post's edition to aiosmtpd: the message
// received is the .eml written, sent from the site's author to the one
// address given; a list of addresses is refused.
func TestSendTestThroughCLI(t *testing.T) {
	py := debianPython(t, "aiosmtpd")
	dir := t.TempDir()
	script := filepath.Join(dir, "server.py")
	if err := os.WriteFile(script, []byte(smtpServer), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, script, dir)
	var serr bytes.Buffer
	cmd.Stderr = &serr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	portc := make(chan int, 1)
	go func() {
		var port int
		line, _ := bufio.NewReader(pipe).ReadString('\n')
		fmt.Sscan(line, &port)
		portc <- port
	}()
	var port int
	select {
	case port = <-portc:
	case <-time.After(20 * time.Second):
	}
	if port == 0 {
		t.Fatalf("aiosmtpd did not start:\n%s", serr.String())
	}
	src := letterSite(t, "https://example.org/", fmt.Sprintf("email:\n  smtp: { host: 127.0.0.1, port: %d }\n", port))
	out := filepath.Join(dir, "sent.eml")
	code, _, stderr := run(t, "email", "-s", src, "bilan-des-territoires", "-o", out, "--send-test", "editrice@example.org")
	if code != 0 {
		t.Fatalf("email --send-test: exit %d\n%s", code, stderr)
	}
	sent, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	received, err := os.ReadFile(filepath.Join(dir, "received.eml"))
	if err != nil {
		t.Fatalf("aiosmtpd received nothing: %v\n%s", err, serr.String())
	}
	if !bytes.Equal(received, sent) {
		t.Errorf("the message received (%d bytes) is not the .eml written (%d bytes)", len(received), len(sent))
	}
	var env struct {
		From string
		To   []string
	}
	if b, err := os.ReadFile(filepath.Join(dir, "envelope.json")); err != nil || json.Unmarshal(b, &env) != nil {
		t.Fatalf("envelope: %v", err)
	}
	if env.From != "contact@example.org" || !slices.Equal(env.To, []string{"editrice@example.org"}) {
		t.Errorf("envelope from %q to %q", env.From, env.To)
	}
	os.Remove(filepath.Join(dir, "received.eml"))
	if code, _, _ := run(t, "email", "-s", src, "bilan-des-territoires", "--send-test", "a@example.org, b@example.org"); code == 0 {
		t.Error("a list of addresses was accepted")
	}
	if _, err := os.Stat(filepath.Join(dir, "received.eml")); err == nil {
		t.Error("a message was sent to a list")
	}
}

// TestExampleEditions checks the example site's editions: one per news
// post, under 100 KB, with nothing the linter finds.
func TestExampleEditions(t *testing.T) {
	dir := exampleSite(t)
	posts, err := filepath.Glob(filepath.Join(repoRoot, "content", "actualites", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range posts {
		slug := strings.TrimSuffix(filepath.Base(p), ".md")
		if slug == "_index" {
			continue
		}
		doc, err := os.ReadFile(filepath.Join(dir, "actualites", slug, "email.html"))
		if os.IsNotExist(err) {
			continue // a draft or a post to come
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		if len(doc) >= email.MaxHTMLSize {
			t.Errorf("%s: %d bytes, want under %d", slug, len(doc), email.MaxHTMLSize)
		}
		for _, f := range email.Lint(doc) {
			t.Errorf("%s: %s", slug, f)
		}
		if _, err := os.Stat(filepath.Join(dir, "actualites", slug, "email.txt")); err != nil {
			t.Error(err)
		}
	}
	if n < 5 {
		t.Errorf("%d editions in the example site", n)
	}
}

var styleElement = regexp.MustCompile(`(?is)<style\b[^>]*>.*?</style\s*>`)

// TestEditionInChromium builds the site with a baseURL on 127.0.0.1 and
// opens a post's edition there, cover included, at 600 and 375 px: no
// horizontal scroll, and the same pixels once every <style> is removed.
func TestEditionInChromium(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	src := letterSite(t, base, "email: { editions: true }\n")
	dest := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := run(t, "build", "-s", src, "-d", dest); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dest)), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	ctx := browsertest.New(t)
	for _, slug := range []string{"il-y-a-dix-jours", "bilan-des-territoires"} {
		edition := filepath.Join(dest, "actualites", slug, "email.html")
		doc, err := os.ReadFile(edition)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dest, "actualites", slug, "bare.html"), styleElement.ReplaceAll(doc, nil), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{600, 375} {
			var shots []image.Image
			for _, name := range []string{"email.html", "bare.html"} {
				url := base + "actualites/" + slug + "/" + name
				actx, cancel := context.WithTimeout(ctx, 30*time.Second)
				if err := chromedp.Do(actx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(url)); err != nil {
					cancel()
					t.Fatalf("%s at %d px: %v", url, width, err)
				}
				for i := 0; ; i++ {
					done, err := chromedp.Run(actx, chromedp.Evaluate[bool](`Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)`))
					if err == nil && done {
						break
					}
					if i == 100 {
						t.Fatalf("%s: images not loaded: %v", url, err)
					}
					time.Sleep(50 * time.Millisecond)
				}
				sw, err1 := chromedp.Run(actx, chromedp.Evaluate[int](`document.scrollingElement.scrollWidth`))
				iw, err2 := chromedp.Run(actx, chromedp.Evaluate[int](`innerWidth`))
				if err := errors.Join(err1, err2); err != nil {
					cancel()
					t.Fatalf("%s at %d px: %v", url, width, err)
				}
				if sw > iw {
					t.Errorf("%s at %d px: scrollWidth %d > innerWidth %d", url, width, sw, iw)
				}
				img, err := stableShot(actx)
				cancel()
				if err != nil {
					t.Fatalf("%s at %d px: %v", url, width, err)
				}
				shots = append(shots, img)
			}
			if n := pixelsApart(shots[0], shots[1]); n > 0 {
				t.Errorf("%s at %d px: %d pixels differ once <style> is removed", slug, width, n)
			}
		}
	}
}

// pixelsApart counts the pixels that differ by more than a rounding step;
// screenshots of different sizes differ everywhere.
func pixelsApart(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return max(a.Bounds().Dx()*a.Bounds().Dy(), b.Bounds().Dx()*b.Bounds().Dy())
	}
	n := 0
	far := func(x, y uint32) bool { d := int(x>>8) - int(y>>8); return d > 2 || d < -2 }
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			if far(ar, br) || far(ag, bg) || far(ab, bb) {
				n++
			}
		}
	}
	return n
}

// TestNuEditions has the W3C Nu checker read the editions of a site with
// a cover, notes and events, and a letter's HTML.
func TestNuEditions(t *testing.T) {
	src := letterSite(t, "https://example.org/", "email: { unsubscribe: \"mailto:lettre@example.org\" }\n")
	dest := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := run(t, "build", "-s", src, "-d", dest); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	editions := t.TempDir()
	eml := filepath.Join(t.TempDir(), "lettre.eml")
	code, _, stderr := run(t, "email", "-s", src, "--last", "60d", "--intro", filepath.Join(src, "intro.md"), "-o", eml)
	if code != 0 {
		t.Fatalf("email: exit %d\n%s", code, stderr)
	}
	py := debianPython(t)
	const htmlPart = "import email, email.policy, sys\nm = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)\nopen(sys.argv[2], 'w', encoding='utf-8').write(m.get_body(('html',)).get_content())\n"
	if out, err := exec.Command(py, "-c", htmlPart, eml, filepath.Join(editions, "lettre.html")).CombinedOutput(); err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	names, _ := filepath.Glob(filepath.Join(dest, "actualites", "*", "email.html"))
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(editions, filepath.Base(filepath.Dir(name))+".html"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	nuCheck(t, editions)
}

// stableShot returns a full-page screenshot once two in a row are the
// same: a loaded image may still be painting on a busy machine, which
// made the comparison of a page with and without <style> differ by a few
// pixels now and then.
func stableShot(ctx context.Context) (image.Image, error) {
	var last image.Image
	for range 20 {
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			return nil, err
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			return nil, err
		}
		if last != nil && pixelsApart(last, img) == 0 {
			return img, nil
		}
		last = img
		time.Sleep(50 * time.Millisecond)
	}
	return nil, errors.New("the page's screenshots kept changing")
}
