package resources

import (
	"path"
	"strings"

	"github.com/catalyseurs/alliance/internal/images"
)

// Image is an image as Hugo's layouts know it: .Resize "800x webp",
// .Fit "600x400", .Fill "1200x630", .Width, .Height, .RelPermalink,
// .Permalink. It is a source file of the site, or one of its processed
// versions.
type Image struct {
	site *Site
	file string         // the site file, "content/actualites/x/photo.jpg"
	e    *source        // the source
	res  *images.Result // the processed version; nil for the source itself
	url  string         // once published
}

// Get returns the file assets/NAME as an Image: a layout's resources.Get.
func (s *Site) Get(name string) (*Image, error) {
	name = strings.TrimPrefix(path.Clean("/"+name), "/")
	return s.image("assets/" + name)
}

// PageResource returns the file name of the folder of the page file from
// (a page bundle's, or the one beside a post): .Resources.Get "photo.jpg".
func (s *Site) PageResource(from, name string) (*Image, error) {
	file := path.Join(path.Dir(from), name)
	if !strings.HasPrefix(file, path.Dir(from)+"/") {
		return nil, &images.Error{Name: name, Kind: images.Missing}
	}
	return s.image(file)
}

// ImageOf returns the image dest written in the file from (see Resolve):
// the cover image of a page.
func (s *Site) ImageOf(from, dest string) (*Image, error) {
	file, err := Resolve(from, dest)
	if err != nil {
		return nil, named(err, dest)
	}
	img, err := s.image(file)
	return img, named(err, dest)
}

func (s *Site) image(file string) (*Image, error) {
	e, err := s.load(file)
	if err != nil {
		return nil, err
	}
	return &Image{site: s, file: file, e: e}, nil
}

// Name is the site file the image comes from.
func (i *Image) Name() string { return i.file }

// Width is the image's width in pixels, upright (0 for an SVG).
func (i *Image) Width() int {
	if i.res != nil {
		return i.res.Width
	}
	return i.e.src.Width
}

// Height is the image's height in pixels, upright (0 for an SVG).
func (i *Image) Height() int {
	if i.res != nil {
		return i.res.Height
	}
	return i.e.src.Height
}

// Size is the size in bytes of a processed image, 0 for a source.
func (i *Image) Size() int64 {
	if i.res != nil {
		return i.res.Size
	}
	return 0
}

// MediaType is the image's MIME type ("image/webp").
func (i *Image) MediaType() string {
	if i.res != nil {
		return i.res.Format.MediaType()
	}
	return i.e.src.Format.MediaType()
}

// RelPermalink publishes the image and returns its URL from the site's
// root. The source itself is published as a copy made of its pixels alone,
// at its own size (no metadata); an SVG as it is.
func (i *Image) RelPermalink() (string, error) {
	if i.url != "" {
		return i.url, nil
	}
	switch {
	case i.res != nil:
		i.url = i.site.publish(*i.res)[0]
	case i.e.src.Format == images.SVG:
		i.url = i.site.publishSVG(i.e)
	default:
		rs, err := i.site.proc.Process(i.site.ctx, i.e.src, images.Op{Action: images.Fit, Width: i.e.src.Width, Height: i.e.src.Height})
		if err != nil {
			return "", err
		}
		i.url = i.site.publish(rs[0])[0]
	}
	return i.url, nil
}

// Permalink is RelPermalink as an absolute URL.
func (i *Image) Permalink() (string, error) {
	rel, err := i.RelPermalink()
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(i.site.baseURL, "/") + strings.TrimPrefix(rel, strings.TrimSuffix(i.site.basePath, "/")), nil
}

// ShareSize is the size of the image a page is shared with: its og:image,
// JSON-LD image and feed item image (the size Facebook and LinkedIn show).
const ShareSize = "1200x630"

// Share returns the image cropped to ShareSize, published.
func (i *Image) Share() (*Image, error) {
	img, err := i.Fill(ShareSize)
	if err != nil {
		return nil, err
	}
	if _, err := img.RelPermalink(); err != nil {
		return nil, err
	}
	return img, nil
}

// Resize scales the image: "800x", "x600", "800x600 webp q75" (see
// images.ParseOp).
func (i *Image) Resize(spec string) (*Image, error) { return i.apply(images.Resize, spec) }

// Fit scales the image down to fit within a box: "600x400".
func (i *Image) Fit(spec string) (*Image, error) { return i.apply(images.Fit, spec) }

// Fill crops the image around its centre to a size: "1200x630".
func (i *Image) Fill(spec string) (*Image, error) { return i.apply(images.Fill, spec) }

func (i *Image) apply(a images.Action, spec string) (*Image, error) {
	r, err := i.site.proc.Apply(i.site.ctx, i.e.src, a, spec)
	if err != nil {
		return nil, err
	}
	return &Image{site: i.site, file: i.file, e: i.e, res: &r}, nil
}
