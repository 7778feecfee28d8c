#!/bin/sh
# bisect-check under a real `git bisect run`: it converges on c12, where
# sum_of_squares regressed, from stored results and by measuring commits
# without them; 125 for commits it cannot judge, 128 for errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-history.sh"

# The project's "benchmark command": the Criterion output of the commit
# checked out; c12 does not build while $TRASH/.broken-c12 exists.
cat >bench.sh <<EOF
n=\$(grep -c . file)
if [ "\$n" = 12 ] && [ -e "$TRASH/.broken-c12" ]; then
	echo "error: c12 does not build" >&2
	exit 1
fi
rm -rf target && mkdir target && cp -r "$TRASH/.criterion/\$n" target/criterion
echo "measured c\$n" >>"$TRASH/.measured"
EOF

test_setup 'c1..c20 measured, sum_of_squares slower from c12' '
	history_repo repo && cd repo &&
	measured_history 1 20 12 &&
	git config bench.command "sh $TRASH/bench.sh"
'

check () {
	git bench bisect-check --bench sum_of_squares --good c1 "$@"
}

test_expect_success 'exit 0 before c12, 1 from it, one line each' '
	git checkout -q c11 && test_expect_code 0 check >out &&
	test_one_line out &&
	grep -q "^$(git rev-parse --short c11) is good: sum_of_squares 1.5[0-9] ms against 1.5[0-9] ms at $(git rev-parse --short c1) (.*, STABLE)$" out &&
	git checkout -q c12 && test_expect_code 1 check >out &&
	grep -q "^$(git rev-parse --short c12) is bad: sum_of_squares 2.0[0-9] ms against 1.5[0-9] ms at $(git rev-parse --short c1) (+3[01].[0-9]*%, REGRESSION)$" out &&
	git checkout -q c3 && test_expect_code 0 check &&
	git checkout -q c20 && test_expect_code 1 check &&
	git checkout -q main
'

test_expect_success 'git bisect run converges on c12 from stored results' '
	rm -f "$TRASH/.measured" &&
	git bisect start c20 c1 >/dev/null &&
	git bisect run git bench bisect-check --bench sum_of_squares --good c1 >out 2>&1 &&
	git bisect reset >/dev/null 2>&1 &&
	grep -q "^$(git rev-parse c12) is the first bad commit$" out &&
	test ! -e "$TRASH/.measured"
'

test_expect_success 'the same commit as git bench bisect names' '
	git bench bisect --bench sum_of_squares c1 c20 >out 2>/dev/null &&
	head -n1 out | grep -q "^$(git rev-parse c12) is the first bad commit$"
'

test_expect_success 'hunting an improvement, a slower commit is good' '
	git checkout -q c12 &&
	test_expect_code 0 git bench bisect-check --bench sum_of_squares --good c11 --improvement >out &&
	grep -q "is good: .*REGRESSION" out &&
	test_expect_code 1 git bench bisect-check --bench sum_of_squares --good c11 &&
	git checkout -q main
'

test_setup 'a history measured at c1 and c20 only' '
	cd "$TRASH" && history_repo gaps && cd gaps &&
	git config bench.command "sh $TRASH/bench.sh" &&
	i=1 &&
	while [ $i -le 20 ]; do
		commit_n $i &&
		if [ $i = 1 ] || [ $i = 20 ]; then
			use_output $i && git bench record -q
		fi || exit 1
		i=$((i + 1))
	done &&
	rm -rf target
'

test_expect_success 'without results and --no-run: 125, skip' '
	git checkout -q c7 &&
	test_expect_code 125 check --no-run >out &&
	grep -q "^$(git rev-parse --short c7) is skipped: sum_of_squares has no results here$" out &&
	git checkout -q main
'

test_expect_success 'git bisect run measures what it needs and converges on c12' '
	rm -f "$TRASH/.measured" &&
	git bisect start c20 c1 >/dev/null &&
	git bisect run git bench bisect-check --bench sum_of_squares --good c1 >out 2>&1 &&
	git bisect reset >/dev/null 2>&1 &&
	grep -q "^$(git rev-parse c12) is the first bad commit$" out &&
	n=$(wc -l <"$TRASH/.measured") &&
	test "$n" -ge 3 && test "$n" -le 6 &&
	git bench log --commits >measured &&
	test $(wc -l <measured) = $((n + 2)) &&
	grep -q "c12: change 12$" measured
'

test_expect_success 'a commit that does not build: 125, and git bisect names two' '
	for c in $(git rev-list c2..c19); do git bench forget $c >/dev/null 2>&1; done;
	touch "$TRASH/.broken-c12" &&
	git checkout -q c12 &&
	test_expect_code 125 check >out 2>err &&
	grep -q "^bisect-check: the benchmark command failed at $(git rev-parse --short c12) (exit 1): skipping it$" err &&
	git checkout -q main &&
	git bisect start c20 c1 >/dev/null &&
	git bisect run git bench bisect-check --bench sum_of_squares --good c1 >out 2>&1;
	git bisect reset >/dev/null 2>&1 &&
	rm "$TRASH/.broken-c12" &&
	grep -q "only .skip.ped commits left to test" out &&
	grep -q "^$(git rev-parse c12)$" out &&
	grep -q "^$(git rev-parse c13)$" out
'

test_expect_success 'a dirty work tree: judged, not recorded' '
	git bench forget c9 >/dev/null 2>&1;
	git checkout -q c9 && echo dirty >>file &&
	test_expect_code 0 check >out 2>err &&
	grep -q "^warning: the work tree has uncommitted changes: results not recorded$" err &&
	git checkout -q -f main &&
	test_expect_code 2 git bench show c9 2>/dev/null
'

test_expect_success 'errors exit 128, so git bisect run stops' '
	test_expect_code 128 git bench bisect-check --good c1 2>err &&
	grep -q "^error: --bench and --good are required" err &&
	test_expect_code 128 git bench bisect-check --bench sum_of_squares --good nosuch 2>err &&
	grep -q "unknown revision" err &&
	test_expect_code 128 git bench bisect-check --bogus 2>err &&
	grep -q "unknown option" err &&
	test_expect_code 128 git bench bisect-check --bench nosuch --good c1 2>err &&
	grep -q "^error: at the good commit: no benchmark matches .nosuch.; did you mean .*?$" err &&
	test_expect_code 128 git bench bisect-check --bench sum_of_squares --good c0 2>err &&
	grep -q "^error: no results for $(git rev-parse --short=7 c0) or its first-parent ancestors on machine " err
'

test_done
