#!/bin/sh
# --format json of status, names and config, and record's --output-format
# json: documents a CI step parses (with jq) instead of scraping text.
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null; then
	say "# skipped: needs jq"
	exit 77
fi

test_setup 'a bare remote and a clone with one commit' '
	git init -q --bare remote.git &&
	git clone -q remote.git work 2>/dev/null && cd work &&
	echo one >file && git add file && git commit -q -m first &&
	git push -q origin HEAD
'

test_expect_success 'record --output-format json says what was recorded' '
	git bench record --output-format json -l v1 "$CRITERION_BASE" >out 2>err &&
	test_must_be_empty err &&
	jq -e . out >/dev/null &&
	test "$(jq -r .commit out)" = "$(git rev-parse HEAD)" &&
	test "$(jq -r .label out)" = v1 &&
	test "$(jq -r .format out)" = criterion &&
	test "$(jq -r .source out)" = "$CRITERION_BASE" &&
	test "$(jq .copy out)" = false &&
	test "$(jq -r .machine out)" = "$(git bench config bench.machine)" &&
	jq -r ".names[]" out | sort >names &&
	git bench names | sort >expect &&
	test_cmp expect names &&
	run=$(jq -r .run out) &&
	git bench show --format json >shown &&
	test "$(jq .results out)" = "$(jq ".runs[0].results | length" shown)" &&
	test "$(jq .results out)" = 10 &&
	test "$(jq -r ".runs[0].id" shown)" = "$run"
'

test_expect_success 'record --output-format json prints even with --quiet' '
	git bench record -q --output-format json "$CRITERION_BASE" >out 2>err &&
	grep -q "^warning: these results are those of a run already recorded" err &&
	test "$(jq .copy out)" = true &&
	test "$(jq -r .label out)" = null &&
	test "$(jq -r .commit out)" = "$(git rev-parse HEAD)"
'

test_expect_success 'record: an unknown output format is refused, nothing stored' '
	before=$(refs_state) &&
	test_expect_code 2 git bench record --output-format yaml \
		"$CRITERION_BASE" >out 2>err &&
	test_must_be_empty out &&
	grep -qx "error: unknown format .yaml. (text or json)" err &&
	test "$(refs_state)" = "$before"
'

test_expect_success 'names --format json: the commit asked, the measured one, the names' '
	commit_change second &&
	git bench names --format json >out &&
	test "$(jq -r .commit out)" = "$(git rev-parse HEAD)" &&
	test "$(jq -r .measured out)" = "$(git rev-parse HEAD~1)" &&
	test "$(jq .distance out)" = 1 &&
	jq -r ".names[]" out >got &&
	git bench names >expect &&
	test_cmp expect got
'

test_expect_success 'names --format json without results: nulls and exit 1' '
	git init -q ../empty && git -C ../empty commit -q --allow-empty -m e &&
	test_expect_code 1 git -C ../empty bench names --format json >out &&
	test "$(jq -r .measured out)" = null &&
	test "$(jq ".names | length" out)" = 0
'

test_expect_success 'status --format json before a fetch, then after push' '
	git bench status --format json >out &&
	test "$(jq -r .remote out)" = origin &&
	test "$(jq .fetched out)" = false &&
	test "$(jq .fetched_at out)" = null &&
	test "$(jq .local_runs out)" = 2 &&
	test "$(jq ".local_only | length" out)" = 2 &&
	test "$(jq -r ".local_only[0].commit" out)" = "$(git rev-parse HEAD~1)" &&
	git bench push >/dev/null 2>&1 &&
	git bench status --format json >out &&
	test "$(jq .fetched out)" = true &&
	test "$(jq .up_to_date out)" = true &&
	test "$(jq .remote_runs out)" = 2 &&
	test "$(jq ".local_only + .remote_only | length" out)" = 0 &&
	test "$(jq ".fetched_at > 0" out)" = true
'

test_expect_success 'status --format json lists the runs only on the remote' '
	git clone -q ../remote.git ../other 2>/dev/null &&
	(cd ../other && git bench pull >/dev/null 2>&1 &&
	 git bench record -q "$CRITERION_SLOW" && git bench push >/dev/null 2>&1) &&
	git bench status --fetch --format json >out &&
	test "$(jq .up_to_date out)" = false &&
	test "$(jq ".remote_only | length" out)" = 1 &&
	test "$(jq -r ".remote_only[0].commit" out)" = "$(git rev-parse HEAD~1)"
'

test_expect_success 'config --format json: every row with its origin' '
	git -c bench.estimator=median bench config --format json >out &&
	test "$(jq -r ".settings[] | select(.key == \"bench.estimator\") |
		.value + \" \" + .origin" out)" = "median command line" &&
	test "$(jq -r ".settings[] | select(.key == \"bench.baseline\") |
		.value" out)" = null &&
	test "$(jq ".settings | length" out)" = "$(git bench config | wc -l)"
'

test_expect_success 'config --format json <key>: one object, exit 1 when unset' '
	git bench config --format json bench.maxRegression >out &&
	test "$(jq -r ".key + \"=\" + .value + \" \" + .origin" out)" = \
		"bench.maxRegression=10 default" &&
	test_expect_code 1 git bench config --format json bench.baseline >out &&
	test "$(jq -r ".value, .origin" out | tr "\n" " ")" = "null unset "
'

test_expect_success 'an unknown --format is a usage error' '
	for cmd in status names config; do
		test_expect_code 2 git bench $cmd --format csv >out 2>err &&
		test_must_be_empty out &&
		grep -qx "error: unknown format .csv. (text or json)" err || return 1
	done
'

test_done
