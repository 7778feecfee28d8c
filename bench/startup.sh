#!/bin/sh
# Start-up against git's: `git-bench --version`, `git-bench show` and
# `git bench show` (through git, as users type it) in a small repository
# with one recorded run, each against `git rev-parse HEAD` in the same
# alternating run. Prints figures only.
#
# usage: bench/startup.sh [BUILD_DIR] [ROUNDS]
set -eu
default_rounds=200
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_repo "$work/repo"
cd "$work/repo"
"$alternate" --rounds "$rounds" "git rev-parse HEAD" "git-bench --version" \
	"git-bench show" "git bench show"
