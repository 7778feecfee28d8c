#!/bin/sh
# The baseline of a branch the remote does not have yet: the first push of
# a new branch and `check` on it compare with the merge-base with the
# remote's default branch, and say so; a commit compared with itself, or
# with nothing, is said plainly (check exits 3); a refused push names its
# real cause. Real pushes to a bare remote.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-hook.sh"

test_setup 'a clone whose measured main is pushed, with the hook' '
	hook_repo "$TRASH" &&
	git bench hook install >/dev/null &&
	BASE=$(git rev-parse --short HEAD)
'

test_expect_success 'check on main as pushed: its own baseline, exit 3' '
	refs_state >before &&
	test_expect_code 3 git bench check >out 2>err &&
	test_must_be_empty out &&
	echo "error: $BASE is its own baseline (merge-base of HEAD and origin/main): nothing to compare" >expect &&
	test_cmp expect err &&
	refs_state >after &&
	test_cmp before after
'

test_expect_success 'the first push of a regressing new branch is refused' '
	git checkout -q -b feature2 &&
	commit_change slower &&
	git bench record -q "$CRITERION_SLOW" &&
	test_must_fail git push -u origin feature2 >out 2>&1 &&
	grep -q "^Baseline: $BASE (merge-base of feature2 and origin/main: new on origin) · 1 run$" out &&
	grep -q "sum_of_squares .* +31.36%  REGRESSION$" out &&
	grep -q "^git bench: push refused: a benchmark breaks its budget" out &&
	! grep -q "nothing measured\|unchecked" out &&
	test -z "$(remote_tip feature2)"
'

test_expect_success 'check on the new branch names the same baseline' '
	test_expect_code 1 git bench check >out 2>err &&
	grep -q "^Baseline: $BASE (merge-base of HEAD and origin/main: no upstream) · 1 run$" out &&
	grep -q "sum_of_squares .* REGRESSION$" out &&
	grep -q "^check failed: 1 benchmark over budget$" err
'

test_expect_success 'without origin/HEAD: the branch it forked from' '
	git remote set-head origin -d &&
	test_expect_code 1 git bench check >out &&
	grep -q "^Baseline: $BASE (merge-base of HEAD and origin/main: no upstream)" out &&
	git remote set-head origin main
'

test_expect_success 'pushed with -u, its upstream holds it: still against main' '
	git push -q --no-verify -u origin feature2 &&
	test_expect_code 1 git bench check >out &&
	grep -q "^Baseline: $BASE (merge-base of HEAD and origin/main: upstream holds it)" out
'

test_expect_success 'once on the remote, a push is compared with its branch there' '
	commit_change as-slow &&
	git bench record -q "$CRITERION_SLOW" &&
	git push origin feature2 >out 2>&1 &&
	! grep -q "refused\|REGRESSION" out &&
	test "$(remote_tip feature2)" = "$(git rev-parse HEAD)"
'

test_expect_success 'a new branch as fast as main is pushed, checked' '
	git checkout -q -b clean main &&
	commit_change clean &&
	git bench record -q "$CRITERION_BASE" &&
	git push origin clean >out 2>&1 &&
	test "$(remote_tip clean)" = "$(git rev-parse HEAD)" &&
	! grep -q "refused\|unchecked\|REGRESSION" out
'

test_expect_success 'a new branch at main itself: said, and pushed' '
	git checkout -q -b same main &&
	git push origin same >out 2>&1 &&
	grep -q "^git bench: $BASE is its own baseline (merge-base of same and origin/main: new on origin): nothing to compare$" out &&
	grep -q "^git bench: pushing same unchecked$" out &&
	test "$(remote_tip same)" = "$(git rev-parse HEAD)"
'

# Without origin/HEAD, branches built on main hold main's tip as much as
# origin/main does: main is compared with origin/main, not with them.
test_expect_success 'main without origin/HEAD: origin/main, not a branch on it' '
	git checkout -q main &&
	git remote set-head origin -d &&
	test_expect_code 3 git bench check >out 2>err;
	code=$? &&
	git remote set-head origin main &&
	test $code = 0 &&
	echo "error: $BASE is its own baseline (merge-base of HEAD and origin/main): nothing to compare" >expect &&
	test_cmp expect err
'

# As CI checks a pushed branch out: detached, no upstream. Its own
# tracking ref holds HEAD; compared with it, the regression would pass.
test_expect_success 'detached on a pushed branch, without origin/HEAD: main' '
	git checkout -q --detach origin/feature2 &&
	git remote set-head origin -d &&
	test_expect_code 1 git bench check >out 2>err;
	code=$? &&
	git remote set-head origin main &&
	git checkout -q main &&
	test $code = 0 &&
	grep -q "^Baseline: $BASE (merge-base of HEAD and origin/main: no upstream) · 1 run$" out &&
	grep -q "sum_of_squares .* REGRESSION$" out
'

test_expect_success 'bench.hookMissing=fail refuses for missing results, and says so' '
	git checkout -q main &&
	commit_change unmeasured &&
	test_must_fail git -c bench.hookMissing=fail push origin main >out 2>&1 &&
	grep -q "has no benchmark results" out &&
	grep -q "^git bench: push refused: a pushed commit has no results (bench.hookMissing=fail)" out &&
	! grep -q "budget" out &&
	test "$(remote_tip main)" != "$(git rev-parse HEAD)" &&
	git reset -q --hard HEAD~1
'

test_expect_success 'check with nothing measured before: exit 3, the reason' '
	git clone -q "$REMOTE" "$TRASH/fresh" && cd "$TRASH/fresh" &&
	commit_change two &&
	git bench record -q "$CRITERION_BASE" &&
	test_expect_code 3 git bench check >out 2>err &&
	test_must_be_empty out &&
	test_one_line err &&
	grep -q "^error: no results for the baseline $BASE (merge-base of HEAD and origin/main) or its first-parent ancestors on machine " err &&
	test_expect_code 2 git bench compare >out 2>err2 &&
	test_must_be_empty out &&
	test_cmp err err2
'

test_expect_success 'a pull request merge checked out as CI does: compared with its target' '
	cd "$TRASH/work" && git checkout -q main &&
	git checkout -q -b pr-slow && commit_regressing pr-slow &&
	git push -q --no-verify origin pr-slow &&
	git checkout -q --detach main &&
	git merge -q --no-ff -m "Merge pr-slow into main" pr-slow &&
	git push -q --no-verify origin HEAD:refs/pull/1/merge &&
	git bench push -q origin &&
	git checkout -q main &&
	# actions/checkout: every branch fetched, the merge detached, and no
	# origin/HEAD; the pull request branch has fewer commits of its own.
	git init -q "$TRASH/ci" && cd "$TRASH/ci" &&
	git remote add origin "$REMOTE" &&
	git fetch -q origin "+refs/heads/*:refs/remotes/origin/*" &&
	git fetch -q origin "+refs/pull/1/merge:refs/remotes/pull/1/merge" &&
	git checkout -q --detach refs/remotes/pull/1/merge &&
	git bench pull -q &&
	git bench record -q "$CRITERION_SLOW" &&
	test_expect_code 1 git bench check >out 2>err &&
	main=$(git rev-parse --short origin/main) &&
	grep -q "^Baseline: $main (first parent of the merge HEAD, the branch it merges into) · 1 run$" out &&
	grep -q "sum_of_squares .* REGRESSION$" out
'

test_done
