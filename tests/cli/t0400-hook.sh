#!/bin/sh
# The pre-push hook: install, refuse a regressing push, let the rest
# through; real `git push` to a bare repository. Beside other hooks:
# t0410, t0420 (git-lfs), t0430 (pre-commit).
. "$(dirname "$0")/lib.sh"

remote_tip () {
	git --git-dir="$TRASH/remote.git" rev-parse -q --verify "refs/heads/$1"
}

test_setup 'a clone of a bare remote with a measured first commit' '
	git init -q --bare -b main remote.git &&
	git clone -q remote.git work 2>/dev/null && cd work &&
	echo target >.gitignore && git add .gitignore &&
	git commit -q -m first &&
	git bench record -q "$CRITERION_BASE" &&
	git push -q origin main
'

test_expect_success 'install puts the hook where git runs it' '
	git bench hook install >out &&
	grep -q "^Installed the pre-push hook in .*/.git/hooks/pre-push$" out &&
	test -x .git/hooks/pre-push &&
	cmp .git/hooks/pre-push "$GB_SOURCE_DIR/hooks/pre-push"
'

test_expect_success 'install is idempotent' '
	git bench hook install >out &&
	grep -q "already installed" out &&
	cmp .git/hooks/pre-push "$GB_SOURCE_DIR/hooks/pre-push" &&
	! test -e .git/hooks/pre-push.git-bench-chained
'

test_expect_success 'a hook from another version says to update it, at each push' '
	echo "# edited" >>.git/hooks/pre-push &&
	.git/hooks/pre-push origin url </dev/null 2>err &&
	grep -q "^warning: .*/.git/hooks/pre-push is out of date (or edited): run .git bench hook install. to update it$" err &&
	git bench hook install >out &&
	grep -q "^Updated the pre-push hook in .*/.git/hooks/pre-push$" out &&
	cmp .git/hooks/pre-push "$GB_SOURCE_DIR/hooks/pre-push" &&
	.git/hooks/pre-push origin url </dev/null 2>err &&
	test_must_be_empty err
'

test_expect_success 'a push that regresses is refused, with the comparison' '
	commit_change slower &&
	git bench record -q "$CRITERION_SLOW" &&
	before=$(remote_tip main) &&
	test_must_fail git push origin main >out 2>&1 &&
	grep -q "sum_of_squares .* REGRESSION" out &&
	grep -q "^Baseline: .* (origin/main)" out &&
	grep -q "push refused" out &&
	grep -q "git push --no-verify" out &&
	# "see above": after the table, though git sends both to one file.
	table=$(grep -n "sum_of_squares .* REGRESSION" out | head -n1 | cut -d: -f1) &&
	failed=$(grep -n "^check failed" out | cut -d: -f1) &&
	refused=$(grep -n "push refused" out | cut -d: -f1) &&
	test "$table" -lt "$failed" && test "$failed" -lt "$refused" &&
	test "$(remote_tip main)" = "$before"
'

# git names the local side as it was typed: HEAD, HEAD:main, an object id,
# or a detached HEAD. Each updates main there, and each is judged (these
# went through unchecked and without a word).
test_expect_success 'the same regression pushed as HEAD or by id is refused too' '
	before=$(remote_tip main) &&
	for spec in HEAD HEAD:main HEAD:refs/heads/main \
		"$(git rev-parse HEAD):refs/heads/main"; do
		test_must_fail git push origin "$spec" >out 2>&1 &&
		grep -q "sum_of_squares .* REGRESSION" out &&
		grep -q "^Current:  [0-9a-f]* (main)" out &&
		grep -q "push refused" out &&
		test "$(remote_tip main)" = "$before" || { cat out; return 1; }
	done &&
	git checkout -q --detach &&
	test_must_fail git push origin HEAD:refs/heads/elsewhere >out 2>&1 &&
	grep -q "sum_of_squares .* REGRESSION" out &&
	test -z "$(remote_tip elsewhere)" &&
	git checkout -q main
'

# A commit without results on top of a refused one: the push still sends
# the regression, so the nearest measured commit of the push is judged
# (this went through with only "pushing unchecked").
test_expect_success 'an unmeasured commit on a regression is refused too' '
	measured=$(git rev-parse --short=7 HEAD) &&
	git commit -q --allow-empty -m nores &&
	before=$(remote_tip main) &&
	test_must_fail git push origin main >out 2>&1 &&
	grep -q "^git bench: $(git rev-parse --short=7 HEAD) (main) has no benchmark results;$" out &&
	grep -q "^git bench: checking $measured, the nearest measured commit pushed$" out &&
	grep -q "^Current:  $measured (main~1)" out &&
	grep -q "sum_of_squares .* REGRESSION" out &&
	grep -q "push refused: a benchmark breaks its budget" out &&
	! grep -q "pushing unchecked" out &&
	test "$(remote_tip main)" = "$before" &&
	git commit -q --allow-empty -m nores2 &&
	test_must_fail git -c bench.hookMissing=fail push origin HEAD:main >out 2>&1 &&
	grep -q "^Current:  $measured (main~2)" out &&
	! grep -q "record them" out &&
	test "$(remote_tip main)" = "$before" &&
	git reset -q --hard HEAD~2
