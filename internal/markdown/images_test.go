package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// fakeImages renders every image as [DEST|ALT|TITLE|INDEX|figure] and
// notes what it was asked.
type fakeImages struct{ asked []Image }

func (f *fakeImages) Resolve(string, bool) (string, bool) { return "", false }

func (f *fakeImages) RenderImage(img Image) (string, bool) {
	f.asked = append(f.asked, img)
	if img.Dest == "keep.jpg" {
		return "", false
	}
	return fmt.Sprintf("[%s|%s|%s|%d|%v]", img.Dest, img.Alt, img.Title, img.Index, img.Figure), true
}

func TestImageRenderer(t *testing.T) {
	for _, c := range []struct {
		name, md, want string
		lines          []int
	}{
		{"figure", "Texte.\n\n![Un lavoir](a.jpg \"Le lavoir\")\n", "<p>Texte.</p>\n[a.jpg|Un lavoir|Le lavoir|0|true]\n", []int{3}},
		{"no title, no figure", "![Un lavoir](a.jpg)\n", "<p>[a.jpg|Un lavoir||0|false]</p>\n", []int{1}},
		{"in text", "Voici ![le *logo*](/l.png \"Logo\") ici.\n", "<p>Voici [/l.png|le logo|Logo|0|false] ici.</p>\n", []int{1}},
		{"two", "![a](a.jpg)\n\n![b](b.jpg)\n", "<p>[a.jpg|a||0|false]</p>\n<p>[b.jpg|b||1|false]</p>\n", []int{1, 3}},
		{"external", "![a](https://example.org/a.jpg)\n", "<p><img src=\"https://example.org/a.jpg\" alt=\"a\"></p>\n", nil},
		{"kept", "![k](keep.jpg)\n", "<p><img src=\"keep.jpg\" alt=\"k\"></p>\n", []int{1}},
		{"in a tight list: no paragraph", "- ![a](a.jpg \"T\")\n", "<ul>\n<li>[a.jpg|a|T|0|false]</li>\n</ul>\n", []int{1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeImages{}
			res, err := New(Options{}).ConvertPage([]byte(c.md), f)
			if err != nil {
				t.Fatal(err)
			}
			if res.HTML != c.want {
				t.Errorf("HTML\n%q\nwant\n%q", res.HTML, c.want)
			}
			var lines []int
			for _, a := range f.asked {
				lines = append(lines, a.Line)
			}
			if fmt.Sprint(lines) != fmt.Sprint(c.lines) {
				t.Errorf("asked about lines %v, want %v", lines, c.lines)
			}
			if n := strings.Count(c.md, "!["); len(res.Links) != n {
				t.Errorf("%d links listed, want the %d images", len(res.Links), n)
			}
		})
	}
}
