#!/usr/bin/env bash
# bench-search.sh: alliance's search against Pagefind 1.6.0, side by side,
# in headless Chromium (see TestSearchBytesVsPagefind in
# internal/e2e/search_bench_test.go for what is measured and how).
#
# It installs pagefind@1.6.0 with npm into ALLIANCE_NPM_DIR (default
# $HOME/.cache/alliance-npm, the folder .ci/run keeps its npm tools in),
# then runs the test, which generates a site of ALLIANCE_SEARCH_PAGES pages
# (10,000 by default), builds it, indexes it with Pagefind and loads ten
# queries' first results with each engine. It prints a table per query and
# the medians.
#
# Usage: scripts/bench-search.sh
# Environment:
#   ALLIANCE_NPM_DIR       npm prefix for pagefind (default $HOME/.cache/alliance-npm)
#   ALLIANCE_SEARCH_PAGES  pages of the generated site (default 10000)
#   ALLIANCE_CHROMIUM      the browser (default /usr/bin/chromium, or on PATH)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NPM_DIR=${ALLIANCE_NPM_DIR:-$HOME/.cache/alliance-npm}
mkdir -p "$NPM_DIR"
npm install --silent --no-audit --no-fund --prefix "$NPM_DIR" pagefind@1.6.0 >/dev/null
PAGEFIND=$NPM_DIR/node_modules/.bin/pagefind
"$PAGEFIND" --version >&2

cd "$ROOT"
ALLIANCE_PAGEFIND=$PAGEFIND ALLIANCE_SEARCH_PAGES=${ALLIANCE_SEARCH_PAGES:-10000} \
	go test -count=1 -v -timeout 30m -run '^TestSearchBytesVsPagefind$' ./internal/e2e
