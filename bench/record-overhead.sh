#!/bin/sh
# `git bench record` of a Criterion.rs run against `git notes add` of one
# note, each on a commit of its own with results measured anew, alternated
# in one run; also
# `git-bench record` run directly (what git's dispatcher adds is the
# difference) and `git-bench --version` (the program's start-up).
# Prints figures only.
#
# usage: bench/record-overhead.sh [BUILD_DIR] [ROUNDS]
set -eu
default_rounds=60
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_repo "$work/repo"
cd "$work/repo"
"$alternate" --rounds "$rounds" \
	--prep "git commit -q --allow-empty -m c && '$new_results'" \
	"git notes add -m one-note" "git bench record -q" \
	"git-bench record -q" "git-bench --version"
