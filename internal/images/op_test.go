package images

import (
	"slices"
	"strings"
	"testing"
)

func TestParseOp(t *testing.T) {
	for _, tc := range []struct {
		a    Action
		spec string
		want Op
		err  string
	}{
		{Resize, "800x", Op{Action: Resize, Width: 800}, ""},
		{Resize, "x600", Op{Action: Resize, Height: 600}, ""},
		{Resize, "800x600 webp q75", Op{Action: Resize, Width: 800, Height: 600, Format: WebP, Quality: 75}, ""},
		{Resize, "800x JPG", Op{Action: Resize, Width: 800, Format: JPEG}, ""},
		{Fill, "1200x630 Center q90", Op{Action: Fill, Width: 1200, Height: 630, Quality: 90}, ""},
		{Fit, "  300x300   png ", Op{Action: Fit, Width: 300, Height: 300, Format: PNG}, ""},
		{Resize, "", Op{}, "missing size"},
		{Resize, "x", Op{}, "unknown option"},
		{Resize, "800", Op{}, "unknown option"},
		{Resize, "axb", Op{}, "width \"a\""},
		{Resize, "800x webp q0", Op{}, "quality 0 out of range"},
		{Resize, "800x q101", Op{}, "quality 101 out of range"},
		{Fill, "1200x", Op{}, "fill needs both a width and a height"},
		{Fit, "x300", Op{}, "fit needs both"},
		{Resize, "800x svg", Op{}, "unknown option \"svg\""},
		{Resize, "800x topleft", Op{}, "unknown option \"topleft\""},
		{Resize, "99999x", Op{}, "size over 16383"},
	} {
		got, err := ParseOp(tc.a, tc.spec)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseOp(%v, %q): %v, want an error with %q", tc.a, tc.spec, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseOp(%v, %q) = %+v, %v; want %+v", tc.a, tc.spec, got, err, tc.want)
		}
	}
}

func TestResolve(t *testing.T) {
	landscape := &Source{Format: JPEG, Width: 4000, Height: 3000}
	small := &Source{Format: PNG, Width: 300, Height: 200}
	for _, tc := range []struct {
		src     *Source
		op      Op
		w, h    int
		win     window
		format  Format
		quality int
	}{
		{landscape, Op{Action: Resize, Width: 800}, 800, 600, window{0, 0, 4000, 3000}, JPEG, 80},
		{landscape, Op{Action: Resize, Height: 600, Format: WebP, Quality: 70}, 800, 600, window{0, 0, 4000, 3000}, WebP, 70},
		{landscape, Op{Action: Resize, Width: 500, Height: 500}, 500, 500, window{0, 0, 4000, 3000}, JPEG, 80},
		{landscape, Op{Action: Fit, Width: 1000, Height: 1000}, 1000, 750, window{0, 0, 4000, 3000}, JPEG, 80},
		{landscape, Op{Action: Fill, Width: 1200, Height: 630}, 1200, 630, window{0, 450, 4000, 2100}, JPEG, 80},
		{landscape, Op{Action: Fill, Width: 300, Height: 300}, 300, 300, window{500, 0, 3000, 3000}, JPEG, 80},
		{small, Op{Action: Fit, Width: 1000, Height: 1000}, 300, 200, window{0, 0, 300, 200}, PNG, 0},
		{small, Op{Action: Resize, Width: 600}, 600, 400, window{0, 0, 300, 200}, PNG, 0},
		{small, Op{Action: Resize, Width: 1, Height: 0}, 1, 1, window{0, 0, 300, 200}, PNG, 0},
	} {
		pl, err := resolve(tc.op, tc.src, 80)
		if err != nil {
			t.Errorf("%+v: %v", tc.op, err)
			continue
		}
		if pl.w != tc.w || pl.h != tc.h || pl.win != tc.win || pl.format != tc.format || pl.quality != tc.quality {
			t.Errorf("%+v on %d x %d: %+v, want %d x %d %+v %s q%d", tc.op, tc.src.Width, tc.src.Height, pl, tc.w, tc.h, tc.win, tc.format, tc.quality)
		}
	}
}

func TestWidths(t *testing.T) {
	p := newProcessor(t, Options{})
	for _, tc := range []struct {
		width int
		want  []int
	}{
		{4000, []int{480, 800, 1200, 1600}},
		{1600, []int{480, 800, 1200, 1600}},
		{1000, []int{480, 800}},
		{480, []int{480}},
		{300, []int{300}},
	} {
		if got := p.Widths(&Source{Width: tc.width, Height: 100}); !slices.Equal(got, tc.want) {
			t.Errorf("Widths of %d: %v, want %v", tc.width, got, tc.want)
		}
	}
	q := newProcessor(t, Options{Widths: []int{1000, 300, 300}})
	if got := q.Widths(&Source{Width: 2000}); !slices.Equal(got, []int{300, 1000}) {
		t.Errorf("custom widths: %v", got)
	}
	for _, bad := range []Options{{Widths: []int{0}}, {Quality: 101}, {Quality: -1}} {
		bad.CacheDir = t.TempDir()
		if _, err := New(bad); err == nil {
			t.Errorf("New(%+v) accepted", bad)
		}
	}
}

func TestOutputStem(t *testing.T) {
	for in, want := range map[string]string{
		"photo.jpg":                         "photo",
		"content/actualites/x/IMG_0042.JPG": "img-0042",
		"Église Saint-Éloi (2026).png":      "eglise-saint-eloi-2026",
		"日本.jpg":                            "image",
		".hidden":                           "hidden",
		"a  --  b.webp":                     "a-b",
	} {
		if got := outputStem(in); got != want {
			t.Errorf("outputStem(%q) = %q, want %q", in, got, want)
		}
	}
}
