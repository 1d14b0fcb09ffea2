package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// hookToken is what the shortcodes and hooks of testdata/hugo-compat
// write: NAME[field|field|...].
var hookToken = regexp.MustCompile(`(?s)\b(SC|BOX|MDBOX|LINK|IMAGE|HEADING|CODE|SHELL)\[[^\]]*\]`)

// TestHugoCompat builds testdata/hugo-compat, a site whose shortcodes and
// render hooks print the fields Hugo gives them, with Hugo itself (the
// oracle) and with alliance, and compares what each call and hook was
// given.
func TestHugoCompat(t *testing.T) {
	hugo := requireTool(t, "hugo")
	src := "testdata/hugo-compat"
	hdir := filepath.Join(t.TempDir(), "hugo")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	abs, _ := filepath.Abs(src)
	cmd := exec.CommandContext(ctx, hugo, "--quiet", "-s", abs, "-d", hdir, "--cacheDir", t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, out)
	}
	adir, err := buildSite(t, src)
	if err != nil {
		t.Fatal(err)
	}
	read := func(dir string) []string {
		b, err := os.ReadFile(filepath.Join(dir, "posts", "page", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return hookToken.FindAllString(string(b), -1)
	}
	want, got := read(hdir), read(adir)
	if len(want) < 12 {
		t.Fatalf("Hugo's page holds %d tokens, want the 12 the page calls: %q", len(want), want)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		for i := range max(len(want), len(got)) {
			var w, g string
			if i < len(want) {
				w = want[i]
			}
			if i < len(got) {
				g = got[i]
			}
			if w != g {
				t.Errorf("token %d:\nhugo     %q\nalliance %q", i, w, g)
			}
		}
	}
}
