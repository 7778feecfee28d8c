#!/bin/sh
# Where a step begins, when one run a commit cannot say. 40 commits of one
# benchmark, x, one run each, 12% slower from c21; c21 and c22 read
# between the two levels. At about 3% of noise a run no split of c20..c23
# is much likelier than another: log said "step at c23" and bisect "c23 is
# the first bad commit". Both now give the range and why, the report's
# data too; at 0.3% of noise a clean step is placed at c21 and named.
. "$(dirname "$0")/lib.sh"

# series DIR SPREAD [MID]: the repository, c1..c40, x at 1000 ns then
# 1120 ns from c21 (with MID, c21 1060 and c22 1050), each off by SPREAD x
# sin(2.3 i).
series () {
	new_repo "$1" && (
		cd "$1" && i=1 &&
		while [ $i -le 40 ]; do
			v=$(python3 -c "import math, sys
i, s, mid = int(sys.argv[1]), float(sys.argv[2]), len(sys.argv) > 3
level = 1120 if i >= 21 else 1000
if mid:
    level = {21: 1060, 22: 1050}.get(i, level)
print(round(level * (1 + s * math.sin(2.3 * i)), 2))" $i "$2" ${3:+"$3"}) &&
			commit_change "c$i" && git tag "c$i" &&
			one_result "$TRASH/x.json" "$v" &&
			git bench record -q "$TRASH/x.json" || exit 1
			i=$((i + 1))
		done
	)
}

# short REV: the abbreviated id, as the output prints it.
short () {
	git rev-parse --short "$1"
}

test_expect_success 'noisy: log gives the range the step may be in, and why' '
	series noisy 0.04 mid && cd noisy &&
	git bench log >out &&
	cat out &&
	test_fits out &&
	grep "^  step in [0-9a-f]*\.\.[0-9a-f]* ([0-9] commits, noise cannot place it)" out >line &&
	sed "s/^  step in \([0-9a-f]*\)\.\.\([0-9a-f]*\) .*/\1 \2/" line >ends &&
	read from through <ends &&
	# c21 is in the range: after from, up to through.
	test "$(git rev-list --count "$from..c21")" -ge 1 &&
	test "$(git rev-list --count "c21..$through")" -ge 0 &&
	git merge-base --is-ancestor c21 "$through" &&
	! git merge-base --is-ancestor c21 "$from" &&
	tr "\n" " " <out >flat &&
	grep "A step the noise cannot place: in B or a commit since A; more runs of them (git bench run --repeat 3 --record at each) place it." flat &&
	git bench log --format json >log.json &&
	python3 - log.json "$(git rev-parse c21)" <<-\PY
	import json, subprocess, sys
	d, c21 = json.load(open(sys.argv[1])), sys.argv[2]
	cp, = d["benchmarks"][0]["change_points"]
	assert cp["placed"] is False, cp
	assert cp["unmeasured"] == 0, cp
	ids = subprocess.run(["git", "rev-list", cp["after"] + ".." + cp["through"]],
	                     capture_output=True, text=True, check=True).stdout.split()
	assert c21 in ids and len(ids) == cp["commits"] >= 2, (cp, ids)
	assert cp["verdict"] == "REGRESSION", cp
	PY
'

test_expect_success 'noisy: bisect lists the commits it may begin at, not one' '
	cd noisy &&
	test_expect_code 1 git bench bisect --bench x c1 HEAD >out &&
	cat out &&
	test_fits out &&
	! grep "is the first bad commit" out &&
	grep "^x: 1\.0[0-9]* .s .* (+[0-9.]*%, REGRESSION) in [0-9a-f]*\.\.[0-9a-f]*$" out &&
	grep "^The noise (.[0-9.]*% a run) cannot place it: [0-9] measured commits below" out &&
	grep "^The first bad commit is one of:$" out &&
	grep "^$(short c21) measured c21$" out &&
	! grep "(--run measures" out &&
	git bench bisect --bench x --format json c1 HEAD >bisect.json; test $? = 1 &&
	python3 - bisect.json <<-\PY
	import json, sys
	st, = json.load(open(sys.argv[1]))["steps"]
	assert st["placed"] is False and st["found"] is False, st
	PY
'

test_expect_success 'noisy: the report gives the range' '
	cd noisy &&
	git bench report -o report.html &&
	report_data report.html >data.json &&
	python3 - data.json "$(git rev-parse c21)" <<-\PY
	import json, sys
	d, c21 = json.load(open(sys.argv[1])), sys.argv[2]
	ids = d["commits"]["id"]
	b, = d["machines"][0]["benchmarks"]
	cp, = b["cp"]
	# [pos, change, p, verdict, unmeasured, after, through, commits, placed]
	assert cp[3] == "REGRESSION" and cp[8] is False, cp
	assert cp[5] < ids.index(c21) <= cp[6] and cp[7] == cp[6] - cp[5], (cp, ids.index(c21))
	PY
'

if with_chromium; then
	test_expect_success 'noisy: in Chromium, the step listed as its range' '
		cd noisy &&
		browse --dump-dom "file://$PWD/report.html" >dom.html 2>browser.err &&
		no_console_messages browser.err &&
		grep "Step in [0-9a-f]*\.\.[0-9a-f]* +[0-9.]*%, REGRESSION ([0-9] commits, the noise cannot place it)" dom.html
	'
fi

# bench.sh: what the code of the commit checked out measures, steady: x
# at 1000 ns before c21, 1120 ns from it (each measurement a little
# apart, as real ones are), as generic results in x.json.
cat >bench.sh <<EOF
n=\$(git log -1 --format=%s | sed "s/^c//")
k=\$(cat "$TRASH/.measured" 2>/dev/null | wc -l)
v=1000
[ "\$n" -ge 21 ] && v=1120
printf '[{"name": "x", "unit": "ns", "value": %s.%02d%02d}]\\n' "\$v" "\$n" "\$k" >x.json
echo "measured c\$n" >>"$TRASH/.measured"
EOF

test_expect_success 'noisy: bisect --run measures the candidates again and names c21' '
	cp -r noisy rerun && cd rerun &&
	git config bench.command "sh $TRASH/bench.sh" &&
	git config bench.format generic && git config bench.results x.json &&
	git bench bisect --bench x --run c1 HEAD >out 2>err &&
	cat out &&
	grep "^$(git rev-parse c21) is the first bad commit$" out &&
	! grep "cannot place" out &&
	# Only the candidates were measured, c21 among them.
	grep -c . "$TRASH/.measured" >n && test "$(cat n)" -le 8 &&
	grep "^measured c21$" "$TRASH/.measured" &&
	! grep "^measured c\\(1\\|2\\|3\\|4\\|5\\|10\\|30\\|40\\)$" "$TRASH/.measured" &&
	git bench show --format json c21 >runs.json &&
	python3 -c "import json; assert len(json.load(open(\"runs.json\"))[\"runs\"]) >= 2" &&
	test -z "$(git worktree list | sed 1d)"
'

test_expect_success 'quiet: a clean step is placed at c21 and named' '
	series quiet 0.003 && cd quiet &&
	git bench log >out &&
	grep "^  step at $(short c21) " out &&
	! grep "cannot place" out &&
	git bench bisect --bench x c1 HEAD >out &&
	grep "^$(git rev-parse c21) is the first bad commit$" out &&
	git bench log --format json >log.json &&
	python3 - log.json <<-\PY
	import json, sys
	cp, = json.load(open(sys.argv[1]))["benchmarks"][0]["change_points"]
	assert cp["placed"] is True and cp["commits"] == 1, cp
	PY
'

test_done
