//go:build unix

package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/catalyseurs/alliance/internal/testsite"
)

// allianceBin builds the command into a folder of the test and returns its path.
func allianceBin(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "alliance")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/alliance")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/alliance: %v\n%s", err, out)
	}
	return bin
}

// inode returns the inode number of path, or 0.
func inode(path string) uint64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}

// TestKilledBuild kills a real build process at various moments, during
// rendering and around the swap, and checks that DEST is each time either
// the previous site or the complete new one, never missing or partial, and
// that the next build cleans up what the killed one left.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 3,000-page site several times")
	}
	start := time.Now()
	bin := allianceBin(t)
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	dest := filepath.Join(dir, "public")
	if err := testsite.Generate(site, testsite.Options{Pages: 3000}); err != nil {
		t.Fatal(err)
	}
	build := func() (time.Duration, []byte, error) {
		cmd := exec.Command(bin, "build", "-s", site, "-d", dest)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		t0 := time.Now()
		err := cmd.Run()
		return time.Since(t0), out.Bytes(), err
	}
	if _, out, err := build(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	want := digest(t, dest)
	full, out, err := build() // warm: the time of a build that replaces a site
	if err != nil {
		t.Fatalf("second build: %v\n%s", err, out)
	}
	if want == "" {
		t.Fatal("the first build wrote nothing")
	}
	t.Logf("a full build takes %s", full.Round(time.Millisecond))

	// Delays across the build: early (loading), during rendering, and
	// close to the end where the swap happens (the full build's time, a
	// little before and after).
	delays := []time.Duration{50 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second}
	for _, f := range []float64{0.8, 0.9, 0.95, 0.98, 1.0, 1.02, 1.1} {
		delays = append(delays, time.Duration(float64(full)*f))
	}
	// A delay of -1 means: kill as soon as DEST is replaced (its inode
	// changes), while the build removes the previous site.
	delays = append(delays, -1, -1)
	outcomes := map[string]int{}
	for _, d := range delays {
		if time.Since(start) > 75*time.Second {
			t.Logf("stopping early to keep the test short")
			break
		}
		cmd := exec.Command(bin, "build", "-s", site, "-d", dest)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if d >= 0 {
			time.Sleep(d)
		} else {
			before := inode(dest)
			for t0 := time.Now(); inode(dest) == before && time.Since(t0) < 4*full; {
				time.Sleep(200 * time.Microsecond)
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		status := "finished"
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			status = "killed"
		} else if err != nil {
			t.Errorf("after %s: the build failed: %v", d, err)
		}
		got := digest(t, dest)
		leftovers := ""
		for _, n := range []string{".public.staging", ".public.old", "site/.alliance/previous"} {
			if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
				leftovers += " " + n
			}
		}
		when := d.Round(time.Millisecond).String()
		if d < 0 {
			when = "swap"
		}
		t.Logf("after %-8s %s; leftovers:%s", when, status, leftovers)
		outcomes[status]++
		switch {
		case got == "":
			t.Errorf("after %s (%s): DEST is missing or empty", d, status)
		case got != want:
			t.Errorf("after %s (%s): DEST is neither the previous nor the complete new site", d, status)
		}
	}
	t.Logf("outcomes: %v", outcomes)
	if outcomes["killed"] == 0 {
		t.Error("no build was killed before it finished")
	}
	if _, out, err := build(); err != nil {
		t.Fatalf("the build after the kills: %v\n%s", err, out)
	}
	if got := digest(t, dest); got != want {
		t.Error("the build after the kills differs from the first build")
	}
	// Nothing stays beside DEST: the previous version is kept, for the
	// next build to rewrite, in the site's cache folder.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "public site" {
		t.Errorf("beside DEST after the builds: %v, want only public (and the site)", names)
	}
}
