// Package testsite generates large deterministic test sites for benchmarks:
// an alliance site (site.yaml and content/) and, on request, the equivalent
// Hugo site (hugo.toml, the same content/ and minimal equivalent layouts).
//
// # Determinism
//
// The output depends only on [Options]: the same options give byte-identical
// files. Randomness comes from math/rand/v2 PCG generators seeded from
// Options.Seed; no map is iterated and the clock is never read.
//
// # Content
//
// Options.Pages counts the regular content pages. About 80% are news posts
// (content/actualites/), 5% charter chapters (content/charte/, at most 200;
// the rest goes to news) and 15% events (content/evenements/). The home page
// and each section also get an _index.md. Each page has a few hundred words
// of French prose with headings, lists, links to other generated pages,
// sometimes a table, a footnote or a code block.
//
// The package imports nothing from the alliance engine.
package testsite

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// Options sets the size and the randomness of a generated site.
type Options struct {
	Pages int   // total content pages (news + charter + events), e.g. 1000, 10000, 50000
	Seed  int64 // random seed; 0 means 1
	Hugo  bool  // for the command: also write the equivalent Hugo site
}

// maxCharter caps the number of charter chapters.
const maxCharter = 200

// kind is the content kind of a page.
type kind int

const (
	kindNews kind = iota
	kindCharter
	kindEvent
)

// section returns the content directory of the kind.
func (k kind) section() string {
	switch k {
	case kindCharter:
		return "charte"
	case kindEvent:
		return "evenements"
	}
	return "actualites"
}

// page is the planned metadata of one generated page; bodies are written
// later from a per-page generator so that links can target any page.
type page struct {
	index   int // position in the plan, seeds the body generator
	kind    kind
	slug    string
	title   string
	date    time.Time
	dateDay bool // date written as a day only (2022-06-02)
	authors []string
	tags    []string
	summary string
	more    bool
	draft   bool

	// charter
	weight int
	part   string

	// event
	start, end   time.Time
	location     string
	online       string
	registration string
	regRequired  bool
	price        string
	organizer    string
	status       string
}

// url returns the page's pretty URL.
func (p *page) url() string { return "/" + p.kind.section() + "/" + p.slug + "/" }

// path returns the page's file path under the site root.
func (p *page) path() string { return "content/" + p.kind.section() + "/" + p.slug + ".md" }

// site is a planned site: every page's metadata, in file order.
type site struct {
	seed  uint64
	pages []*page
	links []*page // valid link targets: non-draft pages
	news  []*page // valid news link targets
}

// counts splits n pages into news, charter chapters and events.
func counts(n int) (news, charter, events int) {
	if n <= 0 {
		return 0, 0, 0
	}
	charter = min(n*5/100, maxCharter)
	events = n * 15 / 100
	news = n - charter - events
	return news, charter, events
}

// newRand returns the generator for stream s of the given seed.
func newRand(seed, s uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, s^0x616c6c69616e6365))
}

// normalize applies the defaults to opt.
func normalize(opt Options) Options {
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	return opt
}

// plan draws the metadata of every page.
func plan(opt Options) *site {
	opt = normalize(opt)
	s := &site{seed: uint64(opt.Seed)}
	r := newRand(s.seed, 0)
	nNews, nCharter, nEvents := counts(opt.Pages)
	for i := range nNews {
		s.pages = append(s.pages, planNews(r, len(s.pages), i))
	}
	for i := range nCharter {
		s.pages = append(s.pages, planCharter(r, len(s.pages), i))
	}
	for i := range nEvents {
		s.pages = append(s.pages, planEvent(r, len(s.pages), i))
	}
	for _, p := range s.pages {
		if p.draft {
			continue
		}
		s.links = append(s.links, p)
		if p.kind == kindNews {
			s.news = append(s.news, p)
		}
	}
	return s
}

// Publication dates are drawn in [firstDay, lastDay].
var (
	firstDay = time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

// randomDate returns a Paris wall-clock time between from and to (days).
func randomDate(r *rand.Rand, from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours()/24) + 1
	d := from.AddDate(0, 0, r.IntN(days))
	minute := 7*60 + r.IntN(12*60)
	return parisTime(d.Year(), d.Month(), d.Day(), minute/60, minute%60)
}

// Paris offsets, winter and summer.
var (
	cet  = time.FixedZone("CET", 3600)
	cest = time.FixedZone("CEST", 2*3600)
)

// parisTime returns the given wall-clock time in Paris, with its CET or
// CEST offset (EU rule: summer time from the last Sunday of March to the
// last Sunday of October), without needing the time zone database.
func parisTime(y int, m time.Month, d, hh, mm int) time.Time {
	utc := time.Date(y, m, d, hh, mm, 0, 0, time.UTC)
	zone := cet
	if utc.After(lastSunday(y, time.March)) && utc.Before(lastSunday(y, time.October)) {
		zone = cest
	}
	return time.Date(y, m, d, hh, mm, 0, 0, zone)
}

