package testsite

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// siteYAML is the alliance configuration of every generated site.
const siteYAML = `title: "Réseau des catalyseurs territoriaux"
baseURL: "https://example.org/"
language: fr
timezone: Europe/Paris
description: "Site de test généré : actualités, charte du faire alliance et événements."
author: { name: "Réseau des catalyseurs territoriaux", email: "contact@example.org" }
paginate: 10
feed: { limit: 20, fullContent: true }
markdown: { unsafeHTML: false }
sections:
  actualites: news
  charte: charter
  evenements: event
menu:
  - { name: "Actualités", url: "/actualites/" }
  - { name: "La charte", url: "/charte/" }
  - { name: "Événements", url: "/evenements/" }
  - { name: "Thèmes", url: "/tags/" }
`

// index is the _index.md of the home page or of a section.
type index struct {
	path, title, text string
}

// indexes returns the home and section index pages, with links to the
// first pages of the site.
func (s *site) indexes() []index {
	home := "Le réseau publie ses actualités, la charte du faire alliance et l'agenda de ses événements.\n\n" +
		"Comment faire alliance au plus près des besoins et des réalités de terrain ? " +
		"Commencez par [la charte](/charte/) ou par [les dernières actualités](/actualites/).\n"
	if len(s.news) > 0 {
		home += fmt.Sprintf("\nÀ lire en ce moment : [%s](%s).\n", s.news[0].title, s.news[0].url())
	}
	return []index{
		{"content/_index.md", "Réseau des catalyseurs territoriaux", home},
		{"content/actualites/_index.md", "Actualités", "Les lettres d'information du réseau, de la plus récente à la plus ancienne.\n"},
		{"content/charte/_index.md", "Charte du faire alliance", "La charte, en trois parties : \"Principes\", \"Actions collectives\" et \"Moyens\".\n"},
		{"content/evenements/_index.md", "Événements", "Webinaires, rencontres et lancements : les événements à venir, puis les événements passés.\n"},
	}
}

// alliance returns the index file for alliance (Hugo reads it as is).
func (ix index) alliance() string {
	return "---\ntitle: " + quote(ix.title) + "\n---\n\n" + ix.text
}

// quote returns s as a YAML double-quoted scalar (Go escapes are a subset
// of YAML's for the printable text used here).
func quote(s string) string { return strconv.Quote(s) }

