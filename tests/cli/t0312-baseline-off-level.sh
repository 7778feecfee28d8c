#!/bin/sh
# A baseline of one run that reads far off the level of the commits before
# it (a noisy neighbour slowed it, or a quiet moment sped it) made every
# benchmark's change look like the code's: 20 commits at one level, the
# baseline 40% above it, the current side back at the level read "3
# improved"; 30% below it, "3 regressions" and a failed check. Such calls
# are held back, and said; a real change, a baseline that agrees with the
# commit before it (a step a few commits back) and a baseline of several
# runs are judged as before.
. "$(dirname "$0")/lib.sh"

# runs DIR: result files DIR/<seed>-<factor>.json on demand, by gen.
# gen SEED FACTOR: three benchmarks of 30 samples (1% within a run), with
# 2% noise between runs, all scaled by FACTOR (generic format).
gen () {
	python3 - "$1" "$2" <<-\PY
	import json, math, random, sys
	r, m = random.Random(int(sys.argv[1])), float(sys.argv[2])
	print(json.dumps([{"name": "bench%d" % i, "unit": "ns",
	    "samples": [round(1000 * (i + 1) * m * s * math.exp(r.gauss(0, 0.01)), 2)
	                for _ in range(30)]}
	    for i, s in enumerate(math.exp(r.gauss(0, 0.02)) for _ in range(3))]))
	PY
}

# measured SEED FACTOR...: a commit a factor, each with one run recorded.
measured () {
	me_seed=$1 && shift &&
	for me_f; do
		me_seed=$((me_seed + 1)) &&
		commit_change "c$me_seed" &&
		gen "$me_seed" "$me_f" >"$TRASH/run.json" &&
		git bench record -q "$TRASH/run.json" || return 1
	done
}

# level_repo DIR: 20 commits at the level, 2% apart run to run.
level_repo () {
	new_repo "$1" && (cd "$1" && git config bench.machine m1 &&
		measured 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)
}

test_expect_success 'a slow baseline run does not make the current IMPROVED' '
	level_repo slow && cd slow &&
	measured 100 1.4 && git tag base &&
	measured 200 1 &&
	git bench compare base HEAD >out &&
	cat out &&
	grep -c "STABLE (baseline +[34][0-9]\.[0-9]% off level)" out >n &&
	echo 3 >expect && test_cmp expect n &&
	! grep IMPROVED out &&
	tr "\n" " " <out >flat &&
	grep "3 calls held back: the baseline.s one run reads off the level of the 10 measured commits before it" flat &&
	test_fits out &&
	git bench compare --format json base HEAD >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	rows = json.load(open(sys.argv[1]))["benchmarks"]
	assert len(rows) == 3, rows
	for r in rows:
	    assert r["verdict"] == "STABLE", r
	    assert r["why"] == "baseline-off-level", r
	    assert 30 < r["baseline_off_level_percent"] < 50, r
	    assert r["level_commits"] == 10, r
	    assert r["change_percent"] < -20, r
	PY
'

test_expect_success 'the report marks the current commit as compare judges it' '
	cd slow &&
	git bench report -o report.html &&
	report_data report.html >data.json &&
	python3 - data.json "$(git rev-parse HEAD)" <<-\PY
	import json, sys
	d, head = json.load(open(sys.argv[1])), sys.argv[2]
	pos = d["commits"]["id"].index(head)
	for b in d["machines"][0]["benchmarks"]:
	    assert not [v for v in b["vd"] if v[0] == pos], b["vd"]
	PY
'

test_expect_success 'a fast baseline run: UNCERTAIN, not a failed check' '
	level_repo fast && cd fast &&
	measured 100 0.7 && git tag base &&
	measured 200 1 &&
	git bench check --baseline base >out; code=$? &&
	cat out &&
	test $code = 0 &&
	grep -c "UNCERTAIN (baseline -[23][0-9]\.[0-9]% off level:" out >n &&
	echo 3 >expect && test_cmp expect n &&
	grep -c "^ *re-run with --interleave --repeat 3)" out >n &&
	test_cmp expect n &&
	! grep REGRESSION out && test_fits out &&
	tr "\n" " " <out >flat &&
	grep "More runs settle them: git bench run --baseline $(git rev-parse --short base) --interleave --repeat 3" flat &&
	test_expect_code 1 git -c bench.onUncertain=fail bench check --baseline base >/dev/null
'

test_expect_success 'a real regression after a baseline at the level stays one' '
	level_repo real && cd real &&
	measured 100 1 && git tag base &&
	measured 200 1.3 &&
	test_expect_code 1 git bench check --baseline base >out &&
	grep -c "REGRESSION" out >n && echo 3 >expect && test_cmp expect n &&
	! grep "off level" out && ! grep "held back" out
'

test_expect_success 'a baseline that agrees with the commit before it is judged as before' '
	level_repo step && cd step &&
	measured 100 1.4 1.4 && git tag base &&
	measured 300 1 &&
	git bench compare base HEAD >out &&
	grep -c "IMPROVED" out >n && echo 3 >expect && test_cmp expect n &&
	! grep "off level" out
'

test_expect_success 'a baseline of several runs is judged on them' '
	level_repo several && cd several &&
	measured 100 1.4 && git tag base &&
	gen 150 1.4 >"$TRASH/again.json" &&
	git bench record -q "$TRASH/again.json" &&
	measured 200 1 &&
	git bench compare base HEAD >out &&
	grep -c "IMPROVED" out >n && echo 3 >expect && test_cmp expect n &&
	! grep "off level" out
'

test_expect_success 'counts: a baseline off their level is the code, judged as measured' '
	new_repo counts && cd counts && git config bench.machine m1 &&
	for i in $(seq 1 20); do
		commit_change "c$i" &&
		printf "[{\"name\": \"parse\", \"unit\": \"instructions\", \"value\": %d}]\n" \
			$((1000000 + i)) >"$TRASH/n.json" &&
		git bench record -q "$TRASH/n.json" || return 1
	done &&
	commit_change base && git tag base &&
	printf "[{\"name\": \"parse\", \"unit\": \"instructions\", \"value\": 1020000}]\n" >"$TRASH/n.json" &&
	git bench record -q "$TRASH/n.json" &&
	commit_change revert &&
	printf "[{\"name\": \"parse\", \"unit\": \"instructions\", \"value\": 1000021}]\n" >"$TRASH/n.json" &&
	git bench record -q "$TRASH/n.json" &&
	git bench compare base HEAD >out &&
	cat out &&
	grep "parse \[instructions\]" out &&
	grep -- "-1\.9[0-9]%  IMPROVED$" out &&
	! grep "off level" out
'

test_done
