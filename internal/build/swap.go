package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// oldDir is where dest is moved aside while it is swapped, on systems that
// cannot exchange two names atomically.
func oldDir(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".old")
}

// recoverDest puts back a dest that a killed build had moved aside.
func recoverDest(dest string) error {
	old := oldDir(dest)
	if _, err := os.Stat(old); err == nil {
		if _, err := os.Stat(dest); errors.Is(err, fs.ErrNotExist) {
			if err := os.Rename(old, dest); err != nil {
				return fmt.Errorf("cannot restore %s from %s: %w", dest, old, err)
			}
		} else if err := os.RemoveAll(old); err != nil {
			return err
		}
	}
	return nil
}

// swapIn replaces dest by staging; staging then holds the previous version
// (or does not exist, when there was none). Where the system can exchange
// two names atomically it does; elsewhere dest is renamed aside first, and
// recoverDest puts it back if the process dies in between.
func swapIn(staging, dest string) error {
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staging, dest)
	}
	if err := exchange(staging, dest); err == nil {
		return nil
	}
	old := oldDir(dest)
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(staging, dest); err != nil {
		os.Rename(old, dest)
		return err
	}
	return os.Rename(old, staging)
}
