#!/bin/sh
# A push from a clone that lacks some of the remote's measured commits (a
# CI job's clone of depth 1, one that fetched only main) keeps the
# remote's notes of those commits: it replaced the remote's notes with its
# own, built for the commits it has, and a depth-1 job left two notes of
# six; a note git carried to a rebased commit, which no history rebuilds,
# was lost with them. The clone's own notes stay those of its commits.
. "$(dirname "$0")/lib.sh"

N=refs/notes/benchmarks

# record VALUE: one run of benchmark "x" on HEAD.
record () {
	one_result "$TRASH/r.json" "$1" &&
	git bench record -q --format generic "$TRASH/r.json"
}

# notes REPO: its notes of $N, "commit blob" sorted, one a line.
notes () {
	git -C "$1" notes --ref=benchmarks list | awk '{ print $2, $1 }' | sort
}

test_setup 'a remote with five measured commits of main and a rebased branch' '
	git init -q --bare -b main origin.git &&
	git clone -q origin.git dev 2>/dev/null && cd dev &&
	git config bench.machine box &&
	for i in 1 2 3 4 5; do
		echo $i >f && git add f && git commit -q -m "main $i" &&
		record 10$i || return 1
	done &&
	git push -q origin main && git bench push -q &&
	git bench hook install >/dev/null &&
	git checkout -q -b feat HEAD~2 && echo feat >g && git add g &&
	git commit -q -m feat && record 104.5 &&
	git rebase -q main && git push -q origin feat 2>/dev/null &&
	git bench push -q &&
	cd .. && notes origin.git >before &&
	test $(wc -l <before) = 7
'

test_expect_success 'a clone of depth 1 pushes its run and keeps every note' '
	git clone -q --depth 1 "file://$TRASH/origin.git" ci 2>/dev/null &&
	cd ci && git config bench.machine box &&
	echo 6 >f && git commit -q -am "main 6" && record 106 &&
	git bench push >out 2>err &&
	grep "^Pushed 1 run to origin$" out &&
	grep "^Kept the remote.s notes of 6 commits not in this clone$" out &&
	cd .. && notes origin.git >after &&
	# Every note the remote had, the very blob, and the new one.
	comm -23 before after >lost && test_must_be_empty lost &&
	test $(wc -l <after) = 8 &&
	grep "^$(git -C ci rev-parse HEAD) " after &&
	# Here: the notes of the commits here, and fsck finds nothing.
	test $(git -C ci notes --ref=benchmarks list | wc -l) = 2 &&
	git -C ci bench fsck >fsck.out &&
	grep "no problems" fsck.out
'

test_expect_success 'a second push has nothing to send' '
	cd ci && before=$(git -C ../origin.git rev-parse $N) &&
	git bench push >out &&
	grep "is up to date" out &&
	test "$(git -C ../origin.git rev-parse $N)" = "$before"
'

test_expect_success 'a clone of main alone keeps the rebased branch'"'"'s carried note' '
	git clone -q --single-branch -b main "file://$TRASH/origin.git" main-only 2>/dev/null &&
	cd main-only && git config bench.machine box &&
	git bench pull -q && git pull -q --ff-only 2>/dev/null &&
	echo 7 >f && git commit -q -am "main 7" && record 107 &&
	feat=$(git -C ../dev rev-parse feat) &&
	! git cat-file -e "$feat" 2>/dev/null &&
	git bench push >out &&
	cd .. && notes origin.git >after2 &&
	grep "^$feat " after &&
	grep "^$(grep "^$feat " after)$" after2 &&
	comm -23 after after2 >lost && test_must_be_empty lost
'

# A remote's note that is no record, of a commit no clone has: not ours
# to judge or to drop. A push keeps it as the remote has it, and takes
# nothing of it here.
test_expect_success 'a remote note that is no record is kept there, not taken' '
	fake=1234567890abcdef1234567890abcdef12345678 &&
	blob=$(echo "not a record" | git -C origin.git hash-object -w --stdin) &&
	tip=$(git -C origin.git rev-parse $N) &&
	GIT_INDEX_FILE="$TRASH/idx" git -C origin.git read-tree $tip &&
	GIT_INDEX_FILE="$TRASH/idx" git -C origin.git update-index --add \
		--cacheinfo 100644,$blob,$fake &&
	tree=$(GIT_INDEX_FILE="$TRASH/idx" git -C origin.git write-tree) &&
	junk=$(git -C origin.git commit-tree $tree -p $tip -m junk) &&
	git -C origin.git update-ref $N $junk &&
	git clone -q --depth 1 "file://$TRASH/origin.git" ci2 2>/dev/null &&
	cd ci2 && git config bench.machine box &&
	echo 8 >f && git commit -q -am "main 8" && record 108 &&
	git bench push >out 2>err &&
	grep "^Pushed 1 run to origin$" out &&
	git -C ../origin.git ls-tree -r $N >remote &&
	grep "$blob" remote &&
	! git notes --ref=benchmarks list | grep $fake &&
	git bench fsck >fsck.out && grep "no problems" fsck.out
'

test_done
