package cli

import (
	"context"
	"io"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return usageError(stderr, "serve", "not available yet")
}
