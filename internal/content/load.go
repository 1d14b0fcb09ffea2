package content

import (
	"context"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/catalyseurs/alliance/internal/config"
	"github.com/catalyseurs/alliance/internal/diag"
)

// Options choose which pages a site keeps, and how their text is rendered.
type Options struct {
	Drafts  bool // keep drafts
	Future  bool // keep pages dated after Now (events are never "future")
	Expired bool // keep pages whose expiryDate is past
	// Data is what the site's data files hold (package data), .Site.Data
	// in layouts; DataKey changes whenever they do.
	Data    map[string]any
	DataKey uint64
	// RenderKey changes whenever what renders the pages' Markdown does
	// (the layouts of shortcodes, hooks and images): a site assembled
	// again then renders every page again.
	RenderKey uint64
	Now       time.Time // the build's clock; upcoming events and future pages are relative to it
	// Typeset applies the site's typography to titles (those of the
	// files when they are read, see Read, and those of generated pages);
	// nil leaves them as written.
	Typeset func(string) string
	// Render renders the pages' Markdown, on first use; nil renders nothing.
	Render Renderer
}

// Limits on one content file, so that a hostile or broken file fails fast
// with a clear error instead of exhausting the machine.
const (
	MaxFileSize = 16 << 20 // bytes; the largest page of a real site is well under 1 MB
	MaxTags     = 200      // tags on one page
)

// Files lists what content/ holds: the Markdown files and the other files
// (images beside a post, copied as they are), each sorted.
type Files struct {
	Markdown []string
	Other    []string
}

// Load reads every Markdown file under content/ in fsys and assembles the
// site. It returns the site, the warnings, and every error found (a
// diag.List).
func Load(ctx context.Context, fsys fs.FS, cfg *config.Config, opt Options) (*Site, diag.List, error) {
	files, errs := Walk(ctx, fsys)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	sources := ReadAll(ctx, fsys, cfg, files.Markdown, opt.Typeset)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	site, warns, err := Assemble(cfg, sources, files.Other, opt, nil)
	if len(errs) > 0 {
		errs = append(errs, asList(err)...)
		errs.Sort()
		return site, warns, errs
	}
	return site, warns, err
}

// ReadAll reads the Markdown files names of fsys in parallel (see Read).
func ReadAll(ctx context.Context, fsys fs.FS, cfg *config.Config, names []string, typeset func(string) string) []*Source {
	out := make([]*Source, len(names))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(names), 1)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(names) || ctx.Err() != nil {
					return
				}
				out[i] = Read(fsys, names[i], cfg, typeset)
			}
		})
	}
	wg.Wait()
	return out
}

func asList(err error) diag.List {
	if err == nil {
		return nil
	}
	if l, ok := err.(diag.List); ok {
		return l
	}
	return diag.List{&diag.Error{Msg: err.Error(), Err: err}}
}

// Ignored reports editors' temporary and hidden files.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#")
}

// Walk lists the files under content/ in fsys, leaving out editors'
// temporary and hidden files and folders.
func Walk(ctx context.Context, fsys fs.FS) (Files, diag.List) {
	var f Files
	var errs diag.List
	if _, err := fs.Stat(fsys, "content"); err != nil {
		errs.Add(diag.Pos{File: "content"}, "no content folder", "a content/ folder beside site.yaml")
		return f, errs
	}
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Add(diag.Pos{File: p}, "cannot read: "+err.Error(), "")
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		name := d.Name()
		if p != "content" && Ignored(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := fs.Stat(fsys, p)
			if err != nil {
				errs.Add(diag.Pos{File: p}, "symbolic link refused: "+err.Error(), "a file inside the site folder")
				return nil
			}
			if info.IsDir() {
				errs.Add(diag.Pos{File: p}, "symbolic link to a folder refused", "a real folder")
				return nil
			}
		}
		if strings.HasSuffix(name, ".md") {
			f.Markdown = append(f.Markdown, p)
		} else {
			f.Other = append(f.Other, p)
		}
		return nil
	})
	if err != nil && ctx.Err() == nil {
		errs.Add(diag.Pos{File: "content"}, "cannot read: "+err.Error(), "")
	}
	slices.Sort(f.Markdown) // a walk's order is not the strings' ("a/b" after "a-b")
	slices.Sort(f.Other)
	return f, errs
}
