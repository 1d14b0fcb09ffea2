package content

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/testsite"
)

// BenchmarkAssemble assembles a generated site (ALLIANCE_BENCH_PAGES
// pages, 10,000 by default) from sources read once, as a serve session
// does after each save: "fresh" without a memo, "memo" with the memo of
// the previous assembly (nothing changed in between).
func BenchmarkAssemble(b *testing.B) {
	n := 10000
	if s := os.Getenv("ALLIANCE_BENCH_PAGES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := b.TempDir()
	if err := testsite.Generate(dir, testsite.Options{Pages: n}); err != nil {
		b.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	src, err := root.ReadFile("site.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Parse("site.yaml", src)
	if err != nil {
		b.Fatal(err)
	}
	files, _ := Walk(context.Background(), root.FS())
	sources := ReadAll(context.Background(), root.FS(), cfg, files.Markdown, nil)
	opt := Options{Now: now, Typeset: func(s string) string { return s }}
	b.Run("fresh", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := Assemble(cfg, sources, files.Other, opt, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("memo", func(b *testing.B) {
		var memo Memo
		Assemble(cfg, sources, files.Other, opt, &memo)
		for b.Loop() {
			if _, _, err := Assemble(cfg, sources, files.Other, opt, &memo); err != nil {
				b.Fatal(err)
			}
		}
	})
}
