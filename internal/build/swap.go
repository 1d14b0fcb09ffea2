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
// previous version while it is swapped out.
func stagingDir(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".staging")
}

func oldDir(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".old")
}

// recover puts back a DEST that a killed build had moved aside, and removes
// a staging folder left over by a killed build.
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
	return os.RemoveAll(stagingDir(dest))
}

// swapIn replaces dest by staging. Where the system can exchange two names
// atomically it does; elsewhere dest is renamed aside first, and
// recoverDest puts it back if the process dies in between.
func swapIn(staging, dest string) error {
	if _, err := os.Stat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staging, dest)
	}
	if err := exchange(staging, dest); err == nil {
		return os.RemoveAll(staging) // now the previous site
	}
	old := oldDir(dest)
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(staging, dest); err != nil {
		os.Rename(old, dest)
		return err
	}
	return os.RemoveAll(old)
}
