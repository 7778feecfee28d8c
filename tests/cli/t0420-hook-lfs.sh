#!/bin/sh
# The pre-push hook beside git-lfs's real one, installed before it or
# after it (`git lfs install` refuses then; with --force it replaces ours,
# and `git bench hook install` chains it). Real `git push` to a bare
# repository: a regressing push is refused and the remote's branch does
# not move, a clean one goes through, and git-lfs uploaded the large file
# of the pushed commit both times (it reads which commits from git's
# standard input). Needs git-lfs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-hook.sh"

if ! git lfs version >/dev/null 2>&1; then
	say "# skipped: git-lfs is not installed (scripts/install-deps git-lfs)"
	cd / && rm -rf "$TRASH"
	exit 77
fi

HOOKS=.git/hooks

# lfs_commit NAME SPEED: a commit adding the large file NAME.bin, measured
# regressing or clean.
lfs_commit () {
	echo "large file $1" >"$1.bin" && git add "$1.bin" &&
	"commit_$2" "$1"
}

# The remote holds the large file NAME.bin.
lfs_uploaded () {
	oid=$(echo "large file $1" | sha256sum | cut -c1-64) &&
	test -f "$REMOTE/lfs/objects/$(echo "$oid" | cut -c1-2)/$(echo "$oid" | cut -c3-4)/$oid"
}

# lfs_both_hold A B: a regressing push with A.bin refused, a clean one
# with B.bin through, and git-lfs uploaded each file.
lfs_both_hold () {
	lfs_commit "$1" regressing &&
	push_refused &&
	lfs_uploaded "$1" &&
	lfs_commit "$2" clean &&
	push_through &&
	lfs_uploaded "$2"
}

test_setup 'a repository with git-lfs installed first' '
	hook_repo "$TRASH/lfs first" &&
	git lfs install >/dev/null &&
	git lfs track "*.bin" >/dev/null && git add .gitattributes &&
	git commit -q -m "large files" &&
	git bench record -q "$CRITERION_BASE" &&
	git push -q --no-verify origin main &&
	cp -p $HOOKS/pre-push "$TRASH/lfs hook" &&
	grep -q "git lfs pre-push" "$TRASH/lfs hook"
'

test_expect_success 'install keeps git-lfs.s hook and runs it first' '
	install_keeps "$TRASH/lfs hook"
'

test_expect_success 'the check refuses and passes; git-lfs uploaded both files' '
	lfs_both_hold one two
'

test_expect_success 'git lfs install refuses now, and shows how to fix it' '
	test_expect_code 2 git lfs install >out 2>&1 &&
	grep -q "Hook already exists: pre-push" out &&
	grep -q "git lfs install --force.*, then run .git bench hook install. again" out
'

test_expect_success 'git lfs install --force, then install: the gate is back' '
	git lfs install --force >/dev/null &&
	cmp "$TRASH/lfs hook" $HOOKS/pre-push &&
	git bench hook install >out &&
	grep -q "^Installed the pre-push hook again in " out &&
	cmp "$GB_SOURCE_DIR/hooks/pre-push" $HOOKS/pre-push &&
	lfs_commit three regressing &&
	push_refused &&
	lfs_uploaded three
'

test_expect_success 'uninstall puts git-lfs.s hook back' '
	git bench hook uninstall >/dev/null &&
	cmp "$TRASH/lfs hook" $HOOKS/pre-push &&
	test "$(stat -c %a $HOOKS/pre-push)" = "$(stat -c %a "$TRASH/lfs hook")" &&
	! test -e $HOOKS/pre-push.git-bench-chained
'

test_setup 'a repository with git-bench.s hook installed first' '
	cd "$TRASH" &&
	hook_repo "$TRASH/bench first" &&
	git bench hook install >/dev/null
'

test_expect_success 'git lfs install refuses, and installs no hook at all' '
	test_expect_code 2 git lfs install >out 2>&1 &&
	grep -q "Hook already exists: pre-push" out &&
	cmp "$GB_SOURCE_DIR/hooks/pre-push" $HOOKS/pre-push &&
	! test -e $HOOKS/post-checkout &&
	git lfs track "*.bin" >/dev/null && git add .gitattributes &&
	git commit -q -m "large files" &&
	git bench record -q "$CRITERION_BASE" &&
	git push -q --no-verify origin main
'

test_expect_success 'install warns that no hook runs git-lfs' '
	git bench hook install >out 2>err &&
	grep -q "already installed" out &&
	grep -q "^warning: git-lfs is set up here but no pre-push hook runs it" err &&
	grep -q "^hint: run .git lfs install --force., then .git bench hook install. again" err
'

test_expect_success 'git lfs install --force replaces the hook; install chains it' '
	git lfs install --force >/dev/null &&
	grep -q "git lfs pre-push" $HOOKS/pre-push &&
	! grep -q "git-bench" $HOOKS/pre-push &&
	cp -p $HOOKS/pre-push "$TRASH/lfs hook 2" &&
	install_keeps "$TRASH/lfs hook 2"
'

test_expect_success 'then the check and git-lfs both hold' '
	lfs_both_hold four five
'

test_done
