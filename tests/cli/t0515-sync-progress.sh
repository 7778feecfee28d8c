#!/bin/sh
# push, pull and fetch show git's progress, bundle create its packing's,
# on standard error when it is a terminal (a real pty, from util-linux's
# script), and stay quiet in logs and pipes; --progress, --no-progress and
# --quiet decide as git's do, and -h lists them as --[no-]progress.
. "$(dirname "$0")/lib.sh"

if ! script -qec true /dev/null >/dev/null 2>&1; then
	say "# skipped: needs script (util-linux) and a pty"
	exit 77
fi

# on_tty <file> <command>: run the command with its standard error (and
# input) on a new terminal, what the terminal showed into <file>.
on_tty () {
	file=$1 && shift &&
	script -qec "$*" /dev/null </dev/null >"$file"
}

test_setup 'a bare remote, a clone with a run, another clone' '
	git init -q --bare remote.git &&
	git clone -q remote.git work 2>/dev/null &&
	git clone -q remote.git other 2>/dev/null &&
	cd work && echo one >file && git add file && git commit -q -m first &&
	git push -q origin HEAD 2>/dev/null &&
	git bench record -q "$CRITERION_BASE"
'

test_expect_success 'push on a terminal shows git writing the objects' '
	on_tty tty "git bench push >out" &&
	grep -q "Writing objects: 100% ([0-9]*/[0-9]*)" tty &&
	grep -qx "Pushed 1 run to origin" out &&
	git -C ../remote.git rev-parse -q --verify refs/benchmarks/history
'

test_expect_success 'push into a pipe or a file: no progress' '
	git bench record -q "$CRITERION_SLOW" &&
	git bench push >out 2>err &&
	test_must_be_empty err &&
	grep -qx "Pushed 1 run to origin" out
'

test_expect_success 'pull on a terminal shows what git fetched' '
	(cd ../other && on_tty tty "git bench pull >out" &&
	 grep -q "\[new ref\] *refs/benchmarks/history" tty &&
	 grep -q "^Fetched 2 runs from origin (2 new)" out)
'

test_expect_success 'pull --no-progress on a terminal: quiet' '
	git bench record -q "$CRITERION_BASE" && git bench push >/dev/null &&
	(cd ../other && on_tty tty "git bench pull --no-progress >out" &&
	 ! grep -q "refs/\|objects" tty &&
	 grep -q "^Fetched 3 runs from origin (1 new)" out)
'

test_expect_success 'push -q on a terminal: no progress, no summary' '
	git bench record -q "$CRITERION_SLOW" &&
	on_tty tty "git bench push -q >out" &&
	test_must_be_empty out &&
	! grep -q "objects" tty &&
	test "$(git -C ../remote.git rev-parse refs/benchmarks/history)" = \
		"$(git rev-parse refs/benchmark-history)"
'

test_expect_success 'push --progress into a file shows it all the same' '
	git bench record -q "$CRITERION_BASE" &&
	git bench push --progress >out 2>err &&
	grep -q "Writing objects: 100%" err &&
	grep -qx "Pushed 1 run to origin" out
'

test_expect_success 'a server message in the progress is escaped' '
	cat >../remote.git/hooks/pre-receive <<-\EOF &&
	#!/bin/sh
	printf "hello \033]0;pwned\007 there\n" >&2
	EOF
	chmod +x ../remote.git/hooks/pre-receive &&
	git bench record -q "$CRITERION_SLOW" &&
	git bench push --progress >out 2>err &&
	rm ../remote.git/hooks/pre-receive &&
	grep -q "remote: hello" err &&
	! grep -q "$(printf "\033")" err
'

test_expect_success '-h lists --[no-]progress, its help on one line' '
	for cmd in push pull fetch compact bundle; do
		git bench $cmd -h >usage &&
		test_fits usage &&
		sed -n "/^    --\[no-\]progress  /{N;p;}" usage >lines &&
		grep -q "^    --\[no-\]progress  .* on stderr (default: if a terminal)$" lines &&
		! grep -q "^                            [^ ]" lines || {
			say "git bench $cmd -h does not list --[no-]progress with its help on one line" >&2
			return 1
		}
	done
'

test_expect_success 'push --no-progress on a terminal: the summary, no progress' '
	git bench record -q "$CRITERION_BASE" &&
	on_tty tty "git bench push --no-progress >out" &&
	! grep -q "objects" tty &&
	grep -qx "Pushed 1 run to origin" out
'

test_expect_success 'the last of --progress and --no-progress wins' '
	git bench record -q "$CRITERION_SLOW" &&
	git bench push --progress --no-progress >out 2>err &&
	test_must_be_empty err &&
	grep -qx "Pushed 1 run to origin" out &&
	git bench record -q "$CRITERION_BASE" &&
	git bench push --no-progress --progress >out 2>err &&
	grep -q "Writing objects: 100%" err &&
	grep -qx "Pushed 1 run to origin" out
'

test_expect_success 'fetch on a terminal: progress, and none with --no-progress' '
	(cd ../other && on_tty tty "git bench fetch --no-progress >out" &&
	 ! grep -q "refs/\|objects" tty &&
	 grep -q "^Fetched .* runs from origin" out) &&
	git bench record -q "$CRITERION_SLOW" && git bench push -q &&
	(cd ../other && on_tty tty "git bench fetch >out" &&
	 grep -q "refs/benchmarks/history" tty &&
	 grep -q "^Fetched .* runs from origin (1 new)" out)
'

test_expect_success 'bundle create on a terminal: progress, and none with --no-progress' '
	on_tty tty "git bench bundle create ../tty.bundle >out" &&
	grep -q "Writing objects: 100%" tty &&
	on_tty tty "git bench bundle create --no-progress ../quiet.bundle >out" &&
	! grep -q "objects" tty &&
	grep -q "^Bundled [0-9]* runs" out &&
	cmp ../tty.bundle ../quiet.bundle
'

test_done
