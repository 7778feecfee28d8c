#!/bin/sh
# git bench run --confirm: an UNCERTAIN benchmark is measured again until
# decided or a bound is reached, each look at a share of the significance.

. "$(dirname "$0")/lib.sh"

# bench.sh writes the next of $VALUES (one per run, all distinct: the same
# values twice would be one run measured once) as generic results, and
# counts its runs in ../count.
setup_repo() {
	git init -q "$1" && (
		cd "$1" &&
		git config bench.format generic &&
		git config bench.results ../res.json &&
		echo a >f && git add f && git commit -q -m a &&
		for v in 100 102 98 101 99; do
			one_result ../base.json $v &&
			git bench record -q ../base.json || return 1
		done &&
		cat >bench.sh <<-\EOS &&
		n=$(cat ../count 2>/dev/null || echo 0); n=$((n + 1))
		echo $n >../count
		one=$(echo "$VALUES" | cut -d" " -f$n)
		printf "[{\"name\": \"x\", \"unit\": \"ns\", \"value\": %s}]\n" "$one" >../res.json
		EOS
		git add bench.sh && git commit -q -m b
	)
}

test_expect_success 'setup: five runs of the baseline, spread 1.6%' '
	setup_repo repo
'

test_expect_success 'a slowdown UNCERTAIN at first is measured until REGRESSION' '
	cd repo && rm -f ../count &&
	VALUES="108 116 115.5 117 114 116.5 115.2 116.1 114.4 115.3" &&
	export VALUES &&
	test_expect_code 1 git bench run --confirm --fail-on-regression \
		--record --baseline HEAD~1 -- sh bench.sh >out 2>err &&
	runs=$(cat ../count) &&
	test "$runs" -ge 2 && test "$runs" -le 10 &&
	test $(grep -c "^git bench: running sh" err) = "$runs" &&
	grep -q "^Confirmation: $runs runs of this side, $runs looks at significance 0.001$" err &&
	grep -q "^each (bench.significance / 10)\.$" err &&
	grep -q "^  x: UNCERTAIN after 1 run, REGRESSION after $runs$" err &&
	! grep -q "^Stopped" err &&
	grep -q "^Current: .* · $runs runs$" out &&
	grep -q "^🔴 x .* REGRESSION" out &&
	# Every run made is recorded.
	grep -q "^Recorded $runs runs for " err &&
	test $(git bench show --format json | python3 -c "import json,sys; print(len(json.load(sys.stdin)[\"runs\"]))") = "$runs"
'

test_expect_success 'noise that looked like a slowdown is measured until STABLE' '
	cd repo && rm -f ../count &&
	VALUES="109 100.5 101 99 100.2 101.4 99.3 100.1 102 100.7" &&
	export VALUES &&
	git bench run --confirm --fail-on-regression --baseline HEAD~1 \
		-- sh bench.sh >out 2>err &&
	runs=$(cat ../count) && test "$runs" -ge 2 &&
	grep -q "^  x: UNCERTAIN after 1 run, STABLE after $runs$" err &&
	grep -q "^⚪ x .* STABLE" out
'

test_expect_success 'without --confirm the same first run stays UNCERTAIN' '
	cd repo && rm -f ../count &&
	VALUES="109" && export VALUES &&
	git bench run --baseline HEAD~1 -- sh bench.sh >out 2>err &&
	test "$(cat ../count)" = 1 &&
	grep -q "UNCERTAIN" out &&
	! grep -q "^Confirmation" err
'

test_expect_success 'a bound stops it and says so; bench.onUncertain=confirm confirms' '
	cd repo && rm -f ../count &&
	VALUES="109.6 109.4 109.7 109.3 109.5 109.8" && export VALUES &&
	git -c bench.onUncertain=confirm bench run --max-runs 3 \
		--baseline HEAD~1 -- sh bench.sh >out 2>err &&
	runs=$(cat ../count) && test "$runs" -le 3 &&
	grep -q "^Confirmation: " err &&
	grep -q "^Stopped: " err &&
	grep -q "UNCERTAIN" out
'

test_expect_success 'JSON on standard output stays JSON' '
	cd repo && rm -f ../count &&
	VALUES="108 116 115.5 117 114 116.5 115.2 116.1 114.4 115.3" &&
	export VALUES &&
	git bench run --confirm --format json --baseline HEAD~1 \
		-- sh bench.sh >out.json 2>err &&
	python3 -c "import json,sys; json.load(open(\"out.json\"))" &&
	grep -q "^Confirmation: " err
'

test_expect_success 'bad bounds: usage errors, nothing run or recorded' '
	cd repo && rm -f ../count &&
	before=$(refs_state) &&
	test_expect_code 2 git bench run --confirm --max-time 5 -- sh bench.sh 2>err &&
	grep -q "^error: --max-time: .5. has no unit" err &&
	test_expect_code 2 git bench run --confirm --max-runs 0 -- sh bench.sh 2>err &&
	grep -q "max-runs must be between 1 and 1000" err &&
	test ! -e ../count &&
	test "$before" = "$(refs_state)"
'

test_done
