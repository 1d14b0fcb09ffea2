package cli

import (
	"context"
	"io"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return usageError(stderr, "serve", "not available yet")
}

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return usageError(stderr, "new", "not available yet")
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return usageError(stderr, "check", "not available yet")
}
