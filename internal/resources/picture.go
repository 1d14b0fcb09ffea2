package resources

import (
	"strconv"
	"strings"

	"github.com/catalyseurs/alliance/internal/images"
)

// Picture is what layouts/partials/picture.html needs to write an image
// of a page: a <picture> with a WebP <source> and an <img>, or a <figure>
// around it when Caption is set.
type Picture struct {
	Src    string // the <img>'s src: the fallback at the width nearest 800
	Srcset string // the fallback's variants: "/img/a-1a2b-480w.jpg 480w, ..."
	WebP   string // the WebP variants' srcset; "" for an animated GIF or an SVG
	Type   string // the fallback's media type ("image/jpeg")
	// Width and Height are those of the largest variant: the <img>'s
	// width and height attributes, which give the browser the image's
	// shape before it loads.
	Width, Height int
	Sizes         string
	Alt           string
	Caption       string // a <figure>'s caption (a Markdown image's title alone in its paragraph), else ""
	Title         string // the title attribute of an image within text
	Lazy          bool   // loading="lazy": every image but the first of a page
	Class         string // a class for the <picture> or <figure>, if any
}

// Picture returns the picture of the image dest (see Resolve) written in
// the file from, with alt text alt. It is lazy, with DefaultSizes; see
// the With methods. Errors are *images.Error (ErrNotOurs for an absolute
// URL), whose Name is dest as written.
func (s *Site) Picture(from, dest, alt string) (*Picture, error) {
	return s.picture(from, dest, alt)
}

// Cover is Picture for a page's cover image, which also makes, from the
// same decoding, the crop it is shared with (see Image.Share).
func (s *Site) Cover(from, dest, alt string) (*Picture, error) {
	op, err := images.ParseOp(images.Fill, ShareSize)
	if err != nil {
		return nil, err
	}
	return s.picture(from, dest, alt, op)
}

func (s *Site) picture(from, dest, alt string, extra ...images.Op) (*Picture, error) {
	file, err := Resolve(from, dest)
	if err != nil {
		return nil, named(err, dest)
	}
	e, err := s.load(file)
	if err != nil {
		return nil, named(err, dest)
	}
	pic := &Picture{Alt: alt, Sizes: DefaultSizes, Lazy: true}
	if e.src.Format == images.SVG {
		pic.Src, pic.Type = s.publishSVG(e), images.SVG.MediaType()
		pic.Width, pic.Height = svgSize(e.data)
		s.noteOrigin(file, pic.Src)
		return pic, nil
	}
	set, _, err := s.responsive(e, extra...)
	if err != nil {
		return nil, named(err, dest)
	}
	fallback := s.publish(set.Fallback...)
	pic.Srcset = srcset(fallback, set.Fallback)
	if len(set.WebP) > 0 {
		pic.WebP = srcset(s.publish(set.WebP...), set.WebP)
	}
	pick := 0
	for i, r := range set.Fallback {
		if r.Width <= 800 {
			pick = i
		}
	}
	pic.Src = fallback[pick]
	s.noteOrigin(file, fallback...)
	last := set.Fallback[len(set.Fallback)-1]
	pic.Width, pic.Height, pic.Type = last.Width, last.Height, last.Format.MediaType()
	return pic, nil
}

func srcset(urls []string, rs []images.Result) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(urls[i])
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(r.Width))
		b.WriteByte('w')
	}
	return b.String()
}

// named makes an *images.Error name the image as the page wrote it.
func named(err error, dest string) error {
	if e, ok := err.(*images.Error); ok {
		c := *e
		c.Name = dest
		return &c
	}
	return err
}

// Eager returns a copy of p that loads at once: the first image of a page.
func (p *Picture) Eager() *Picture {
	c := *p
	c.Lazy = false
	return &c
}

// LazyIf returns a copy of p that loads lazily when lazy is true, at once
// otherwise: {{ partial "picture.html" ($pic.LazyIf (gt $i 0)) }}.
func (p *Picture) LazyIf(lazy bool) *Picture {
	c := *p
	c.Lazy = lazy
	return &c
}

// WithSizes returns a copy of p with the sizes attribute sizes, for an
// image shown narrower than the text (a list's card).
func (p *Picture) WithSizes(sizes string) *Picture {
	c := *p
	c.Sizes = sizes
	return &c
}

// WithCaption returns a copy of p written as a <figure> with caption.
func (p *Picture) WithCaption(caption string) *Picture {
	c := *p
	c.Caption = caption
	return &c
}

// WithClass returns a copy of p with a class.
func (p *Picture) WithClass(class string) *Picture {
	c := *p
	c.Class = class
	return &c
}

// svgSize reads the width and height of an SVG from its root element's
// width and height attributes, or its viewBox; 0, 0 when it has neither.
func svgSize(data []byte) (w, h int) {
	s := string(data[:min(len(data), 4096)])
	i := strings.Index(s, "<svg")
	if i < 0 {
		return 0, 0
	}
	tag := s[i:]
	if j := strings.IndexByte(tag, '>'); j >= 0 {
		tag = tag[:j]
	}
	attr := func(name string) string {
		k := strings.Index(tag, " "+name+"=")
		if k < 0 {
			return ""
		}
		v := tag[k+len(name)+2:]
		if len(v) == 0 {
			return ""
		}
		q := v[0]
		if q != '"' && q != '\'' {
			return ""
		}
		end := strings.IndexByte(v[1:], q)
		if end < 0 {
			return ""
		}
		return v[1 : 1+end]
	}
	num := func(v string) int {
		v = strings.TrimSuffix(strings.TrimSpace(v), "px")
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 || f > 100000 {
			return 0
		}
		return int(f + 0.5)
	}
	w, h = num(attr("width")), num(attr("height"))
	if w > 0 && h > 0 {
		return w, h
	}
	f := strings.Fields(strings.ReplaceAll(attr("viewBox"), ",", " "))
	if len(f) == 4 {
		if w, h = num(f[2]), num(f[3]); w > 0 && h > 0 {
			return w, h
		}
	}
	return 0, 0
}
