#!/bin/sh
# git bench fsck and fsck --repair on damage made with real git: a damaged
# history blob, a damaged note, a note missing for a recorded run, a note
# on a commit that no longer exists, a run only a note holds.
. "$(dirname "$0")/lib.sh"

# The run ids of the runs recorded for a revision, one per line.
run_ids () {
	git bench show --format json "$1" |
	python3 -c 'import json, sys; [print(r["id"]) for r in json.load(sys.stdin)["runs"]]'
}

# Put blob $2 at path $1 of the history (or remove the path when $2 is
# empty), as a hand edit with plumbing would.
history_edit () {
	GIT_INDEX_FILE="$TRASH/.idx" git read-tree refs/benchmark-history &&
	if [ -n "$2" ]; then
		GIT_INDEX_FILE="$TRASH/.idx" git update-index --cacheinfo "100644,$2,$1"
	else
		GIT_INDEX_FILE="$TRASH/.idx" git update-index --force-remove "$1"
	fi &&
	tree=$(GIT_INDEX_FILE="$TRASH/.idx" git write-tree) &&
	commit=$(git commit-tree "$tree" -p refs/benchmark-history -m "hand edit") &&
	git update-ref refs/benchmark-history "$commit" &&
	rm -f "$TRASH/.idx"
}

test_setup 'a repository with runs on five commits, one on a side branch' '
	new_repo repo && cd repo &&
	for i in 2 3 4; do commit_change "change $i" || return 1; done &&
	for rev in HEAD~3 HEAD~2 HEAD~1 HEAD HEAD; do
		git bench record -q --commit $rev "$CRITERION_BASE" || return 1
	done &&
	git checkout -q -b side && commit_change "side change" &&
	git bench record -q "$CRITERION_SLOW" &&
	side=$(git rev-parse HEAD) && side_run=$(run_ids HEAD) &&
	git checkout -q - &&
	git ls-tree -r refs/benchmark-history | awk "{print \$4}" | sed "s|.*/||" | sort >"$TRASH/all-runs"
'

test_expect_success 'a clean repository: exit 0, one summary line' '
	git bench fsck >out 2>err &&
	test_one_line out &&
	grep -q "^Checked 6 records in the history and 5 notes (6 records): no problems$" out &&
	test ! -s err
'

test_expect_success 'fsck -h explains interrupted writes; bad usage is exit 2' '
	git bench fsck -h >out &&
	grep -q "^usage: git bench fsck \[--repair\]" out &&
	grep -q "interrupted-write, which is not damage" out &&
	test_expect_code 2 git bench fsck extra 2>err &&
	grep -q "too many arguments" err &&
	git bench -h | grep -q "^    fsck "
'

test_setup 'damage: a history blob, a note, a removed note, a vanished commit' '
	c1=$(git rev-parse HEAD~3) && c2=$(git rev-parse HEAD~2) &&
	c3=$(git rev-parse HEAD~1) &&
	run1=$(run_ids $c1) && run3=$(run_ids $c3) &&
	path1=$(git ls-tree -r --name-only refs/benchmark-history | grep "/$run1$") &&
	printf "\\221\\001" >junk && junk=$(git hash-object -w junk) &&
	history_edit "$path1" "$junk" &&
	printf "not msgpack" >garbage &&
	git notes --ref=benchmarks add -f -F garbage $c2 2>/dev/null &&
	garbage=$(git notes --ref=benchmarks list $c2) &&
	git notes --ref=benchmarks remove $c3 2>/dev/null &&
	side_path=$(git ls-tree -r --name-only refs/benchmark-history | grep "/$side_run$") &&
	history_edit "$side_path" "" &&
	git branch -q -D side &&
	git reflog expire --expire=now --all && git gc -q --prune=now &&
	test_must_fail git cat-file -e $side
'

test_expect_success 'fsck names all of them, one line each, and exits 1' '
	test_expect_code 1 git bench fsck >out 2>err &&
	echo "hint: git bench fsck --repair mends it from the history" >expect &&
	test_cmp expect err &&
	cat out &&
	s1=$(git rev-parse --short $c1) s2=$(git rev-parse --short $c2) &&
	s3=$(git rev-parse --short $c3) sside=$(echo $side | cut -c1-7) &&
	grep -q "^damaged-record commit unknown run $run1 in $path1: malformed record: not a map$" out &&
	grep -q "^damaged-note commit $s2 run unknown in note of $s2: record 1 (byte 0): " out &&
	grep -q "^missing-from-note commit $s3 run $run3 in runs/.*/$run3: $s3 has no note$" out &&
	grep -q "^vanished-commit commit $sside run unknown in note of $sside: a note on a commit that is not in the repository$" out &&
	grep -q "^missing-from-history commit $sside run $side_run in note of $sside: the run is in the note, not in the history$" out &&
	grep -q "^Checked 5 records in the history and 4 notes (4 records): 5 problems$" out &&
	test $(wc -l <out) = 6
'

test_expect_success 'fsck --repair repairs all of it in one history commit' '
	before=$(git rev-parse refs/benchmark-history) &&
	git bench fsck --repair >out &&
	cat out &&
	test $(git rev-list --count $before..refs/benchmark-history) = 1 &&
	git log -1 --format=%B refs/benchmark-history >msg &&
	grep -q "^Repair: 2 runs put back from notes, 2 blobs kept under damaged/$" msg &&
	grep -q "^restore $path1 from a note$" msg &&
	grep -q "^keep damaged/notes/$c2/$garbage$" msg &&
	grep -q "^    repaired: restored from a note; kept under damaged/$path1/$junk$" out &&
	grep -q "^    repaired: note removed$" out &&
	grep -q "^Repaired: history commit [0-9a-f]* (2 runs put back, 2 blobs kept under damaged/), 3 notes rebuilt, 1 removed$" out &&
	tail -n 2 out | grep -q "no problems$"
'

test_expect_success 'afterwards fsck is clean and no parsable run was lost' '
	git bench fsck >out &&
	grep -q ": no problems$" out &&
	grep -q "^2 blobs are kept under damaged/ by earlier repairs$" out &&
	git ls-tree -r --name-only refs/benchmark-history >tree &&
	grep "^runs/" tree | sed "s|.*/||" | sort >runs-now &&
	test_cmp "$TRASH/all-runs" runs-now &&
	grep -q "^damaged/$path1/$junk$" tree &&
	test "$(git cat-file blob refs/benchmark-history:damaged/notes/$c2/$garbage)" = "not msgpack" &&
	for c in $c1 $c2 $c3; do
		run_ids $c >/dev/null || return 1
	done &&
	test "$(run_ids $c1)" = "$run1" &&
	git fsck --no-dangling 2>&1 | tee fsck.out && ! grep -q -i "error\|missing\|broken" fsck.out
'

test_expect_success 'a note removed with git notes, then record: still damage' '
	git notes --ref=benchmarks remove HEAD 2>/dev/null &&
	test_expect_code 1 git bench fsck >out &&
	grep -q "^missing-from-note commit $(git rev-parse --short HEAD) " out &&
	git bench fsck --repair >/dev/null &&
	git bench fsck >/dev/null
'

test_expect_success 'fsck reads the refs the settings name' '
	git -c bench.historyRef=refs/other-history -c bench.notesRef=refs/notes/other bench fsck >out &&
	grep -q "^Checked 0 records in the history and 0 notes (0 records): no problems$" out &&
	test_expect_code 2 git -c bench.historyRef=nope bench fsck 2>err &&
	test_one_line err && grep -q "bench.historyRef" err
'

test_done
