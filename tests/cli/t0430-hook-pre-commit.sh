#!/bin/sh
# The pre-push hook beside the pre-commit framework's, installed before it
# (ours runs pre-commit's) or after it (pre-commit keeps ours as
# pre-push.legacy and runs it), and pre-commit installed again after ours.
# Real `git push` to a bare repository: a regressing push is refused and
# the remote's branch does not move, a clean one goes through, and
# pre-commit's hook ran both times on the push git described on standard
# input. Needs pre-commit; its hook is a local one, so no network.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-hook.sh"

if ! pre-commit --version >/dev/null 2>&1; then
	say "# skipped: pre-commit is not installed (scripts/install-deps pre-commit)"
	cd / && rm -rf "$TRASH"
	exit 77
fi

HOOKS=.git/hooks

# pre-commit hands its hooks the push it read from git's standard input
# and arguments, as environment variables: put them back together.
cat >"$TRASH/pc-hook" <<EOF
#!/bin/sh
echo "\$PRE_COMMIT_LOCAL_BRANCH \$PRE_COMMIT_TO_REF \$PRE_COMMIT_REMOTE_BRANCH \$PRE_COMMIT_FROM_REF" >>"\$PC_SAW"
echo "\$PRE_COMMIT_REMOTE_NAME \$PRE_COMMIT_REMOTE_URL" >>"\$PC_SAW.args"
EOF
chmod +x "$TRASH/pc-hook"

# pc_repo DIR: hook_repo, with a pre-commit configuration whose one hook
# runs $TRASH/pc-hook at every push, writing to DIR/pc-saw.
pc_repo () {
	hook_repo "$1" &&
	PC_SAW="$1/pc-saw" && export PC_SAW &&
	cat >.pre-commit-config.yaml <<-EOF &&
	repos:
	- repo: local
	  hooks:
	  - id: record-push
	    name: record the push
	    entry: $TRASH/pc-hook
	    language: system
	    always_run: true
	    pass_filenames: false
	EOF
	git add .pre-commit-config.yaml && git commit -q -m pre-commit &&
	git bench record -q "$CRITERION_BASE" &&
	git push -q --no-verify origin main
}

# A regressing push refused and a clean one through, pre-commit's hook
# given each.
both_hold () {
	commit_regressing "$1-slower" &&
	push_input >>"$PC_SAW.expect" &&
	push_refused &&
	commit_clean "$1-same" &&
	push_input >>"$PC_SAW.expect" &&
	push_through &&
	test_cmp "$PC_SAW.expect" "$PC_SAW" &&
	test "$(sort -u "$PC_SAW.args")" = "origin $REMOTE"
}

test_setup 'a repository with pre-commit installed first' '
	pc_repo "$TRASH/pc first" &&
	pre-commit install --hook-type pre-push >out &&
	grep -q "^pre-commit installed at .git/hooks/pre-push$" out &&
	cp -p $HOOKS/pre-push "$TRASH/pc hook"
'

test_expect_success 'install keeps pre-commit.s hook, which runs first' '
	install_keeps "$TRASH/pc hook"
'

test_expect_success 'the check refuses and passes; pre-commit ran each time' '
	both_hold first
'

# pre-commit moves ours to pre-push.legacy; ours then runs pre-commit's
# old copy, which refuses to run inside pre-commit: the hook skips it.
test_expect_success 'pre-commit installed again: ours runs as its legacy hook' '
	pre-commit install --hook-type pre-push >out &&
	grep -q "^Running in migration mode with existing hooks at .git/hooks/pre-push.legacy$" out &&
	cmp "$GB_SOURCE_DIR/hooks/pre-push" $HOOKS/pre-push.legacy &&
	cmp "$TRASH/pc hook" $HOOKS/pre-push &&
	both_hold again &&
	! grep -q "bug: pre-commit" "$TRASH/push.out"
'

test_expect_success 'install then drops the second copy of pre-commit.s hook' '
	git bench hook install >out &&
	grep -q "^Removed .*/pre-push.git-bench-chained, a second copy of pre-commit.s hook$" out &&
	grep -q "^The pre-push hook is already installed in .*/pre-push.legacy$" out &&
	grep -q "^pre-commit.s hook, .*/pre-push, runs it first$" out &&
	! test -e $HOOKS/pre-push.git-bench-chained &&
	both_hold dropped
'

test_expect_success 'uninstall leaves pre-commit.s hook as it was' '
	git bench hook uninstall >out &&
	grep -q "^Removed the pre-push hook from .*/pre-push.legacy; pre-commit.s stays$" out &&
	cmp "$TRASH/pc hook" $HOOKS/pre-push &&
	! test -e $HOOKS/pre-push.legacy &&
	! test -e $HOOKS/pre-push.git-bench-chained
'

test_setup 'a repository with a plain hook, then git-bench.s, then pre-commit' '
	cd "$TRASH" &&
	pc_repo "$TRASH/bench first" &&
	recording_hook $HOOKS/pre-push "$TRASH/plain saw" &&
	cp -p $HOOKS/pre-push "$TRASH/plain hook" &&
	git bench hook install >/dev/null &&
	pre-commit install --hook-type pre-push >out &&
	grep -q "^Running in migration mode with existing hooks at .git/hooks/pre-push.legacy$" out
'

test_expect_success 'install says pre-commit.s hook runs it' '
	dir_state $HOOKS >before &&
	git bench hook install >out &&
	grep -q "^The pre-push hook is already installed in .*/pre-push.legacy$" out &&
	grep -q "^pre-commit.s hook, .*/pre-push, runs it first$" out &&
	grep -q "^It runs pre-push.git-bench-chained first" out &&
	dir_state $HOOKS >after &&
	test_cmp before after
'

test_expect_success 'the check refuses and passes; pre-commit and the plain hook ran' '
	both_hold legacy &&
	test_cmp "$PC_SAW.expect" "$TRASH/plain saw"
'

test_expect_success 'uninstall gives the plain hook back to pre-commit, as legacy' '
	git bench hook uninstall >out &&
	grep -q "^Removed the pre-push hook from .*/pre-push.legacy; put back the one that was there before,$" out &&
	cmp "$TRASH/plain hook" $HOOKS/pre-push.legacy &&
	test "$(stat -c %a $HOOKS/pre-push.legacy)" = "$(stat -c %a "$TRASH/plain hook")" &&
	! test -e $HOOKS/pre-push.git-bench-chained &&
	commit_regressing unchecked &&
	push_input >>"$PC_SAW.expect" &&
	git push -q origin main 2>/dev/null &&
	test_cmp "$PC_SAW.expect" "$TRASH/plain saw" &&
	test_cmp "$PC_SAW.expect" "$PC_SAW"
'

test_done
