// Package browsertest starts a headless Chromium for end-to-end tests, with
// github.com/chromedp/chromedp.
//
// A test calls New and runs chromedp actions on the context it returns:
//
//	ctx := browsertest.New(t)
//	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil { ... }
//	title, err := chromedp.Run(ctx, chromedp.Title())
//
// The browser is Chromium (or Chrome) found at /usr/bin/chromium, or as
// chromium, chromium-browser, google-chrome or google-chrome-stable on PATH;
// ALLIANCE_CHROMIUM names another executable. When none is found the test is
// skipped, unless ALLIANCE_REQUIRE_BROWSER=1, which makes it fail instead (for
// CI machines that must run these tests). The browser runs headless, without
// sandbox or GPU, with a fresh profile in t.TempDir(), and is stopped when the
// test ends.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeout bounds a whole browser session, so that a stuck browser fails the
// test instead of hanging it.
const Timeout = 2 * time.Minute

// Path returns the browser's executable, or "" when there is none.
func Path() string {
	if p := os.Getenv("ALLIANCE_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless browser for t and returns a chromedp context on a
// new tab. The whole session is bounded by Timeout; derive shorter contexts
// from the returned one to bound single actions. It skips t when there is no browser, unless
// ALLIANCE_REQUIRE_BROWSER=1.
func New(t testing.TB) context.Context {
	t.Helper()
	path := Path()
	if path == "" {
		if os.Getenv("ALLIANCE_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found (looked for /usr/bin/chromium, chromium, chromium-browser, google-chrome; set ALLIANCE_CHROMIUM), and ALLIANCE_REQUIRE_BROWSER=1")
		}
		t.Skip("no Chromium found: install chromium or set ALLIANCE_CHROMIUM to run the browser tests (ALLIANCE_REQUIRE_BROWSER=1 makes this a failure)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), Timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	// Start the browser now, so that a broken install shows here.
	if err := chromedp.Do(bctx); err != nil {
		if os.Getenv("ALLIANCE_REQUIRE_BROWSER") == "1" {
			t.Fatalf("cannot start %s: %v", path, err)
		}
		t.Skipf("cannot start %s: %v (ALLIANCE_REQUIRE_BROWSER=1 makes this a failure)", path, err)
	}
	return bctx
}
