#!/bin/sh
# Results follow rewritten commits: hook install adds our notes ref to
# git's notes.rewriteRef, so that git commit --amend and git rebase copy
# the note; the copy reads as the new commit's runs and fsck calls it
# carried, not damage. Without it, a commit whose patch matches a measured
# one says so.
. "$(dirname "$0")/lib.sh"

test_setup 'a measured first commit and a measured change' '
	git init -q -b main repo && cd repo &&
	echo target >.gitignore && git add .gitignore &&
	git commit -q -m first &&
	git bench record -q "$CRITERION_BASE" &&
	commit_change change &&
	git bench record -q "$CRITERION_SLOW"
'

test_expect_success 'without notes.rewriteRef, an amended commit points to its original' '
	old=$(git rev-parse --short HEAD) &&
	git commit -q --amend -m "change, reworded" &&
	test_expect_code 2 git bench show >out 2>err &&
	echo "error: no results for $(git rev-parse --short HEAD); its patch matches $old, measured (amended or rebased?)" >expect &&
	test_cmp expect err &&
	test_expect_code 2 git bench compare HEAD~1 HEAD >out 2>err &&
	test_cmp expect err &&
	git bench record -q --commit HEAD "$CRITERION_SLOW"
'

test_expect_success 'hook install sets notes.rewriteRef once, and says so' '
	git bench hook install >out &&
	grep -q "^(notes.rewriteRef=refs/notes/benchmarks)$" out &&
	git config --get-all notes.rewriteRef >refs &&
	echo refs/notes/benchmarks >expect &&
	test_cmp expect refs &&
	git bench hook install >out &&
	! grep -q "rewriteRef" out &&
	git config --get-all notes.rewriteRef >refs &&
	test_cmp expect refs
'

test_expect_success 'a value that covers our ref already is left alone' '
	git init -q -b main "$TRASH/other" &&
	git -C "$TRASH/other" config notes.rewriteRef "refs/notes/*" &&
	(cd "$TRASH/other" && git bench hook install >out) &&
	git -C "$TRASH/other" config --get-all notes.rewriteRef >refs &&
	echo "refs/notes/*" >expect &&
	test_cmp expect refs
'

test_expect_success 'git commit --amend carries the results' '
	measured=$(git rev-parse --short HEAD) &&
	git commit -q --amend -m "change, amended" &&
	git bench show >out &&
	grep -q "^commit $(git rev-parse HEAD)$" out &&
	grep -q "^Measured: on $measured, which git rewrote into this commit$" out &&
	git bench compare HEAD~1 HEAD >out &&
	grep -q "sum_of_squares .* REGRESSION$" out &&
	# The comparison says whose results they are: the code may differ.
	grep -q "^Current:  $(git rev-parse --short HEAD) (HEAD; results of $measured, before a rewrite) · 1 run$" out &&
	test_fits out
'

test_expect_success 'git rebase carries them too' '
	git checkout -q -b side HEAD~1 &&
	echo side >side && git add side && git commit -q -m side &&
	git checkout -q main &&
	git rebase -q side &&
	test "$(git rev-parse HEAD~1)" = "$(git rev-parse side)" &&
	git bench show >out &&
	grep -q "which git rewrote into this commit$" out &&
	git bench log --commits >out &&
	grep -q "^$(git rev-parse --short HEAD) .*change, amended$" out
'

test_expect_success 'fsck counts the carried records, and finds no damage' '
	git bench fsck >out &&
	grep -q ": no problems$" out &&
	grep -q "^2 records carried to rewritten commits by git (notes.rewriteRef)$" out
'

# The carried run measured other code: once this commit is measured, it
# is no repetition of it. Pooled, an amend that made the code 31% slower
# read as half that, and a fix amended in was still refused.
test_expect_success 'measured after an amend: the carried run of other code is left out' '
	carried=$(git bench show --format json | python3 -c "import json, sys; print(json.load(sys.stdin)[\"runs\"][0][\"carried_from\"])") &&
	commit_change amended-code &&
	git reset -q --soft HEAD~1 && git commit -q --amend -m "change, amended again" &&
	git bench show --format json >before.json &&
	python3 - before.json <<-\PY &&
	import json, sys
	runs = json.load(open(sys.argv[1]))["runs"]
	assert len(runs) == 1 and "carried_from" in runs[0], runs
	PY
	git ls-tree -r --name-only refs/benchmark-history >history-before &&
	git bench record -q "$CRITERION_BASE" &&
	git bench show --format json >after.json &&
	python3 - after.json <<-\PY &&
	import json, sys
	runs = json.load(open(sys.argv[1]))["runs"]
	assert len(runs) == 1 and "carried_from" not in runs[0], runs
	PY
	git bench compare HEAD~1 HEAD >out &&
	grep -q "^Current:  $(git rev-parse --short HEAD) (HEAD) · 1 run$" out &&
	! grep -q "REGRESSION" out &&
	# The history still holds the carried run, with the commit it measured.
	git ls-tree -r --name-only refs/benchmark-history >history-after &&
	test $(wc -l <history-after) = $(($(wc -l <history-before) + 1)) &&
	git bench show --format json "$carried" >carried.json &&
	python3 - carried.json "$carried" <<-\PY
	import json, sys
	runs = json.load(open(sys.argv[1]))["runs"]
	assert [r["commit"] for r in runs] == [sys.argv[2]], runs
	PY
'

test_expect_success 'measured after a reword (the same tree): both runs count' '
	git commit -q --amend -m "change, reworded once more" &&
	git bench record -q "$CRITERION_BASE" 2>/dev/null &&
	git bench show --format json >both.json &&
	python3 - both.json <<-\PY
	import json, sys
	runs = json.load(open(sys.argv[1]))["runs"]
	assert len(runs) == 2, runs
	assert sum("carried_from" in r for r in runs) == 1, runs
	PY
'

test_expect_success 'uninstall leaves notes.rewriteRef as it is' '
	git bench hook uninstall >/dev/null &&
	git config --get-all notes.rewriteRef >refs &&
	echo refs/notes/benchmarks >expect &&
	test_cmp expect refs
'

test_done
