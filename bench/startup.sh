#!/bin/sh
# Start-up against git's: `git-bench --version`, `git-bench show` and
# `git bench show` (through git, as users type it) in a small repository
# with one recorded run, each against `git rev-parse HEAD` in the same
# alternating run. Prints figures only.
#
# usage: bench/startup.sh [BUILD_DIR] [ROUNDS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
rounds=${2:-200}
. "$top/bench/lib.sh"
cd "$work"
git init -q -b main repo
cd repo
mkdir -p target
cp -r "$top/tests/fixtures/criterion/baseline/criterion" target/
echo target >>.git/info/exclude
git commit -q --allow-empty -m base
git bench record -q
"$alternate" --rounds "$rounds" "git rev-parse HEAD" "git-bench --version" \
	"git-bench show" "git bench show"
