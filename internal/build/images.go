package build

import (
	"errors"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/diag"
	"github.com/catalyseurs/alliance/internal/images"
	"github.com/catalyseurs/alliance/internal/markdown"
	"github.com/catalyseurs/alliance/internal/overlay"
	"github.com/catalyseurs/alliance/internal/resources"
	"github.com/catalyseurs/alliance/internal/sitefs"
)

// The site's images (package resources) in a build: Markdown images and
// cover images become pictures through layouts/partials/picture.html,
// their outputs are written under img/, and the cache is pruned of what
// the build did not use.

// imageState is what a Session keeps of the images from one build to the
// next: the Processor (whose memory layer spares the disk), the images'
// Site (which knows the sources loaded), and the bytes of the outputs.
type imageState struct {
	opts  images.Options
	site  *resources.Site
	bytes sync.Map // output name -> []byte
	temp  string   // a temporary cache folder made for the session, if any
}

// setupImages makes the images' Processor and Site for the configuration,
// or takes the Session's when it was made for the same settings.
func (b *builder) setupImages() {
	opts := images.Options{CacheDir: b.opt.ImageCache, Widths: b.cfg.Images.Widths,
		Quality: b.cfg.Images.Quality, MaxPixels: b.cfg.Images.MaxPixels, Workers: b.opt.Workers}
	if m := b.keys.memoOrNil(); m != nil && m.images != nil {
		st := m.images
		if opts.CacheDir == "" {
			opts.CacheDir = st.temp
		}
		if sameImageOptions(st.opts, opts) {
			st.site.SetBaseURL(b.cfg.BaseURL)
			st.site.Begin(b.ctx)
			st.site.Forget(m.changed)
			b.images = st.site
			return
		}
	}
	temp := ""
	if opts.CacheDir == "" {
		dir, err := os.MkdirTemp("", "alliance-images-")
		if err != nil {
			b.errs.Add(diag.Pos{File: "site.yaml"}, "cannot make a folder for the images: "+err.Error(), "")
			return
		}
		opts.CacheDir, temp = dir, dir
	}
	proc, err := images.New(opts)
	if err != nil {
		b.errs.Add(diag.Pos{File: b.opt.ImageCache}, "cannot open the images' cache: "+err.Error(), "a folder alliance may write to")
		return
	}
	b.images = resources.New(b.src, proc, b.cfg.BaseURL)
	b.images.SetStatic(overlay.New(sub(b.src, "static"), sub(b.opt.Theme, "static")))
	b.images.Begin(b.ctx)
	if m := b.keys.memoOrNil(); m != nil {
		m.images = &imageState{opts: opts, site: b.images, temp: temp}
		m.layout = nil // the layouts' functions hold the images' Site
	} else {
		b.imageTemp = temp
	}
}

func sameImageOptions(a, b images.Options) bool {
	return a.CacheDir == b.CacheDir && slices.Equal(a.Widths, b.Widths) && a.Quality == b.Quality &&
		a.MaxPixels == b.MaxPixels && a.Workers == b.Workers
}

// imageChange reports whether a changed path may be an image the pages
// show: a file beside the pages, in static/ or in assets/.
func imageChange(changed []string) bool {
	for _, c := range changed {
		switch sitefs.RoleOf(c) {
		case sitefs.File, sitefs.Static, sitefs.Asset:
			return true
		}
	}
	return false
}

// pageImages renders the images of a page's Markdown (markdown's
// ImageRenderer) and resolves its links (markdown's Resolver).
type pageImages struct {
	b     *builder
	p     *content.Page
	errs  diag.List
	warns diag.List
	srcs  map[int]string // the line of each image rendered -> its src, for the link check
}

func (r *pageImages) Resolve(dest string, image bool) (string, bool) {
	return r.p.Site.Resolve(r.p, dest)
}

// RenderImage writes a Markdown image as layouts/partials/picture.html
// does; an error is noted with the image's line.
func (r *pageImages) RenderImage(img markdown.Image) (string, bool) {
	if r.b.images == nil || r.b.layout == nil {
		return "", false // the layouts failed to load: that is the error
	}
	line := img.Line + r.p.BodyLine - 1
	pic, err := r.b.images.Picture(r.p.File, img.Dest, img.Alt)
	if errors.Is(err, resources.ErrNotOurs) {
		return "", false
	}
	if err != nil {
		r.errs.Append(imageError(r.p.File, line, err))
		return "", false
	}
	if strings.TrimSpace(img.Alt) == "" {
		r.warns.Add(diag.Pos{File: r.p.File, Line: line}, "image without alt text: "+img.Dest, `![what the image shows](`+img.Dest+`)`)
	}
	if img.Figure {
		pic = pic.WithCaption(r.b.conv.Typeset(img.Title))
	} else {
		pic.Title = r.b.conv.Typeset(img.Title)
	}
	pic.Lazy = img.Index > 0 || r.p.Image != ""
	out, err := r.b.layout.Partial("picture.html", pic)
	if err != nil {
		r.errs.Append(err)
		return "", false
	}
	if r.srcs == nil {
		r.srcs = map[int]string{}
	}
	r.srcs[img.Line] = pic.Src
	return strings.TrimRight(string(out), "\n"), true
}

