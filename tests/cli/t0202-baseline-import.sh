#!/bin/sh
# Importing the baseline.json a project already has: its version becomes
# the label, its timestamp the time, and the commit is the one named.
. "$(dirname "$0")/lib.sh"

BASELINE="$GB_FIXTURES/baseline-json/baseline.json"

test_setup 'a repository with three commits' '
	new_repo repo && cd repo && commit_change second && commit_change third
'

test_expect_success 'record --format baseline-json --commit imports it' '
	rev=$(git rev-parse HEAD~1) &&
	git bench record --format baseline-json "$BASELINE" --commit "$rev" >out &&
	grep -q "^Read 6 results from .*baseline.json (baseline-json)$" out &&
	grep -q "^Recorded run 20241101T200000\.[0-9]*Z-[0-9a-f]* for $(git rev-parse --short HEAD~1) on .* (label v0.1.0)$" out &&
	git notes --ref=benchmarks list "$rev" >/dev/null
'

test_expect_success 'show gives the label, the baseline time and the values' '
	git bench show HEAD~1 >out &&
	grep -q "^Label:    v0.1.0$" out &&
	grep -q "^Date:     .* (2024-11-01 20:00:00 +0000)$" out &&
	grep -q "^Run:      .* (baseline-json)$" out &&
	grep -q "^Benchmarks (6):$" out &&
	git bench show --format json HEAD~1 >show.json &&
	python3 "$GB_SOURCE_DIR/tests/cli/expected_results.py" baseline-json \
		"$BASELINE" show.json &&
	python3 - "$BASELINE" show.json <<-\PY
	import json, sys
	base, run = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))["runs"][0]
	assert run["label"] == base["version"], run["label"]
	PY
'

test_expect_success 'the log shows the imported baseline on its commit' '
	git bench log --commits >out &&
	grep -q "^$(git rev-parse --short HEAD~1) .*(v0.1.0) second$" out
'

test_expect_success '--label overrides the file'"'"'s version' '
	git bench record -q --format baseline-json --label imported "$BASELINE" --commit HEAD~2 &&
	git bench show HEAD~2 | grep -q "^Label:    imported$"
'

test_expect_success 'auto-detection takes it too, from standard input' '
	git bench record --commit HEAD - <"$BASELINE" >out &&
	grep -q "^Read 6 results from standard input (baseline-json)$" out &&
	grep -q "(label v0.1.0)$" out
'

test_expect_success 'baseline --version is the label, over the file'"'"'s' '
	git bench baseline --version v0.2.0 --commit HEAD~2 "$BASELINE" >out &&
	grep -q "(label v0.2.0)$" out
'

test_done
