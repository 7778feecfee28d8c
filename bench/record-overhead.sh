#!/bin/sh
# `git bench record` of a Criterion.rs run (tests/fixtures/criterion/
# baseline: 3 benchmarks with their samples) against `git notes add` of one
# note, each on a commit of its own, alternated in one run. Prints figures
# only.
#
# usage: bench/record-overhead.sh [BUILD_DIR] [ROUNDS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
rounds=${2:-40}
. "$top/bench/lib.sh"
cd "$work"
git init -q -b main repo
cd repo
mkdir -p target
cp -r "$top/tests/fixtures/criterion/baseline/criterion" target/
echo target >>.git/info/exclude
git commit -q --allow-empty -m base
git bench record -q
"$alternate" --rounds "$rounds" --prep "git commit -q --allow-empty -m c" \
	"git notes add -m one-note" "git bench record -q"