'

test_expect_success 'a regression merged in, the merge unmeasured, is refused' '
	measured=$(git rev-parse --short=7 HEAD) &&
	git branch side &&
	git reset -q --hard HEAD~1 &&
	git commit -q --allow-empty -m "meanwhile" &&
	git merge -q --no-ff -m merge side &&
	before=$(remote_tip main) &&
	test_must_fail git push origin main >out 2>&1 &&
	grep -q "^git bench: checking $measured, the nearest measured commit pushed$" out &&
	grep -q "^Current:  $measured (in main)" out &&
	grep -q "push refused: a benchmark breaks its budget" out &&
	test "$(remote_tip main)" = "$before" &&
	git reset -q --hard side && git branch -q -D side
'

test_expect_success '--no-verify goes through' '
	git push -q --no-verify origin main &&
	test "$(remote_tip main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'a clean push goes through quietly' '
	commit_change same-speed &&
	git bench record -q "$CRITERION_SLOW" &&
	git push origin main >out 2>&1 &&
	! grep -q "REGRESSION\|refused" out &&
	test "$(remote_tip main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'what the remote has is not judged again' '
	git commit -q --allow-empty -m "nothing measured" &&
	git push origin main >out 2>&1 &&
	grep -q "has no benchmark results; pushing unchecked" out &&
	! grep -q "checking" out &&
	test "$(remote_tip main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'an unmeasured commit on a clean one: that one is checked' '
	commit_change clean-again &&
	git bench record -q "$CRITERION_SLOW" &&
	measured=$(git rev-parse --short=7 HEAD) &&
	git commit -q --allow-empty -m nores &&
	before=$(remote_tip main) &&
	test_must_fail git -c bench.hookMissing=fail push origin main >out 2>&1 &&
	grep -q "^git bench: checking $measured, the nearest measured commit pushed$" out &&
	grep -q "has no benchmark results; record them" out &&
	test "$(remote_tip main)" = "$before" &&
	git push origin main >out 2>&1 &&
	grep -q "^git bench: checking $measured, the nearest measured commit pushed$" out &&
	! grep -q "REGRESSION\|refused\|unchecked" out &&
	test "$(remote_tip main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'new branches, tags and deletions are handled' '
	git checkout -q -b topic &&
	commit_change topic &&
	git push -q origin topic 2>err &&
	grep -q "has no benchmark results; pushing unchecked" err &&
	git tag v1 && git push -q origin v1 &&
	git push -q origin :topic &&
	test -z "$(remote_tip topic)" &&
	git checkout -q main
'

test_expect_success 'bench.hookMissing=fail refuses an unmeasured push' '
	commit_change unmeasured &&
	test_must_fail git -c bench.hookMissing=fail push origin main 2>err &&
	grep -q "has no benchmark results; record them" err &&
	test "$(remote_tip main)" != "$(git rev-parse HEAD)"
'

test_expect_success 'bench.hookMissing=run measures, records, then checks' '
	cat >bench.sh <<-EOF &&
	rm -rf target && mkdir target && cp -r "$CRITERION_SLOW" target/criterion
	EOF
	git add bench.sh && git commit -q -m "benchmark script" &&
	git -c bench.hookMissing=run -c "bench.command=sh bench.sh" \
		push origin main >out 2>&1 &&
	grep -q "measuring main before the push" out &&
	git bench show >/dev/null &&
	test "$(remote_tip main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'uninstall removes the hook' '
	git bench hook uninstall >out &&
	grep -q "^Removed the pre-push hook from .*/.git/hooks/pre-push$" out &&
	! test -e .git/hooks/pre-push &&
	git bench hook uninstall >out &&
	grep -q "^No pre-push hook is installed in .*/.git/hooks$" out
'

test_expect_success 'uninstall leaves a foreign hook alone' '
	printf "#!/bin/sh\nexit 0\n" >.git/hooks/pre-push &&
	test_expect_code 2 git bench hook uninstall 2>err &&
	grep -q "is not git-bench.s hook" err &&
	test -e .git/hooks/pre-push
'

test_expect_success 'core.hooksPath is honoured' '
	rm .git/hooks/pre-push &&
	git config core.hooksPath .githooks &&
	git bench hook install >out &&
	grep -q "/.githooks/pre-push$" out &&
	test -x .githooks/pre-push &&
	git config --unset core.hooksPath
'

test_expect_success 'bad input from git is a clear error' '
	echo "garbage line" | test_expect_code 2 git bench hook pre-push origin url 2>err &&
	grep -q "cannot read git.s line" err &&
	grep -q "the pre-push check could not run; to push anyway: git push --no-verify" err &&
	test_expect_code 2 git bench hook frob 2>err &&
	grep -q "unknown hook command" err
'

test_done
