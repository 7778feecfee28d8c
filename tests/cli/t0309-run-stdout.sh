#!/bin/sh
# git bench run --results -: the results are what the benchmark command
# prints (go test -bench, hyperfine, vitest bench write no file), read
# while it still shows on standard error; and in a temporary work tree
# with --interleave, from bench.results "-".

. "$(dirname "$0")/lib.sh"

# bench.sh prints a real `go test -bench` output, with its "work" factor
# applied to the first benchmark's ns/op.
test_expect_success 'setup: a repository whose command prints go test -bench' '
	git init -q repo && (
		cd repo &&
		echo 1 >work &&
		cat >bench.sh <<-EOS &&
		awk -v w="\$(cat work)" "/^BenchmarkJoinWords/ { \\\$3 = \\\$3 * w } { print }" \
			"$GB_FIXTURES/go/baseline/bench.txt"
		EOS
		git add . && git commit -q -m base && git tag base
	)
'

test_expect_success 'run --results - --record reads and records what it printed' '
	cd repo &&
	git bench run --results - --record -- sh bench.sh >out 2>err &&
	# What the command printed still shows, on standard error.
	grep -q "^BenchmarkJoinWords-2 " err &&
	grep -q "^Recorded 1 run for $(git rev-parse --short HEAD)" err &&
	git notes --ref=refs/notes/benchmarks list HEAD >/dev/null &&
	git bench show --format json HEAD >shown &&
	python3 - <<-\PY
	import json
	run = json.load(open("shown"))["runs"][0]
	assert run["format"] == "go", run["format"]
	names = {r["name"] for r in run["results"]}
	assert "BenchmarkJoinWords" in names, sorted(names)
	PY
'

test_expect_success 'a slower change, compared through its printed output' '
	cd repo &&
	echo 1.5 >work && git commit -q -am slower &&
	test_must_fail git bench run --results - --baseline base \
		--fail-on-regression -- sh bench.sh >out 2>err &&
	grep -q "^🔴 BenchmarkJoinWords .* REGRESSION" out
'

test_expect_success 'bench.results=- and --interleave: the baseline printed too' '
	cd repo &&
	git -c bench.results=- bench run --interleave --baseline base \
		-- sh bench.sh >out 2>err &&
	grep -q "^git bench: running the baseline" err &&
	grep -q "^🔴 BenchmarkJoinWords .* REGRESSION" out
'

test_expect_success 'an unknown --baseline: an error before the suite runs' '
	cd "$TRASH/repo" &&
	refs_state >before &&
	test_expect_code 2 git bench run --results - --fail-on-regression \
		--baseline nosuch -- sh -c "echo ran >ran; sh bench.sh" >out 2>err &&
	echo "error: unknown revision '\''nosuch'\''" >expect &&
	test_cmp expect err &&
	test_must_be_empty out &&
	test ! -e ran &&
	refs_state >after &&
	test_cmp before after
'

test_expect_success 'results looked for in a file that is not there: says --results -' '
	cd repo &&
	test_must_fail git bench run -- sh bench.sh >out 2>err &&
	grep -q "^error: cannot read .*/target/criterion: No such file or directory (for results the command prints, --results -)$" err
'

test_expect_success 'printing nothing, or no results: an error, nothing recorded' '
	cd repo &&
	git rev-parse refs/benchmark-history >before &&
	test_must_fail git bench run --results - --record -- true >out 2>err &&
	grep -q "^error: the command.s standard output: empty, no benchmark results$" err &&
	test_must_fail git bench run --results - --record -- echo hello >out 2>err &&
	grep -q "^error: the command.s standard output: cannot tell what format this is" err &&
	git rev-parse refs/benchmark-history >after &&
	test_cmp before after &&
	test_must_fail git notes --ref=refs/notes/benchmarks list HEAD 2>/dev/null
'

test_expect_success 'run in a bare repository: refused before the command runs' '
	git clone -q --bare repo bare.git &&
	(cd bare.git &&
	 test_expect_code 2 git bench run --results - -- sh -c "touch ran" \
		>out 2>err) &&
	test_one_line bare.git/err &&
	grep -q "^error: this operation must be run in a work tree$" bare.git/err &&
	! test -e bare.git/ran
'

test_done
