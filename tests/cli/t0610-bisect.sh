#!/bin/sh
# bisect: the commit where sum_of_squares regressed (c12), named exactly
# from stored results, and with gaps filled by --run in a temporary work
# tree; skipped commits, ambiguity, errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-history.sh"

# The "benchmark command" of the test project: the Criterion output of the
# commit checked out, told by the lines of its file; c12 fails to build
# when the work tree has a file named .broken-c12.
cat >bench.sh <<EOF
n=\$(grep -c . file)
if [ "\$n" = 12 ] && [ -e "$TRASH/.broken-c12" ]; then
	echo "error: c12 does not build" >&2
	exit 1
fi
if [ -e "$TRASH/.interrupt-at-\$n" ]; then
	# As Ctrl-C would: git-bench, up the process tree, gets SIGINT.
	p=\$PPID
	while [ "\$(cat /proc/\$p/comm)" != git-bench ]; do
		p=\$(cut -d" " -f4 /proc/\$p/stat)
	done
	kill -INT \$p
fi
rm -rf target && mkdir target && cp -r "$TRASH/.criterion/\$n" target/criterion
echo "measured c\$n" >>"$TRASH/.measured"
EOF

test_setup 'c1..c20, every commit measured, sum_of_squares slower from c12' '
	history_repo repo && cd repo &&
	measured_history 1 20 12 &&
	git config bench.command "sh $TRASH/bench.sh"
'

test_expect_success 'stored results alone name c12' '
	git bench bisect --bench sum_of_squares >folded 2>err &&
	test_fits folded &&
	unfold folded >out &&
	head -n1 out >first &&
	echo "$(git rev-parse c12) is the first bad commit" >expect &&
	test_cmp expect first &&
	grep -q "^    c12: change 12$" out &&
	grep -q "^Author: A U Thor <author@example.com>$" out &&
	# Neither side was judged alone: the figures are the levels the
	# series shows on each side of the step, and say so.
	grep -q "^sum_of_squares: 1.5[0-9] ms, the level up to $(git rev-parse --short c11) (last good) → 2.0[0-9] ms, the level from $(git rev-parse --short c12) (first bad), +3[01].[0-9]*%$" out &&
	grep -q "^Against the good side $(git rev-parse --short c1) (1.5[0-9] ms): +3[01].[0-9]*%, REGRESSION" out &&
	! grep -q "Measured" out &&
	# Judged as a series, as log does: nothing to measure, no commit judged alone.
	grep -q "^bisect: 20 measured commits step from $(git rev-parse --short c11) to $(git rev-parse --short c12) (+3[01].[0-9]*%, REGRESSION)$" err &&
	grep -q "noise judged from the series (±[0-9.]*% a run, [0-9.]* df)$" out &&
	test $(grep -c "is good\|is bad" err) = 0
'

test_expect_success 'a range given as good and bad, and JSON' '
	git bench bisect --bench sum_of_squares --format json c5 c15 >out.json 2>/dev/null &&
	python3 - out.json "$(git rev-parse c12)" "$(git rev-parse c11)" "$(git rev-parse c5)" <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["found"] is True and d["benchmark"] == "sum_of_squares"
	assert d["first_bad"]["commit"] == sys.argv[2], d["first_bad"]
	assert d["first_bad"]["subject"] == "c12: change 12"
	assert d["first_bad"]["verdict"] == "REGRESSION"
	assert d["last_good"]["commit"] == sys.argv[3]
	assert d["good"]["commit"] == sys.argv[4] and d["path_length"] == 11
	assert d["candidates"] == [sys.argv[2]]
	assert 30 < d["bad"]["change_percent"] < 32 and d["hunt"] == "worse"
	assert all(not c["measured"] for c in d["commits"])
	PY
'

test_expect_success 'a pattern names one benchmark, or the command says which' '
	git bench bisect --bench "sum_of*" >out 2>/dev/null &&
	head -n1 out | grep -q "^$(git rev-parse c12) is the first bad commit$" &&
	test_expect_code 2 git bench bisect --bench fibonacci 2>err &&
	test_one_line err &&
	grep -q "^error: --bench .fibonacci. matches 4 benchmarks (fibonacci/iterative/10, .*): name one$" err &&
	test_expect_code 2 git bench bisect --bench nosuch 2>err &&
	test_one_line err &&
	grep -q "^error: no benchmark matches .nosuch.; did you mean .*?$" err
'

test_expect_success 'nothing to bisect where nothing changed: exit 1' '
	test_expect_code 1 git bench bisect --bench sort/1000 c1 c20 >folded 2>/dev/null &&
	test_fits folded &&
	unfold folded >out &&
	grep -q "^sort/1000 does not differ between $(git rev-parse --short c1) and $(git rev-parse --short c20): .* (.*, STABLE); nothing to bisect$" out
'

test_expect_success 'bad usage and bad ranges: one-line errors, exit 2' '
	test_expect_code 2 git bench bisect c1 2>err &&
	grep -q "^error: --bench is required" err &&
	test_expect_code 2 git bench bisect --bench sum_of_squares c15 c3 2>err &&
	test_one_line err && grep -q "not an ancestor" err &&
	test_expect_code 2 git bench bisect --bench sum_of_squares c3 c3 2>err &&
	test_one_line err && grep -q "the same" err &&
	test_expect_code 2 git bench bisect --bench sum_of_squares nosuch 2>err &&
	test_one_line err && grep -q "unknown revision" err &&
	test_expect_code 2 git bench bisect --bench sum_of_squares c1 -- make 2>err &&
	grep -q "a command is for --run" err &&
	test_expect_code 2 git bench bisect --bench sum_of_squares --run --machine x c1 2>err &&
	test_one_line err && grep -q "^error: --run measures on this machine" err &&
	git checkout -q -b side c5 && commit_change side &&
	test_expect_code 2 git bench bisect --bench sum_of_squares c8 side 2>err &&
	grep -q "not an ancestor" err &&
	git checkout -q main
