#!/bin/sh
# run from a subdirectory: the command runs at the top of the work tree,
# as git runs an alias's shell command, with GIT_PREFIX saying where it
# was started; bench.results is relative to the top, a --results path to
# where it was typed.
. "$(dirname "$0")/lib.sh"

test_setup 'a repository with a subdirectory' '
	new_repo repo && cd repo &&
	printf "out.txt\nr.json\nprefix\n" >.gitignore &&
	mkdir sub && echo s >sub/s && git add .gitignore sub/s &&
	git commit -q -m "ignore results" &&
	git config bench.results out.txt
'

# A command that writes Go benchmark output of time $1 to out.txt, where
# it runs, and what GIT_PREFIX it was given to prefix.
go_command () {
	echo "printf \"%s\" \"\${GIT_PREFIX-unset}\" >prefix &&
		printf \"BenchmarkFoo-2 \\t 1000 \\t $1 ns/op\\n\" >out.txt"
}

test_expect_success 'run in a subdirectory: the command runs at the top' '
	refs_state >before &&
	(cd sub && git -c bench.command="$(go_command 1000)" bench run --record \
		>../out 2>../err) &&
	grep -q "^Recorded 1 run for " err &&
	test -f out.txt && ! test -e sub/out.txt &&
	! test -e sub/prefix &&
	printf "sub/" >expect && test_cmp expect prefix &&
	refs_state >after && ! test_cmp before after >/dev/null &&
	git bench show >shown && grep -q "BenchmarkFoo" shown
'

test_expect_success 'at the top, GIT_PREFIX is empty' '
	rm -f prefix &&
	git -c bench.command="$(go_command 1001)" bench run >out 2>err &&
	test -f prefix && test_must_be_empty prefix
'

cat >"$TRASH/write-r.sh" <<'EOF_R'
printf '[{"name": "x", "unit": "ns", "value": 7}]\n' >"${GIT_PREFIX}r.json"
EOF_R

test_expect_success 'a --results path is where it was typed' '
	rm -f out.txt sub/r.json &&
	(cd sub && git bench run --record --results r.json -- \
		sh "$TRASH/write-r.sh" >../out 2>../err) &&
	test -f sub/r.json && ! test -e r.json &&
	grep -q "^Recorded 1 run for " err
'

test_expect_success 'under an alias of git, the GIT_PREFIX git set stays' '
	rm -f prefix &&
	git config alias.b "!git -c bench.command=\"\$(cat cmd)\" bench run" &&
	go_command 1002 >cmd &&
	(cd sub && git b >../out 2>../err) &&
	printf "sub/" >expect && test_cmp expect prefix &&
	rm cmd
'

test_done
