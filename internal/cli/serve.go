package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/build"
	"github.com/catalyseurs/alliance/internal/server"
)

// servePortTries is how many ports after --port serve tries when it is busy.
const servePortTries = 20

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var sf siteFlags
	sf.register(fs)
	bind := fs.String("bind", "127.0.0.1", "address to listen on")
	port := fs.Int("port", 1313, "port to listen on; the next free one is taken when it is busy")
	pos, code, ok := parse(fs, args, stderr)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(stderr, "serve", "unexpected argument %q", pos[0])
	}
	if *port < 0 || *port > 65535 {
		return usageError(stderr, "serve", "--port %d is not a port number (want 0 to 65535)", *port)
	}
	if *bind != "localhost" && net.ParseIP(*bind) == nil {
		return usageError(stderr, "serve", "--bind %q is not an IP address (want 127.0.0.1, ::1, 0.0.0.0...)", *bind)
	}
	if info, err := os.Stat(sf.src); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "alliance serve: %s is not a folder\n", sf.src)
		return ExitSite
	}
	if !sf.siteHere("serve", stderr) {
		return ExitSite
	}

	if ip := net.ParseIP(*bind); ip != nil && !ip.IsLoopback() {
		fmt.Fprintf(stderr, "alliance serve: warning: --bind %s is not a loopback address: anyone who can reach this machine can read the site, drafts included. This server is for editing, not for publishing.\n", *bind)
	}
	ln, got, err := server.Listen(*bind, *port, servePortTries)
	if err != nil {
		fmt.Fprintf(stderr, "alliance serve: %v\n", err)
		return ExitSite
	}
	if *port != 0 && got != *port {
		fmt.Fprintf(stdout, "Port %d is busy; using port %d instead.\n", *port, got)
	}
	url := server.URL(ln.Addr())
	srv, err := server.New(server.Options{
		Dir: sf.src,
		Build: build.Options{
			Drafts:  sf.drafts,
			Future:  sf.future,
			Expired: sf.expired,
			BaseURL: url,
			Theme:   alliance.Theme(),
			// The e-mail editions' images.
			ImageCache: sf.imageCache(),
		},
		Stdout: stdout,
		Stderr: stderr,
	})
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "alliance serve: %v\n", err)
		return ExitSite
	}
	fmt.Fprintf(stdout, "Serving %s at %s (press Ctrl-C to stop)\n", sf.src, url)
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "alliance serve: %v\n", err)
		return ExitSite
	}
	fmt.Fprintln(stdout, "Stopped.")
	return ExitOK
}