'

# The same history with most commits unmeasured: c1..c4 and c19, c20 only.
test_setup 'a second history with a gap from c5 to c18' '
	TMPDIR="$TRASH/tmp" && mkdir -p "$TMPDIR" && export TMPDIR &&
	cd "$TRASH" && history_repo gaps && cd gaps &&
	git config bench.command "sh $TRASH/bench.sh" &&
	i=1 &&
	while [ $i -le 20 ]; do
		commit_n $i &&
		if [ $i -le 4 ] || [ $i -ge 19 ]; then
			use_output $i && git bench record -q
		fi || exit 1
		i=$((i + 1))
	done &&
	rm -rf target
'

test_expect_success 'stored results alone cannot name a commit in the gap' '
	test_expect_code 1 git bench bisect --bench sum_of_squares >out 2>err &&
	grep -q "^The first bad commit is one of:$" out &&
	test $(grep -c "untested\|bad  " out) = 15 &&
	grep -q "^$(git rev-parse --short c5) untested c5: change 5$" out &&
	grep -q "^$(git rev-parse --short c19) bad      c19: change 19$" out &&
	grep -q "^(--run measures the commits without results)$" out
'

test_expect_success '--run measures the gap in a temporary work tree: c12' '
	rm -f "$TRASH/.measured" &&
	git bench bisect --bench sum_of_squares --run >out 2>err &&
	head -n1 out | grep -q "^$(git rev-parse c12) is the first bad commit$" &&
	grep -q "^bisect: measuring [0-9a-f]* ([0-9]* candidates left)$" err &&
	n=$(grep -c "^bisect: measuring" err) &&
	test "$n" -ge 3 && test "$n" -le 5 &&
	test $(wc -l <"$TRASH/.measured") = "$n" &&
	grep "^Measured and recorded: " out >measured &&
	test $(wc -w <measured) = $((n + 3)) &&
	grep -q " $(git rev-parse --short c12)" measured &&
	# Both sides measured: their own figures, at each commit.
	unfold out >unfolded &&
	grep -q "^sum_of_squares: 1.5[0-9] ms at $(git rev-parse --short c11) (last good) → 2.0[0-9] ms at $(git rev-parse --short c12) (first bad), +3[01].[0-9]*%$" unfolded &&
	for c in $(cut -d" " -f4- measured); do
		git bench show $c >/dev/null || exit 1
	done &&
	test $(git worktree list | wc -l) = 1 &&
	test -z "$(ls "$TMPDIR")" &&
	test "$(git symbolic-ref HEAD)" = refs/heads/main &&
	git diff --quiet HEAD
'

test_expect_success 'what was measured is not measured again' '
	rm -f "$TRASH/.measured" &&
	git bench bisect --bench sum_of_squares --run >out 2>err &&
	head -n1 out | grep -q "^$(git rev-parse c12) is the first bad commit$" &&
	! grep -q "^bisect: measuring" err &&
	test ! -e "$TRASH/.measured"
'

test_expect_success 'a commit that does not build is skipped' '
	for c in c11 c12 c13; do git bench forget $c >/dev/null 2>&1; done;
	touch "$TRASH/.broken-c12" &&
	test_expect_code 1 git bench bisect --bench sum_of_squares --run c10 c14 >out 2>err &&
	rm "$TRASH/.broken-c12" &&
	grep -q "^bisect: the benchmark command failed at $(git rev-parse --short c12) (exit 1): skipping it$" err &&
	grep -q "^The first bad commit is one of:$" out &&
	grep -q "^$(git rev-parse --short c12) skipped  c12: change 12$" out &&
	grep -q "^$(git rev-parse --short c13) bad      c13: change 13$" out &&
	grep -q "^Skipped: $(git rev-parse --short c12)$" out &&
	test $(git worktree list | wc -l) = 1
'

test_expect_success 'a command given after -- replaces bench.command' '
	for c in c12 c13; do git bench forget $c >/dev/null 2>&1; done;
	git -c bench.command=false bench bisect --bench sum_of_squares --run \
		c10 c14 -- sh "$TRASH/bench.sh" >out 2>/dev/null &&
	head -n1 out | grep -q "^$(git rev-parse c12) is the first bad commit$"
'

test_expect_success 'interrupted: the work tree is removed, exit 130' '
	for c in c12 c13; do git bench forget $c >/dev/null 2>&1; done;
	touch "$TRASH/.interrupt-at-13" "$TRASH/.interrupt-at-12" &&
	test_expect_code 130 git bench bisect --bench sum_of_squares --run c10 c14 >out 2>err &&
	rm "$TRASH/.interrupt-at-13" "$TRASH/.interrupt-at-12" &&
	grep -q "^error: interrupted$" err &&
	test $(git worktree list | wc -l) = 1 &&
	test -z "$(ls "$TMPDIR")"
'

test_done
