//go:build !unix

package build

import "os"

func writeFile(name string, data []byte, existing bool) error { return os.WriteFile(name, data, 0o644) }

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }

// readFileNoFollow is readFile: where links cannot be refused at open,
// siteFS's ReadFile falls back to its check when name is one.
func readFileNoFollow(name string) ([]byte, error) {
	if info, err := os.Lstat(name); err == nil && info.Mode()&os.ModeSymlink != 0 {
		return nil, &os.PathError{Op: "open", Path: name, Err: os.ErrInvalid}
	}
	return os.ReadFile(name)
}
