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

// lock takes the lock file name for this process alone, without waiting;
// it reports whether it did, with the function that gives it back.
func lock(name string) (unlock func(), ok bool) {
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, false
	}
	return flock(f, syscall.LOCK_EX|syscall.LOCK_NB)
}

// lockDir takes the folder dir for this process alone, waiting for other
// builds to give it back: builds into one folder run one at a time.
func lockDir(dir string) (unlock func(), ok bool) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false
	}
	return flock(f, syscall.LOCK_EX)
}

func flock(f *os.File, how int) (unlock func(), ok bool) {
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		return nil, false
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, true
}
