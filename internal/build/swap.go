package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The staging folder sits next to DEST, so that the final rename stays on
// one file system: DEST's parent/.NAME.staging, and .NAME.old for the
// previous version while it is swapped out (where names cannot be
// exchanged atomically).
//
// After a swap the staging folder holds the previous version of the site,
// and is kept: the next build writes into it, over files that mostly exist
// already, which costs a fraction of creating them (see DirWriter).
func stagingDir(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".staging")
}

func oldDir(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".old")
}

// recoverDest puts back a DEST that a killed build had moved aside. The
// staging folder, whatever a killed build left in it, is kept for reuse;
// anything else at its name is removed.
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
	staging := stagingDir(dest)
	if info, err := os.Lstat(staging); err == nil && !info.IsDir() {
		return os.Remove(staging)
	}
	return nil
}

// swapIn replaces dest by staging. Where the system can exchange two names
// atomically it does; elsewhere dest is renamed aside first, and
// recoverDest puts it back if the process dies in between.
func swapIn(staging, dest string) error {
	if _, err := os.Stat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staging, dest)
	}
	if err := exchange(staging, dest); err == nil {
		return nil // staging now holds the previous site, for the next build
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
