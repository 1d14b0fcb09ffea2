//go:build !unix

package build

import (
	"testing"
	"time"
)

// cpuTime is 0 where getrusage is missing: the benchmarks report wall time
// only.
func cpuTime(*testing.B) time.Duration { return 0 }
