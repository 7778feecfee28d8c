#!/bin/sh
# bisect judges the stored runs of a range as a series: on 18 measured
# commits with one run each and 2.5% of noise a run, json_tokenize steps up
# 13% at c13 while its two ends c7 and c18 alone differ by 7.5%, inside the
# noise; bisect and git bisect run with bisect-check both name c13. A range
# with no step says so with its figures (exit 1); render, which steps
# twice, has each step named.
. "$(dirname "$0")/lib.sh"

# The runs, as Bencher Metric Format: ln-normal noise of 2.5% a run from a
# fixed seed; json_tokenize 3% high at c7 and 2% low at c18 (its ends, as
# a machine drifting between them leaves them).
python3 - "$TRASH/.runs" <<-\PY || exit 1
	import json, math, os, random, sys
	out, rng = sys.argv[1], random.Random(13)
	os.makedirs(out)
	for c in range(1, 19):
	    noise = {k: math.exp(rng.gauss(0, 0.025)) for k in ("t", "p", "r")}
	    noise["t"] = {7: 1.03, 18: 0.98}.get(c, noise["t"])
	    v = {"json_tokenize": 41200 * (1.13 if c >= 13 else 1) * noise["t"],
	         "json_parse": 88000 * noise["p"],
	         "render": 15300 * (1.15 if c >= 5 else 1) *
	                   (1.15 if c >= 12 else 1) * noise["r"]}
	    json.dump({k: {"latency": {"value": round(x, 1)}} for k, x in v.items()},
	              open(os.path.join(out, "%d.json" % c), "w"))
PY

# commits_measured: c1..c18 on HEAD, each with its run recorded.
commits_measured () {
	i=1
	while [ $i -le 18 ]; do
		echo $i >>file && git add file &&
		git commit -q -m "c$i: change $i" && git tag c$i &&
		git bench record -q "$TRASH/.runs/$i.json" || return 1
		i=$((i + 1))
	done
}

# series_of DIR V...: a repository at DIR with one commit a value, each
# with one benchmark, x, of V µs recorded (the generic format).
series_of () {
	dir=$1 && shift &&
	git init -q -b main "$dir" && (
		cd "$dir" &&
		n=0 &&
		for v in "$@"; do
			n=$((n + 1)) && echo $n >f && git add f &&
			git commit -q -m "c$n" &&
			echo "[{\"name\": \"x\", \"unit\": \"us\", \"value\": $v}]" >../x.json &&
			git bench record -q -f generic ../x.json || return 1
		done
	)
}

test_setup 'c1..c18, one run each: json_tokenize +13% at c13, render +15% at c5 and c12' '
	git init -q -b main repo && cd repo &&
	git commit -q --allow-empty -m "c0: start" &&
	commits_measured
'

test_expect_success 'the ends alone are inside the noise; log shows the step at c13' '
	git bench compare --bench json_tokenize --format json c7 c18 >cmp.json &&
	python3 - cmp.json <<-\PY &&
	import json, sys
	[r] = json.load(open(sys.argv[1]))["benchmarks"]
	assert 7 < r["change_percent"] < 8 and r["verdict"] != "REGRESSION", r
	PY
	git bench log --bench json_tokenize c6..HEAD >out &&
	# The figures may fold onto the next line at 80 columns.
	grep -A1 "^  step at $(git rev-parse --short c13) " out | tr -d "\n" |
		grep -q "(+1[23].[0-9]*%, REGRESSION, "
'

test_expect_success 'bisect names c13 from stored results, measuring nothing' '
	git bench bisect --bench json_tokenize c7 HEAD >folded 2>err &&
	test_fits folded &&
	unfold folded >out &&
	head -n1 out >first &&
	echo "$(git rev-parse c13) is the first bad commit" >expect &&
	test_cmp expect first &&
	grep -q "^json_tokenize: 4[01].[0-9]* µs, the level up to $(git rev-parse --short c12) (last good) → 4[67].[0-9]* µs, the level from $(git rev-parse --short c13) (first bad), +1[1-4].[0-9]*%$" out &&
	grep -q "^Against the good side $(git rev-parse --short c7) (.*): +1[1-4].[0-9]*%, REGRESSION, noise judged from the series" out &&
	! grep -q "Measured" out &&
	grep -q "^bisect: 12 measured commits step from $(git rev-parse --short c12) to $(git rev-parse --short c13) (+1[1-4].[0-9]*%, REGRESSION)$" err &&
	git bench bisect --bench json_tokenize --format json c7 HEAD >out.json 2>/dev/null &&
	python3 - out.json "$(git rev-parse c13)" "$(git rev-parse c12)" <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["found"] and d["by_series"] and d["measured_commits"] == 12, d
	assert d["first_bad"]["commit"] == sys.argv[2] and d["last_good"]["commit"] == sys.argv[3]
	[st] = d["steps"]
	assert st["verdict"] == "REGRESSION" and st["first_bad"] == sys.argv[2], st
	assert 11 < st["change_percent"] < 15 and 1 < st["noise_percent"] < 6, st
	PY
