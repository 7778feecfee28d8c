#!/bin/sh
# N clones pushing one run each at the same moment to one bare remote, over
# file:// and over smart HTTP (git-http-backend behind nginx and fcgiwrap,
# on 127.0.0.1), for N = 4, 16, 64: failures, pushes that landed beside
# the history (pending), runs on the remote, and the wall time against a
# floor measured the same way: N plain `git push`es of a branch each, at
# once, to the same remote. Contention-free pushes make the time grow
# about linearly in N, as the floor's does. Prints figures only.
#
# usage: bench/concurrent-push.sh [BUILD_DIR] [COUNTS]   (COUNTS "4 16 64")
set -eu
default_rounds=1
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
counts=${2:-"4 16 64"}
TRASH=$work
# shellcheck source=tests/cli/lib-server.sh
. "$top/tests/cli/lib-server.sh"
trap 'stop_servers; rm -rf "$work" "$HOME"' EXIT
cd "$work"
R=refs/benchmarks/history

now () { date +%s.%N; }

# Run `$2` in each of the $1 clones c1..c$1 at the same moment (a fifo
# gate); print the failures.
at_once () {
	rm -f gate && mkfifo gate && exec 3<>gate
	pids= i=1
	while [ "$i" -le "$1" ]; do
		(dd bs=1 count=1 <gate 2>/dev/null >/dev/null &&
		 cd c$i && eval "$2" >out 2>err) &
		pids="$pids $!"
		i=$((i + 1))
	done
	head -c "$1" /dev/zero | tr '\0' x >&3
	failed=0
	for p in $pids; do wait "$p" || failed=$((failed + 1)); done
	exec 3>&-
	echo $failed
}

# One measurement: $1 transport name, $2 base URL, $3 N.
measure () {
	rm -rf srv/$1.git c[0-9]*
	git init -q --bare srv/$1.git
	git -C srv/$1.git config http.receivepack true
	git -C seed push -q "$PWD/srv/$1.git" HEAD:refs/heads/main
	i=1
	while [ "$i" -le "$3" ]; do
		git clone -q seed c$i 2>/dev/null
		git -C c$i remote set-url origin "$2/$1.git"
		git -C c$i commit -q --allow-empty -m "c$i"
		(cd c$i && git bench record -q "$fixture")
		i=$((i + 1))
	done
	t0=$(now)
	floor_failed=$(at_once "$3" 'git push -q origin HEAD:refs/heads/w$i')
	t1=$(now)
	failed=$(at_once "$3" 'git bench push origin')
	t2=$(now)
	beside=$(cat c*/out | grep -c "beside other pushes" || true)
	runs=$(for ref in $R $(git -C srv/$1.git for-each-ref \
		--format='%(refname)' "$R-pending/"); do
		git -C srv/$1.git ls-tree -r --name-only "$ref"
	done | grep '^runs/' | sort -u | wc -l)
	awk -v t=$1 -v n=$3 -v f=$failed -v b="$beside" -v r="$runs" \
		-v ff=$floor_failed -v a=$t0 -v m=$t1 -v z=$t2 'BEGIN {
		printf "%-5s N=%-3d failed %d/%d, beside %d, runs on the remote %d; " \
			"%.2f s (%.3f s a push), git push floor %.2f s (%d failed): " \
			"ratio %.1f\n", t, n, f, n, b, r, z - m, (z - m) / n, m - a,
			ff, (z - m) / (m - a) }'
}

fixture="$top/tests/fixtures/criterion/baseline/criterion"
mkdir srv
git init -q -b main seed
git -C seed commit -q --allow-empty -m base
for n in $counts; do
	measure file "file://$work/srv" "$n"
done
git init -q --bare srv/probe.git
if start_http "$work/srv"; then
	for n in $counts; do
		measure http "$HTTP_URL" "$n"
	done
else
	echo "smart HTTP: skipped (nginx, fcgiwrap or git-http-backend missing)"
fi
