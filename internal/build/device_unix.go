//go:build unix

package build

import (
	"os"
	"syscall"
)

// sameDevice reports whether two existing paths are on one file system,
// so that a rename can move a folder from one to the other.
func sameDevice(a, b string) bool {
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return false
	}
	sa, ok1 := ia.Sys().(*syscall.Stat_t)
	sb, ok2 := ib.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && sa.Dev == sb.Dev
}
