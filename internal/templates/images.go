package templates

import (
	"errors"
	"html/template"
	"strings"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/images"
	"github.com/catalyseurs/alliance/internal/resources"
)

// imageFuncs are the functions that give layouts the site's images (see
// package resources): picture, image and Hugo's resources.Get. Without
// Options.Images they find nothing.
//
//	{{ with picture . .Image .ImageAlt }}{{ partial "picture.html" .Eager }}{{ end }}
//	{{ with image . .Image }}{{ with .Fill "1200x630" }}{{ .Permalink }}{{ end }}{{ end }}
//	{{ with resources.Get "logo.png" }}{{ (.Resize "200x webp").RelPermalink }}{{ end }}
func imageFuncs(site *resources.Site) template.FuncMap {
	return template.FuncMap{
		"picture": func(p *content.Page, dest, alt string) (*resources.Picture, error) {
			if site == nil || strings.TrimSpace(dest) == "" {
				return nil, nil
			}
			pic, err := site.Picture(pageFile(p), dest, alt)
			return pic, quiet(err)
		},
		"image": func(p *content.Page, dest string) (*resources.Image, error) {
			if site == nil || strings.TrimSpace(dest) == "" {
				return nil, nil
			}
			img, err := site.ImageOf(pageFile(p), dest)
			return img, quiet(err)
		},
		// shareImage is the page's cover image cropped as it is shared
		// (og:image, JSON-LD, feeds), or nil.
		"shareImage": func(p *content.Page) (*resources.Image, error) {
			if site == nil || p == nil || strings.TrimSpace(p.Image) == "" {
				return nil, nil
			}
			img, err := site.ImageOf(pageFile(p), p.Image)
			if err != nil || img.Width() == 0 {
				return nil, quiet(err)
			}
			return img.Share()
		},
		"resources": func() assets { return assets{site} },
	}
}

// assets is Hugo's resources namespace: resources.Get "NAME" reads
// assets/NAME.
type assets struct{ site *resources.Site }

// Get returns assets/name as an image, or nil when there is none.
func (a assets) Get(name string) (*resources.Image, error) {
	if a.site == nil {
		return nil, nil
	}
	img, err := a.site.Get(name)
	if images.KindOf(err) == images.Missing {
		return nil, nil
	}
	return img, err
}

// pageFile is the file a page's images are found from: its Markdown file,
// or content/ for a generated page.
func pageFile(p *content.Page) string {
	if p == nil || p.File == "" {
		return "content/_index.md"
	}
	return p.File
}

// quiet turns "not an image of the site" (an absolute URL) into nothing.
func quiet(err error) error {
	if errors.Is(err, resources.ErrNotOurs) {
		return nil
	}
	return err
}

// Partial runs layouts/partials/NAME with data, as {{ partial }} does: the
// build writes a page's Markdown images with picture.html.
func (s *Set) Partial(name string, data any) (template.HTML, error) {
	out, err := s.partial(name, data)
	if err != nil {
		return "", FromError(err)
	}
	return out, nil
}
