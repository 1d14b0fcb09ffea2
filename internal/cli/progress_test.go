//go:build linux

package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: the controlling side, read by the test,
// and the terminal side, which the CLI writes to as it would to a user's
// terminal.
func openPTY(t *testing.T) (ctl, tty *os.File) {
	t.Helper()
	ctl, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { ctl.Close() })
	if err := unix.IoctlSetPointerInt(int(ctl.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(ctl.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return ctl, tty
}

// progressSite has enough pages that the progress line is drawn.
func progressSite(t *testing.T) string {
	site := t.TempDir()
	files := map[string]string{"site.yaml": baseSite["site.yaml"]}
	for i := range 300 {
		files[fmt.Sprintf("content/actualites/n%03d.md", i)] = fmt.Sprintf("---\ntitle: Nouvelle %d\ndate: 2022-06-01\n---\nTexte %d.\n", i, i)
	}
	writeSite(t, site, files)
	return site
}

var progressLine = regexp.MustCompile(`\r\x1b\[K  (markdown|pages|search) (\d+)/(\d+)`)

// TestProgressOnTerminal builds on a pseudo-terminal: stderr then shows
// the progress line (phase, pages done out of total), which is cleared at
// the end; on a file, stderr has none of it.
func TestProgressOnTerminal(t *testing.T) {
	site := progressSite(t)
	ctl, tty := openPTY(t)
	got := make(chan string)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, ctl) // until the terminal side is closed
		got <- b.String()
	}()
	var out bytes.Buffer
	code := Run(context.Background(), []string{"build", "-s", site, "-d", filepath.Join(t.TempDir(), "public")}, &out, tty)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	tty.Close()
	var shown string
	select {
	case shown = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the terminal's output never ended")
	}
	m := progressLine.FindAllStringSubmatch(shown, -1)
	if len(m) == 0 {
		t.Fatalf("no progress line on the terminal: %q", shown)
	}
	var last []string
	for _, l := range m {
		done, _ := strconv.Atoi(l[2])
		total, _ := strconv.Atoi(l[3])
		if done < 1 || done > total || total < 300 {
			t.Errorf("progress %q: want done/total with 0 < done <= total and total >= 300 (the pages)", l[0])
		}
		last = l
	}
	if last[1] != "pages" || last[2] != last[3] {
		t.Errorf("the last progress shown is %q, want the pages phase's end", last[0])
	}
	if !strings.HasSuffix(shown, "\r\x1b[K") {
		t.Errorf("the progress line is not cleared at the end: %q", shown[max(0, len(shown)-80):])
	}
	if !strings.Contains(out.String(), "Built ") {
		t.Errorf("no summary on stdout: %q", out.String())
	}

	// Not a terminal: no progress line.
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if code := Run(context.Background(), []string{"build", "-s", site, "-d", filepath.Join(t.TempDir(), "public")}, io.Discard, f); code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	if data, _ := os.ReadFile(f.Name()); len(data) != 0 {
		t.Errorf("stderr to a file has %q, want nothing", data)
	}
}

// TestProgressThrottled checks that the line is drawn at most every 100 ms,
// except for the last count of a phase, and that clear erases it.
func TestProgressThrottled(t *testing.T) {
	var b bytes.Buffer
	p := &progress{w: &b, on: true}
	p.update("pages", 1, 10)
	p.update("pages", 2, 10) // within 100 ms: skipped
	p.update("pages", 10, 10)
	p.clear()
	want := "\r\x1b[K  pages 1/10\r\x1b[K  pages 10/10\r\x1b[K"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	b.Reset()
	(&progress{w: &b}).update("pages", 10, 10)
	if b.Len() != 0 {
		t.Errorf("off: got %q", b.String())
	}
}
