#!/bin/sh
# Results git carried across a rebase reach other clones: a developer
# measures a branch, rebases it with the hook installed (git copies the
# note to the rebased commit), force-pushes and pushes the results; a
# fresh clone's pull takes the carried note, which the history alone
# cannot rebuild, and check uses it. A remote's note that is not such a
# copy is not taken.
. "$(dirname "$0")/lib.sh"

R=refs/benchmarks/history
N=refs/notes/benchmarks

# record VALUE: one run of benchmark "x" on HEAD.
record () {
	one_result "$TRASH/r.json" "$1" &&
	git bench record -q --format generic "$TRASH/r.json"
}

# The blob of the note of commit $2 on ref $N of repository $1.
note_of () {
	git -C "$1" notes --ref=benchmarks list "$2"
}

test_setup 'a remote; a developer measures main and a branch, rebases it' '
	git init -q --bare -b main origin.git &&
	git clone -q origin.git dev 2>/dev/null && cd dev &&
	git config bench.machine box &&
	echo 1 >f && git add f && git commit -q -m "main 1" &&
	record 100 && record 101 &&
	git push -q origin main && git bench push -q &&
	git bench hook install >/dev/null &&
	git checkout -q -b feat && echo feat >g && git add g &&
	git commit -q -m "feat" &&
	record 100.5 && record 101.5 &&
	git push -q origin feat 2>/dev/null && git bench push -q &&
	git checkout -q main && echo 2 >f && git commit -q -am "main 2" &&
	record 100.2 && record 100.8 &&
	git push -q origin main 2>/dev/null && git bench push -q &&
	git checkout -q feat && old=$(git rev-parse HEAD) &&
	git rebase -q main && new=$(git rev-parse HEAD) &&
	test "$old" != "$new" && cd "$TRASH"
'
old_short=$(git -C dev rev-parse --short "$old")

test_expect_success 'the rebased commit holds the carried note, here' '
	test "$(note_of dev "$new")" = "$(note_of dev "$old")" &&
	git -C dev bench show >out &&
	grep -q "^Measured: on $old_short, which git rewrote into this commit$" out
'

test_expect_success 'push sends the notes when only they moved' '
	cd dev &&
	git push -q -f origin feat 2>/dev/null &&
	history=$(git -C ../origin.git rev-parse $R) &&
	git bench push >out 2>err &&
	test_must_be_empty err &&
	grep -qx "Pushed no new runs, only history and notes, to origin" out &&
	test "$(git -C ../origin.git rev-parse $R)" = "$history" &&
	test "$(note_of ../origin.git "$new")" = "$(note_of . "$old")" &&
	test "$(git -C ../origin.git rev-parse $N^{tree})" = \
		"$(git rev-parse $N^{tree})"
'

test_expect_success 'a fresh clone pulls the carried note: check uses it' '
	git clone -q "file://$TRASH/origin.git" ci 2>/dev/null && cd ci &&
	git config bench.machine box &&
	git checkout -q feat &&
	! git cat-file -e "$old" 2>/dev/null &&
	git bench pull >out 2>err &&
	grep -qx "Took the notes of 1 commit that git rewrote (amend or rebase)" out &&
	test "$(note_of . "$new")" = "$(note_of ../dev "$new")" &&
	git ls-tree -r $N >tree &&
	grep -q "	$new$" tree &&
	git bench check >check 2>&1 &&
	grep -q "^Current:  $(git rev-parse --short HEAD) (HEAD; results of $old_short, before a rewrite) · 2 runs$" check
'

test_expect_success 'fsck takes the pulled note; a pull or push keeps it' '
	cd ci &&
	git bench fsck >out &&
	grep -q ": no problems$" out &&
	grep -qx "2 records carried to rewritten commits by git (notes.rewriteRef)" out &&
	before=$(git rev-parse $N) &&
	git bench pull >out &&
	! grep -q "^Took" out &&
	test "$(git rev-parse $N)" = "$before" &&
	git bench push -q &&
	test "$(note_of ../origin.git "$new")" = "$(note_of ../dev "$new")" &&
	git bench show HEAD >out &&
	grep -q "which git rewrote into this commit$" out
'

test_expect_success 'runs measured on the rebased commit join the carried ones' '
	cd ci &&
	record 100.7 &&
	git bench push -q &&
	cd .. && git clone -q "file://$TRASH/origin.git" ci2 2>/dev/null &&
	cd ci2 && git checkout -q feat &&
	git bench pull >out &&
	grep -qx "Took the notes of 1 commit that git rewrote (amend or rebase)" out &&
	test "$(note_of . "$new")" = "$(note_of ../origin.git "$new")" &&
	git bench show --format json >show &&
	test $(grep -c "\"carried_from\"" show) = 2 &&
	git bench fsck >out &&
	grep -q ": no problems$" out
