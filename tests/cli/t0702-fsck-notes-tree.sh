#!/bin/sh
# git bench fsck on notes trees git-bench did not write: entries that are
# not notes (fetched with plain git, or a damaged ref), notes in the wrong
# shape. Each is reported under its own path, no healthy commit is blamed,
# --repair mends it, and real git reads the notes back as they were.
. "$(dirname "$0")/lib.sh"

# notes_tree_plus LINE...: make the notes ref's tree its own entries plus
# the ls-tree lines given (without those whose path a line names again).
notes_tree_plus () {
	{
		git ls-tree refs/notes/benchmarks >"$TRASH/.entries" &&
		for ntp_line in "$@"; do
			ntp_path=$(printf '%s\n' "$ntp_line" | cut -f2) &&
			grep -v "	$ntp_path\$" "$TRASH/.entries" >"$TRASH/.rest"
			mv "$TRASH/.rest" "$TRASH/.entries" || return 1
		done &&
		cat "$TRASH/.entries" && printf '%s\n' "$@"
	} | git mktree >"$TRASH/.tree" &&
	ntp_commit=$(git commit-tree -p refs/notes/benchmarks \
		-m "notes edited by hand" "$(cat "$TRASH/.tree")") &&
	git update-ref refs/notes/benchmarks "$ntp_commit"
}

# What every reader sees of every commit's results, to compare.
shows () {
	for c in $(git rev-list HEAD); do
		git bench show --format json $c || return 1
	done
}

# git lists the same notes as before the damage, every commit shows the
# same results, and fsck finds nothing.
as_before () {
	git notes --ref=benchmarks list | sort >notes &&
	test_cmp "$TRASH/notes-before" notes &&
	shows >shows &&
	test_cmp "$TRASH/shows-before" shows &&
	git bench fsck >out &&
	grep -q ": no problems$" out
}

test_setup 'a repository with runs on three commits' '
	new_repo repo && cd repo &&
	for i in 2 3; do commit_change "change $i" || return 1; done &&
	for rev in HEAD~2 HEAD~1 HEAD; do
		git bench record -q --commit $rev "$CRITERION_BASE" || return 1
	done &&
	git notes --ref=benchmarks list | sort >"$TRASH/notes-before" &&
	shows >"$TRASH/shows-before" &&
	git bench fsck >/dev/null
'

test_setup 'entries that are not notes: names, a link, a fanout subtree' '
	junk=$(echo junk | git hash-object -w --stdin) &&
	zeds=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz &&
	short=$(git rev-parse HEAD | cut -c1-39) &&
	sub=$(printf "100644 blob %s\tREADME\n" $junk | git mktree) &&
	notes_tree_plus "100644 blob $junk	README" \
		"100644 blob $junk	$zeds" "100644 blob $junk	$short" \
		"120000 blob $junk	link" "100644 blob $junk	000" \
		"040000 tree $sub	ff" "100644 blob $junk	ee"
'

test_expect_success 'fsck names each by its path and blames no commit' '
	test_expect_code 1 git bench fsck >out &&
	cat out &&
	for p in README $zeds $short link 000 ff/README ee; do
		grep -q "^not-a-note commit unknown run unknown in refs/notes/benchmarks:$p: not a note: a .* whose path is not an object id$" out ||
			return 1
	done &&
	grep -q ": not a note: a symbolic link whose" out &&
	! grep -q "^damaged-note\|^vanished-commit\|^missing-from" out &&
	grep -q "^Checked 3 records in the history and 3 notes (3 records): 7 problems$" out &&
	test $(wc -l <out) = 8
'

test_expect_success 'readers pass them over' '
	shows >shows &&
	test_cmp "$TRASH/shows-before" shows &&
	git bench log >/dev/null &&
	git bench bundle create "$TRASH/all.bundle" >out &&
	grep -q "^Bundled 3 runs of 3 commits into" out
'

test_expect_success 'fsck --repair removes them, keeps what they held' '
	git bench fsck --repair >out &&
	cat out &&
	test $(grep -c "^    repaired: removed from the notes; kept under damaged/stray-notes/$junk$" out) = 1 &&
	test $(grep -c "^    repaired: removed from the notes" out) = 7 &&
	grep -q "^Repaired: history commit [0-9a-f]* (0 runs put back, 1 blob kept under damaged/), 0 notes rebuilt, 7 removed$" out &&
	tail -n 2 out | grep -q "no problems$" &&
	git log -1 --format=%B refs/benchmark-history >msg &&
	grep -q "^keep damaged/stray-notes/$junk$" msg &&
	grep -q "^remove ff/README from refs/notes/benchmarks$" msg &&
	test "$(git cat-file blob refs/benchmark-history:damaged/stray-notes/$junk)" = junk
'

