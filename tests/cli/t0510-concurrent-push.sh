#!/bin/sh
# Several clones pushing to one remote at the same moment: every push
# lands, at once or as a pending push beside the history; a fresh clone
# pulls the union; compact folds the pending pushes into the history, and
# then the remote's notes index its history.
. "$(dirname "$0")/lib.sh"

# The history ref here, and where remotes keep it (git refuses to
# receive a ref directly under refs/).
L=refs/benchmark-history
R=refs/benchmarks/history
CLONES="1 2 3 4"
RUNS=10

test_setup 'a remote with one commit, and four clones of it' '
	git init -q --bare remote.git &&
	new_repo seed && git -C seed push -q ../remote.git HEAD:refs/heads/main &&
	git -C remote.git symbolic-ref HEAD refs/heads/main &&
	for c in $CLONES; do
		git clone -q remote.git clone$c || return 1
	done
'

test_setup 'each clone records ten runs of the shared commit' '
	for c in $CLONES; do
		i=0
		while [ $i -lt $RUNS ]; do
			if [ $((i % 2)) = 0 ]; then f=$CRITERION_BASE; else f=$CRITERION_SLOW; fi
			git -C clone$c bench record -q "$f" || return 1
			i=$((i + 1))
		done
	done
'

test_expect_success 'four pushes at the same moment all succeed' '
	# A gate: each push waits for one byte of the fifo, all written at once.
	mkfifo gate &&
	exec 3<>gate &&
	pids= &&
	for c in $CLONES; do
		(dd bs=1 count=1 <gate 2>/dev/null >/dev/null &&
		 cd clone$c && git bench push >../push$c.out 2>../push$c.err) &
		pids="$pids $!"
	done &&
	printf 1234 >&3 &&
	failed=0 &&
	for p in $pids; do wait $p || failed=1; done &&
	exec 3>&- &&
	for c in $CLONES; do
		cat push$c.out push$c.err &&
		grep -q "^Pushed $RUNS runs to origin" push$c.out &&
		test ! -s push$c.err || failed=1
	done &&
	test $failed = 0
'

# Run ids under runs/ of the trees of the refs named.
remote_ids () {
	for ref in "$@"; do
		git -C remote.git ls-tree -r --name-only $ref | grep "^runs/" || :
	done | sed "s,.*/,," | sort -u
}

test_expect_success 'the history and the pending pushes hold all forty runs' '
	git -C remote.git for-each-ref --format="%(refname)" \
		"$R-pending/" >pending &&
	remote_ids $R $(cat pending) >ids &&
	test $(wc -l <ids) = 40 &&
	test $(wc -l <pending) -le 3
'

test_expect_success 'a fresh clone pulls the forty runs before any fold' '
	git clone -q remote.git early &&
	(cd early && git bench pull >out &&
	 grep -q "^Fetched 40 runs from origin (40 new); merged 40 runs" out &&
	 git bench status >st && grep -q "^Up to date with origin: 40 runs" st)
'

test_expect_success 'compact folds them: the history holds all, no pending ref is left' '
	(cd clone1 && git bench compact >../compact.out 2>&1) &&
	cat compact.out &&
	{ grep -q "^Folded \(1 pending push\|[0-9]* pending pushes\) into the history of origin" compact.out ||
	  grep -q "^origin is up to date: no pending pushes$" compact.out; } &&
	test -z "$(git -C remote.git for-each-ref "$R-pending/")" &&
	remote_ids $R >folded && test_cmp ids folded &&
	(cd clone1 && git bench compact >../again.out) &&
	grep -q "^origin is up to date: no pending pushes$" again.out
'

test_expect_success 'the remote'"'"'s notes index exactly its history' '
	shared=$(git -C seed rev-parse HEAD) &&
	git -C remote.git bench show --format json $shared >remote.json &&
	python3 - remote.json ids <<-\PY
	import json, sys
	runs = json.load(open(sys.argv[1]))["runs"]
	noted = sorted(r["id"] for r in runs)
	history = sorted(l.strip() for l in open(sys.argv[2]))
	assert noted == history, (len(noted), len(history))
	PY
'

test_expect_success 'a fresh clone pulls the forty runs and shows them' '
	git clone -q remote.git fresh &&
	(cd fresh && git bench pull >out &&
	 grep -q "^Fetched 40 runs from origin (40 new); merged 40 runs; notes of 1 commit rebuilt$" out &&
	 git bench show --format json >../fresh.json) &&
	git -C remote.git bench show --format json $(git -C seed rev-parse HEAD) >remote.json &&
	test_cmp remote.json fresh.json
'

test_expect_success 'every clone converges on the remote after a pull' '
	for c in $CLONES; do
		(cd clone$c && git bench pull >/dev/null &&
		 git bench status >out && grep -q "^Up to date with origin: 40 runs" out &&
		 test "$(git rev-parse $L)" = "$(git -C ../remote.git rev-parse $R)") || return 1
	done
'

test_expect_success 'more pending pushes than a pull reads at once: the rest are said' '
	tip=$(git -C remote.git rev-parse $R) &&
	i=0 &&
	while [ $i -lt 1030 ]; do
		echo "create $R-pending/p$i $tip"
		i=$((i + 1))
	done >creates &&
	git -C remote.git update-ref --stdin <creates &&
	git clone -q remote.git many &&
	(cd many && git bench pull >out 2>err &&
	 grep -q "^Fetched 40 runs from origin (40 new)" out &&
	 grep -q "^warning: 6 more pending pushes on origin not read (1024 at a time)$" err &&
	 grep -q "^hint: a push or .git bench compact. folds them in for the next pull$" err &&
	 (cd ../clone1 && git bench compact >/dev/null) &&
	 git bench pull >out 2>err &&
	 test_must_be_empty err)
'

test_done
