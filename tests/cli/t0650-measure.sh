#!/bin/sh
# git bench measure on a real C program under a real Valgrind, while two
# busy loops load both cores: instruction counts hardly move between
# repetitions when wall-clock time does; a commit doing 2% more work is a
# REGRESSION in instructions (their default budget is 1%), repeated
# measurements of unchanged code are not; and the pre-push hook refuses
# the push of that commit. Needs a C compiler and valgrind.
. "$(dirname "$0")/lib.sh"

# Rows are matched whole on one line: wide enough for them.
COLUMNS=100
export COLUMNS

if ! command -v cc >/dev/null 2>&1 || ! command -v valgrind >/dev/null 2>&1; then
	test_count=$((test_count + 1))
	say "ok $test_count # skip git bench measure --instructions"
	say "# skipped: cc or valgrind not installed"
	test_done
fi

# prog(rounds): a hash over `rounds` words, a few million instructions.
write_prog () {
	cat >prog.c <<-EOF
	#include <stdio.h>
	int main(void)
	{
		volatile unsigned long h = 1469598103934665603UL;
		for (long i = 0; i < $1; i++)
			h = (h ^ (unsigned long)i) * 1099511628211UL;
		printf("%lu\n", h);
		return 0;
	}
	EOF
	cc -O1 -o prog prog.c
}

# Two busy loops, one per core, for as long as the tests run.
load_start () {
	trap load_stop EXIT
	for i in 1 2; do
		sh -c 'while :; do :; done' &
		echo $! >>"$TRASH/load.pids"
	done
}

load_stop () {
	for pid in $(cat "$TRASH/load.pids" 2>/dev/null); do
		kill "$pid" 2>/dev/null
	done
	rm -f "$TRASH/load.pids"
}

# The relative spread (max - min) / mean of prog's repetitions in a
# measure, as recorded at a commit: a run each.
spread () {
	git bench show --format json "$2" | python3 -c '
import json, sys
s = [r["mean"] for run in json.load(sys.stdin)["runs"] for r in run["results"]
     if r["name"] == "./prog" and r["measure"] == sys.argv[1]]
assert len(s) == 5, s
print("%.6f" % ((max(s) - min(s)) / (sum(s) / len(s))))' "$1"
}

test_setup 'a program, and a commit that gives it 2% more work' '
	git init -q --bare -b main remote.git &&
	git clone -q remote.git repo 2>/dev/null && cd repo &&
	printf "prog\n" >.gitignore &&
	write_prog 500000 && git add .gitignore prog.c &&
	git commit -q -m "c1: the program" &&
	echo notes >NOTES && git add NOTES && git commit -q -m "c2: notes" &&
	git push -q --no-verify origin main &&
	load_start
'

test_expect_success 'instruction counts hold still under load, wall time does not' '
	git checkout -q HEAD~1 && cc -O1 -o prog prog.c &&
	git bench measure --instructions --repeat 5 --record -- ./prog >out 2>err &&
	grep -q "^\./prog  " out &&
	grep -q "^\./prog \[instructions\]  " out &&
	grep -q "^\./prog \[estimated-cycles\]  " out &&
	grep -q "^\./prog \[peak-memory\]  " out &&
	grep -q "^(5 repetitions)$" out &&
	grep -q "^Recorded 5 runs for $(git rev-parse --short HEAD)$" err &&
	i=$(spread instructions HEAD) && t=$(spread time HEAD) &&
	say "spread over 5 repetitions: instructions $i, wall time $t" &&
	python3 -c "import sys; i, t = map(float, sys.argv[1:]); assert i < 0.001 and t > i, (i, t)" "$i" "$t"
'

test_expect_success 'unchanged code measured again: no verdict in instructions' '
	git checkout -q main &&
	git bench measure --instructions --repeat 5 --record -- ./prog >/dev/null 2>&1 &&
	test "$(spread instructions HEAD)" != "" &&
	git bench compare --measure instructions --fail-on-regression HEAD~1 HEAD >out &&
	grep -q "\./prog \[instructions\]" out &&
	! grep -q "REGRESSION\|IMPROVED" out
'

test_expect_success 'a commit with 2% more work: REGRESSION in instructions' '
	write_prog 510000 && git commit -q -am "c3: 2% more work" &&
	git bench measure --instructions --repeat 5 --record -- ./prog >/dev/null 2>&1 &&
	test_expect_code 1 git bench compare --measure instructions \
		--fail-on-regression HEAD~1 HEAD >out &&
	grep -q "\./prog \[instructions\] .* +[12]\.[0-9]*%  REGRESSION" out &&
	# Each repetition a run: five a side, not the samples of one.
	grep -q "^1 verdict from several runs a side\.$" out ||
	{ cat out; false; }