// lastSunday returns 03:00 UTC on the last Sunday of month m of year y.
func lastSunday(y int, m time.Month) time.Time {
	t := time.Date(y, m+1, 1, 3, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	for t.Weekday() != time.Sunday {
		t = t.AddDate(0, 0, -1)
	}
	return t
}

// pick returns one element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// pickN returns n distinct elements of list, in list order.
func pickN[T any](r *rand.Rand, list []T, n int) []T {
	idx := r.Perm(len(list))[:n]
	seen := make([]bool, len(list))
	for _, i := range idx {
		seen[i] = true
	}
	out := make([]T, 0, n)
	for i, ok := range seen {
		if ok {
			out = append(out, list[i])
		}
	}
	return out
}

// planCommon draws the fields every kind shares.
func planCommon(r *rand.Rand, p *page) {
	p.tags = pickN(r, tags, 1+r.IntN(4))
	if r.IntN(10) < 3 {
		p.summary = pick(r, sentences)
	}
	p.more = r.IntN(10) < 3
	p.draft = r.IntN(100) == 0
}

func planNews(r *rand.Rand, index, i int) *page {
	p := &page{index: index, kind: kindNews}
	subject, pred := pick(r, titleSubjects), pick(r, titlePredicates)
	verb := pred[0]
	if subject.plural {
		verb = pred[1]
	}
	p.title = fmt.Sprintf("%s %s %s (n° %d)", subject.text, verb, pick(r, titlePlaces), i+1)
	p.slug = slugify(p.title)
	p.date = randomDate(r, firstDay, lastDay)
	p.dateDay = r.IntN(4) == 0
	p.authors = pickN(r, authors, 1+r.IntN(3))
	planCommon(r, p)
	return p
}

func planCharter(r *rand.Rand, index, i int) *page {
	p := &page{index: index, kind: kindCharter}
	p.title = fmt.Sprintf("Chapitre %d : %s", i+1, charterTopics[i%len(charterTopics)])
	p.slug = slugify(p.title)
	p.weight = i + 1
	p.part = parts[i%len(parts)]
	p.date = randomDate(r, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC))
	p.dateDay = true
	planCommon(r, p)
	return p
}

func planEvent(r *rand.Rand, index, i int) *page {
	p := &page{index: index, kind: kindEvent}
	city := pick(r, cities)
	p.title = fmt.Sprintf("%s : %s (%s, n° %d)", pick(r, eventKinds), pick(r, eventTopics), city, i+1)
	p.slug = slugify(p.title)
	day := randomDate(r, time.Date(2018, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC))
	hour := 9 + r.IntN(9)
	p.start = parisTime(day.Year(), day.Month(), day.Day(), hour, 30*r.IntN(2))
	if r.IntN(8) == 0 { // a two-day meeting
		p.end = p.start.AddDate(0, 0, 1).Add(time.Duration(r.IntN(3)) * time.Hour)
	} else {
		p.end = p.start.Add(time.Duration(1+r.IntN(3)) * time.Hour)
	}
	pub := p.start.AddDate(0, 0, -(20 + r.IntN(60)))
	if pub.After(lastDay) {
		pub = randomDate(r, time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), lastDay)
	}
	p.date = pub
	if r.IntN(10) < 4 {
		p.online = fmt.Sprintf("https://visio.example.org/salle-%d", i+1)
	} else {
		p.location = fmt.Sprintf("%s, %s", pick(r, venues), city)
	}
	p.registration = fmt.Sprintf("https://inscription.example.org/evenement-%d", i+1)
	p.regRequired = r.IntN(3) > 0
	if r.IntN(4) == 0 {
		p.price = fmt.Sprintf("%d €", 5*(1+r.IntN(10)))
	} else {
		p.price = "gratuit"
	}
	p.organizer = pick(r, organizers)
	switch x := r.IntN(100); {
	case x < 5:
		p.status = "cancelled"
	case x < 10:
		p.status = "postponed"
	default:
		p.status = "scheduled"
	}
	planCommon(r, p)
	return p
}

// Files returns the alliance site's files, path (slash-separated, relative
// to the site root) then content, in a fixed order: site.yaml, the
// _index.md files, then the pages.
func Files(opt Options) iter.Seq2[string, []byte] {
	return func(yield func(string, []byte) bool) {
		s := plan(opt)
		if !yield("site.yaml", []byte(siteYAML)) {
			return
		}
		for _, ix := range s.indexes() {
			if !yield(ix.path, []byte(ix.alliance())) {
				return
			}
		}
		for _, p := range s.pages {
			if !yield(p.path(), s.render(p, false)) {
				return
			}
		}
	}
}

// Generate writes the alliance site (site.yaml and content/) into dir,
// creating it if needed. Existing files with the same names are replaced.
func Generate(dir string, opt Options) error {
	return writeAll(dir, Files(opt))
}

// GenerateHugo writes the same content as a Hugo site into dir: hugo.toml,
// content/ with Hugo front matter, minimal layouts equivalent to alliance's
// default theme, and a stylesheet.
func GenerateHugo(dir string, opt Options) error {
	return writeAll(dir, hugoFiles(opt))
}

// writeAll writes every file of files under dir.
func writeAll(dir string, files iter.Seq2[string, []byte]) error {
	made := map[string]bool{}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		parent := filepath.Dir(path)
		if !made[parent] {
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return err
			}
			made[parent] = true
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
