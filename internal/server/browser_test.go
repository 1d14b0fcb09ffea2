package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/catalyseurs/alliance/internal/browsertest"
)

// waitFor evaluates expr in the page until it returns true, or fails t
// after ~10 s. Reloads of the page in between are fine.
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		actx, cancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := chromedp.Run(actx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	t.Fatalf("%s: not within 10 s (last error %v); page text:\n%s", what, last, text)
}

func TestBrowserLiveReload(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ctx := browsertest.New(t)
	dir := t.TempDir()
	writeSite(t, dir, fixture)
	url, _ := startServer(t, dir)
	file := filepath.Join(dir, "content", "actualites", "premiere.md")

	if err := chromedp.Do(ctx, chromedp.Navigate(url+"actualites/premiere/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "first page", `document.body.innerText.includes("Texte d’origine")`)
	// The event stream is open before the page changes.
	waitFor(t, ctx, "live-reload script", `window.__allianceReload === true`)
	time.Sleep(300 * time.Millisecond)

	if err := os.WriteFile(file, []byte(news("Première nouvelle", "Modifié pendant que la page est ouverte.")), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "new text after a save", `document.body.innerText.includes("Modifié pendant que la page est ouverte.")`)

	bad := "---\ntitle: \"Première nouvelle\"\ndate: 32/13/2026\n---\nCassé.\n"
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "error overlay", `(function () {
		var o = document.getElementById("alliance-erreur");
		return !!o && o.getAttribute("role") === "alert" &&
			o.innerText.includes("Erreur de construction") &&
			o.innerText.includes("content/actualites/premiere.md:3 : ");
	})()`)
	if text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`)); !strings.Contains(text, "Modifié pendant que la page est ouverte.") {
		t.Errorf("the last good page is gone under the overlay:\n%s", text)
	}

	if err := os.WriteFile(file, []byte(news("Première nouvelle", "Réparé dans le navigateur.")), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "page back without the overlay", `document.body.innerText.includes("Réparé dans le navigateur.") &&
		!document.getElementById("alliance-erreur")`)
}

func TestBrowserStylesheetSwap(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ctx := browsertest.New(t)
	dir := t.TempDir()
	files := map[string]string{"static/css/site.css": "body { background-color: rgb(1, 2, 3); }"}
	for k, v := range fixture {
		files[k] = v
	}
	writeSite(t, dir, files)
	url, _ := startServer(t, dir)
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "first style", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	waitFor(t, ctx, "live-reload script", `window.__allianceReload === true`)
	// A marker that a reload would wipe out.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__marker = true`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	writeSite(t, dir, map[string]string{"static/css/site.css": "body { background-color: rgb(4, 5, 6); }"})
	waitFor(t, ctx, "new style", `getComputedStyle(document.body).backgroundColor === "rgb(4, 5, 6)"`)
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__marker === true`)); err != nil || !ok {
		t.Errorf("the page reloaded for a stylesheet change (marker %v, %v)", ok, err)
	}
}
