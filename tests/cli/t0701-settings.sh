#!/bin/sh
# Every bench.* setting given with `git -c`, as the README says any can be,
# and seen to take effect; and the check that this script names them all.
. "$(dirname "$0")/lib.sh"

SETTINGS="baseline changePointMagnitude changePointPValue changePointWindow
command estimator format historyRef hookMissing improvement machine
maxMemory maxRegression notesRef onUncertain remote remoteHistoryRef results
significance summaries warnRegression"

test_expect_success 'this script covers every setting git bench knows' '
	git bench config | sed -n "s/^[a-z ]*  bench\.\([A-Za-z]*\).*/\1/p" \
		| sort >known &&
	for s in $SETTINGS; do echo $s; done | sort >covered &&
	test_cmp known covered
'

# A member of the pretty-printed JSON in file $1: "$2": $3, alone on its line.
json_has () {
	grep -q "^[[:space:]]*\"$2\":[[:space:]]*$3\$" "$1"
}

test_setup 'a repository with two measured commits' '
	new_repo repo && cd repo &&
	git tag v1 &&
	git bench record -q "$CRITERION_BASE" &&
	commit_change c2 && git bench record -q "$CRITERION_SLOW"
'

test_expect_success 'bench.historyRef and bench.notesRef' '
	git -c bench.historyRef=refs/other-history -c bench.notesRef=refs/notes/other \
		bench record -q "$CRITERION_BASE" &&
	git rev-parse -q --verify refs/other-history &&
	git notes --ref=other list HEAD &&
	git -c bench.notesRef=refs/notes/other bench show >out &&
	grep -q "^Benchmarks (8):" out &&
	git update-ref -d refs/other-history &&
	git update-ref -d refs/notes/other
'

test_expect_success 'a bad ref given with git -c is a one-line error' '
	before=$(refs_state) &&
	test_expect_code 2 git -c bench.historyRef=nope bench record "$CRITERION_BASE" 2>err &&
	test_one_line err &&
	grep -q "bench.historyRef: .nope. is not a valid ref name" err &&
	test "$before" = "$(refs_state)"
'

test_expect_success 'bench.remote and bench.remoteHistoryRef' '
	git init -q --bare "$TRASH/other.git" &&
	git remote add other "$TRASH/other.git" &&
	git -c bench.remote=other -c bench.remoteHistoryRef=refs/bench/kept \
		bench push >out &&
	grep -q "^Pushed 2 runs to other" out &&
	git --git-dir="$TRASH/other.git" rev-parse -q --verify refs/bench/kept &&
	test_must_fail git --git-dir="$TRASH/other.git" rev-parse -q --verify \
		refs/benchmarks/history
'

test_expect_success 'the thresholds and the estimator' '
	git -c bench.maxRegression=40 -c bench.warnRegression=20 \
		-c bench.improvement=30 -c bench.significance=0.02 \
		-c bench.onUncertain=fail -c bench.estimator=median \
		bench compare --format json v1 >out &&
	json_has out estimator "\"median\"," &&
	json_has out max_regression 40, &&
	json_has out warn_regression 20, &&
	json_has out improvement 30, &&
	json_has out significance 0.02, &&
	json_has out on_uncertain "\"fail\"" &&
	test_expect_code 1 git bench check --baseline v1 >/dev/null 2>&1 &&
	git -c bench.maxRegression=40 bench check --baseline v1 >/dev/null
'

test_expect_success 'bench.baseline' '
	git -c bench.baseline=v1 bench compare >out &&
	grep -q "^Baseline: .* (merge-base of HEAD and v1)" out
'

test_expect_success 'the change point settings' '
	git -c bench.changePointPValue=0.02 -c bench.changePointWindow=12 \
		-c bench.changePointMagnitude=25 bench log --format json >out &&
	json_has out pvalue 0.02, &&
	json_has out window 12, &&
	json_has out min_magnitude_percent 25
'

test_expect_success 'bench.machine' '
	git -c bench.machine=box-7 bench record -q --allow-dirty "$CRITERION_BASE" &&
	git bench show --format json >out &&
	json_has out machine "\"box-7\","
'

test_expect_success 'bench.results and bench.format' '
	mkdir -p res && cp -R "$CRITERION_BASE" res/ &&
	git -c bench.results=res/criterion bench record --allow-dirty >out &&
	grep -q "^Read 10 results from .*res/criterion (criterion)" out &&
	test_expect_code 2 git -c bench.format=nonsense bench record \
		--allow-dirty "$CRITERION_BASE" 2>err &&
	grep -q "unknown format .nonsense." err
'

test_expect_success 'bench.maxMemory' '
	git -c bench.maxMemory=1 bench log >/dev/null &&
	test_expect_code 2 git -c bench.maxMemory=0 bench log 2>err &&
	grep -q "^error: bench.maxMemory: 0 is not a number of MiB" err &&
	test_expect_code 2 git -c bench.maxMemory=lots bench report -o r.html 2>err &&
	grep -q "^error: bench.maxMemory: .lots. is not a whole number" err
'

test_expect_success 'bench.command' '
	test_expect_code 2 git -c bench.command="echo ran >ran; exit 3" bench run 2>err &&
	grep -q "ran" ran &&
	grep -q "the benchmark command failed (exit 3)" err
'

test_expect_success 'bench.summaries' '
	rm -f .git/bench-summaries &&
	git -c bench.summaries=off bench log >off &&
	test ! -e .git/bench-summaries &&
	git -c bench.summaries=yes bench log >on &&
	test -s .git/bench-summaries &&
	test_cmp off on &&
	test_expect_code 2 git -c bench.summaries=maybe bench log >out 2>err &&
	test "$(wc -l <err)" -eq 1 &&
	grep -q "bench.summaries: .maybe. is not a boolean" err &&
	test ! -s out
'

test_expect_success 'bench.hookMissing' '
	commit_change c3 &&
	printf "refs/heads/main %s refs/heads/main %s\n" "$(git rev-parse HEAD)" \
		"$(git rev-parse HEAD~1)" >push &&
	git bench hook pre-push other url <push 2>err &&
	grep -q "pushing unchecked (bench.hookMissing=warn)" err &&
	test_expect_code 1 git -c bench.hookMissing=fail bench hook pre-push \
		other url <push 2>err &&
	grep -q "has no benchmark results; record them" err
'

test_done
