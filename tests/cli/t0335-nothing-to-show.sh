#!/bin/sh
# Nothing to show, or a name that matches nothing: the same exit status
# whatever --format is asked for, the error on one line of standard error
# and nothing on standard output; what is shown when nothing is asked
# for (log -n 0) is a valid document in JSON and CSV.
. "$(dirname "$0")/lib.sh"

FORMATS="text markdown json csv"

# results FILE N: benchmarks x and y, their values stepping at N=5.
results () {
	v=$((100 + $2)); [ "$2" -gt 4 ] && v=$((200 + $2))
	printf '[{"name": "x", "unit": "ns", "value": %s},' $v >"$1"
	printf '{"name": "y", "unit": "ns", "value": %s}]\n' $((500 + $2)) >>"$1"
}

test_setup 'six measured commits; an empty repository beside them' '
	new_repo repo && cd repo && git config bench.machine here &&
	for i in 1 2 3 4 5 6; do
		commit_change "c$i" && results r.json $i &&
		git bench record -q r.json || return 1
	done &&
	git init -q ../empty && git -C ../empty commit -q --allow-empty -m one &&
	refs_state >../refs.before
'

# fails_alike CODE MESSAGE-REGEX COMMAND...: in every format, exit CODE,
# nothing on standard output, one line on standard error matching.
fails_alike () {
	fa_code=$1 fa_re=$2
	shift 2
	for f in $FORMATS; do
		test_expect_code "$fa_code" "$@" --format $f >out 2>err &&
		test_must_be_empty out && test_one_line err &&
		grep -q "$fa_re" err || { echo "format $f"; cat err; return 1; }
	done
}

test_expect_success 'log with nothing recorded: exit 2 in every format' '
	(cd ../empty &&
	 fails_alike 2 "^error: no results on machine .* in this range$" \
		git bench log) &&
	fails_alike 2 "^error: no results on machine nosuch in this range; results there are of here (--machine or --any-machine)$" \
		git bench log --machine nosuch &&
	fails_alike 2 "^error: no results on machine .* in this range$" \
		git bench log HEAD~6 &&
	refs_state >../refs.after && test_cmp ../refs.before ../refs.after
'

test_expect_success 'log -n 0: no text, an empty JSON document, a CSV header' '
	for f in text markdown; do
		git bench log -n 0 --format $f >out 2>err &&
		test_must_be_empty out && test_must_be_empty err || return 1
	done &&
	git bench log -n 0 --format json >out.json 2>err &&
	test_must_be_empty err &&
	python3 - <<-\PY &&
	import json
	doc = json.load(open("out.json"))
	assert doc["commits"] == [] and doc["benchmarks"] == [], doc
	PY
	git bench log --format csv >all.csv &&
	git bench log -n 0 --format csv >out.csv 2>err &&
	test_must_be_empty err &&
	head -n 1 all.csv >expect && test_cmp expect out.csv &&
	git bench log -n 0 --window 3 --format csv >out.csv &&
	test_one_line out.csv && grep -q ",rolling$" out.csv &&
	# Still checked, as git log -n 0 checks its revision.
	fails_alike 2 "^error: no benchmark matches .z.; did you mean x or y?$" \
		git bench log -n 0 --bench z &&
	fails_alike 2 "unknown revision" git bench log -n 0 nosuchrev
'

test_expect_success 'export: a machine or a measure that matches nothing' '
	FORMATS="csv json openmetrics" &&
	fails_alike 2 "^error: unknown machine .nosuch.; did you mean here?$" \
		git bench export --machine nosuch &&
	fails_alike 2 "^error: unknown machine .hree.; did you mean here?$" \
		git bench export --machine hree HEAD~2..HEAD &&
	fails_alike 2 "^error: no results in measure .tme.; did you mean time?$" \
		git bench export --measure tme &&
	# An empty range, or nothing recorded, is no typo: an empty answer.
	git bench export --machine here HEAD..HEAD >out &&
	test_one_line out &&
	git bench export --measure time --format json HEAD..HEAD >out &&
	echo "[]" >expect && test_cmp expect out &&
	git -C ../empty bench export --machine here >out &&
	test_one_line out &&
	git bench export --machine here --measure time >out &&
	test $(wc -l <out) = 13 &&
	refs_state >../refs.after && test_cmp ../refs.before ../refs.after
'

test_expect_success 'bisect: a measure that matches nothing is said so' '
	FORMATS="text json" &&
	fails_alike 2 "^error: no results in measure .tme.; did you mean time?$" \
		git bench bisect --bench x --measure tme &&
	fails_alike 2 "^error: no results in measure .tme.; did you mean time?$" \
		git bench bisect --bench "x [tme]" &&
	fails_alike 2 "^error: no benchmark matches .z.; did you mean x or y?$" \
		git bench bisect --bench z --measure time &&
	git bench bisect --bench x --measure time >out 2>/dev/null &&
	grep -q "is the first bad commit$" out &&
	refs_state >../refs.after && test_cmp ../refs.before ../refs.after
'

test_expect_success 'bisect-check: the same, exit 128 as git bisect run takes it' '
	test_expect_code 128 git bench bisect-check --bench x --good HEAD~5 \
		--measure tme >out 2>err &&
	test_must_be_empty out && test_one_line err &&
	grep -q "^error: at the good commit: no results in measure .tme.; did you mean time?$" err &&
	test_expect_code 128 git bench bisect-check --bench "x [tme]" \
		--good HEAD~5 2>err &&
	grep -q "no results in measure .tme.; did you mean time?$" err
'

test_expect_success 'report: a measure or a pattern that matches nothing' '
	test_expect_code 2 git bench report --measure tme -o r.html >out 2>err &&
	test_must_be_empty out && test_one_line err &&
	grep -q "^error: no results in measure .tme.; did you mean time?$" err &&
	! test -e r.html &&
	test_expect_code 2 git bench report --bench "x [tme]" -o r.html 2>err &&
	grep -q "^error: no results in measure .tme.; did you mean time?$" err &&
	test_expect_code 2 git bench report --bench z -o - >out 2>err &&
	test_must_be_empty out && test_one_line err &&
	grep -q "^error: no benchmark matches .z.; did you mean x or y?$" err &&
	! test -e r.html &&
	git bench report -q --bench "x [time]" -o r.html && test -s r.html &&
	rm r.html &&
	refs_state >../refs.after && test_cmp ../refs.before ../refs.after
'

test_done
