package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/build"
	"github.com/catalyseurs/alliance/internal/sitefs"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var sf siteFlags
	sf.register(fs)
	pos, code, ok := parse(fs, args, stderr)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(stderr, "check", "unexpected argument %q", pos[0])
	}
	if !sf.siteHere("check", stderr) {
		return ExitSite
	}
	site, closeSite, err := sitefs.FS(sf.src)
	if err != nil {
		fmt.Fprintf(stderr, "alliance check: %v\n", err)
		return ExitSite
	}
	defer closeSite()
	findings, warnings, err := build.Check(ctx, site, build.Options{Drafts: sf.drafts, Future: sf.future, Expired: sf.expired, Theme: alliance.Theme(), ImageCache: sf.imageCache(), EditionCache: sf.editionCache()})
	if err != nil {
		return reportErrors(stderr, err)
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	for _, f := range findings {
		fmt.Fprintln(stdout, f)
	}
	if len(findings) > 0 {
		fmt.Fprintf(stderr, "alliance check: %d finding(s)\n", len(findings))
		return ExitSite
	}
	fmt.Fprintln(stdout, "alliance check: no problem found")
	return ExitOK
}
