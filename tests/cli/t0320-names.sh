#!/bin/sh
# What a user types that names nothing, or names something else: a label
# of recorded runs is a revision for every command (a ref of the name
# wins; a label on two commits is an error naming them); a --bench pattern
# or a budget that matches no benchmark is an error or a warning with the
# nearest names, never an empty answer; a commit with no results says why.
. "$(dirname "$0")/lib.sh"

test_setup 'v0.1.0 recorded as a label, then a slower commit' '
	git init -q --bare -b main remote.git &&
	git clone -q remote.git repo 2>/dev/null && cd repo &&
	echo target >.gitignore && git add .gitignore &&
	git commit -q -m first &&
	git bench record -q --label v0.1.0 "$CRITERION_BASE" &&
	V1=$(git rev-parse --short HEAD) &&
	commit_change slower &&
	git bench record -q "$CRITERION_SLOW" &&
	git push -q origin main && git bench push origin >/dev/null 2>&1
'

test_expect_success 'a label is a revision: compare, check, show, log, bisect' '
	test -z "$(git tag)" &&
	git bench compare v0.1.0 >out &&
	grep -q "^Baseline: $V1 (v0.1.0) · 1 run$" out &&
	grep -q "sum_of_squares .* REGRESSION$" out &&
	test_expect_code 1 git bench check --baseline v0.1.0 >out &&
	grep -q "^Baseline: $V1 (v0.1.0)" out &&
	git bench show v0.1.0 >out &&
	grep -q "^commit $(git rev-parse $V1)$" out &&
	git bench log --commits v0.1.0..HEAD >out &&
	test_one_line out &&
	git bench bisect --bench sum_of_squares v0.1.0 HEAD >out 2>/dev/null &&
	grep -q "^$(git rev-parse HEAD) is the first bad commit$" out
'

test_expect_success 'a ref of the name wins over the label' '
	git tag v0.1.0 HEAD &&
	git bench compare v0.1.0 >out 2>err &&
	grep -q "^Baseline: $(git rev-parse --short HEAD) (v0.1.0)" out &&
	git tag -d v0.1.0 >/dev/null
'

test_expect_success 'a label on two commits is an error naming both' '
	commit_change again &&
	git bench record -q --label v0.1.0 "$CRITERION_BASE" &&
	refs_state >before &&
	test_expect_code 2 git bench compare v0.1.0 >out 2>err &&
	echo "error: label '\''v0.1.0'\'' is on 2 commits ($V1 and $(git rev-parse --short HEAD)): name one" >expect &&
	test_cmp expect err &&
	test_must_be_empty out &&
	refs_state >after &&
	test_cmp before after &&
	git bench forget HEAD >/dev/null &&
	git reset -q --hard HEAD~1 &&
	git bench show v0.1.0 >/dev/null
'

test_expect_success '--bench that matches nothing: exit 2, the nearest names' '
	echo "error: no benchmark matches '\''sortt'\''; did you mean sort/1000 or sort/10000?" >expect &&
	for cmd in "compare v0.1.0" "check --baseline v0.1.0" "log" \
		"bisect v0.1.0 HEAD" "show" "export --format csv"; do
		test_expect_code 2 git bench $cmd --bench sortt >out 2>err &&
		test_must_be_empty out &&
		test_cmp expect err || return 1
	done
'

test_expect_success '--measure of no result: exit 2, not a clean check' '
	echo "error: no results in measure '\''tim'\''; did you mean time or throughput?" >expect &&
	for cmd in "compare v0.1.0" "check --baseline v0.1.0" "log" "show" \
		"compare --fail-on-regression v0.1.0"; do
		test_expect_code 2 git bench $cmd --measure tim >out 2>err &&
		test_must_be_empty out &&
		test_cmp expect err || return 1
	done
'

test_expect_success 'a budget that matches no benchmark is warned about' '
	git -c bench.sum_of_sqares.maxRegression=50 bench config >out 2>err &&
	grep -q "^warning: bench.sum_of_sqares.\*: no benchmark matches '\''sum_of_sqares'\''; did you mean sum_of_squares" err &&
	test_expect_code 1 git -c bench.sum_of_sqares.maxRegression=50 bench check \
		--baseline v0.1.0 >out 2>err &&
	grep -q "^warning: budget bench.sum_of_sqares.\* matches no benchmark compared; did you mean sum_of_squares" err &&
	git -c bench.sum_of_squares.maxRegression=50 bench config >out 2>err &&
	! grep -q "sum_of_squares" err
'

test_expect_success 'the pre-push hook warns of the budget too' '
	git bench hook install >/dev/null &&
	commit_change pushed &&
	git bench record -q "$CRITERION_SLOW" &&
	git -c bench.sum_of_sqares.maxRegression=50 push origin main >out 2>&1 &&
	grep -q "budget bench.sum_of_sqares.\* matches no benchmark compared" out
'

test_expect_success 'no results: the commit patch, a remote not pulled, a machine' '
	commit_change unmeasured &&
	test_expect_code 2 git bench show >out 2>err &&
	echo "error: no results recorded for $(git rev-parse --short HEAD)" >expect &&
	test_cmp expect err &&
	cd "$TRASH" && git clone -q remote.git fresh && cd fresh &&
	test_expect_code 2 git bench show >out 2>err &&
	echo "error: no results for $(git rev-parse --short HEAD); nothing is recorded in this clone: git bench pull fetches origin'\''s results" >expect &&
	test_cmp expect err &&
	git bench pull origin >/dev/null &&
	commit_change here &&
	git config bench.machine other &&
	git bench record -q "$CRITERION_BASE" &&
	test_expect_code 3 git bench check >out 2>err &&
	grep -q "^error: no results for .* or its first-parent ancestors on machine other; results there are of .* (--machine or --any-machine)$" err
'

test_expect_success 'show: a name wider than the terminal is folded, whole' '
	git init -q long && (cd long &&
	git commit -q --allow-empty -m one &&
	name=$(python3 -c "print(\"group/parse_a_rather_long_input_\" * 5 + \"é\")") &&
	printf "[{\"name\": \"%s\", \"unit\": \"ns\", \"value\": 12.5},
		{\"name\": \"short\", \"unit\": \"ns\", \"value\": 3}]" \
		"$name" >../long.json &&
	git bench record -q -f generic ../long.json &&
	git bench show >../long.out &&
	test_fits ../long.out &&
	grep -q "^  • short - 3.00 ns$" ../long.out &&
	grep -q "^      time: 12.50 ns$" ../long.out &&
	# The folded lines give the name back.
	python3 - "$name" ../long.out <<-\PY
	import sys
	name, lines = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().splitlines()
	at = next(i for i, l in enumerate(lines) if l.startswith("  \u2022 group/"))
	got = lines[at][4:]
	for l in lines[at + 1:]:
	    if not l.startswith("    ") or l.startswith("      time:"):
	        break
	    got += l[4:]
	assert got == name, (got, name)
	PY
	)
'

test_done
