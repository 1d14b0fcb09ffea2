package search

import (
	"encoding/json"
	"maps"
	"net/url"
	"slices"
	"testing"
	"time"
)

func TestFilters(t *testing.T) {
	files, err := Build(fixture)
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, files)
	june := time.Date(2022, 6, 5, 0, 0, 0, 0, time.UTC)
	july := time.Date(2022, 7, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		p    Params
		now  time.Time
		want []string
	}{
		{Params{Query: "economie", Kind: "news"}, june, []string{"/actualites/ess/", "/actualites/budget/", "/actualites/marche/"}},
		{Params{Query: "economie", Kind: "charter"}, june, nil},
		{Params{Query: "economie", Tag: "ess"}, june, []string{"/actualites/ess/", "/actualites/budget/"}},
		{Params{Query: "economie", Tag: "finances"}, june, []string{"/actualites/budget/"}},
		{Params{Query: "economie", Kind: "news", Tag: "finances"}, june, []string{"/actualites/budget/"}},
		{Params{Query: "economie", Tag: "nowhere"}, june, nil},
		{Params{Query: "fondation", Tag: "ess"}, june, []string{"/charte/fondations/"}},
		// Events not ended come first, whatever their score; then the others.
		{Params{Query: "inscription", Kind: "event"}, june, []string{"/evenements/webinaire/", "/evenements/forum/"}},
		{Params{Query: "inscription", Kind: "event"}, time.Date(2022, 6, 20, 0, 0, 0, 0, time.UTC), []string{"/evenements/forum/", "/evenements/webinaire/"}},
		{Params{Query: "inscription gratuite", Kind: "event"}, june, []string{"/evenements/webinaire/"}},
		{Params{Query: "inscription", Kind: "event"}, time.Date(2022, 6, 10, 11, 0, 0, 0, time.UTC), []string{"/evenements/webinaire/", "/evenements/forum/"}},
		{Params{Query: "inscription", Kind: "event"}, july, []string{"/evenements/webinaire/", "/evenements/forum/"}},
		{Params{Query: "inscription"}, june, []string{"/evenements/webinaire/", "/evenements/forum/"}},
	}
	type expect struct {
		Query, Kind, Tag string
		Now              int64 // Unix milliseconds
		URLs             []string
	}
	var expects []expect
	for _, tt := range tests {
		if got := e.searchParams(tt.p, tt.now); !slices.Equal(got, tt.want) {
			t.Errorf("search(%+v) at %s = %q, want %q", tt.p, tt.now.Format(time.DateOnly), got, tt.want)
		}
		expects = append(expects, expect{tt.p.Query, tt.p.Kind, tt.p.Tag, tt.now.UnixMilli(), tt.want})
	}
	// search.test.mjs runs the same searches.
	data, err := json.MarshalIndent(expects, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "site/expect-filters.json", append(data, '\n'))
	// Without a filter, no filter file is loaded.
	r, err := NewReader(FilesLoader(files))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Search(Params{Query: "economie"}, june); err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Loaded {
		if p != IndexPath && !slices.Contains([]string{"search/shards/ec.json"}, p) {
			t.Errorf("a query without filters loaded %s", p)
		}
	}
}

func TestParseParams(t *testing.T) {
	tests := []struct {
		raw  string
		want Params
	}{
		{"q=l%E2%80%99%C3%A9t%C3%A9&kind=charter", Params{Query: "l’été", Kind: "charter"}},
		{"q=fondation", Params{Query: "fondation"}},
		{"q=%C3%A9conomie+sociale&kind=event&tag=ess", Params{Query: "économie sociale", Kind: "event", Tag: "ess"}},
		{"q=x&kind=page", Params{Query: "x"}},
		{"q=x&kind=Event", Params{Query: "x"}},
		{"q=x&tag=../etc", Params{Query: "x"}},
		{"q=x&tag=ESS", Params{Query: "x"}},
		{"q=a&q=b&kind=news&kind=event", Params{Query: "a", Kind: "news"}},
		{"q=%zz&kind=news", Params{Kind: "news"}},
		{"", Params{}},
	}
	for _, tt := range tests {
		if got := ParseParams(tt.raw); got != tt.want {
			t.Errorf("ParseParams(%q) = %+v, want %+v", tt.raw, got, tt.want)
		}
	}
}

func FuzzParseParams(f *testing.F) {
	for _, s := range []string{"q=fondation&kind=event&tag=ess", "q=%zz", "kind=&tag=-", "q=l%E2%80%99%C3%A9t%C3%A9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p := ParseParams(raw)
		if p.Kind != "" && !slices.Contains(Kinds, p.Kind) {
			t.Errorf("kind %q", p.Kind)
		}
		if p.Tag != "" && !validSlug(p.Tag) {
			t.Errorf("tag %q", p.Tag)
		}
		// What the page writes back in its address reads the same.
		v := url.Values{}
		for k, s := range map[string]string{"q": p.Query, "kind": p.Kind, "tag": p.Tag} {
			if s != "" {
				v.Set(k, s)
			}
		}
		if q := ParseParams(v.Encode()); q != p && p.Query == string([]rune(p.Query)) {
			t.Errorf("ParseParams(%q) = %+v, written back and read: %+v", raw, p, q)
		}
	})
}