'

test_expect_success 'a run of its own here stays, and the carried ones are added' '
	git clone -q "file://$TRASH/origin.git" ci3 2>/dev/null &&
	cd ci3 && git checkout -q feat && git config bench.machine box &&
	record 99.9 &&
	git bench pull >out &&
	grep -q "^Took the notes of 1 commit" out &&
	git bench show --format json >show &&
	test $(grep -c "\"id\":" show) = 4 &&
	test $(grep -c "\"carried_from\"" show) = 2 &&
	git bench fsck >out &&
	grep -q ": no problems$" out &&
	git bench pull >out &&
	! grep -q "^Took" out
'

test_expect_success 'a clone that has the measured commit takes it too' '
	git clone -q origin.git local 2>/dev/null && cd local &&
	git checkout -q feat &&
	git cat-file -e "$old" &&
	git bench pull >out &&
	grep -q "^Took the notes of 1 commit" out &&
	git bench fsck >/dev/null
'

test_expect_success 'a bundle of everything carries it as a remote does' '
	(cd dev && git bench bundle create -q ../all.bundle) &&
	git clone -q "file://$TRASH/origin.git" fromb 2>/dev/null && cd fromb &&
	git checkout -q feat &&
	git bench pull ../all.bundle >out &&
	grep -q "^Took the notes of 1 commit" out &&
	test "$(note_of . "$new")" = "$(note_of ../dev "$new")"
'

test_expect_success 'a bundle of the rebased commit carries it too' '
	(cd dev && git bench bundle create -q ../feat.bundle main..feat) &&
	git clone -q "file://$TRASH/origin.git" fromr 2>/dev/null && cd fromr &&
	git checkout -q feat &&
	git bench pull ../feat.bundle >out &&
	grep -q "^Took the notes of 1 commit" out &&
	test "$(note_of . "$new")" = "$(note_of ../dev "$new")" &&
	git bench show >out &&
	grep -q "which git rewrote into this commit$" out
'

test_expect_success 'a remote note that is no copy of a measured change is not taken' '
	git clone -q origin.git evil 2>/dev/null && cd evil &&
	git fetch -q origin "+$N:$N" &&
	main1=$(git rev-parse origin/main~1) && main2=$(git rev-parse origin/main) &&
	echo 3 >f && git commit -q -am "main 3" && main3=$(git rev-parse HEAD) &&
	git push -q origin HEAD:main &&
	# The runs of main 2 on main 1, another change; text on main 3.
	git notes --ref=benchmarks copy -f "$main2" "$main1" &&
	echo hello | git notes --ref=benchmarks add -F - "$main3" &&
	git push -q -f origin "$N:$N" &&
	cd ../ci && git fetch -q origin &&
	mine=$(note_of . "$main1") &&
	git bench pull >out 2>err &&
	! grep -q "^Took" out &&
	test "$(note_of . "$main1")" = "$mine" &&
	test_must_fail note_of . "$main3" 2>/dev/null &&
	git bench fsck >/dev/null
'

test_expect_success 'a push of only a carried note that another push overtakes' '
	git clone -q origin.git d2 2>/dev/null && cd d2 &&
	git config bench.machine box &&
	git config notes.rewriteRef $N &&
	git bench pull -q &&
	git checkout -q -b topic origin/main && echo t >t && git add t &&
	git commit -q -m topic && record 100.3 &&
	git push -q origin topic 2>/dev/null && git bench push -q &&
	git commit -q --amend -m "topic, reworded" && amended=$(git rev-parse HEAD) &&
	git push -q -f origin topic 2>/dev/null &&
	# git runs the hook after it read the remote refs: another push then.
	cat >.git/hooks/pre-push <<-EOF &&
	#!/bin/sh
	cat >/dev/null
	[ -e "$TRASH/raced" ] && exit 0
	: >"$TRASH/raced"
	unset GIT_DIR GIT_WORK_TREE
	cd "$TRASH/ci" &&
	printf "[{\"name\": \"x\", \"unit\": \"ns\", \"value\": 100.9}]" >"$TRASH/race.json" &&
	git bench record -q --format generic "$TRASH/race.json" &&
	git bench push -q
	EOF
	chmod +x .git/hooks/pre-push &&
	git bench push >out 2>err &&
	test -e "$TRASH/raced" &&
	test_must_be_empty err &&
	grep -qx "Pushed no new runs, only history and notes, to origin (attempt 2: it moved in between)" out &&
	test "$(note_of ../origin.git "$amended")" = "$(note_of . "$amended")"
'

test_done
