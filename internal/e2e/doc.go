// Package e2e holds end-to-end tests of whole built sites: the example site
// and hostile ones, checked with the tools readers and subscribers use (a
// browser, feed readers, an iCalendar parser, the W3C Nu HTML checker,
// axe-core). It has no code of its own; see the _test.go files.
//
// Tests that need an outside tool skip when it is missing, unless
// ALLIANCE_REQUIRE_TOOLS=1 (or ALLIANCE_REQUIRE_BROWSER=1 for Chromium),
// which .ci/run sets. npm packages (vnu-jar, axe-core) are looked up under
// ALLIANCE_NPM_DIR/node_modules.
package e2e