// imageError says what is wrong with an image named at file:line.
func imageError(file string, line int, err error) *diag.Error {
	e := &diag.Error{Pos: diag.Pos{File: file, Line: line}, Msg: err.Error()}
	var ie *images.Error
	if errors.As(err, &ie) {
		switch ie.Kind {
		case images.Missing:
			e.Want = "a file beside the page, in its folder, or in static/ for a path from the site's root"
		case images.Truncated, images.Corrupt:
			e.Want = "the file saved again from the original photo"
		}
	}
	return e
}

// checkCovers processes every page's cover image (its image field), in
// parallel, so that a bad one is an error naming the page's file and line
// before any layout runs.
func (b *builder) checkCovers() {
	if b.images == nil {
		return
	}
	var pages []*content.Page
	for _, p := range b.site.All() {
		if p.Image != "" {
			pages = append(pages, p)
		}
	}
	b.parallel("images", len(pages), func(i int) {
		p := pages[i]
		_, err := b.images.Cover(p.File, p.Image, p.ImageAlt)
		if errors.Is(err, resources.ErrNotOurs) {
			return
		}
		if err != nil {
			b.addErr(imageError(p.File, p.ImageLine, err))
			return
		}
		if p.ImageAlt == "" {
			b.mu.Lock()
			b.res.ImageFindings.Add(diag.Pos{File: p.File, Line: p.ImageLine}, "cover image without imageAlt: "+p.Image, "imageAlt: what the image shows")
			b.mu.Unlock()
		}
	})
}

// isImageFile reports whether a file of content/ is an image the site
// publishes processed, never as it is (it may hold a GPS position).
func isImageFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp":
		return true
	}
	return false
}

// writeImages writes the images the pages use; for the image files of
// content/ that a page links to (not shows), a copy of their pixels alone
// where the link leads; and for those of static/ that a page shows, such
// a copy in place of the file (which copyStatic left out).
func (b *builder) writeImages() {
	if b.images == nil {
		return
	}
	base := strings.TrimSuffix(b.images.BasePath(), "/")
	var images []string // the image files of content/, in the site's order
	for _, f := range b.site.Files {
		if isImageFile(f) {
			images = append(images, f)
		}
	}
	if len(images) > 0 {
		linked := map[string]bool{}
		for _, pl := range b.res.Links {
			for _, l := range pl.Links {
				if !l.Image && l.Resolved {
					u, _, _ := strings.Cut(l.URL, "#")
					linked[u] = true
				}
			}
		}
		for _, f := range images {
			rel, _ := b.site.FileOutput(f)
			if linked[base+"/"+rel] {
				if err := b.images.PublishAs(f, rel); err != nil {
					b.addErr(imageError(f, 0, err))
				}
			}
		}
	}
	for _, f := range b.images.Used() {
		if rel, ok := strings.CutPrefix(f, "static/"); ok && isImageFile(f) {
			if err := b.images.PublishAs(f, rel); err != nil {
				b.addErr(imageError(f, 0, err))
			}
		}
	}
	var st *imageState
	if m := b.keys.memoOrNil(); m != nil {
		st = m.images
	}
	outs := b.images.Outputs()
	b.parallel("images", len(outs), func(i int) {
		o := outs[i]
		data := o.Data
		if data == nil && st != nil {
			if v, ok := st.bytes.Load(o.From); ok {
				data = v.([]byte)
			}
		}
		if data == nil {
			var err error
			if data, err = os.ReadFile(o.From); err != nil {
				b.addErr(&diag.Error{Pos: diag.Pos{File: o.From}, Msg: "cannot read a processed image: " + err.Error(), Want: "the cache folder as the build left it (delete it to start again)"})
				return
			}
			if st != nil {
				st.bytes.Store(o.From, data)
			}
		}
		b.writeUnkeyed(o.Name, data)
	})
}

// pruneImages removes from the cache the entries no build of this
// Processor used, once a build succeeded.
func (b *builder) pruneImages() {
	if b.images == nil {
		return
	}
	proc := b.images.Processor()
	if _, err := proc.Prune(b.ctx, proc.Used()); err != nil {
		b.res.Warnings.Add(diag.Pos{File: b.opt.ImageCache}, "cannot prune the images' cache: "+err.Error(), "")
	}
}

// shareImage is the cover image of p cropped as it is shared (the feeds'
// item image, as the og:image), or nil when p has none. Errors were
// reported by checkCovers.
func (b *builder) shareImage(p *content.Page) *resources.Image {
	if b.images == nil || p.Image == "" {
		return nil
	}
	img, err := b.images.ImageOf(p.File, p.Image)
	if err != nil || img.Width() == 0 {
		return nil // an SVG has no pixels to crop
	}
	share, err := img.Share()
	if err != nil {
		return nil
	}
	return share
}
