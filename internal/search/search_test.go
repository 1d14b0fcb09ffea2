package search

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "update the files under testdata")

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"capital accent", "Économie", "economie"},
		{"apostrophe", "L’été", "l ete"},
		{"straight apostrophe", "l'ingénierie", "l ingenierie"},
		{"ligature oe", "œuvre", "oeuvre"},
		{"capital ligature", "Œuvre cœur", "oeuvre coeur"},
		{"cedilla", "Ça commence", "ca commence"},
		{"sharp s", "Straße", "strasse"},
		{"punctuation runs", "  Hello,   World!  ", "hello world"},
		{"guillemets", "« Faire alliance »", "faire alliance"},
		{"nbsp", "A\u00a0B\u202fC", "a b c"},
		{"hyphen", "Saint-Étienne", "saint etienne"},
		{"digits", "ODD 17, 2022.", "odd 17 2022"},
		{"decomposed input", "e\u0301te\u0301", "ete"},
		{"ligature fi", "ﬁnance", "finance"},
		{"greek final sigma", "ΟΔΟΣ οδος", "οδοσ οδοσ"},
		{"dotted capital I", "İstanbul", "istanbul"},
		{"empty", "", ""},
		{"only punctuation", "?!…", ""},
		{"invalid utf8", "a\xffb", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"title", "Économie sociale et solidaire", []string{"economie", "sociale", "solidaire"}},
		{"elision", "L’été de l’économie", []string{"ete", "economie"}},
		{"stop words", "le la les de des du un une et en au aux à pour par sur dans", nil},
		{"one letter", "a b c d’abord", []string{"abord"}},
		{"repeats kept", "Fondation, fondations, fondation", []string{"fondation", "fondations", "fondation"}},
		{"numbers", "Les Jeudis de l’ODD 17", []string{"jeudis", "odd", "17"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCut(t *testing.T) {
	long := strings.Repeat("mot ", 100)
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"court", 10, "court"},
		{"  espaces   multiples  ", 30, "espaces multiples"},
		{"un deux trois quatre", 13, "un deux trois…"},
		{"un deux trois quatre", 12, "un deux…"},
		{"un deux, trois", 9, "un deux…"},
		{"anticonstitutionnellement", 5, "antic…"},
		{long, 10, "mot mot…"},
	}
	for _, tt := range tests {
		if got := cut(tt.in, tt.max); got != tt.want {
			t.Errorf("cut(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestEncode(t *testing.T) {
	got := encode([]posting{{doc: 0, count: 1, fields: fieldText}, {doc: 1, count: 1, fields: fieldText}})
	if got != "EhE" {
		t.Errorf("encode = %q, want %q (package doc example)", got, "EhE")
	}
	ps := []posting{{0, 9, 7}, {3, 2, 1}, {1000, 5, 4}, {123456, 1, 2}}
	if got := decode(encode(ps)); !slices.Equal(got, []decoded{{0, 3, 7, 0}, {3, 1, 1, 0}, {1000, 2, 4, 0}, {123456, 0, 2, 0}}) {
		t.Errorf("decode(encode) = %v", got)
	}
}

func TestShardKey(t *testing.T) {
	for in, want := range map[string]string{"economie": "ec", "2022": "20", "σοφία": "__", "aσ": "a_", "x": "x_"} {
		if got := shardKey(in); got != want {
			t.Errorf("shardKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDayNumber(t *testing.T) {
	if !(dayNumber("2 juin 2022") > dayNumber("1er juin 2022") && dayNumber("1er juin 2022") > dayNumber("31 mai 2022")) {
		t.Error("French dates out of order")
	}
	if dayNumber("2022-06-02") != dayNumber("2 juin 2022") || dayNumber("3 février 2021") != 20210203 {
		t.Error("date formats disagree")
	}
	for _, bad := range []string{"", "demain", "2 brumaire 2022", "40 juin 2022"} {
		if dayNumber(bad) != -1 {
			t.Errorf("dayNumber(%q) != -1", bad)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	if _, err := Build([]Doc{{Title: "x"}}); err == nil {
		t.Error("empty URL: no error")
	}
	if _, err := Build([]Doc{{URL: "/a/"}, {URL: "/a/"}}); err == nil {
		t.Error("duplicate URL: no error")
	}
	files, err := Build(nil)
	if err != nil || len(files) != 1 || files[0].Path != IndexPath {
		t.Fatalf("Build(nil) = %v, %v", files, err)
	}
	if got := string(files[0].Data); got != `{"version":2,"count":0,"chunkSize":10,"docs":"search/docs/{}.json?v=e3b0c442","shards":{},"kinds":{}}`+"\n" {
		t.Errorf("empty index = %s", got)
	}
}

func TestBuildDeterministic(t *testing.T) {
	docs := corpus(300, 80)
	a, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := slices.Clone(docs)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for range 2 {
		b, err := Build(shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) {
			t.Fatalf("%d files, then %d", len(a), len(b))
		}
		for i := range a {
			if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
				t.Fatalf("file %d differs: %s / %s", i, a[i].Path, b[i].Path)
			}
		}
	}
}

// fixture is a small site for the search tests.
var fixture = []Doc{
	{URL: "/actualites/ess/", Title: "Économie sociale et solidaire", Summary: "Un panorama des acteurs.", Text: "Les coopératives, mutuelles et associations.", Section: "actualites", Date: "2 juin 2022", Kind: "news", Tags: []Tag{{"ess", "ESS"}}},
	{URL: "/actualites/budget/", Title: "Le budget de la ville", Summary: "Une économie sociale à inventer.", Text: "Le conseil a voté des financements hybrides.", Section: "actualites", Date: "3 juin 2022", Kind: "news", Tags: []Tag{{"ess", "ESS"}, {"finances", "Finances"}}},
	{URL: "/actualites/marche/", Title: "Le marché du samedi", Summary: "Producteurs locaux.", Text: "L’économie locale est sociale par nature ; lorsqu’Odile veut la financer.", Section: "actualites", Date: "4 juin 2022", Kind: "news"},
	{URL: "/charte/fondations/", Title: "Fondations", Summary: "Ce sur quoi nous bâtissons.", Text: "Confiance et coopération.", Section: "charte", Kind: "charter", Tags: []Tag{{"ess", "ESS"}}},
	{URL: "/evenements/forum/", Title: "Forum de l’économie sociale", Summary: "Deux jours d’ateliers.", Text: "Inscription libre.", Section: "evenements", Date: "30 juin 2022", Kind: "event", End: time.Date(2022, 7, 1, 18, 0, 0, 0, time.UTC)},
	{URL: "/evenements/webinaire/", Title: "Webinaire", Summary: "Avec la fondation de France ; inscription conseillée.", Text: "Inscription gratuite.", Section: "evenements", Date: "10 juin 2022", Kind: "event", End: time.Date(2022, 6, 10, 12, 0, 0, 0, time.UTC)},
	withSections(Doc{URL: "/charte/chapitre/", Title: "Le chapitre", Summary: "Deux parties.", Text: "Préambule du chapitre. Financer l’ingénierie Les fonds publics et privés. Gouvernance partagée Les instances ouvertes, publics compris.", Section: "charte", Kind: "charter"},
		[2]string{"financer-lingenierie", "Financer l’ingénierie"}, [2]string{"gouvernance", "Gouvernance partagée"}),
	{URL: "/actualites/rien/", Title: "Rien à voir", Summary: "Vraiment rien.", Text: "Le fondateur est parti.", Section: "actualites", Date: "1er juin 2022"},
}

// withSections returns d with the sections whose ids and headings are
// given, each starting where its heading is in d.Text.
func withSections(d Doc, sections ...[2]string) Doc {
	for _, s := range sections {
		d.Sections = append(d.Sections, Section{ID: s[0], Heading: s[1], Start: strings.Index(d.Text, s[1])})
	}
	return d
}

func TestSearch(t *testing.T) {
	files, err := Build(fixture)
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, files)
	tests := []struct {
		query string
		want  []string
	}{
		// Title match first, then summary, then text, whatever the dates.
		{"economie sociale", []string{"/evenements/forum/", "/actualites/ess/", "/actualites/budget/", "/actualites/marche/"}},
		{"Économie  SOCIALE", []string{"/evenements/forum/", "/actualites/ess/", "/actualites/budget/", "/actualites/marche/"}},
		// The last word is a prefix: an exact term comes first, then newest first.
		{"fondation", []string{"/charte/fondations/", "/evenements/webinaire/"}},
		// A form of the same stem matches, after the exact form.
		{"fondations", []string{"/charte/fondations/", "/evenements/webinaire/"}},
		{"financement hybride", []string{"/actualites/budget/"}},
		// The exact form first, then the other forms of its stem.
		{"financer", []string{"/actualites/marche/", "/charte/chapitre/", "/actualites/budget/"}},
		// Elisions split, and the elided word is no term.
		{"lorsqu’Odile", []string{"/actualites/marche/"}},
		{"lorsqu'odile", []string{"/actualites/marche/"}},
		{"lorsqu", nil},
		{"fond", []string{"/charte/fondations/", "/evenements/webinaire/", "/actualites/rien/", "/charte/chapitre/"}},
		// Every word must match.
		{"economie inscription", []string{"/evenements/forum/"}},
		{"economie gratuite", nil},
		// Equal scores: newest first, undated last.
		{"cooperat", []string{"/actualites/ess/", "/charte/fondations/"}},
		{"l’économie", []string{"/evenements/forum/", "/actualites/ess/", "/actualites/budget/", "/actualites/marche/"}},
		{"le la les", nil},
		{"zzz", nil},
		// Results lead to the section their words are in.
		{"gouvernance instances", []string{"/charte/chapitre/"}},
		{"publics", []string{"/charte/chapitre/"}},
		{"fonds ingenierie", []string{"/charte/chapitre/"}},
	}
	type expect struct {
		Query   string
		URLs    []string
		Anchors []string // where each result leads
	}
	var expects []expect
	for _, tt := range tests {
		got := e.search(tt.query)
		if !slices.Equal(got, tt.want) {
			t.Errorf("search(%q) = %q, want %q", tt.query, got, tt.want)
		}
		expects = append(expects, expect{tt.query, tt.want, e.anchors(tt.query)})
	}
	// testdata/site holds these files and expectations for search.test.mjs.
	data, err := json.MarshalIndent(expects, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "site/expect.json", append(data, '\n'))
	for _, f := range files {
		checkGolden(t, "site/"+f.Path, f.Data)
	}
	for q, want := range map[string][]string{
		"gouvernance instances": {"/charte/chapitre/#gouvernance"},
		"publics":               {"/charte/chapitre/"}, // in both sections
		"fonds ingenierie":      {"/charte/chapitre/#financer-lingenierie"},
		"fonds instances":       {"/charte/chapitre/#financer-lingenierie"}, // one each: the first
		"chapitre":              {"/charte/chapitre/"},
	} {
		if got := e.anchors(q); !slices.Equal(got, want) {
			t.Errorf("anchors(%q) = %q, want %q", q, got, want)
		}
	}
	// Display data comes with the URL.
	row := e.doc(e.find("/actualites/ess/"))
	if want := [5]string{"/actualites/ess/", "Économie sociale et solidaire", "Un panorama des acteurs.", "actualites", "2 juin 2022"}; row != want {
		t.Errorf("doc row = %q, want %q", row, want)
	}
}

// engine runs a Reader over Build's files.
type engine struct {
	t *testing.T
	r *Reader
}

func newEngine(t *testing.T, files []File) *engine {
	t.Helper()
	r, err := NewReader(FilesLoader(files))
	if err != nil {
		t.Fatal(err)
	}
	return &engine{t, r}
}

func (e *engine) doc(n int) [5]string {
	row, err := e.r.Row(n)
	if err != nil {
		e.t.Fatal(err)
	}
	return [5]string{row.URL, row.Title, row.Summary, row.Section, row.Date}
}

func (e *engine) find(url string) int {
	for n := range e.r.Count() {
		if e.doc(n)[0] == url {
			return n
		}
	}
	e.t.Fatalf("no document %s", url)
	return -1
}

// search returns the URLs of the first 50 documents found for q.
func (e *engine) search(q string) []string {
	return e.searchParams(Params{Query: q}, time.Now())
}

// anchors returns where the first 50 results for q lead.
func (e *engine) anchors(q string) []string {
	hits, err := e.r.Search(Params{Query: q}, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, h := range hits[:min(len(hits), 50)] {
		url, _, err := e.r.Anchor(h)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, url)
	}
	return out
}

func (e *engine) searchParams(p Params, now time.Time) []string {
	hits, err := e.r.Search(p, now)
	if err != nil {
		e.t.Fatal(err)
	}
	var urls []string
	for _, h := range hits[:min(len(hits), 50)] {
		urls = append(urls, e.doc(h.Doc)[0])
	}
	return urls
}

// TestClientTables checks that static/js/search.js has the same stop words
// and foldings as this package.
func TestClientTables(t *testing.T) {
	js, err := os.ReadFile("../../static/js/search.js")
	if err != nil {
		t.Skip(err)
	}
	m := regexp.MustCompile(`(?s)STOP_WORDS = new Set\(\[(.*?)\]\)`).FindSubmatch(js)
	if m == nil {
		t.Fatal("no STOP_WORDS in search.js")
	}
	var words []string
	if err := json.Unmarshal([]byte("["+strings.TrimRight(strings.TrimSpace(string(m[1])), ",")+"]"), &words); err != nil {
		t.Fatalf("STOP_WORDS: %v", err)
	}
	var want []string
	for w := range stopWords {
		want = append(want, w)
	}
	slices.Sort(words)
	slices.Sort(want)
	if !slices.Equal(words, want) {
		t.Errorf("search.js stop words:\n%q\nwant\n%q", words, want)
	}
	kinds, err := json.Marshal(Kinds)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{lastDigits, moreDigits, fmt.Sprint("MAX_TERM = ", maxTermRunes), fmt.Sprint("PAGE_SIZE = ", PageSize),
		fmt.Sprint("BONUS_EXACT = ", bonusExact), fmt.Sprint("BONUS_STEM = ", bonusStem), fmt.Sprint("BONUS_PREFIX = ", bonusPrefix),
		"KINDS = " + strings.ReplaceAll(strings.ReplaceAll(string(kinds), `"`, "'"), ",", ", ")} {
		if !bytes.Contains(js, []byte(c)) {
			t.Errorf("search.js lacks %q", c)
		}
	}
}

// foldSamples are checked against Fold here and, through testdata/fold.json,
// against the client's fold in static/js/search.test.mjs.
var foldSamples = []string{
	"Économie sociale et solidaire", "L’été", "œuvre", "Œdipe", "ÆTHER", "Straße", "Ça va ?",
	"« Faire alliance »", "A\u00a0B\u202fC", "e\u0301te\u0301", "ﬁnance", "ΟΔΟΣ", "İstanbul",
	"Łódź", "Ørsted", "Þór", "Ðakovo", "2ᵉ édition", "x²", "Ⅻ", "℡", "ＡＢＣ", "東京 2022",
	"naïve façade", "l’Île-de-France", "aujourd'hui", "À bientôt !", "hôtel‐de‐ville",
	"Ǆ", "ŉ", "ﬀ", "ǅungla", "Ⓐ", "🙂 emoji", "\u0301\u0301", "Ἀθῆναι",
}

func TestFoldSamples(t *testing.T) {
	type sample struct{ In, Out string }
	var got []sample
	for _, s := range foldSamples {
		got = append(got, sample{s, Fold(s)})
	}
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "fold.json", append(data, '\n'))
}

// checkGolden compares data with testdata/name, which -update rewrites.
func checkGolden(t *testing.T, name string, data []byte) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("%s is out of date: review the change, then run go test -update", path)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range foldSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if !utf8.ValidString(once) {
			t.Fatalf("Fold(%q) = %q: invalid UTF-8", s, once)
		}
		if twice := Fold(once); twice != once {
			t.Fatalf("Fold(%q) = %q, but Fold(%q) = %q", s, once, once, twice)
		}
		if strings.HasPrefix(once, " ") || strings.HasSuffix(once, " ") || strings.Contains(once, "  ") {
			t.Fatalf("Fold(%q) = %q: stray spaces", s, once)
		}
		for _, w := range Tokens(s) {
			if w == "" || strings.Contains(w, " ") {
				t.Fatalf("Tokens(%q) holds %q", s, w)
			}
		}
	})
}

// frenchWords is the pool of the synthetic corpus.
var frenchWords = strings.Fields(`économie sociale solidaire coopérative association alliance
	charte réseau territoire catalyseur acteur projet collectif citoyen commune région
	développement durable transition écologique énergie climat biodiversité agriculture
	alimentation santé éducation culture emploi formation insertion jeunesse solidarité
	habitat logement mobilité transport numérique innovation recherche université entreprise
	financement fondation subvention budget politique publique gouvernance démocratie
	participation concertation engagement bénévole salarié dirigeant partenaire réunion
	rencontre webinaire atelier séminaire événement programme calendrier inscription
	lettre actualité information communication site page article chapitre principe action
	moyen ressource outil méthode guide expérience pratique savoir compétence apprentissage
	coopération mutualisation échange partage confiance responsabilité autonomie équité
	inclusion diversité égalité femme homme enfant famille personne âgée handicap accès
	service territoire rural urbain quartier ville métropole département état europe
	monde international local national histoire avenir présent passé année mois semaine
	jour été hiver printemps automne matin soir lundi mardi mercredi jeudi vendredi
	samedi dimanche janvier février mars avril juin juillet août septembre octobre
	novembre décembre premier deuxième dernier nouveau grand petit fort faible rapide
	lent simple complexe ouvert fermé commun propre libre juste vrai beau bon meilleur
	créer construire porter soutenir accompagner animer organiser réunir proposer
	décider agir changer transformer mesurer évaluer diffuser publier écrire lire
	apprendre comprendre connaître reconnaître valoriser financer investir produire
	consommer recycler réparer préserver protéger cultiver habiter travailler`)

var endings = []string{"", "s", "ment", "tion", "ité", "eur", "euse", "ique", "isme", "iste", "age", "ance", "ée", "ant"}

// corpus returns n deterministic documents of about words words each, with
// a vocabulary of a few thousand words drawn with a Zipf law.
func corpus(n, words int) []Doc {
	var vocab []string
	for _, e := range endings {
		for _, w := range frenchWords {
			vocab = append(vocab, w+e)
		}
	}
	r := rand.New(rand.NewPCG(42, 1789))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	sentence := func(k int) string {
		var b strings.Builder
		for i := range k {
			if i > 0 {
				b.WriteString([]string{" ", " ", " ", " de la ", " et l’", " pour les ", ", "}[r.IntN(7)])
			}
			b.WriteString(vocab[z.Uint64()])
		}
		return b.String()
	}
	months := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	sections := []string{"actualites", "charte", "evenements"}
	docs := make([]Doc, n)
	for i := range docs {
		title := sentence(3 + r.IntN(5))
		sec := sections[r.IntN(3)]
		date := ""
		if sec != "charte" {
			date = fmt.Sprintf("%d %s %d", 1+r.IntN(28), months[r.IntN(12)], 2015+r.IntN(10))
		}
		docs[i] = Doc{
			URL:     fmt.Sprintf("/%s/%s-%d/", sec, strings.ReplaceAll(Fold(title), " ", "-"), i),
			Title:   title,
			Summary: sentence(15 + r.IntN(15)),
			Text:    sentence(words),
			Section: sec,
			Date:    date,
		}
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].URL < docs[j].URL })
	return docs
}

