// Package cli holds alliance's subcommands: build, serve, new, check, email
// and version. Run parses the command line and returns the exit status: 0 on
// success, 1 when the site has errors, 2 on bad usage.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/catalyseurs/alliance/internal/diag"
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
  alliance build  [-s SRC] [-d DEST] [--drafts] [--future] [--expired] [--base-url URL] [-v]
  alliance serve  [-s SRC] [--bind 127.0.0.1] [--port 1313] [--drafts] [--future] [--expired]
  alliance new    news|charte|event "Title" [-s SRC]
  alliance new    site DIR
  alliance check  [-s SRC]
  alliance email  SLUG | --since YYYY-MM-DD | --last 30d  [--intro FILE] [-o FILE] [--send-test ADDR] [-s SRC]
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
	case "serve", "server": // server: Hugo's name
		return runServe(ctx, rest, stdout, stderr)
	case "new":
		return runNew(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "email":
		return runEmail(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "alliance %s\n", Version)
		return ExitOK
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "alliance: unknown command %q%s\n\n%s", cmd, meant(cmd, commands), usage)
	return ExitUsage
}

var commands = []string{"build", "serve", "new", "check", "email", "version", "help"}

// meant returns ` (did you mean "x"?)` for the closest of known to got,
// or "" when none is close.
func meant(got string, known []string) string {
	if best := diag.Closest(strings.TrimLeft(got, "-"), known); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// parse parses flags that may come before, between or after positional
// arguments, and returns the positional ones. An unknown flag is named,
// with the flag probably meant.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, int, bool) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(stderr)
				fs.PrintDefaults()
				return nil, ExitOK, false
			}
			msg := err.Error()
			if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
				var known []string
				fs.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
				hint := meant(name, known)
				if alt, ok := hugoFlags[strings.TrimLeft(name, "-")]; ok {
					hint = fmt.Sprintf(" (alliance writes it %s)", alt)
				}
				msg = "unknown flag -" + name + hint
			}
			fmt.Fprintf(stderr, "alliance %s: %s\n", fs.Name(), msg)
			fmt.Fprintf(stderr, "Run alliance %s -h for its flags.\n", fs.Name())
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

// hugoFlags are Hugo flags with another name here.
var hugoFlags = map[string]string{
	"destination":         "-d DEST",
	"contentDir":          "-s SRC (the folder holding content/)",
	"watch":               "alliance serve (it watches)",
	"minify":              "nothing: alliance writes compact HTML",
	"gc":                  "nothing: alliance removes what it no longer writes",
	"cleanDestinationDir": "nothing: DEST is replaced whole",
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
