#!/bin/sh
# git bench as a git subcommand: help, version, usage errors.
. "$(dirname "$0")/lib.sh"

test_expect_success 'git finds the bench subcommand' '
	git bench --version >out &&
	grep -q "^git-bench version [0-9]" out
'

test_expect_success '-h lists the commands and exits 0' '
	git bench -h >out &&
	grep -q "^usage: git bench" out &&
	for cmd in record baseline show log forget; do
		grep -q "^    $cmd " out || return 1
	done
'

test_expect_success 'no command is a usage error (exit 2)' '
	test_expect_code 2 git bench 2>err &&
	grep -q "^usage: git bench" err
'

test_expect_success 'an unknown command says so (exit 2)' '
	test_expect_code 2 git bench frobnicate 2>err &&
	test_one_line err &&
	grep -q "^error: .frobnicate. is not a git bench command" err
'

test_expect_success 'a misspelt command gets the one it likely means' '
	test_expect_code 2 git bench comapre 2>err &&
	echo "error: '"'"'comapre'"'"' is not a git bench command; did you mean '"'"'compare'"'"'?" >expect &&
	test_cmp expect err &&
	test_expect_code 2 git bench pul 2>err &&
	grep -qx "error: .pul. is not a git bench command; did you mean .pull.?" err &&
	test_expect_code 2 git bench help recrod 2>err &&
	grep -qx "error: .recrod. is not a git bench command; did you mean .record.?" err &&
	test_expect_code 2 git bench frobnicate 2>err &&
	grep -qx "error: .frobnicate. is not a git bench command; see .git bench -h." err
'

test_expect_success 'git bench help -h: its usage, exit 0' '
	git bench help -h >out 2>err &&
	test_must_be_empty err &&
	grep -qx "usage: git bench help \[<command>\]" out &&
	test_fits out &&
	test_expect_code 2 git bench help --nosuch 2>err &&
	test_one_line err &&
	grep -q "^error: unknown option .--nosuch." err
'

test_expect_success 'every command has -h with its options' '
	for cmd in record baseline show log forget; do
		git bench $cmd -h >out &&
		grep -q "^usage: git bench $cmd" out || return 1
	done &&
	git bench record -h >out &&
	grep -q -- "--label <label>" out &&
	grep -q -- "--allow-dirty" out
'

test_expect_success 'an unknown option is a usage error' '
	test_expect_code 2 git bench record --bogus 2>err &&
	grep -q "^error: unknown option .--bogus." err &&
	grep -q "^usage: git bench record" err
'

test_expect_success 'outside a repository: one-line error' '
	mkdir -p norepo && (
		cd norepo &&
		GIT_CEILING_DIRECTORIES="$TRASH" &&
		export GIT_CEILING_DIRECTORIES &&
		test_expect_code 2 git bench log 2>../err
	) &&
	test_one_line err &&
	grep -q "not a git repository" err
'

test_expect_success 'a repository without commits: said as git says it' '
	git init -q -b trunk unborn && (
		cd unborn &&
		echo "[{\"name\": \"a\", \"unit\": \"ns\", \"value\": 1}]" >r.json &&
		for c in show log compare check "record r.json" report names; do
			test_expect_code 2 git bench $c 2>err || return 1
			test_one_line err || return 1
			grep -q "^error: your current branch .trunk. does not have any commits yet$" err ||
				return 1
		done &&
		test_expect_code 2 git bench show nosuch 2>err &&
		grep -q "^error: unknown revision .nosuch.$" err &&
		test -z "$(git for-each-ref)"
	)
'

test_done