'

test_expect_success 'git bisect run with bisect-check names c13 too' '
	git bisect start HEAD c7 >/dev/null &&
	git bisect run git bench bisect-check --bench json_tokenize --good c7 \
		>out 2>&1 &&
	git bisect reset >/dev/null 2>&1 &&
	grep -q "^$(git rev-parse c13) is the first bad commit$" out &&
	git checkout -q c12 &&
	test_expect_code 0 git bench bisect-check --bench json_tokenize --good c7 &&
	git checkout -q c13 &&
	test_expect_code 1 git bench bisect-check --bench json_tokenize --good c7 &&
	git checkout -q main
'

test_expect_success 'a range with no step says so, with its figures: exit 1' '
	test_expect_code 1 git bench bisect --bench json_parse c7 HEAD >folded 2>/dev/null &&
	test_fits folded &&
	unfold folded >out &&
	grep -q "^json_parse does not differ between $(git rev-parse --short c7) and $(git rev-parse --short c18): [0-9.]* µs and [0-9.]* µs ([-+][0-9.]*%, STABLE); nothing to bisect$" out &&
	grep -q "^The series of 12 measured commits shows no step: [0-9.]* µs → [0-9.]* µs, noise ±[0-9.]*% a run$" out &&
	test_expect_code 1 git bench bisect --bench json_tokenize c13 HEAD >folded 2>/dev/null &&
	unfold folded >out &&
	grep -q "^The series of 6 measured commits shows no step: 4[67].[0-9]* µs → " out &&
	test_expect_code 1 git bench bisect --bench json_parse --format json c7 HEAD >out.json 2>/dev/null &&
	python3 - out.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["found"] is False and d["steps"] == [] and d["by_series"], d
	assert d["measured_commits"] == 12 and d["noise_percent"] > 0, d
	PY
'

test_expect_success 'two steps in the range: each named, each against its own level' '
	git bench bisect --bench render c1 HEAD >folded 2>/dev/null &&
	test_fits folded &&
	unfold folded >out &&
	grep -q "^Step 1 of 2: 15.[0-9]* µs → 17.[0-9]* µs (+1[3-7].[0-9]*%, REGRESSION)$" out &&
	grep -q "^Step 2 of 2: 17.[0-9]* µs → 20.[0-9]* µs (+1[3-7].[0-9]*%, REGRESSION)$" out &&
	grep "is the first bad commit$" out >named &&
	printf "%s is the first bad commit\n" $(git rev-parse c5 c12) >expect &&
	test_cmp expect named &&
	grep -q "^render: 17.[0-9]* µs, the level up to $(git rev-parse --short c11) (last good) → 20.[0-9]* µs, the level from $(git rev-parse --short c12) (first bad), +1[3-7].[0-9]*%$" out &&
	grep -q "^Against the level from $(git rev-parse --short c5) (17.[0-9]* µs): +1[3-7].[0-9]*%, REGRESSION" out &&
	git bench bisect --bench render --format json c1 HEAD >out.json 2>/dev/null &&
	python3 - out.json $(git rev-parse c5 c12) <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert [s["first_bad"] for s in d["steps"]] == sys.argv[2:], d["steps"]
	assert all(s["found"] and s["verdict"] == "REGRESSION" for s in d["steps"])
	assert d["first_bad"]["commit"] == sys.argv[2]
	PY
	git bisect start HEAD c6 >/dev/null &&
	git bisect run git bench bisect-check --bench render --good c6 >out 2>&1 &&
	git bisect reset >/dev/null 2>&1 &&
	grep -q "^$(git rev-parse c12) is the first bad commit$" out
'

# GOOD one reading off its level (330 among values about 300, as a real
# series had it): the ends differ beyond the noise, the series shows no
# step and mostly is where BAD is. A noise point was named "the first
# better commit"; now nothing is.
test_expect_success 'a good side off its level, no step: nothing named, exit 1' '
	series_of "$TRASH/outlier" 330 300 303 298 301 299 302 300 297 301 299 296 && (
		cd "$TRASH/outlier" &&
		test_expect_code 1 git bench bisect --bench x >folded 2>/dev/null &&
		test_fits folded &&
		unfold folded >out &&
		! grep -q "first better commit" out &&
		grep -q "^x between [0-9a-f]* and [0-9a-f]*: 330.00 µs and 296.00 µs (-10.30%, IMPROVED), but the series has no step: the good side is off its level; nothing to bisect$" out &&
		grep -q "^The series of 12 measured commits shows no step" out
	)
'

