package build

import (
	"os"

	"golang.org/x/sys/unix"
)

// spread asks the file system to place the folders made under dir apart
// from the others, each where inodes are plentiful, as it does for the
// folders at the top of a disk (chattr +T: the TOPDIR flag, which ext4's
// allocator reads; other file systems may ignore it, and any failure is
// ignored: it is only a hint).
//
// Why: a fresh build creates a folder per page and more files (about
// 28,700 at 10,000 pages), usually right after the previous output was
// deleted, and ext4 without a journal skips every inode freed in the last
// minutes when it looks for a free one, from the start of the group, for
// each new one. In the groups the deleted output used, that costs
// seconds. Under a TOPDIR folder, each top-level folder goes to a group
// chosen by a hash of its name among the emptiest; the names it has while
// the build writes change from build to build (DirWriter.top), so that
// group is seldom the previous build's. Measured on the project's 2-core
// machines, copying a 10,000-page output there just after deleting the
// previous copy took 1.0–2.0 s (median 1.5 s) against 1.0–8.7 s (median
// 5.3 s) in a plain folder.
func spread(dir string) {
	const topdir = 0x00020000 // FS_TOPDIR_FL in linux/fs.h
	f, err := os.Open(dir)
	if err != nil {
		return
	}
	defer f.Close()
	flags, err := unix.IoctlGetInt(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err != nil {
		return
	}
	unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, flags|topdir)
}