test_expect_success 'git reads the notes back as they were; fsck is clean' '
	git ls-tree -r --name-only refs/notes/benchmarks >paths &&
	test $(wc -l <paths) = 3 &&
	! git ls-tree refs/notes/benchmarks | grep -q "	ff$" &&
	as_before &&
	git fsck --no-dangling 2>&1 | tee fsck.out &&
	! grep -q -i "error\|missing\|broken" fsck.out
'

test_setup 'notes in the wrong shape: a tree and a link at a commit'"'"'s path' '
	c1=$(git rev-parse HEAD~1) && c2=$(git rev-parse HEAD) &&
	note1=$(git notes --ref=benchmarks list $c1) &&
	note2=$(git notes --ref=benchmarks list $c2) &&
	in_tree=$(printf "100644 blob %s\tx\n" $note1 | git mktree) &&
	notes_tree_plus "040000 tree $in_tree	$c1" "120000 blob $note2	$c2" &&
	git ls-tree refs/notes/benchmarks >entries &&
	grep -q "^040000 tree $in_tree	$c1$" entries &&
	grep -q "^120000 blob $note2	$c2$" entries
'

test_expect_success 'fsck blames each of those commits and no other' '
	test_expect_code 1 git bench fsck >out &&
	cat out &&
	s1=$(git rev-parse --short $c1) s2=$(git rev-parse --short $c2) &&
	grep -q "^damaged-note commit $s1 run unknown in note of $s1: the note is a tree, not a file$" out &&
	grep -q "^damaged-note commit $s2 run unknown in note of $s2: the note is a symbolic link, not a file$" out &&
	grep -q "^Checked 3 records in the history and 3 notes (1 record): 2 problems$" out &&
	test $(wc -l <out) = 4
'

test_expect_success 'fsck --repair removes them and rebuilds both notes' '
	git bench fsck --repair >out &&
	cat out &&
	grep -q "^    repaired: rebuilt from the history; kept under damaged/notes/$c1/$in_tree$" out &&
	grep -q "^    repaired: rebuilt from the history; kept under damaged/notes/$c2/$note2$" out &&
	tail -n 2 out | grep -q "no problems$" &&
	test "$(git cat-file -t refs/benchmark-history:damaged/notes/$c1/$in_tree)" = tree &&
	git ls-tree refs/notes/benchmarks >entries &&
	grep -q "^100644 blob $note1	$c1$" entries &&
	grep -q "^100644 blob $note2	$c2$" entries &&
	test $(wc -l <entries) = 3 &&
	as_before
'

test_setup 'notes on a blob and a tree, copies of a commit'"'"'s note' '
	blob=$(git rev-parse HEAD:file) && tree=$(git rev-parse "HEAD^{tree}") &&
	note0=$(git notes --ref=benchmarks list HEAD~2) &&
	git notes --ref=benchmarks add -C $note0 $blob &&
	git notes --ref=benchmarks add -C $note0 $tree
'

test_expect_success 'fsck reports them as damage, not as carried records' '
	test_expect_code 1 git bench fsck >out &&
	cat out &&
	sb=$(git rev-parse --short $blob) st=$(git rev-parse --short $tree) &&
	grep -q "^note-on-non-commit commit $sb run unknown in note of $sb: a note on a blob, not on a commit$" out &&
	grep -q "^note-on-non-commit commit $st run unknown in note of $st: a note on a tree, not on a commit$" out &&
	! grep -q "carried" out &&
	test $(wc -l <out) = 4
'

test_expect_success 'fsck --repair removes them; git reads the notes as before' '
	git bench fsck --repair >out &&
	cat out &&
	grep -q "^    repaired: note removed; kept under damaged/notes/\($blob\|$tree\)/$note0$" out &&
	grep -q "2 removed$" out &&
	tail -n 2 out | grep -q "no problems$" &&
	as_before
'

test_expect_success 'a notes ref on a tree or a blob: one line naming both' '
	tip=$(git rev-parse refs/notes/benchmarks) &&
	tree=$(git rev-parse "HEAD^{tree}") && blob=$(git rev-parse HEAD:file) &&
	for target in tree:$tree blob:$blob; do
		type=${target%%:*} id=${target#*:} &&
		git update-ref refs/notes/benchmarks $id &&
		short=$(echo $id | cut -c1-7) &&
		echo "error: refs/notes/benchmarks points to a $type ($short), not a commit" >expect &&
		for cmd in fsck "fsck --repair" "show HEAD" log; do
			test_expect_code 2 git bench $cmd >out 2>err &&
			test_cmp expect err || return 1
		done &&
		test "$(git rev-parse refs/notes/benchmarks)" = $id || return 1
	done &&
	git tag -a -m "a tag of a tree" tree-tag $tree &&
	git update-ref refs/notes/benchmarks $(git rev-parse tree-tag) &&
	test_expect_code 2 git bench fsck 2>err &&
	grep -q "^error: refs/notes/benchmarks points to a tag of a tree ([0-9a-f]*), not a commit$" err &&
	git update-ref refs/notes/benchmarks $tip &&
	git bench fsck >/dev/null
'

test_done
