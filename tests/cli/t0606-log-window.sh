#!/bin/sh
# log --window: a rolling mean or median beside each measured commit's
# value, over a time window by commit date or over the last N measured
# commits; change points still come from the commits' own values. Ten
# commits one day apart, x = 101 .. 109, then 200 on the tenth.
. "$(dirname "$0")/lib.sh"

test_setup 'ten measured commits, a day apart' '
	git init -q -b main repo && cd repo &&
	for i in 1 2 3 4 5 6 7 8 9 10; do
		v=$((100 + i)) && [ $i -lt 10 ] || v=200
		day=$(printf "2026-11-%02dT12:00:00Z" $i)
		echo $i >f && git add f &&
		GIT_COMMITTER_DATE=$day GIT_AUTHOR_DATE=$day \
			git commit -q -m "c$i" && git tag c$i &&
		one_result ../r$i.json $v &&
		git bench record -q -f generic ../r$i.json || return 1
	done
'

# rolling_of FILE: "value rolling" of each point of log's JSON.
rolling_of () {
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
for p in d['benchmarks'][0]['points']:
    print('%g %g' % (p['value'], p['rolling']))" "$1"
}

test_expect_success 'a time window: the commits of the last three days' '
	git bench log --window 3d --format json >out.json &&
	rolling_of out.json >got &&
	# Day i takes the commits after day i-3: i-2, i-1, i.
	printf "%s\n" "101 101" "102 101.5" "103 102" "104 103" "105 104" \
		"106 105" "107 106" "108 107" "109 108" "200 139" >expect &&
	test_cmp expect got &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert d[\"rolling\"] == {\"seconds\": 259200, \"commits\": None, \"estimator\": \"mean\"}, d[\"rolling\"]"
'

test_expect_success 'the median over the last two commits, and a week' '
	git bench log --window 2 --estimator median --format json >out.json &&
	rolling_of out.json | tail -n 2 >got &&
	printf "%s\n" "109 108.5" "200 154.5" >expect &&
	test_cmp expect got &&
	git bench log --window 1w --estimator median --format json >out.json &&
	rolling_of out.json | tail -n 1 >got &&
	echo "200 107" >expect &&
	test_cmp expect got
'

test_expect_success 'the table: a column beside Latest, said under it' '
	git bench log --window 3d >out &&
	grep -q "^Benchmark  *Trend  *Latest  *3d mean  *Change$" out &&
	grep -q "^x  .*  200.00 ns  *139.00 ns  *+98.02%$" out &&
	grep -q "^3d mean: over the measured commits of the 3 days up to the latest,$" out &&
	test_fits out &&
	git bench log --window 4 --format markdown >out.md &&
	grep -q "^| Benchmark | Trend | Latest | 4-commit mean | Change | Change points |$" out.md &&
	grep -q "^| x | .* | 200.00 ns | 131.00 ns | +98.02% | " out.md
'

test_expect_success 'change points and the rest are the same with and without' '
	git bench log --format json >plain.json &&
	git bench log --window 3d --format json >rolled.json &&
	python3 -c "
import json
a, b = json.load(open(\"plain.json\")), json.load(open(\"rolled.json\"))
assert a[\"rolling\"] is None
for p in b[\"benchmarks\"][0][\"points\"]:
    del p[\"rolling\"]
del a[\"rolling\"], b[\"rolling\"]
assert a == b" &&
	git bench log --format csv >plain.csv &&
	! grep -q rolling plain.csv &&
	git bench log --window 3d --format csv >rolled.csv &&
	head -n1 rolled.csv | grep -q ",change_point_verdict,rolling$" &&
	tail -n1 rolled.csv | grep -q ",200,1,,,,139$"
'

test_expect_success 'a window that is not one: a one-line error, exit 2' '
	for w in 0 7x -3 d 99999999d; do
		test_expect_code 2 git bench log --window "$w" 2>err &&
		test_one_line err &&
		grep -q "^error: --window: .$w. is not a window (7d, 30d, 2w, 12h, or a number of commits)$" err ||
		return 1
	done &&
	test_expect_code 2 git bench log --commits --window 3 2>err &&
	grep -q "no --window" err
'

test_done
