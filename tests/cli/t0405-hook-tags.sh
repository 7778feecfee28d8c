#!/bin/sh
# The pre-push hook and tags: a tag of a commit no branch took out is
# judged as a new branch would be, so that a commit refused on a branch
# cannot leave by a (release) tag; a tag of a commit the remote has, or
# one sent with its branch (--follow-tags), is not judged again.
. "$(dirname "$0")/lib.sh"

remote_has () {
	git --git-dir="$TRASH/remote.git" rev-parse -q --verify "$1" >/dev/null
}

test_setup 'a clone of a bare remote, measured, with the hook' '
	git init -q --bare -b main remote.git &&
	git clone -q remote.git work 2>/dev/null && cd work &&
	echo target >.gitignore && git add .gitignore &&
	git commit -q -m first &&
	git bench record -q "$CRITERION_BASE" &&
	git push -q origin main &&
	git bench hook install >/dev/null
'

test_expect_success 'a tag of a regressing commit no branch took out: refused' '
	git checkout -q -b rc &&
	commit_change slower &&
	git bench record -q "$CRITERION_SLOW" &&
	git tag -a -m "release 2" v2 &&
	git tag v2-light &&
	test_must_fail git push origin v2 >out 2>&1 &&
	grep -q "sum_of_squares .* REGRESSION" out &&
	grep -q "^Baseline: .*merge-base of refs/tags/v2 and origin/main" out &&
	grep -q "push refused: a benchmark breaks its budget" out &&
	! remote_has refs/tags/v2 &&
	test_must_fail git push origin v2-light >out 2>&1 &&
	grep -q "sum_of_squares .* REGRESSION" out &&
	! remote_has refs/tags/v2-light
'

test_expect_success 'a tag of a commit the remote has: not judged again' '
	git checkout -q main &&
	git tag -a -m "release 1" v1 &&
	git push origin v1 >out 2>&1 &&
	! grep -q "Baseline\|REGRESSION\|refused" out &&
	remote_has refs/tags/v1 &&
	# The regressing branch went out unchecked: its tag is not judged
	# again (the branch was the place to stop it).
	git push -q --no-verify origin rc &&
	git push origin v2 >out 2>&1 &&
	! grep -q "Baseline\|refused" out &&
	remote_has refs/tags/v2
'

test_expect_success 'a tag sent with its branch is judged with it, once' '
	commit_change slower-on-main &&
	git bench record -q "$CRITERION_SLOW" &&
	git tag -a -m "release 3" v3 &&
	test_must_fail git push --follow-tags origin main >out 2>&1 &&
	test "$(grep -c "^Baseline: " out)" = 1 &&
	grep -q "^Baseline: .*(origin/main)" out &&
	! remote_has refs/tags/v3 &&
	git push -q --no-verify --follow-tags origin main &&
	remote_has refs/tags/v3
'

test_expect_success 'a tag of a tree is no code: pushed without a check' '
	git tag tree-tag "$(git rev-parse HEAD^{tree})" &&
	git push origin tree-tag >out 2>&1 &&
	! grep -q "Baseline\|refused\|error" out &&
	remote_has refs/tags/tree-tag
'

test_done
