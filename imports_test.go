package alliance

import (
	"os/exec"
	"strings"
	"testing"
)

// layers gives each engine package its place in the one-way flow of
// imports (DESIGN.md): a package may import only packages of a lower layer.
// Packages of one layer do not import each other, so content and markdown,
// and feed, ical, sitemap and search, stay independent.
var layers = map[string]int{
	"internal/fold": -1, // below slug, which folds with it
	"internal/diag": 0, "internal/slug": 0, "internal/overlay": 0, "internal/markdown/frtypo": 0, "internal/jsonstr": 0, "internal/sitefs": 0, "internal/images": 0, "internal/rrule": 0, "internal/email": 0,
	"internal/shortcode": 0, "internal/embed": 0,
	"internal/config": 1, "internal/data": 1, "internal/resources": 1,
	"internal/content":   2,
	"internal/markdown":  2,
	"internal/templates": 3,
	"internal/feed":      4, "internal/ical": 4, "internal/sitemap": 4, "internal/search": 4,
	"internal/build":  5,
	"internal/server": 6,
	"internal/cli":    7,
	"cmd/alliance":    8,
	// Tools beside the engine import nothing of it.
	"internal/testsite": 0, "internal/floor": 0,
}

func TestImportsFlowOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	const mod = "github.com/catalyseurs/alliance/"
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], mod)
		layer, known := layers[pkg]
		if !known {
			continue
		}
		seen++
		for _, imp := range fields[1:] {
			if !strings.HasPrefix(imp, mod) {
				continue
			}
			dep := strings.TrimPrefix(imp, mod)
			depLayer, ok := layers[dep]
			if !ok {
				if dep != "" || pkg != "internal/cli" { // the CLI reads the embedded theme
					t.Errorf("%s imports %s, which has no layer", pkg, dep)
				}
				continue
			}
			if depLayer >= layer && !(pkg == "internal/markdown" && dep == "internal/markdown/frtypo") {
				t.Errorf("%s (layer %d) imports %s (layer %d): imports must flow one way", pkg, layer, dep, depLayer)
			}
		}
	}
	if seen < len(layers) {
		t.Errorf("go list showed %d of the %d engine packages", seen, len(layers))
	}
}