// quoteList returns list as a YAML flow sequence of quoted strings.
func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// formatDate returns t as YAML writes it: a day, or an RFC 3339 time.
func formatDate(t time.Time, day bool) string {
	if day {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// render returns the page file: front matter for alliance or Hugo, then body.
func (s *site) render(p *page, hugo bool) []byte {
	var b strings.Builder
	b.Grow(4096)
	b.WriteString("---\n")
	if hugo {
		writeHugoFront(&b, p)
	} else {
		writeAllianceFront(&b, p)
	}
	b.WriteString("---\n\n")
	s.writeBody(&b, p)
	return []byte(b.String())
}

// field writes one "key: value" line.
func field(b *strings.Builder, indent, key, value string) {
	b.WriteString(indent)
	b.WriteString(key)
	b.WriteString(": ")
	b.WriteString(value)
	b.WriteByte('\n')
}

func writeAllianceFront(b *strings.Builder, p *page) {
	field(b, "", "title", quote(p.title))
	field(b, "", "date", formatDate(p.date, p.dateDay))
	if len(p.authors) > 0 {
		field(b, "", "authors", quoteList(p.authors))
	}
	field(b, "", "tags", quoteList(p.tags))
	if p.summary != "" {
		field(b, "", "summary", quote(p.summary))
	}
	if p.draft {
		field(b, "", "draft", "true")
	}
	switch p.kind {
	case kindCharter:
		field(b, "", "weight", strconv.Itoa(p.weight))
		field(b, "", "part", quote(p.part))
	case kindEvent:
		writeEventFields(b, "", p)
	}
}

func writeEventFields(b *strings.Builder, indent string, p *page) {
	field(b, indent, "start", p.start.Format(time.RFC3339))
	field(b, indent, "end", p.end.Format(time.RFC3339))
	if p.location != "" {
		field(b, indent, "location", quote(p.location))
	}
	if p.online != "" {
		field(b, indent, "online", quote(p.online))
	}
	field(b, indent, "registration", quote(p.registration))
	field(b, indent, "registrationRequired", strconv.FormatBool(p.regRequired))
	field(b, indent, "price", quote(p.price))
	field(b, indent, "organizer", quote(p.organizer))
	field(b, indent, "status", p.status)
}

// writeHugoFront writes the Hugo front matter: the fields Hugo knows at the
// top, alliance's own fields under params. An event's date is its start, so
// that Hugo layouts can sort events by date.
func writeHugoFront(b *strings.Builder, p *page) {
	field(b, "", "title", quote(p.title))
	if p.kind == kindEvent {
		field(b, "", "date", p.start.Format(time.RFC3339))
	} else {
		field(b, "", "date", formatDate(p.date, p.dateDay))
	}
	field(b, "", "tags", quoteList(p.tags))
	if p.summary != "" {
		field(b, "", "summary", quote(p.summary))
	}
	if p.draft {
		field(b, "", "draft", "true")
	}
	if p.kind == kindCharter {
		field(b, "", "weight", strconv.Itoa(p.weight))
	}
	b.WriteString("params:\n")
	if len(p.authors) > 0 {
		field(b, "  ", "authors", quoteList(p.authors))
	}
	switch p.kind {
	case kindCharter:
		field(b, "  ", "part", quote(p.part))
	case kindEvent:
		field(b, "  ", "published", formatDate(p.date, p.dateDay))
		writeEventFields(b, "  ", p)
	}
}

// body is the state of one page body being written.
type body struct {
	b     *strings.Builder
	r     *rand.Rand
	words int
}

// sentence writes one sentence from the pool, sometimes with emphasis.
func (w *body) sentence(emphasis bool) {
	s := pick(w.r, sentences)
	if emphasis {
		s = emphasize(w.r, s)
	}
	w.words += len(strings.Fields(s))
	w.b.WriteString(s)
}

// paragraph writes n sentences, then extra (a sentence of its own), then a
// blank line.
func (w *body) paragraph(n int, extra string) {
	emph := w.r.IntN(3) == 0
	for i := range n {
		if i > 0 {
			w.b.WriteByte(' ')
		}
		w.sentence(emph && i == n/2)
	}
	if extra != "" {
		w.b.WriteByte(' ')
		w.b.WriteString(extra)
		w.words += len(strings.Fields(extra))
	}
	w.b.WriteString("\n\n")
}

// emphasize wraps one word of at least four letters in * or **.
func emphasize(r *rand.Rand, s string) string {
	words := strings.Split(s, " ")
	var cand []int
	for i, word := range words {
		if len([]rune(word)) >= 4 && strings.IndexFunc(word, func(c rune) bool { return !unicode.IsLetter(c) }) < 0 {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return s
	}
	i := pick(r, cand)
	mark := "*"
	if r.IntN(2) == 0 {
		mark = "**"
	}
	words[i] = mark + words[i] + mark
	return strings.Join(words, " ")
}

// linkTarget returns a non-draft page other than p, preferring news.
func (s *site) linkTarget(r *rand.Rand, p *page, news bool) *page {
	list := s.links
	if news && len(s.news) > 0 {
		list = s.news
	}
	for range 4 {
		t := pick(r, list)
		if t != p {
			return t
		}
	}
	return nil
}

// linkSentence returns a sentence linking to t.
func linkSentence(r *rand.Rand, t *page) string {
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("Relire à ce sujet : [%s](%s).", t.title, t.url())
	case 1:
		return fmt.Sprintf("Nous en parlions déjà dans [cet article](%s) !", t.url())
	case 2:
		return fmt.Sprintf("Voir aussi [%s](%s).", t.title, t.url())
	}
	return fmt.Sprintf("Le détail est dans _[%s](%s)_.", t.title, t.url())
}

// writeBody writes the page's Markdown body: 300 to 600 words of prose with
// headings, lists, links and, on some pages, a table, a footnote, a code
// block or a definition list.
func (s *site) writeBody(b *strings.Builder, p *page) {
	r := newRand(s.seed, uint64(p.index)+1)
	w := &body{b: b, r: r}
	target := 300 + r.IntN(301)
	hasTable := r.IntN(5) == 0
	hasNote := r.IntN(4) == 0
	hasCode := r.IntN(10) == 0
	hasSteps := r.IntN(3) == 0
	hasDefs := r.IntN(8) == 0
	heads := r.Perm(len(headings))
	nextHead := func(level string) {
		h := headings[heads[0]]
		heads = append(heads[1:], heads[0])
		fmt.Fprintf(b, "%s %s\n\n", level, h)
	}

	note := ""
	if hasNote {
		note = "Les chiffres cités proviennent du bilan du programme.[^1]"
	}
	w.paragraph(2+r.IntN(2), note)
	if p.more {
		b.WriteString("<!--more-->\n\n")
	}

	nextHead("##")
	link := ""
	if t := s.linkTarget(r, p, true); t != nil {
		link = linkSentence(r, t)
	}
	w.paragraph(2+r.IntN(2), link)
	for _, item := range pickN(r, bullets, 3+r.IntN(3)) {
		fmt.Fprintf(b, "- %s\n", item)
		w.words += len(strings.Fields(item))
	}
	b.WriteString("\n")

	if hasSteps {
		nextHead("###")
		w.paragraph(1, "")
		for i, step := range steps[:4+r.IntN(len(steps)-3)] {
			fmt.Fprintf(b, "%d. %s\n", i+1, step)
			w.words += len(strings.Fields(step))
		}
		b.WriteString("\n")
	}
	if hasTable {
		nextHead("###")
		writeTable(b, r)
	}
	if hasCode {
		w.paragraph(1, "Par exemple :")
		c := pick(r, codeBlocks)
		fmt.Fprintf(b, "```%s\n%s```\n\n", c.lang, c.body)
	}

	nextHead("##")
	ext := pick(r, externalLinks)
	w.paragraph(2+r.IntN(2), fmt.Sprintf("Pour en savoir plus, consultez [%s](%s).", ext.text, ext.url))

	for w.words < target {
		level := "##"
		if r.IntN(2) == 0 {
			level = "###"
		}
		nextHead(level)
		extra := ""
		if r.IntN(3) == 0 {
			if t := s.linkTarget(r, p, r.IntN(2) == 0); t != nil {
				extra = linkSentence(r, t)
			}
		}
		w.paragraph(3+r.IntN(2), extra)
	}

	if hasDefs {
		b.WriteString("Catalyseur territorial\n: Personne qui relie les acteurs d'un territoire et facilite leurs alliances.\n\n")
		b.WriteString("Fondation territoriale\n: Fondation qui collecte des dons au service d'un territoire.\n\n")
	}
	if hasNote {
		b.WriteString("[^1]: Source : programme \"Fondations & Territoires\", bilan 2021, p. 12.\n")
	}
}

// writeTable writes a small GFM table.
func writeTable(b *strings.Builder, r *rand.Rand) {
	b.WriteString("| Territoire | Partenaires | Budget (€) | Statut |\n| --- | ---: | ---: | --- |\n")
	status := []string{"en cours", "terminé", "à lancer", "en pause"}
	for range 3 + r.IntN(3) {
		fmt.Fprintf(b, "| %s | %d | %d 000 | %s |\n", pick(r, cities), 2+r.IntN(20), 5+r.IntN(200), pick(r, status))
	}
	b.WriteString("\n")
}

// folds maps the accented letters used in the pools to ASCII.
var folds = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "ÿ", "y",
	"œ", "oe", "æ", "ae",
)

// slugify returns the slug alliance derives from s: lower case, accents
// folded, apostrophes dropped, other runs of non-alphanumerics as one hyphen.
func slugify(s string) string {
	s = folds.Replace(strings.ToLower(s))
	var b strings.Builder
	hyphen := false
	for _, c := range s {
		switch {
		case c == '\'' || c == '’':
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(c)
		default:
			hyphen = true
		}
	}
	return b.String()
}
