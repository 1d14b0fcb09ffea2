// Command imagebench is the benchmark of package images against Hugo's
// image processing (scripts/bench-images.sh drives it):
//
//	imagebench gen -photos 200 -posts 100 SITE   # a Hugo site of camera-size photos
//	imagebench run -cache DIR -dest DIR SITE     # what a build does with them
//
// gen writes SITE/content/posts/pNNN/index.md with its photos (4,000 x
// 3,000 JPEG, made by package testphoto) and a layout that asks Hugo for
// the same variants. run loads every photo of SITE/content, makes its
// responsive set (all widths, WebP and JPEG) with one Processor, as the
// engine will, copies the outputs into DEST and prints the counters.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/catalyseurs/alliance/internal/images"
	"github.com/catalyseurs/alliance/internal/images/testphoto"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "run":
		err = run(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "imagebench:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: imagebench gen [-photos N] [-posts N] [-width W] [-height H] SITE\n       imagebench run -cache DIR -dest DIR SITE")
	os.Exit(2)
}

const hugoConfig = `baseURL = "https://example.org/"
title = "images benchmark"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404", "robotsTXT"]
[imaging]
quality = 80
`

// hugoSingle asks for every width in WebP and JPEG, as Responsive makes them.
const hugoSingle = `{{ range .Resources.ByType "image" }}{{ $img := . }}
{{- range slice 480 800 1200 1600 }}
{{ ($img.Resize (printf "%dx webp q80" .)).RelPermalink }} {{ ($img.Resize (printf "%dx jpg q80" .)).RelPermalink }}
{{- end }}{{ end }}
`

func gen(args []string) error {
	fl := flag.NewFlagSet("gen", flag.ExitOnError)
	photos := fl.Int("photos", 200, "photos")
	posts := fl.Int("posts", 100, "posts (photos are shared out between them)")
	w := fl.Int("width", 4000, "photo width")
	h := fl.Int("height", 3000, "photo height")
	fl.Parse(args)
	if fl.NArg() != 1 {
		usage()
	}
	site := fl.Arg(0)
	files := map[string]string{
		"hugo.toml":                    hugoConfig,
		"layouts/_default/single.html": hugoSingle,
		"layouts/_default/list.html":   "{{ .Title }}\n",
		"layouts/index.html":           "{{ .Title }}\n",
	}
	for name, text := range files {
		if err := write(filepath.Join(site, name), []byte(text)); err != nil {
			return err
		}
	}
	for i := 0; i < *posts; i++ {
		md := fmt.Sprintf("---\ntitle: \"Post %d\"\n---\nPhotos.\n", i)
		if err := write(filepath.Join(site, "content/posts", fmt.Sprintf("p%03d", i), "index.md"), []byte(md)); err != nil {
			return err
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, *photos)
	sem := make(chan struct{}, 2)
	for i := 0; i < *photos; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			data := testphoto.JPEG(testphoto.Photo(uint64(i+1), *w, *h), 90, nil)
			name := filepath.Join(site, "content/posts", fmt.Sprintf("p%03d", i%*posts), fmt.Sprintf("photo%03d.jpg", i))
			errs <- write(name, data)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func write(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

func run(args []string) error {
	fl := flag.NewFlagSet("run", flag.ExitOnError)
	cacheDir := fl.String("cache", "", "cache folder")
	dest := fl.String("dest", "", "output folder")
	profile := fl.String("cpuprofile", "", "write a CPU profile to this file")
	memprofile := fl.String("memprofile", "", "write an allocation profile to this file")
	fl.Parse(args)
	if *memprofile != "" {
		runtime.MemProfileRate = 64 << 10
		defer func() {
			f, err := os.Create(*memprofile)
			if err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if fl.NArg() != 1 || *cacheDir == "" || *dest == "" {
		usage()
	}
	start := time.Now()
	ctx := context.Background()
	p, err := images.New(images.Options{CacheDir: *cacheDir})
	if err != nil {
		return err
	}
	content := os.DirFS(filepath.Join(fl.Arg(0), "content"))
	var names []string
	fs.WalkDir(content, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(name, ".jpg") {
			names = append(names, name)
		}
		return err
	})
	// One goroutine per photo, as a build renders pages in parallel: the
	// Processor bounds the work in flight.
	var wg sync.WaitGroup
	errs := make([]error, len(names))
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = one(ctx, p, content, name, *dest)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	removed, err := p.Prune(ctx, p.Used())
	if err != nil {
		return err
	}
	s := p.Stats()
	fmt.Printf("photos=%d decodes=%d encodes=%d disk_hits=%d memory_hits=%d redone=%d pruned=%d elapsed=%.3fs\n",
		len(names), s.Decodes, s.Encodes, s.DiskHits, s.MemoryHits, s.Redone, removed, time.Since(start).Seconds())
	return nil
}

func one(ctx context.Context, p *images.Processor, content fs.FS, name, dest string) error {
	src, err := p.Open(ctx, content, name)
	if err != nil {
		return err
	}
	set, err := p.Responsive(ctx, src)
	if err != nil {
		return err
	}
	dir := filepath.Join(dest, filepath.Dir(name))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, r := range append(set.WebP, set.Fallback...) {
		if err := copyFile(r.Path, filepath.Join(dir, r.Name)); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
