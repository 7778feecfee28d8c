#!/bin/sh
# A shallow clone (git clone --depth, the default of actions/checkout), or
# one that lacks a commit: what is there works (show, compare, check of a
# new commit, log of the commits there), and whatever needs the history
# beyond says so, with the way to fetch it, instead of an empty answer or
# "object not found".
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-history.sh"

HINT="this clone is shallow: git fetch --unshallow (or fetch-depth: 0 in actions/checkout)"

test_setup 'c1..c6 measured and pushed, sum_of_squares slower from c5' '
	history_repo repo && cd repo &&
	measured_history 1 6 5 &&
	git init -q --bare -b main "$TRASH/remote.git" &&
	git remote add origin "$TRASH/remote.git" &&
	git push -q origin main &&
	git bench push origin >/dev/null &&
	cd "$TRASH" &&
	git clone -q --depth 3 "file://$TRASH/remote.git" shallow &&
	cd shallow &&
	test "$(git rev-parse --is-shallow-repository)" = true
'

test_expect_success 'before a pull: no results, and the way to get them' '
	test_expect_code 2 git bench show >out 2>err &&
	test_one_line err &&
	grep -q "^error: no results for $(git rev-parse --short HEAD); nothing is recorded in this clone: git bench pull fetches origin.s results$" err
'

test_expect_success 'a pull says which runs wait for commits past the edge' '
	git bench pull origin >out 2>err &&
	grep -q "^Fetched 6 runs from origin (6 new); merged 6 runs" out &&
	echo "warning: 3 runs wait for commits: git fetch --unshallow, then git bench pull" >expect &&
	test_cmp expect err
'

test_expect_success 'show and compare of the commits there work, unwarned' '
	git bench show >out 2>err &&
	grep -q "^commit $(git rev-parse HEAD)$" out &&
	test_must_be_empty err &&
	git bench compare HEAD~1 HEAD >out 2>err &&
	grep -q "^Baseline: $(git rev-parse --short HEAD~1) (HEAD~1) · 1 run$" out &&
	test_must_be_empty err
'

test_expect_success 'a revision past the edge: unknown, and why' '
	test_expect_code 2 git bench compare HEAD~3 >out 2>err &&
	echo "error: unknown revision '\''HEAD~3'\''; $HINT" >expect &&
	test_cmp expect err
'

test_expect_success 'log shows the commits there and says where history ends' '
	git bench log --commits >out 2>err &&
	test $(wc -l <out) = 3 &&
	grep -q "^$(git rev-parse --short HEAD) .* c6: change 6$" out &&
	echo "warning: $HINT" >expect &&
	test_cmp expect err &&
	git bench log >out 2>err &&
	grep -q "3 measured commits" out &&
	test_cmp expect err
'

test_expect_success 'check of a new commit: the merge-base with origin/main' '
	commit_n 7 &&
	git bench record -q "$CRITERION_SLOW" &&
	git bench check >out 2>err &&
	grep -q "^Baseline: $(git rev-parse --short HEAD~1) (merge-base of HEAD and origin/main) · 1 run$" out &&
	! grep -q "REGRESSION" out
'

test_expect_success 'bisect finds the step among the commits there, and warns' '
	git bench bisect --bench sum_of_squares >out 2>err &&
	grep -q "^$(git rev-parse HEAD~2) is the first bad commit$" out &&
	grep -q "^warning: $HINT$" err ||
	{ cat out err; false; }
'

test_expect_success 'the report of the whole history says where it ends' '
	git bench report -o report.html >out 2>err &&
	test -s report.html &&
	grep -q "^warning: $HINT$" err
'

test_expect_success 'unshallowed, the same commands see the whole history' '
	cd "$TRASH/shallow" &&
	git fetch -q --unshallow origin &&
	git bench pull origin >out &&
	git bench log --commits >out 2>err &&
	test $(wc -l <out) = 7 &&
	git bench fsck >out &&
	test_must_be_empty err
'

# Exit 3 is what a CI job accepts as "nothing measured yet": here results
# may be past the edge, and a regression would pass that gate. Exit 2.
test_expect_success 'a baseline past the edge: exit 2 with the hint' '
	(cd "$TRASH/repo" && commit_n 9 && git push -q origin main) &&
	cd "$TRASH" &&
	git clone -q --depth 1 "file://$TRASH/remote.git" edge && cd edge &&
	git bench pull origin >/dev/null 2>&1 &&
	commit_n 10 &&
	git bench record -q "$CRITERION_BASE" &&
	test_expect_code 2 git bench check >out 2>err &&
	test_one_line err &&
	grep -q "^error: no results for the baseline $(git rev-parse --short HEAD~1) (merge-base of HEAD and origin/main) or its first-parent ancestors on machine [^ ]* here; $HINT$" err
'

