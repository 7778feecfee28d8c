#!/bin/sh
# Only results of this measurement are recorded: a Criterion tree keeps
# the folders of benchmarks a run left out (cargo bench -- sort), and a
# results file can be left over from an earlier run. record leaves the
# stale benchmarks out, naming them (--all keeps them); run takes nothing
# written before it started. Ages are set with touch -d.
. "$(dirname "$0")/lib.sh"
SQ="'"

# stale_tree: target/criterion with sort/* written now and the six other
# benchmarks three days ago, as `cargo bench -- sort` leaves it.
stale_tree () {
	rm -rf target && mkdir target &&
	cp -r "$CRITERION_BASE" target/criterion &&
	now=$(date +%s) &&
	touch_tree 259200 target/criterion &&
	touch_tree 0 target/criterion/sort
}

# touch_tree SECONDS DIR: everything in DIR written SECONDS before $now,
# so that ages do not depend on how long the copies and touches took.
touch_tree () {
	find "$2" -exec touch -d "@$((now - $1))" {} +
}

test_setup 'a repository' '
	git init -q -b main repo && cd repo &&
	echo target >.gitignore && echo "bench.json" >>.gitignore &&
	git add .gitignore && git commit -q -m first
'

test_expect_success 'record leaves out the benchmarks of an earlier run, naming them' '
	stale_tree &&
	git bench record target/criterion >out 2>err &&
	grep -q "^Read 4 results from target/criterion (criterion)$" out &&
	echo "warning: target/criterion: 6 benchmarks are 3 days older (left out; --all keeps them): add_two_numbers, fibonacci/iterative/10 and 4 more" >expect &&
	test_cmp expect err &&
	git bench names HEAD >names &&
	printf "sort/1000\nsort/10000\n" >expect &&
	test_cmp expect names
'

test_expect_success 'a benchmark left out in several measures is named once' '
	commit_change one-b &&
	rm -rf target && mkdir target &&
	cp -r "$CRITERION_BASE" target/criterion &&
	now=$(date +%s) &&
	touch_tree 0 target/criterion &&
	touch_tree 259200 target/criterion/sort &&
	git bench record target/criterion >out 2>err &&
	grep -q "^Read 6 results from target/criterion (criterion)$" out &&
	echo "warning: target/criterion: 2 benchmarks are 3 days older (left out; --all keeps them): sort/1000, sort/10000" >expect &&
	test_cmp expect err &&
	git bench show --format json >shown &&
	! grep -q "\"sort/" shown
'

test_expect_success '--all keeps them all, quietly' '
	commit_change two &&
	git bench record --all target/criterion >out 2>err &&
	grep -q "^Read 10 results from target/criterion (criterion)$" out &&
	test_must_be_empty err &&
	test $(git bench names HEAD | wc -l) = 8
'

test_expect_success 'a tree written by one run is read whole' '
	commit_change three &&
	rm -rf target && mkdir target &&
	cp -r "$CRITERION_SLOW" target/criterion &&
	git bench record target/criterion >out 2>err &&
	grep -q "^Read 10 results from target/criterion (criterion)$" out &&
	test_must_be_empty err
'

# The same tree minutes later, sort/* measured anew (its means moved by
# 1%), as `cargo bench -- sort` leaves it: the six others still hold the
# values recorded for "three", and their times cannot tell.
test_expect_success 'a filtered run: benchmarks recorded for another commit are left out' '
	commit_change three-b &&
	python3 - target/criterion/sort/*/new/estimates.json <<-\PY &&
	import json, sys
	for path in sys.argv[1:]:
	    e = json.load(open(path))
	    e["mean"]["point_estimate"] *= 1.01
	    json.dump(e, open(path, "w"))
	PY
	git bench record target/criterion >out 2>err &&
	grep -q "^Read 4 results from target/criterion (criterion)$" out &&
	cat >expect <<-EOF &&
	warning: target/criterion: 6 benchmarks were recorded before, for $(git rev-parse --short HEAD~1) (left out): add_two_numbers, fibonacci/iterative/10 and 4 more
	hint: a filtered run leaves the others${SQ} results; --all keeps them
	EOF
	test_cmp expect err &&
	git bench names HEAD >names &&
	printf "sort/1000\nsort/10000\n" >expect &&
	test_cmp expect names
'

test_expect_success 'the whole tree again: said, and stored as it is' '
	commit_change three-c &&
	git bench record target/criterion >out 2>err &&
	grep -q "^Read 10 results from target/criterion (criterion)$" out &&
	echo "warning: target/criterion: every result was recorded before, for $(git rev-parse --short HEAD~1) and before: not a new measurement" >expect &&
	test_cmp expect err &&
	test $(git bench names HEAD | wc -l) = 8 &&
	commit_change three-d &&
	git bench record --all target/criterion >out 2>err &&
	test_must_be_empty err &&
	test $(git bench names HEAD | wc -l) = 8
'

test_expect_success 'run: a file older than the command is not its result' '
	commit_change four &&
	cp "$GB_FIXTURES/hyperfine/baseline/commands.json" bench.json &&
	touch -d "1 hour ago" bench.json &&
	refs_state >before &&
	test_expect_code 2 git bench run --record --results bench.json -- true \
		>out 2>err &&
	grep -q "^error: bench.json is from before this run (written 1 hour ago): the command wrote no results there$" err &&
	refs_state >after &&
	test_cmp before after
'

test_expect_success 'run: the file the command writes is taken' '
	git bench run --record --results bench.json -- \
		cp "$GB_FIXTURES/hyperfine/baseline/commands.json" bench.json >out 2>err &&
	git bench show >shown &&
	grep -q "(hyperfine)$" shown
'

test_expect_success 'run: only the folders the command wrote, else nothing' '
	commit_change five &&
	stale_tree &&
	find target/criterion -exec touch -d "1 hour ago" {} + &&
	test_expect_code 2 git bench run --record --results target/criterion -- true \
		>out 2>err &&
	grep -q "^error: target/criterion: no results written by this run (the newest are from 1 hour ago)$" err &&
	test_expect_code 2 git bench show >/dev/null 2>&1 &&
	git bench run --record --results target/criterion -- \
		find target/criterion/sort -exec touch {} + >out 2>err &&
	grep -q "^warning: target/criterion: 6 benchmarks are .* older than this run (left out): add_two_numbers" err &&
	git bench names HEAD >names &&
	printf "sort/1000\nsort/10000\n" >expect &&
	test_cmp expect names
'

test_done
