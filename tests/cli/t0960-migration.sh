#!/bin/sh
# docs/migration.md, run as written: importing a branch of JSON result files
# and a baseline.json file.
. "$(dirname "$0")/lib.sh"

GUIDE="$GB_SOURCE_DIR/docs/migration.md"

# The shell block that follows the marker comment $1 in the guide.
block () {
	awk -v mark="<!-- $1 -->" '
		$0 == mark { found = 1; next }
		found && /^```sh$/ { inside = 1; next }
		inside && /^```$/ { exit }
		inside { print }
	' "$GUIDE"
}

test_setup 'a project whose CI pushed result files to a branch' '
	git init -q --bare origin.git &&
	git clone -q origin.git work 2>/dev/null && cd work &&
	git commit -q --allow-empty -m one && one=$(git rev-parse HEAD) &&
	git commit -q --allow-empty -m two && two=$(git rev-parse HEAD) &&
	git push -q origin HEAD && branch=$(git symbolic-ref --short HEAD) &&
	git checkout -q --orphan benchmark-history &&
	{ git rm -rfq . 2>/dev/null || true; } &&
	mkdir -p results &&
	cp "$GB_FIXTURES/google-benchmark/baseline/out.json" results/$one.json &&
	cp "$GB_FIXTURES/pytest-benchmark/baseline/benchmark.json" results/$two.json &&
	cp "$GB_FIXTURES/hyperfine/baseline/commands.json" \
		results/0000000000000000000000000000000000000bad.json &&
	git add results && git commit -q -m results &&
	git push -q origin benchmark-history &&
	git checkout -q "$branch" && git branch -q -D benchmark-history
'

test_expect_success 'the guide has the import loop' '
	block import-branch | grep -q "git bench record"
'

test_expect_success 'importing the branch attaches each file to its commit' '
	block import-branch >import.sh &&
	sh -e import.sh >out 2>err &&
	grep -q "^skipped results/0*bad.json: no commit" err &&
	git bench show --format json $one | python3 -c "import json,sys; r=json.load(sys.stdin)[\"runs\"]; assert len(r) == 1 and r[0][\"format\"] == \"google-benchmark\"" &&
	git bench show --format json $two | python3 -c "import json,sys; r=json.load(sys.stdin)[\"runs\"]; assert len(r) == 1 and r[0][\"format\"] == \"pytest-benchmark\"" &&
	test $(grep -c " benchmarks  " out) = 2
'

test_expect_success 'a baseline.json imports onto its commit with its version' '
	python3 - "$GB_FIXTURES/baseline-json/baseline.json" "$one" >baseline.json <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	d["git_commit"] = sys.argv[2]
	print(json.dumps(d))
	PY
	commit=$(python3 -c "import json; print(json.load(open(\"baseline.json\"))[\"git_commit\"])") &&
	git bench record -q --format baseline-json --commit "$commit" baseline.json &&
	git bench show "$commit" >show &&
	grep -q "^Label:    v0.1.0$" show
'

test_done
