#!/bin/sh
# What became of a command git bench ran: an exit status, a signal that
# killed it, or a program that could not start, each said on one line.
. "$(dirname "$0")/lib.sh"

test_setup 'a repository with one measured commit' '
	new_repo repo && cd repo &&
	git bench record -q "$CRITERION_BASE" &&
	commit_change two
'

cat >"$TRASH/segv.sh" <<'EOF_SEGV'
kill -SEGV $$
EOF_SEGV
cat >"$TRASH/exit139.sh" <<'EOF_EXIT'
exit 139
EOF_EXIT

test_expect_success 'measure: a signal is named, not taken for an exit' '
	refs_state >before &&
	test_expect_code 2 git bench measure -- sh "$TRASH/segv.sh" 2>err &&
	grep -v "^git bench: measuring" err >errors &&
	echo "error: '"'"'sh $TRASH/segv.sh'"'"' was killed by signal 11 (SIGSEGV)" >expect &&
	test_cmp expect errors &&
	test_expect_code 2 git bench measure -- sh "$TRASH/exit139.sh" 2>err &&
	grep -v "^git bench: measuring" err >errors &&
	echo "error: '"'"'sh $TRASH/exit139.sh'"'"' failed (exit 139)" >expect &&
	test_cmp expect errors &&
	refs_state >after && test_cmp before after
'

test_expect_success 'measure: a program that cannot start is one line' '
	refs_state >before &&
	test_expect_code 2 git bench measure -- "$TRASH/no/such/program" 2>err &&
	grep -v "^git bench: measuring" err >errors &&
	echo "error: cannot run $TRASH/no/such/program: No such file or directory" >expect &&
	test_cmp expect errors &&
	refs_state >after && test_cmp before after
'

test_expect_success 'run: the benchmark command killed by a signal' '
	refs_state >before &&
	test_expect_code 2 git -c bench.command="kill -SEGV \$\$" \
		bench run --record 2>err &&
	grep "^error: " err >errors &&
	echo "error: the benchmark command was killed by signal 11 (SIGSEGV)" >expect &&
	test_cmp expect errors &&
	test_expect_code 2 git bench run -- "$TRASH/no/such/program" 2>err &&
	grep "^error: " err >errors &&
	echo "error: cannot run $TRASH/no/such/program: No such file or directory" >expect &&
	test_cmp expect errors &&
	test_expect_code 2 git -c bench.command="exit 3" bench run 2>err &&
	grep -q "^error: the benchmark command failed (exit 3)$" err &&
	refs_state >after && test_cmp before after
'

test_expect_success 'bisect-check: a killed command skips the commit, saying so' '
	refs_state >before &&
	test_expect_code 125 git -c bench.command="kill -SEGV \$\$" \
		bench bisect-check --bench fibonacci/iterative/10 \
		--good HEAD~1 2>err &&
	grep -qx "bisect-check: the benchmark command failed at $(git rev-parse --short HEAD), killed by signal 11 (SIGSEGV): skipping it" err &&
	refs_state >after && test_cmp before after
'

test_done
