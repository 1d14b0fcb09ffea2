package build

import (
	"io/fs"
	"testing"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/markdown"
	"github.com/catalyseurs/alliance/internal/templates"
)

// BenchmarkMarkup measures what the default theme's render hooks cost a
// page's Markdown: the example's longest post converted without hooks,
// with the theme's hooks (links, headings, quotes), and the webinar post
// with its shortcodes too.
func BenchmarkMarkup(b *testing.B) {
	set, err := templates.Load(alliance.Theme(), templates.Options{BaseURL: "https://example.org/"})
	if err != nil {
		b.Fatal(err)
	}
	conv := markdown.New(markdown.Options{French: true})
	read := func(name string) []byte {
		src, err := fs.ReadFile(alliance.Example(), "content/actualites/"+name)
		if err != nil {
			b.Fatal(err)
		}
		f, err := content.SplitFront(src)
		if err != nil {
			b.Fatal(err)
		}
		return f.Body
	}
	plain := read("trois-bonnes-nouvelles.md")
	p := &content.Page{Title: "x"}
	_, hooks := set.Markup(p)
	for _, bc := range []struct {
		name string
		body []byte
		env  markdown.Env
	}{
		{"no-hooks", plain, markdown.Env{}},
		{"theme-hooks", plain, markdown.Env{Hooks: hooks}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.body)))
			for b.Loop() {
				if _, err := conv.ConvertEnv(bc.body, bc.env); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
