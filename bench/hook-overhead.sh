#!/bin/sh
# Time added to `git push` by the pre-push hook when the pushed commit is
# measured: pushes to a local bare repository with the hook and with
# --no-verify, alternated in one run, median of each. Prints figures only.
#
# usage: bench/hook-overhead.sh [BUILD_DIR] [PUSHES]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
n=${2:-40}
fixtures="$top/tests/fixtures/criterion"
export PATH="$build:$PATH" GIT_CONFIG_NOSYSTEM=1 HOME=$(mktemp -d)
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com
export GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com
work=$(mktemp -d)
trap 'rm -rf "$work" "$HOME"' EXIT
cd "$work"
git init -q --bare -b main remote.git
git clone -q remote.git clone 2>/dev/null
cd clone
git commit -q --allow-empty -m base
git bench record -q "$fixtures/baseline/criterion"
git push -q origin main
git bench hook install >/dev/null

now_ms() { date +%s%N | cut -c1-13; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

i=0
: >with; : >without
while [ $i -lt "$n" ]; do
	for mode in with without; do
		git commit -q --allow-empty -m "c$i-$mode"
		git bench record -q "$fixtures/baseline/criterion"
		t0=$(now_ms)
		if [ $mode = with ]; then
			git push -q origin main 2>/dev/null
		else
			git push -q --no-verify origin main 2>/dev/null
		fi
		echo $(( $(now_ms) - t0 )) >>$mode
	done
	i=$((i + 1))
done
w=$(median <with); wo=$(median <without)
echo "pushes of a measured commit to a local bare repository, $n each, alternated"
echo "median push with the hook:    $w ms"
echo "median push with --no-verify: $wo ms"
echo "time the hook adds:           $((w - wo)) ms (ratio $(awk "BEGIN { printf \"%.2f\", $w / ($wo ? $wo : 1) }"))"