// TestSize10k measures the files for a 10,000-page site of about 400 words a page.
func TestSize10k(t *testing.T) {
	if testing.Short() {
		t.Skip("large corpus")
	}
	docs := corpus(10000, 216) // 216 drawn words, plus connectives: ~400 words
	nwords, vocab := 0, map[string]bool{}
	for _, d := range docs {
		for _, w := range strings.Fields(Fold(d.Text)) {
			nwords++
			vocab[w] = true
		}
	}
	files, err := Build(docs)
	if err != nil {
		t.Fatal(err)
	}
	var total, chunks, shards, biggest int
	var biggestPath string
	for _, f := range files {
		total += len(f.Data)
		switch {
		case strings.HasPrefix(f.Path, "search/docs/"):
			chunks += len(f.Data)
		case strings.HasPrefix(f.Path, "search/shards/"):
			shards += len(f.Data)
			if len(f.Data) > biggest {
				biggest, biggestPath = len(f.Data), f.Path
			}
		}
	}
	main := len(files[0].Data)
	t.Logf("%d docs, %.0f words of text each, %d distinct folded words", len(docs), float64(nwords)/float64(len(docs)), len(vocab))
	t.Logf("%s: %d bytes; %d files in all: %d bytes (doc chunks %d, shards %d; biggest shard %s: %d bytes)",
		IndexPath, main, len(files), total, chunks, shards, biggestPath, biggest)
	if main >= 5<<20 {
		t.Errorf("%s is %d bytes, want < 5 MB", IndexPath, main)
	}
	e := newEngine(t, files)
	if got := e.search("economie sociale"); len(got) == 0 {
		t.Error("no result for economie sociale")
	}
}

