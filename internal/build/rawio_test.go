package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFile writes new files and rewrites them shorter and longer: the
// bytes on disk are the last ones written, and a link is never followed.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f")
	for i, size := range []int{0, 1, 4097, 1<<20 + 3, 10, 0, 70000} {
		data := bytes.Repeat([]byte{byte('a' + i)}, size)
		if err := writeFile(name, data, i > 0); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("write %d (%d bytes): read back %d bytes, %v", i, size, len(got), err)
		}
	}
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("kept"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(link, []byte("changed"), true); err == nil {
		t.Error("writeFile wrote through a link")
	}
	if got, _ := os.ReadFile(target); string(got) != "kept" {
		t.Errorf("the link's target holds %q", got)
	}
}

// BenchmarkWriteFile shows what writeFile pays for its lines: a build's
// files written new and rewritten in place, by writeFile and by
// os.WriteFile.
func BenchmarkWriteFile(b *testing.B) {
	const files = 1000
	data := bytes.Repeat([]byte("<p>Une page du site.</p>\n"), 400) // 10 KB, a page
	for _, w := range []struct {
		name  string
		write func(string, []byte, bool) error
	}{
		{"writeFile", writeFile},
		{"os.WriteFile", func(n string, d []byte, _ bool) error { return os.WriteFile(n, d, 0o644) }},
	} {
		for _, existing := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/existing=%v", w.name, existing), func(b *testing.B) {
				dir := b.TempDir()
				names := make([]string, files)
				for i := range names {
					names[i] = filepath.Join(dir, fmt.Sprint(i))
				}
				for b.Loop() {
					if !existing {
						b.StopTimer()
						for _, n := range names {
							os.Remove(n)
						}
						b.StartTimer()
					}
					for _, n := range names {
						if err := w.write(n, data, existing); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}
