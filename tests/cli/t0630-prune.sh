#!/bin/sh
# prune: retention by count and by age, said in the history; labelled runs
# kept; --rewrite leaves root commits so git gc drops the old objects;
# code refs never move.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-history.sh"

# Refs other than the store's two, to check that prune never moves them.
code_refs () {
	git for-each-ref --format='%(refname) %(objectname)' refs/heads refs/tags
}

test_setup 'c1..c12 measured, c1 labelled v0.1.0' '
	history_repo repo && cd repo &&
	criterion_outputs 1 12 99 &&
	commit_n 1 && use_output 1 && git bench record -q --label v0.1.0 &&
	i=2 &&
	while [ $i -le 12 ]; do
		commit_n $i && use_output $i && git bench record -q || exit 1
		i=$((i + 1))
	done &&
	code_refs >code-refs
'

test_expect_success '--dry-run lists what would go and changes nothing' '
	refs_state >before &&
	git bench prune --keep 5 --dry-run >out &&
	head -n1 out >first &&
	echo "Would prune 6 runs beyond the 5 most recent; 6 would stay" >expect &&
	test_cmp expect first &&
	test $(grep -c "^  [0-9T.Z]*-[0-9a-f]* [0-9a-f]* [0-9-]*$" out) = 6 &&
	grep -q "^  .* $(git rev-parse --short c2) " out &&
	! grep -q " $(git rev-parse --short c1) " out &&
	grep -q "^Kept 1 older run for its label (--labelled prunes them too)$" out &&
	refs_state >after &&
	test_cmp before after
'

test_expect_success '--keep 5: the history says what went, notes follow' '
	notes_before=$(git rev-parse refs/notes/benchmarks) &&
	git bench prune --keep 5 >out &&
	# One notes commit, saying what did it: nothing was interrupted.
	git log --format=%s $notes_before..refs/notes/benchmarks >notes-log &&
	echo "Notes rebuilt by '"'"'git bench prune'"'"'" >expect &&
	test_cmp expect notes-log &&
	grep -q "^Pruned 6 runs beyond the 5 most recent; 6 left, 6 notes rewritten$" out &&
	test "$(git log -1 --format=%s refs/benchmark-history)" = "Prune 6 runs beyond the 5 most recent" &&
	git log -1 --format=%b refs/benchmark-history >body &&
	test $(grep -c "^run [0-9T.Z]*-[0-9a-f]* commit [0-9a-f]\{40\}$" body) = 6 &&
	for c in c2 c3 c4 c5 c6 c7; do
		grep -q "commit $(git rev-parse $c)$" body || exit 1
	done &&
	grep -q "^Kept 1 older run for its label.$" body &&
	git bench log --commits >list &&
	test $(wc -l <list) = 6 &&
	grep -q "(v0.1.0) c1: change 1$" list &&
	test $(git notes --ref=benchmarks list | wc -l) = 6 &&
	test_expect_code 2 git bench show c3 2>err &&
	grep -q "no results recorded for" err &&
	git bench show c8 >/dev/null &&
	git bench fsck >fsck.out &&
	code_refs >now && test_cmp code-refs now
'

test_expect_success '--older-than: dates and relative dates' '
	git bench prune --older-than 2000-01-01 >out &&
	grep -q "^Nothing to prune: 6 runs, none older than 2000-01-01$" out &&
	git bench prune --older-than "1.day.ago" >out &&
	grep -q "^Nothing to prune: 6 runs, none older than " out &&
	git bench prune --older-than "2 weeks ago" --dry-run >out &&
	grep -q "^Nothing to prune" out &&
	future=$(( $(date +%s) + 3600 )) &&
	git bench prune --older-than "@$future" --dry-run >out &&
	grep -q "^Would prune 5 runs older than .*; 1 would stay$" out &&
	git bench prune --older-than "@$future" --keep 3 --dry-run >out &&
	grep -q "^Would prune 2 runs older than .* beyond the 3 most recent; 4 would stay$" out
'

test_expect_success '--rewrite: root commits, and git gc drops the old objects' '
	pruned_blob=$(git notes --ref=benchmarks list c8) &&
	git cat-file -e $pruned_blob &&
	git gc -q --prune=now &&
	git count-objects -v | awk "/^(count|in-pack):/ { n += \$2 } END { print n }" >objects-before &&
	git bench prune --keep 2 --rewrite >out &&
	grep -q "^Pruned 3 runs beyond the 2 most recent; 3 left" out &&
	grep -q "^Rewrote the history and the notes as root commits" out &&
	test $(git rev-list --count refs/benchmark-history) = 1 &&
	test $(git rev-list --count refs/notes/benchmarks) = 1 &&
	git log -1 --format=%B refs/benchmark-history >msg &&
	grep -q "^Prune 3 runs beyond the 2 most recent$" msg &&
	grep -q "^The history before this commit was dropped by .git bench prune --rewrite.; it ended at [0-9a-f]\{40\}.$" msg &&
	git log -1 --format=%B refs/notes/benchmarks >nmsg &&
	grep -q "^History: $(git rev-parse refs/benchmark-history)$" nmsg &&
	! git reflog exists refs/notes/benchmarks &&
	git gc -q --prune=now &&
	git count-objects -v | awk "/^(count|in-pack):/ { n += \$2 } END { print n }" >objects-after &&
	test $(cat objects-after) -lt $(cat objects-before) &&
	test_must_fail git cat-file -e $pruned_blob 2>/dev/null &&
	git bench log --commits >list &&
	test $(wc -l <list) = 3 &&
	git bench show c12 >/dev/null &&
	git bench log --bench sum_of_squares >/dev/null &&
	git bench fsck >fsck.out &&
	code_refs >now && test_cmp code-refs now
