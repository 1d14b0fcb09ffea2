package e2e

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/catalyseurs/alliance"
	"github.com/catalyseurs/alliance/internal/build"
)

// repoRoot is the repository's root, where the example site lives.
const repoRoot = "../.."

// fixedNow is the clock of the example builds: outputs must not depend on
// the day the tests run. Events of 2027 are upcoming, those of 2022 past.
var fixedNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

var (
	exampleOnce sync.Once
	exampleDir  string
	exampleErr  error
)

// TestMain removes the example site's folder once the tests have run.
func TestMain(m *testing.M) {
	code := m.Run()
	if exampleDir != "" {
		os.RemoveAll(filepath.Dir(exampleDir))
	}
	os.Exit(code)
}

// exampleSite builds the repository's example site once per test binary
// into a temporary folder and returns that folder.
func exampleSite(t testing.TB) string {
	t.Helper()
	exampleOnce.Do(func() {
		dir, err := os.MkdirTemp("", "alliance-e2e-")
		if err != nil {
			exampleErr = err
			return
		}
		exampleDir = filepath.Join(dir, "public")
		_, exampleErr = build.Build(context.Background(), repoRoot, exampleDir, build.Options{Now: fixedNow, Theme: alliance.Theme()})
	})
	if exampleErr != nil {
		t.Fatalf("building the example site: %v", exampleErr)
	}
	return exampleDir
}

// buildSite builds the site in src into a new temporary folder.
func buildSite(t testing.TB, src string) (string, error) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	_, err := build.Build(context.Background(), src, dest, build.Options{Now: fixedNow, Theme: alliance.Theme()})
	return dest, err
}

// requireTool returns the path of an outside program, or skips the test
// when it is missing (fails under ALLIANCE_REQUIRE_TOOLS=1).
func requireTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, name+" is not installed")
	}
	return p
}

// npmFile returns a file of an npm package installed under
// ALLIANCE_NPM_DIR, or skips (fails under ALLIANCE_REQUIRE_TOOLS=1).
func npmFile(t testing.TB, rel string) string {
	t.Helper()
	dir := os.Getenv("ALLIANCE_NPM_DIR")
	if dir == "" {
		missing(t, "ALLIANCE_NPM_DIR is not set (npm packages: vnu-jar, axe-core)")
	}
	p := filepath.Join(dir, "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		missing(t, p+" is missing")
	}
	return p
}

func missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("ALLIANCE_REQUIRE_TOOLS") == "1" {
		t.Fatalf("required tool missing (ALLIANCE_REQUIRE_TOOLS=1): %s", why)
	}
	t.Skip(why)
}

// serveDir serves a built site on 127.0.0.1 on a free port until the test
// ends, and returns its base URL ("http://127.0.0.1:PORT/").
func serveDir(t testing.TB, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}
