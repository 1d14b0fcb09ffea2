//go:build !linux

package build

// spread does nothing where the TOPDIR hint is not known (see
// spread_linux.go).
func spread(dir string) {}
