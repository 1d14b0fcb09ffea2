// Package alliance embeds the default theme and the example site, so that
// the binary alone can build a folder holding only site.yaml and content/.
package alliance

import (
	"embed"
	"io/fs"
)

//go:embed all:layouts all:static
var theme embed.FS

//go:embed all:content site.yaml
var example embed.FS

// Theme returns the default theme: layouts/ and static/.
func Theme() fs.FS { return theme }

// Example returns the example site: site.yaml and content/.
func Example() fs.FS { return example }
