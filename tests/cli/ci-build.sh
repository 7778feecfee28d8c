#!/bin/sh
# Not a test: the release build of git-bench that the tests of the CI
# recipes install, made once before them (a ctest fixture) and put where
# their caches keep it, as a first pipeline would leave it. Each recipe
# test then uses it ("using the build in ...") instead of building it
# again, and those tests no longer build in parallel on two cores. A
# failed build here is left for the recipes to report.
set -u
: "${GB_BUILD_DIR:?run through ctest}" "${GB_SOURCE_DIR:?run through ctest}"
ci_bench="$GB_SOURCE_DIR/scripts/ci-bench"
key=$("$ci_bench" key) || exit 0
actions="$GB_BUILD_DIR/actions-cache"
gitlab="$GB_BUILD_DIR/gitlab-cache/git-bench-v0/.git-bench"
[ -d "$actions/$key" ] && [ -d "$gitlab" ] &&
	[ "$(cat "$gitlab/share/git-bench/build-key" 2>/dev/null)" = "$key" ] &&
	exit 0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gb-ci-build.XXXXXX") || exit 0
trap 'rm -rf "$tmp"' EXIT
"$ci_bench" install "$tmp/git-bench" </dev/null >"$tmp/log" 2>&1 || {
	echo "# the build failed; the recipe tests will say why"; exit 0; }
mkdir -p "$actions" "$(dirname "$gitlab")" &&
	{ [ -d "$actions/$key" ] || cp -a "$tmp/git-bench" "$actions/$key"; } &&
	rm -rf "$gitlab" && cp -a "$tmp/git-bench" "$gitlab"
echo "# built $key"
