#!/bin/sh
# Pending pushes that overlap: each clone pulled the history (run A) before
# its push landed beside it, so every pending push holds A and a run of
# its own. A pull merges the union, however the runs sort in each push.
. "$(dirname "$0")/lib.sh"

L=refs/benchmark-history
R=refs/benchmarks/history

test_setup 'a remote whose history holds run A' '
	git init -q --bare remote.git &&
	new_repo seed && git -C seed push -q ../remote.git HEAD:refs/heads/main &&
	git -C remote.git symbolic-ref HEAD refs/heads/main &&
	git clone -q remote.git first &&
	git -C first bench record -q "$CRITERION_BASE" &&
	git -C first bench push -q origin
'

# Clone $1 pulls A, records a run of its own, and its history lands under
# the pending prefix, as a push that lost the race for the history does.
pending_push() {
	git clone -q remote.git "$1" &&
	git -C "$1" bench pull -q origin &&
	git -C "$1" bench record -q "$2" &&
	git -C "$1" push -q origin "$L:$R-pending/$1"
}

test_setup 'three pushes beside the history, each holding A' '
	pending_push p1 "$CRITERION_SLOW" &&
	pending_push p2 "$CRITERION_BASE" &&
	pending_push p3 "$CRITERION_SLOW" &&
	test $(git -C remote.git for-each-ref "$R-pending/" | wc -l) = 3
'

test_expect_success 'a fresh clone pulls all four runs' '
	git clone -q remote.git fresh &&
	git -C fresh bench pull origin >out &&
	grep -q "^Fetched 4 runs from origin (4 new); merged 4 runs" out &&
	test $(git -C fresh ls-tree -r --name-only $L | grep -c "^runs/") = 4 &&
	git -C fresh bench status >st &&
	grep -q "^Up to date with origin: 4 runs" st
'

test_expect_success 'a clone that has A pulls the three others' '
	git -C first bench pull origin >out &&
	grep -q "^Fetched 4 runs from origin (3 new); merged 3 runs" out &&
	test $(git -C first ls-tree -r --name-only $L | grep -c "^runs/") = 4
'

test_done
