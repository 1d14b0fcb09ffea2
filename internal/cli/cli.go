// Package cli holds alliance's subcommands: build, serve, new, check and
// version. Run parses the command line and returns the exit status: 0 on
// success, 1 when the site has errors, 2 on bad usage.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit statuses.
const (
	ExitOK    = 0
	ExitSite  = 1 // the site has errors
	ExitUsage = 2 // bad command line
)

// Version is the program's version, set at link time with
// -ldflags "-X github.com/catalyseurs/alliance/internal/cli.Version=...".
var Version = "0.1.0-dev"

const usage = `alliance builds the static site of a network of catalysts.

Usage:
  alliance build  [-s SRC] [-d DEST] [--drafts] [--future] [--base-url URL] [-v]
  alliance serve  [-s SRC] [--bind 127.0.0.1] [--port 1313] [--drafts] [--future]
  alliance new    news|charte|event "Title" [-s SRC]
  alliance check  [-s SRC]
  alliance version
`

// Run runs the command line args (without the program name).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "new":
		return runNew(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "alliance %s\n", Version)
		return ExitOK
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "alliance: unknown command %q\n\n%s", cmd, usage)
	return ExitUsage
}

// parse parses flags that may come before, between or after positional
// arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, int, bool) {
	fs.SetOutput(stderr)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, ExitOK, false
			}
			return nil, ExitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, ExitOK, true
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), ExitOK, true
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func usageError(stderr io.Writer, cmd, format string, a ...any) int {
	fmt.Fprintf(stderr, "alliance %s: %s\n", cmd, fmt.Sprintf(format, a...))
	for _, l := range strings.Split(usage, "\n") {
		if strings.Contains(l, "alliance "+cmd) {
			fmt.Fprintf(stderr, "usage:%s\n", strings.TrimPrefix(l, " "))
		}
	}
	return ExitUsage
}
