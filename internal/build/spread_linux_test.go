package build

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// TestSpreadSetsTopdir checks that spread sets the TOPDIR flag where the
// file system has flags (ext4 has; tmpfs has not, and the test skips).
func TestSpreadSetsTopdir(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := unix.IoctlGetInt(int(f.Fd()), unix.FS_IOC_GETFLAGS); err != nil {
		t.Skipf("no inode flags on this file system: %v", err)
	}
	spread(dir)
	flags, err := unix.IoctlGetInt(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err != nil {
		t.Fatal(err)
	}
	if flags&0x00020000 == 0 {
		t.Errorf("flags %#x: TOPDIR not set", flags)
	}
}
