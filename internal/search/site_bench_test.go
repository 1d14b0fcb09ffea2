package search

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/catalyseurs/alliance/internal/testsite"
)

// siteDocs returns documents made from the pages of a generated test site
// of n pages (French prose): the title from the front matter, the first
// paragraph as summary, and the body with its link targets and the most
// common Markdown marks taken out, roughly the plain text a build gives.
func siteDocs(n int) []Doc {
	var docs []Doc
	for path, data := range testsite.Files(testsite.Options{Pages: n}) {
		if !strings.HasSuffix(path, ".md") || strings.HasSuffix(path, "_index.md") {
			continue
		}
		front, body, ok := bytes.Cut(bytes.TrimPrefix(data, []byte("---\n")), []byte("\n---\n"))
		if !ok {
			continue
		}
		var title string
		for l := range strings.SplitSeq(string(front), "\n") {
			if t, ok := strings.CutPrefix(l, "title: "); ok {
				title = strings.Trim(t, `"`)
			}
		}
		text := linkTarget.ReplaceAllString(string(body), "")
		text = strings.NewReplacer("**", "", "*", "", "_", "", "#", "").Replace(text)
		text = strings.TrimSpace(text)
		summary, _, _ := strings.Cut(text, "\n\n")
		docs = append(docs, Doc{URL: "/" + strings.TrimSuffix(path, ".md") + "/", Title: title, Summary: summary, Text: text})
	}
	return docs
}

var linkTarget = regexp.MustCompile(`\]\([^)]*\)`)

var benchSiteDocs = sync.OnceValue(func() []Doc { return siteDocs(500) })

// BenchmarkAnalyzeSite analyzes the pages of a generated site of French
// prose, one after the other: one op is all of them.
func BenchmarkAnalyzeSite(b *testing.B) {
	docs := benchSiteDocs()
	n := 0
	for _, d := range docs {
		n += len(d.Title) + len(d.Summary) + len(d.Text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			Analyze(d)
		}
	}
}

// BenchmarkIndexerSite adds the analyzed pages of a generated site to an
// Indexer and writes the files.
func BenchmarkIndexerSite(b *testing.B) {
	docs := benchSiteDocs()
	terms := make([]Terms, len(docs))
	for i, d := range docs {
		terms[i] = Analyze(d)
	}
	b.ReportAllocs()
	for b.Loop() {
		ix, err := NewIndexer(docs)
		if err != nil {
			b.Fatal(err)
		}
		for i, d := range docs {
			ix.Add(d.URL, terms[i])
		}
		if _, err := ix.Files(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFoldSite folds the texts of the pages of a generated site.
func BenchmarkFoldSite(b *testing.B) {
	docs := benchSiteDocs()
	n := 0
	for _, d := range docs {
		n += len(d.Text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		for _, d := range docs {
			buf = appendFold(buf[:0], d.Text)
		}
	}
}
