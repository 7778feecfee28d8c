#!/bin/sh
# Time added to `git push` by the pre-push hook when the pushed commit is
# measured: pushes of one new measured commit each to a local bare
# repository, with --no-verify (the floor) and with the hook, alternated
# in one run. Prints figures only.
#
# usage: bench/hook-overhead.sh [BUILD_DIR] [ROUNDS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
rounds=${2:-40}
. "$top/bench/lib.sh"
cd "$work"
git init -q --bare -b main remote.git
git clone -q remote.git clone 2>/dev/null
cd clone
mkdir -p target
cp -r "$top/tests/fixtures/criterion/baseline/criterion" target/
echo target >>.git/info/exclude
git commit -q --allow-empty -m base
git bench record -q
git push -q origin main
git bench hook install >/dev/null
"$alternate" --rounds "$rounds" \
	--prep "git commit -q --allow-empty -m c && git bench record -q" \
	"git push -q --no-verify origin main" "git push -q origin main"
