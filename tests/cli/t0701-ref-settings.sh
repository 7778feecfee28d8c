#!/bin/sh
# bench.historyRef and bench.notesRef given with `git -c`, as the README
# says every setting can be.
. "$(dirname "$0")/lib.sh"

test_setup 'a repository' '
	new_repo repo && cd repo
'

test_expect_success 'git -c bench.historyRef and bench.notesRef are used' '
	git -c bench.historyRef=refs/other-history -c bench.notesRef=refs/notes/other \
		bench record -q "$CRITERION_BASE" &&
	git rev-parse -q --verify refs/other-history &&
	git notes --ref=other list HEAD &&
	test_must_fail git rev-parse -q --verify refs/benchmark-history &&
	test_expect_code 2 git bench show 2>err &&
	grep -q "no results recorded" err &&
	git -c bench.notesRef=refs/notes/other bench show >out &&
	grep -q "^Benchmarks (8):" out
'

test_expect_success 'a bad ref given with git -c is a one-line error' '
	before=$(refs_state) &&
	test_expect_code 2 git -c bench.historyRef=nope bench record "$CRITERION_BASE" 2>err &&
	test_one_line err &&
	grep -q "bench.historyRef: .nope. is not a valid ref name" err &&
	test "$before" = "$(refs_state)"
'

test_done
