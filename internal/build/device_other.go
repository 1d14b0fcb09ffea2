//go:build !unix

package build

// sameDevice cannot tell here: the staging folder is then beside dest.
func sameDevice(a, b string) bool { return false }

// lock cannot lock here: the staging folder is then beside dest.
func lock(name string) (unlock func(), ok bool) { return nil, false }

// lockDir cannot lock here: builds into one folder must not overlap.
func lockDir(dir string) (unlock func(), ok bool) { return func() {}, true }
