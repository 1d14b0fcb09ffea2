package search

import (
	"os"
	"os/exec"
	"testing"
)

// TestJavaScript runs the node tests of static/js/search.js, which check the
// browser's folding and ranking against the Go output in testdata/.
func TestJavaScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("ALLIANCE_REQUIRE_TOOLS") == "1" {
			t.Fatal("node is required (ALLIANCE_REQUIRE_TOOLS=1) but not found")
		}
		t.Skip("node not found: the search script's tests are skipped")
	}
	out, err := exec.Command(node, "--test", "js/").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test js/: %v\n%s", err, out)
	}
}