func BenchmarkBuild10k(b *testing.B) {
	docs := corpus(10000, 216)
	for b.Loop() {
		if _, err := Build(docs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyze analyzes one document of about 400 words.
func BenchmarkAnalyze(b *testing.B) {
	d := corpus(1, 216)[0]
	b.SetBytes(int64(len(d.Title) + len(d.Summary) + len(d.Text)))
	for b.Loop() {
		Analyze(d)
	}
}

// BenchmarkFold folds the text of one document of about 400 words.
func BenchmarkFold(b *testing.B) {
	s := corpus(1, 216)[0].Text
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Fold(s)
	}
}

// BenchmarkIndexer10k is the refresh of serve: the terms of 10,000 pages
// are known, added in any order, and the files written.
func BenchmarkIndexer10k(b *testing.B) {
	docs := corpus(10000, 216)
	terms := make([]Terms, len(docs))
	for i, d := range docs {
		terms[i] = Analyze(d)
	}
	order := rand.New(rand.NewPCG(3, 4)).Perm(len(docs))
	for b.Loop() {
		ix, err := NewIndexer(docs)
		if err != nil {
			b.Fatal(err)
		}
		for _, i := range order {
			ix.Add(docs[i].URL, terms[i])
		}
		if _, err := ix.Files(); err != nil {
			b.Fatal(err)
		}
	}
}
