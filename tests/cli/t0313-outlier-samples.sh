#!/bin/sh
# One run a side and nothing stored: the verdict rests on the runs'
# samples. A mean moves with the few samples far above the rest (a
# collector's pauses), more than the spread of the samples' logs allows:
# one unchanged benchmark with 1 such sample in the baseline's 60 and 5 in
# the current's read +15% REGRESSION (p 0.005) and failed the check. The
# error is now the samples' own relative spread where that is wider; a
# real 30% slowdown with the same pauses stays a REGRESSION.
. "$(dirname "$0")/lib.sh"

# gen FILE SEED PAUSES FACTOR: benchmark "parse", 60 samples of 1 µs x
# FACTOR with 5% of noise, PAUSES of them 2-5 times slower.
gen () {
	python3 - "$@" <<-\PY
	import json, math, random, sys
	path, seed, pauses, factor = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
	r = random.Random(seed)
	s = [1000 * factor * math.exp(r.gauss(0, 0.05)) for _ in range(60)]
	for i in range(pauses):
	    s[7 + 11 * i] *= 2 + 3 * r.random()
	json.dump([{"name": "parse", "unit": "ns", "samples": [round(x, 1) for x in s]}],
	          open(path, "w"))
	PY
}

test_setup 'two commits' '
	new_repo repo && cd repo &&
	git tag base && commit_change c2
'

test_expect_success 'pauses in one run are no REGRESSION of unchanged code' '
	gen "$TRASH/a.json" 1 1 1 && gen "$TRASH/b.json" 2 5 1 &&
	git bench record -q --commit base "$TRASH/a.json" &&
	git bench record -q "$TRASH/b.json" &&
	git bench check --baseline base >out; code=$? &&
	cat out &&
	test $code = 0 &&
	grep " parse .* +1[0-9]\.[0-9]*%  UNCERTAIN" out &&
	git bench compare --format json base HEAD >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	b = json.load(open(sys.argv[1]))["benchmarks"][0]
	assert b["evidence"] == "samples", b
	assert b["verdict"] == "UNCERTAIN", b
	assert b["p_value"] > 0.01, b
	# The interval the call rests on reaches below the change.
	assert b["interval_low_percent"] < 0 < b["interval_high_percent"], b
	PY
'

test_expect_success 'a real slowdown with the same pauses is still one' '
	git checkout -q -b slow base && commit_change c3 &&
	gen "$TRASH/c.json" 2 5 1.3 &&
	git bench record -q "$TRASH/c.json" &&
	test_expect_code 1 git bench check --baseline base >out &&
	grep " parse .*REGRESSION" out
'

test_done
