package build

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestReadFile reads files of several sizes, and a link, both ways.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4095, 4096, 4097, 1<<20 + 3} {
		data := bytes.Repeat([]byte("é"), size)[:size]
		name := filepath.Join(dir, "f")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, read := range []func(string) ([]byte, error){readFile, readFileNoFollow} {
			got, err := read(name)
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("size %d: got %d bytes, %v", size, len(got), err)
			}
		}
	}
	if err := os.Symlink("f", filepath.Join(dir, "l")); err != nil {
		t.Fatal(err)
	}
	if _, err := readFileNoFollow(filepath.Join(dir, "l")); err == nil {
		t.Error("readFileNoFollow read through a link")
	}
	if _, err := readFile(filepath.Join(dir, "l")); err != nil {
		t.Errorf("readFile of a link: %v", err)
	}
	if _, err := readFile(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
}
