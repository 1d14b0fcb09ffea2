package search

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// firstQueries are the queries whose cost README's Search section gives.
var firstQueries = []string{"fondation", "fondations", "économie", "économie sociale", "financements hybrides",
	"charte", "alliance", "alliances", "territoire", "webinaire"}

// TestFirstQueryBytes measures, on a built site whose output folder is
// $ALLIANCE_SEARCH_SITE, what the first query of a reader loads to show
// its first page of results: the entry point, the shards of its words and
// the chunks of the results shown, as served and gzip'd.
//
//	go run ./internal/testsite/cmd/testsite -n 10000 -o /tmp/site
//	(cd /tmp/site && go run ./cmd/alliance build -d /tmp/site/public)
//	ALLIANCE_SEARCH_SITE=/tmp/site/public go test -run FirstQueryBytes -v ./internal/search
func TestFirstQueryBytes(t *testing.T) {
	dir := os.Getenv("ALLIANCE_SEARCH_SITE")
	if dir == "" {
		t.Skip("ALLIANCE_SEARCH_SITE is not set")
	}
	var raw, gz []int
	for _, q := range firstQueries {
		r, err := NewReader(func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))) })
		if err != nil {
			t.Fatal(err)
		}
		hits, err := r.Search(Params{Query: q}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits[:min(len(hits), PageSize)] {
			if _, _, err := r.Anchor(h); err != nil {
				t.Fatal(err)
			}
		}
		n, z := 0, 0
		for _, p := range r.Loaded {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			n += len(data)
			z += gzipped(data)
		}
		raw, gz = append(raw, n), append(gz, z)
		t.Logf("%-24q %6d results, %2d files, %7d bytes, %7d gzip'd", q, len(hits), len(r.Loaded), n, z)
	}
	for _, m := range []struct {
		name string
		v    []int
	}{{"as served", raw}, {"gzip'd", gz}} {
		slices.Sort(m.v)
		med := (m.v[len(m.v)/2-1] + m.v[len(m.v)/2]) / 2
		t.Logf("%s: median %d, min %d, max %d bytes", m.name, med, m.v[0], m.v[len(m.v)-1])
	}
}

func gzipped(data []byte) int {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return b.Len()
}
