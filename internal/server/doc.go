// Package server is alliance's editing loop: it builds a site into memory,
// serves it over HTTP, watches the site's sources and rebuilds on every save,
// and tells open browser tabs to reload.
//
// # Serving
//
// The current build is a snapshot (a map from output path to bytes) held
// behind an atomic pointer, so a request always sees one complete version of
// the site. "/x/" serves "x/index.html", "/x" redirects to "/x/" when that
// page exists, and a missing path serves the site's "404.html" with status
// 404. Only GET and HEAD are allowed; paths with "..", backslashes or NUL
// bytes are refused; every response carries "Cache-Control: no-store" and
// "X-Content-Type-Options: nosniff". Nothing is written to public/.
//
// # Live reload
//
// Every HTML response gets a small script (/__alliance/reload.js) inserted
// before </body>; the build output itself never contains it. The script
// listens to /__alliance/events, a Server-Sent Events stream on which the
// server sends:
//
//   - hello: the id of the build being served, on connect. A tab whose page
//     comes from another build (the server restarted, or an event was missed)
//     reloads.
//   - reload: the site changed; the tab reloads.
//   - css: only stylesheets under static/ changed; the tab swaps its
//     stylesheets without reloading.
//   - error: the last build failed; the data is a JSON list of
//     {"file", "line", "message"} and the tab shows it in an overlay
//     ("Erreur de construction") until the next reload.
//
// A tab that connects while the last build is failed gets the error at once.
// If the very first build fails, every path serves an error page that lists
// the errors and carries the script, so the tab recovers once the site is
// fixed.
//
// # Watching
//
// fsnotify watches content/, layouts/, static/ and archetypes/ (every
// subfolder, including folders created later) and the site folder itself for
// site.yaml. Editors' temporary and hidden files are ignored. Events are
// debounced: a batch closes 50 ms after its last event, or 300 ms after its
// first, and gives one rebuild with the set of changed site-relative paths.
// A batch that arrives while a rebuild runs is queued, and all such batches
// are merged into exactly one more rebuild. sitefs.RoleOf classifies a path
// without touching the disk.
//
// A failed rebuild keeps the last good snapshot in service, prints its errors
// and sends them to the tabs; the next successful rebuild sends reload.
package server
