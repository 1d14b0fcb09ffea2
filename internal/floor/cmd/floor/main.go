// Command floor runs the floor benchmark on a site: it converts every page
// of SRC/content with goldmark into DEST/<section>/<slug>/index.html and
// nothing else, the lower bound of any generator built on goldmark.
//
//	floor -s SRC -d DEST [-w WORKERS] [-v]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/catalyseurs/alliance/internal/floor"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run parses args, converts the site and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("s", ".", "site folder (with content/)")
	dest := fs.String("d", "", "output folder (default SRC/public)")
	workers := fs.Int("w", 0, "goroutines converting pages (default GOMAXPROCS)")
	verbose := fs.Bool("v", false, "print a summary")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: floor -s SRC -d DEST [-w WORKERS] [-v]")
		return 2
	}
	if *dest == "" {
		*dest = filepath.Join(*src, "public")
	}
	st, err := floor.Run(ctx, *src, *dest, *workers)
	if err != nil {
		fmt.Fprintln(stderr, "floor:", err)
		return 1
	}
	if *verbose {
		fmt.Fprintf(stdout, "floor: %d pages, %d workers, %.1f MB in, %.1f MB out, %s\n",
			st.Pages, st.Workers, float64(st.InBytes)/1e6, float64(st.OutBytes)/1e6, st.Elapsed.Round(1e6))
	}
	return 0
}
