package e2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/catalyseurs/alliance/internal/browsertest"
)

// TestLighthouseImages runs Lighthouse (npm lighthouse@12.2.3) in Chromium
// on a news page with photos, its cover and three images of its body:
// performance at least 95, accessibility 100, no layout shift, as issue 15
// asks of the images' HTML.
func TestLighthouseImages(t *testing.T) {
	node := requireTool(t, "node")
	cli := npmFile(t, "lighthouse/cli/index.js")
	chromium := browsertest.Path()
	if chromium == "" {
		if os.Getenv("ALLIANCE_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found, and ALLIANCE_REQUIRE_BROWSER=1")
		}
		t.Skip("no Chromium found: Lighthouse is not run")
	}
	dest, err := buildSite(t, photoSite(t))
	if err != nil {
		t.Fatal(err)
	}
	url := serveDir(t, dest) + "actualites/balade/"
	report := filepath.Join(t.TempDir(), "report.json")
	flags := "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=" + t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, cli, url, "--quiet", "--output=json", "--output-path="+report,
		"--only-categories=performance,accessibility", "--chrome-flags="+flags)
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chromium)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("lighthouse: %v\n%s", err, out)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Categories map[string]struct{ Score float64 }
		Audits     map[string]struct {
			Score        *float64
			NumericValue float64
			Title        string
		}
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if s := r.Categories["performance"].Score; s < 0.95 {
		t.Errorf("performance %.0f, want at least 95", s*100)
	}
	if s := r.Categories["accessibility"].Score; s < 1 {
		t.Errorf("accessibility %.0f, want 100", s*100)
		for id, a := range r.Audits {
			if a.Score != nil && *a.Score < 1 {
				t.Logf("audit %s (%s): %v", id, a.Title, *a.Score)
			}
		}
	}
	if cls := r.Audits["cumulative-layout-shift"].NumericValue; cls != 0 {
		t.Errorf("cumulative layout shift %v, want 0", cls)
	}
	t.Logf("performance %.0f, accessibility %.0f, CLS %v", r.Categories["performance"].Score*100, r.Categories["accessibility"].Score*100, r.Audits["cumulative-layout-shift"].NumericValue)
}
