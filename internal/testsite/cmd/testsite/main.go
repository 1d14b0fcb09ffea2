// Command testsite writes a large deterministic test site for benchmarks:
// an alliance site and, with -hugo, the equivalent Hugo site.
//
//	go run ./internal/testsite/cmd/testsite -n 10000 -o DIR [-hugo HUGODIR] [-seed 1]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/catalyseurs/alliance/internal/testsite"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses args, writes the sites and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("testsite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000, "number of content pages (news, charter chapters, events)")
	out := fs.String("o", "", "directory of the alliance site (required unless -hugo is given)")
	hugo := fs.String("hugo", "", "directory of the equivalent Hugo site (optional)")
	seed := fs.Int64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || (*out == "" && *hugo == "") || *n < 0 {
		fmt.Fprintln(stderr, "usage: testsite -n PAGES -o DIR [-hugo HUGODIR] [-seed 1]")
		return 2
	}
	opt := testsite.Options{Pages: *n, Seed: *seed, Hugo: *hugo != ""}
	if *out != "" {
		start := time.Now()
		if err := testsite.Generate(*out, opt); err != nil {
			fmt.Fprintln(stderr, "testsite:", err)
			return 1
		}
		fmt.Fprintf(stdout, "alliance site: %d pages in %s (%s)\n", *n, *out, time.Since(start).Round(time.Millisecond))
	}
	if *hugo != "" {
		start := time.Now()
		if err := testsite.GenerateHugo(*hugo, opt); err != nil {
			fmt.Fprintln(stderr, "testsite:", err)
			return 1
		}
		fmt.Fprintf(stdout, "Hugo site: %d pages in %s (%s)\n", *n, *hugo, time.Since(start).Round(time.Millisecond))
	}
	return 0
}
