package templates

import (
	"io/fs"
	"testing"

	"github.com/catalyseurs/alliance"
)

// TestTwinsMirrorTheTheme fails when a layout that a twin mirrors changes:
// the twin must then be written again (and its sum updated), or the build
// would quietly fall back to the slower template.
func TestTwinsMirrorTheTheme(t *testing.T) {
	for _, tw := range twins {
		sum, ok := twinSum(tw.files, func(f string) (string, bool) {
			b, err := fs.ReadFile(alliance.Theme(), root+"/"+f)
			return string(b), err == nil
		})
		if !ok {
			t.Errorf("twin of %s: a file of %v is missing from the theme", tw.layout, tw.files)
			continue
		}
		if sum != tw.sum {
			t.Errorf("twin of %s: the theme's %v changed (sum %s, the twin was written from %s): write the twin again, then update its sum", tw.layout, tw.files, sum, tw.sum)
		}
	}
}