func TestStemGroups(t *testing.T) {
	tests := []struct {
		words []string
		want  [][]string // the groups of two terms or more, terms sorted
	}{
		{[]string{"financement", "financements", "financer", "finance", "fin"}, [][]string{{"finance", "financement", "financements", "financer"}}},
		{[]string{"fondation", "fondations", "fonder", "fondateur"}, [][]string{{"fondation", "fondations"}}},
		{[]string{"sociale", "sociales", "sociaux", "social", "societe"}, [][]string{{"social", "sociale", "sociales", "sociaux"}}},
		{[]string{"economie", "economies", "economique"}, [][]string{{"economie", "economies", "economique"}}},
		{[]string{"territoire", "territoires", "territorial"}, [][]string{{"territoire", "territoires"}}},
		{[]string{"alliance", "alliances"}, [][]string{{"alliance", "alliances"}}},
		{[]string{"webinaire", "webinaires"}, [][]string{{"webinaire", "webinaires"}}},
		{[]string{"charte", "chartes", "charter"}, [][]string{{"charte", "charter", "chartes"}}},
		{[]string{"hybride", "hybrides"}, [][]string{{"hybride", "hybrides"}}},
		{[]string{"cooperative", "cooperatives"}, [][]string{{"cooperative", "cooperatives"}}},
		{[]string{"solidaire", "ville"}, nil},
		// Accents count: the stemmer reads the words as written.
		{[]string{"premier", "première", "premiers", "Premières"}, [][]string{{"premier", "premiere", "premieres", "premiers"}}},
		{[]string{"publié", "publiée", "publiées", "publiés"}, [][]string{{"publie", "publiee", "publiees", "publies"}}},
		{[]string{"données", "donnée", "donner"}, [][]string{{"donnee", "donnees", "donner"}}},
		{[]string{"Économie", "économies", "économique"}, [][]string{{"economie", "economies", "economique"}}},
	}
	for _, tt := range tests {
		var docs []Doc
		for i, w := range tt.words {
			docs = append(docs, Doc{URL: "/" + w + "/", Title: w, Date: time.Date(2022, 1, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)})
		}
		files, err := Build(docs)
		if err != nil {
			t.Fatal(err)
		}
		var got [][]string
		for _, f := range files {
			if !slices.Contains([]string{IndexPath}, f.Path) && len(f.Path) > 14 && f.Path[:14] == "search/shards/" {
				var s shard
				newEngine(t, files).r.get(f.Path, &s)
				for _, g := range s.Groups {
					var terms []string
					for _, i := range g {
						terms = append(terms, s.Terms[i])
					}
					slices.Sort(terms)
					got = append(got, terms)
				}
			}
		}
		if !slices.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("groups of %q = %q, want %q", tt.words, got, tt.want)
		}
	}
}

// TestMatches is the Go twin of the node test of matches.
func TestMatches(t *testing.T) {
	s := &shard{Terms: []string{"financ", "finance", "financement", "financements", "financer", "fini"}, Groups: [][]int{{1, 2, 3, 4}}}
	tests := []struct {
		w    string
		want map[int]int
	}{
		{"financements", map[int]int{1: 1, 2: 1, 3: 2, 4: 1}},
		{"financ", map[int]int{0: 2, 1: 0, 2: 0, 3: 0, 4: 0}},
		{"financem", map[int]int{2: 0, 3: 0}},
		{"zz", map[int]int{}},
	}
	for _, tt := range tests {
		if got := matches(s, tt.w); !maps.Equal(got, tt.want) {
			t.Errorf("matches(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

func TestAnalyzeSpelling(t *testing.T) {
	terms := Analyze(Doc{Title: "Économie", Summary: "economie et Publiées", Text: "l’été, publiées, naïve; plain"})
	got := map[string]string{}
	for _, tc := range terms {
		got[tc.Term] = tc.Spelling
	}
	want := map[string]string{"economie": "Économie", "publiees": "Publiées", "ete": "été", "naive": "naïve", "plain": ""}
	if !maps.Equal(got, want) {
		t.Errorf("spellings = %q, want %q", got, want)
	}
}

func TestElisions(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"l’économie", []string{"economie"}},
		{"l'économie", []string{"economie"}},
		{"d’abord d'abord", []string{"abord", "abord"}},
		{"qu’il qu'elle", nil}, // il and elle are stop words
		{"j’ai n’est s’engager c’était m’appelle t’inscrire", []string{"ai", "engager", "etait", "appelle", "inscrire"}},
		{"jusqu’au jusqu'à Lille", []string{"lille"}},
		{"lorsqu’Odile lorsqu'on", []string{"odile"}},
		{"puisqu’ensemble puisqu'elles", []string{"ensemble"}},
		{"L’ÉTÉ D’ALLIANCE", []string{"ete", "alliance"}},
		{"aujourd’hui", []string{"aujourd", "hui"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