# A pull request as CI checks it out: its branch alone, shallow, often
# detached. Its own tracking ref holds HEAD: compared with it, a regression
# would pass as "its own baseline" (exit 3). Its base is past the edge or
# not fetched: exit 2, with the way to fetch it.
FEAT="file://$TRASH/remote.git"
test_expect_success 'a regressing branch feat forked from a measured main' '
	cd "$TRASH/repo" &&
	commit_n 11 &&
	git bench record -q "$CRITERION_BASE" &&
	git push -q origin main &&
	git checkout -q -b feat &&
	commit_n 12 &&
	git bench record -q "$CRITERION_SLOW" &&
	git push -q origin feat &&
	git bench push origin >/dev/null &&
	git checkout -q main
'

test_expect_success 'detached on its branch alone, shallow: exit 2 and the hint' '
	git init -q -b main "$TRASH/gha" && cd "$TRASH/gha" &&
	git remote add origin "$FEAT" &&
	git fetch -q --depth 1 origin +refs/heads/feat:refs/remotes/origin/feat &&
	git checkout -q --detach origin/feat &&
	git bench pull -q origin 2>/dev/null &&
	test_expect_code 2 git bench check >out 2>err &&
	test_must_be_empty out &&
	echo "error: no baseline: no branch of origin that HEAD forked from here; $HINT" >expect &&
	test_cmp expect err
'

test_expect_success 'unshallowed, the same check finds the regression' '
	cd "$TRASH/gha" &&
	git fetch -q --unshallow origin &&
	git bench pull -q origin &&
	test_expect_code 1 git -c bench.onUncertain=fail bench check >out 2>err &&
	grep -q "^Baseline: $(git rev-parse --short origin/main) (merge-base of HEAD and origin/main: no upstream) · 1 run$" out &&
	grep -q "sum_of_squares .* +31.36%  UNCERTAIN$" out
'

test_expect_success 'cloned with --depth 1 -b feat: exit 2, not its own baseline' '
	cd "$TRASH" && git clone -q --depth 1 -b feat "$FEAT" single &&
	cd single &&
	git bench pull -q origin 2>/dev/null &&
	test_expect_code 2 git bench check >out 2>err &&
	test_must_be_empty out &&
	echo "error: no baseline: no branch of origin that HEAD forked from here; $HINT" >expect &&
	test_cmp expect err
'

test_expect_success 'that clone unshallowed: still feat alone, exit 2 and the way' '
	cd "$TRASH/single" &&
	git fetch -q --unshallow origin &&
	# As a clone -b keeps it when the remote names its HEAD.
	git remote set-head origin feat &&
	git bench pull -q origin &&
	test_expect_code 2 git bench check >out 2>err &&
	test_must_be_empty out &&
	echo "error: no baseline: this clone fetches origin/feat alone, which holds HEAD; fetch the branch to compare with (git remote set-branches --add origin main && git fetch origin) or name it (--baseline, bench.baseline)" >expect &&
	test_cmp expect err &&
	git remote set-branches --add origin main && git fetch -q origin &&
	test_expect_code 1 git -c bench.onUncertain=fail bench check >out 2>err &&
	grep -q "^Baseline: $(git rev-parse --short origin/main) (merge-base of HEAD and origin/main: upstream holds it) · 1 run$" out &&
	grep -q "sum_of_squares .* +31.36%  UNCERTAIN$" out
'

test_expect_success 'all branches, the merge-base past the edge: exit 2, said' '
	cd "$TRASH" &&
	git clone -q --depth 1 --no-single-branch -b feat "$FEAT" allbr &&
	cd allbr &&
	git bench pull -q origin 2>/dev/null &&
	echo "error: no baseline: no common ancestor of HEAD and origin/main here; $HINT" >expect &&
	test_expect_code 2 git bench check >out 2>err &&
	test_must_be_empty out &&
	test_cmp expect err &&
	test_expect_code 2 git bench compare >out 2>err &&
	test_must_be_empty out &&
	test_cmp expect err
'

test_expect_success 'a shallow clone of main: still its own baseline, exit 3' '
	cd "$TRASH" && git clone -q --depth 1 "$FEAT" mainline &&
	cd mainline &&
	git remote set-head origin -d &&
	git bench pull -q origin 2>/dev/null &&
	test_expect_code 3 git bench check >out 2>err &&
	echo "error: $(git rev-parse --short HEAD) is its own baseline (merge-base of HEAD and origin/main): nothing to compare" >expect &&
	test_cmp expect err
'

test_expect_success 'a commit missing from a clone: said where history stops' '
	git init -q -b main "$TRASH/holed" && cd "$TRASH/holed" &&
	echo one >file && git add file && git commit -q -m one &&
	commit_change two && commit_change three &&
	git bench record -q "$CRITERION_BASE" &&
	missing=$(git rev-parse HEAD~1) &&
	rm ".git/objects/$(echo $missing | cut -c1-2)/$(echo $missing | cut -c3-)" &&
	git bench log --commits >out 2>err &&
	test_one_line out &&
	echo "warning: history stops at $(echo $missing | cut -c1-7), missing from this clone (git fsck)" >expect &&
	test_cmp expect err &&
	git bench report -q -o r.html 2>err &&
	test_cmp expect err
'

test_done