'

test_expect_success 'recording after a rewrite lands on the new root' '
	commit_n 13 && criterion_outputs 13 13 99 && use_output 13 &&
	git bench record -q &&
	test $(git rev-list --count refs/benchmark-history) = 2 &&
	test $(git bench log --commits | wc -l) = 4 &&
	git bench prune --keep 100 --rewrite >out &&
	grep -q "^Nothing to prune: 4 runs, none beyond the 100 most recent$" out &&
	grep -q "^Rewrote" out &&
	test $(git rev-list --count refs/benchmark-history) = 1 &&
	test "$(git log -1 --format=%s refs/benchmark-history)" = "Start the history over from the 4 runs it holds"
'

test_expect_success 'bad usage: one-line errors, nothing moved' '
	refs_state >before &&
	test_expect_code 2 git bench prune 2>err &&
	grep -q "^error: say what to keep: --keep <n> or --older-than <date>$" err &&
	test_expect_code 2 git bench prune --keep -1 2>err &&
	test_one_line err && grep -q "^error: --keep must be 0 or more$" err &&
	test_expect_code 2 git bench prune --older-than someday 2>err &&
	test_one_line err &&
	grep -q "^error: --older-than: .someday. is not a date" err &&
	test_expect_code 2 git bench prune --keep 3 extra 2>err &&
	grep -q "too many arguments" err &&
	refs_state >after &&
	test_cmp before after
'

# The notes ref put back where it was before the last command: the state
# a kill between its two ref moves leaves (the history moves first).
undo_notes_move () {
	git update-ref refs/notes/benchmarks "$1"
}

test_expect_success 'an interrupted prune is completed, never undone' '
	cd "$TRASH" && history_repo cut && cd cut &&
	criterion_outputs 1 6 99 &&
	for i in 1 2 3 4 5 6; do
		commit_n $i && use_output $i && git bench record -q || return 1
	done &&
	notes=$(git rev-parse refs/notes/benchmarks) &&
	git bench prune --keep 2 >out &&
	undo_notes_move $notes &&
	git bench fsck >fsck.out &&
	test $(grep -c "^interrupted-write .*a prune or forget was interrupted" fsck.out) = 4 &&
	! grep -q "missing-from-history" fsck.out &&
	git bench fsck --repair >repair.out &&
	git bench fsck >clean.out &&
	! grep -q "interrupted-write\|missing-from" clean.out &&
	test $(git notes --ref=benchmarks list | wc -l) = 2 &&
	test $(git ls-tree -r --name-only refs/benchmark-history | grep -c "^runs/") = 2 &&
	notes=$(git rev-parse refs/notes/benchmarks) &&
	git bench prune --keep 1 >out &&
	undo_notes_move $notes &&
	commit_n 7 && criterion_outputs 7 7 99 && use_output 7 &&
	git bench record -q &&
	test $(git notes --ref=benchmarks list | wc -l) = 2 &&
	git bench fsck >clean.out &&
	! grep -q "interrupted-write\|missing-from" clean.out
'

test_expect_success 'an interrupted forget is completed by the next write' '
	cd "$TRASH/cut" &&
	notes=$(git rev-parse refs/notes/benchmarks) &&
	git bench forget HEAD >out &&
	undo_notes_move $notes &&
	git bench fsck >fsck.out &&
	grep -q "^interrupted-write " fsck.out &&
	! grep -q "missing-from" fsck.out &&
	git bench fsck --repair >repair.out &&
	test_expect_code 2 git bench show HEAD 2>err &&
	test $(git notes --ref=benchmarks list | wc -l) = 1 &&
	git bench fsck >clean.out &&
	! grep -q "interrupted-write\|missing-from" clean.out
'

test_expect_success 'a repository where nothing is recorded has nothing to prune' '
	git init -q "$TRASH/empty" && cd "$TRASH/empty" &&
	git commit -q --allow-empty -m one &&
	git bench prune --keep 1 >out 2>err &&
	echo "Nothing to prune: 0 runs, none beyond the 1 most recent" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	test -z "$(git for-each-ref refs/notes refs/benchmark-history)"
'

test_expect_success 'prune --dry-run: a long label is cut to fit 80 columns' '
	git init -q longlabel && (cd longlabel &&
	echo "[{\"name\": \"a\", \"unit\": \"ns\", \"value\": 1}]" >../ll.json &&
	for i in 1 2; do
		git commit -q --allow-empty -m c$i &&
		git bench record -q -f generic \
			-l "release-candidate-label-that-is-really-quite-long-$i-and-more" \
			../ll.json || return 1
	done &&
	git bench prune --keep 1 --labelled -n >out &&
	test_fits out &&
	grep -q " (release-candidat.*…)$" out)
'

test_done