# Noise alone (about 5% a run, no step) and BAD one high reading, 15% above
# GOOD: more than the budget, but no more than that noise makes between
# two runs (UNCERTAIN). The search named BAD "the first bad commit"; on a
# longer series of noise it named a commit in the middle that read high.
# Nothing is bisected: the report says why and how to settle it.
test_expect_success 'ends apart by no more than noise, no step: nothing named, exit 1' '
	series_of "$TRASH/noise" 300 285 312 296 318 290 305 322 288 309 295 345 && (
		cd "$TRASH/noise" &&
		test_expect_code 1 git bench bisect --bench x >folded 2>err &&
		# Progress tells the bad side as what it is taken for.
		grep -q "^bisect: $(git rev-parse --short HEAD) is good: 345.00 µs, +15.00% (UNCERTAIN)$" err &&
		! grep -q " is bad" err &&
		# The same in ASCII where the locale is not UTF-8, progress too.
		test_expect_code 1 env LC_ALL=C git bench bisect --bench x >out.c 2>err.c &&
		! LC_ALL=C grep -q "[^ -~]" out.c err.c &&
		grep -q "^bisect: $(git rev-parse --short HEAD) is good: 345.00 us, +15.00% (UNCERTAIN)$" err.c &&
		test_fits folded &&
		unfold folded >out &&
		! grep -q "first bad commit" out &&
		grep -q "^x between $(git rev-parse --short HEAD~11) and $(git rev-parse --short HEAD): 300.00 µs and 345.00 µs (+15.00%, UNCERTAIN): no more than noise could make, and no step shows where; nothing to bisect$" out &&
		grep -q "^More runs of $(git rev-parse --short HEAD) settle it: check it out and run git bench run --repeat 3 --record, then bisect again.$" out &&
		grep -q "^The series of 12 measured commits shows no step" out &&
		test_expect_code 1 git bench bisect --bench x --format json >out.json 2>/dev/null &&
		python3 - out.json <<-\PY
		import json, sys
		d = json.load(open(sys.argv[1]))
		assert d["found"] is False and d["first_bad"] is None, d
		assert d["candidates"] == [] and d["bad"]["verdict"] == "UNCERTAIN", d
		PY
	)
'

# BAD measured four times and still UNCERTAIN: three runs more would not
# double what it has; the advice counts the runs already there.
test_expect_success 'the runs advised are more than BAD has' '
	(
		cd "$TRASH/noise" &&
		for v in 316 290 330; do
			echo "[{\"name\": \"x\", \"unit\": \"us\", \"value\": $v}]" >../x.json &&
			git bench record -q -f generic ../x.json || return 1
		done &&
		test_expect_code 1 git bench bisect --bench x >folded 2>/dev/null &&
		unfold folded >out &&
		grep -q "(+6.75%, UNCERTAIN): no more than noise could make" out &&
		grep -q "^More runs of $(git rev-parse --short HEAD) settle it: check it out and run git bench run --repeat 4 --record, then bisect again.$" out
	)
'

# Seven runs of a real Google Benchmark suite on a loaded machine (the
# demo's CPU times, in µs): four near 16, three near 150. Too few points
# for the series to show a step, and the median of all but GOOD fell
# between the levels, nearer BAD: the step was taken for GOOD off its
# level and nothing was bisected. Between the ends, three of five points
# are at GOOD's level: the step is hunted and named.
test_expect_success 'a step a short series cannot show is hunted' '
	series_of "$TRASH/short" 14.84 17.06 14.77 19.20 142.29 134.27 170.14 && (
		cd "$TRASH/short" &&
		git bench bisect --bench x "$(git rev-list --max-parents=0 HEAD)" HEAD \
			>folded 2>/dev/null &&
		unfold folded >out &&
		grep -q "^$(git rev-parse HEAD~2) is the first bad commit$" out
	)
'

# A steady series and its newest commit alone 12% high, on one run: a step
# at the very end, or one run that read high. Named, as bisect must, and
# said to rest on that one run, with how to tell which.
test_expect_success 'the newest commit alone off a steady series: named, with its one run said' '
	series_of "$TRASH/newest" 300 301 299 302 300 298 301 300 299 301 300 336 && (
		cd "$TRASH/newest" &&
		git bench bisect --bench x >folded 2>/dev/null &&
		test_fits folded &&
		unfold folded >out &&
		grep -q "^$(git rev-parse HEAD) is the first bad commit$" out &&
		grep -q "^This rests on one run of the newest commit, on a series that shows no step before it: check it out and run git bench run --repeat 3 --record to tell a step from a run that read off its level.$" out
	)
'

test_expect_success 'a benchmark name wider than the terminal is cut, not left past it' '
	git init -q -b main "$TRASH/longname" && (
		cd "$TRASH/longname" &&
		name=parser/very_long_benchmark_name_with_parameters/size=1048576/threads=16/mode=fast &&
		for v in 160 161 159 160 190 191 190 189; do
			git commit -q --allow-empty -m "c$v" &&
			echo "[{\"name\": \"$name\", \"unit\": \"ns\", \"value\": $v}]" >../ln.json &&
			git bench record -q -f generic ../ln.json || return 1
		done &&
		git bench bisect --bench parser >out 2>/dev/null &&
		grep -v "^Author: \|^    " out >body &&
		test_fits body &&
		grep -q "^parser/very_long.*…:$" body
	)
'

test_done
