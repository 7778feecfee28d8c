#!/bin/sh
# Time added to `git push` by the pre-push hook when the pushed commit is
# measured: pushes of one new measured commit each to a local bare
# repository, with --no-verify (the floor) and with the hook, alternated
# in one run. Prints figures only.
#
# usage: bench/hook-overhead.sh [BUILD_DIR] [ROUNDS]
set -eu
default_rounds=60
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$work"
git init -q --bare -b main remote.git
git clone -q remote.git clone 2>/dev/null
bench_repo "$work/clone"
cd clone
git push -q origin main
git bench hook install >/dev/null
"$alternate" --rounds "$rounds" \
	--prep "git commit -q --allow-empty -m c && git bench record -q" \
	"git push -q --no-verify origin main" "git push -q origin main"