'

load_stop

# What a user of Cachegrind (as tak's users) records: its own output file,
# once a commit. The counts repeat, so one run a side decides: 2% more is
# a REGRESSION, the same program again is STABLE, and the footer says what
# the verdicts rest on.
test_expect_success 'Cachegrind output recorded once a commit: counts decide' '
	git init -q ../cg && cd ../cg && write_prog 500000 &&
	git add prog.c && git commit -q -m "cg: the program" &&
	valgrind --tool=cachegrind --cache-sim=no \
		--cachegrind-out-file=cg.out ./prog >/dev/null 2>&1 &&
	git bench record -q --format cachegrind cg.out &&
	git commit -q --allow-empty -m "cg: unchanged" &&
	valgrind --tool=cachegrind --cache-sim=no \
		--cachegrind-out-file=cg.out ./prog >/dev/null 2>&1 &&
	git bench record -q --format cachegrind cg.out &&
	git bench check --baseline HEAD~1 HEAD >out &&
	grep -q "\./prog \[instructions\] .* +0\.00%  STABLE" out &&
	write_prog 510000 && git commit -q -am "cg: 2% more work" &&
	valgrind --tool=cachegrind --cache-sim=no \
		--cachegrind-out-file=cg.out ./prog >/dev/null 2>&1 &&
	git bench record -q --format cachegrind cg.out &&
	test_expect_code 1 git bench check --baseline HEAD~1 HEAD >out &&
	grep -q "\./prog \[instructions\] .* +[12]\.[0-9]*%  REGRESSION" out &&
	grep -q "^1 verdict from one run a side of counts, which repeat within .0\.1% a run\.$" out &&
	git bench compare --format json HEAD~1 HEAD >json &&
	python3 -c "
import json, sys
r = json.load(open(\"json\"))[\"benchmarks\"][0]
assert r[\"evidence\"] == \"counts\" and r[\"verdict\"] == \"REGRESSION\", r
" &&
	cd ../repo ||
	{ cat out; false; }
'

test_expect_success 'the pre-push hook refuses it; time has a loose budget' '
	git config bench.prog.maxRegression 1000 &&
	git config bench.prog.instructions.maxRegression 1 &&
	git bench hook install >/dev/null &&
	test_must_fail git push origin main >push.out 2>&1 &&
	grep -q "\./prog \[instructions\] .* REGRESSION" push.out &&
	! grep -q "\./prog  .* REGRESSION" push.out &&
	test "$(git --git-dir=../remote.git rev-parse main)" = "$(git rev-parse HEAD~1)" ||
	{ cat push.out; false; }
'

test_expect_success 'no valgrind: an error naming the package, exit 2' '
	mkdir -p "$TRASH/bin" && ln -sf "$(command -v git)" "$TRASH/bin/git" &&
	ln -sf "$(command -v git-bench)" "$TRASH/bin/git-bench" &&
	test_expect_code 2 env PATH="$TRASH/bin" git bench measure --instructions -- ./prog 2>err &&
	grep -q "^error: --instructions needs Valgrind, which is not installed (Debian and Ubuntu: apt-get install valgrind)$" err
'

test_expect_success 'named commands from the settings, as one run' '
	git config bench.measure.fast.command "./prog" &&
	git config bench.measure.echo.command "echo hello" &&
	git bench measure --repeat 2 >out 2>/dev/null &&
	grep -q "^fast  " out && grep -q "^echo \[user\]  " out &&
	git bench measure --name fast >out 2>/dev/null &&
	grep -q "^fast  " out && ! grep -q "^echo" out &&
	test_expect_code 2 git bench measure --name nosuch 2>err &&
	grep -q "^error: no command to measure: bench.measure.nosuch.command is not set$" err &&
	test_expect_code 2 git bench measure ./prog 2>err &&
	grep -q "the command goes after" err
'

test_expect_success 'a long name is cut to fit 80 columns, its measure kept' '
	name=$(printf "n%.0s" $(seq 70)) &&
	COLUMNS=80 git bench measure --name "$name" -- true >out 2>err &&
	test_fits out && test_fits err &&
	grep -q "… \[user\]  " out &&
	grep -q "^git bench: measuring n*… (1/1)$" err
'

test_done
