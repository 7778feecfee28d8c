#!/bin/sh
# compare with several revisions: one table of baselines whose values and
# verdicts are those of the pairwise compares, in every format.
. "$(dirname "$0")/lib.sh"

# Real Criterion.rs output on four commits of main: c1 (v1.0, baseline),
# c2 (v1.1, sum_of_squares 30% slower), c3 (v1.2, no results: v1.1's
# stand in), c4 (the baseline again), c5 (HEAD, slow again).
test_setup 'four measured commits and a tag without results' '
	git init -q -b main repo && cd repo &&
	echo target >.gitignore && git add .gitignore &&
	git commit -q -m c1 && git tag v1.0 &&
	git bench record -q "$CRITERION_BASE" &&
	commit_change c2 && git tag v1.1 && git bench record -q "$CRITERION_SLOW" &&
	commit_change c3 && git tag v1.2 &&
	commit_change c4 && git bench record -q "$CRITERION_BASE" &&
	commit_change c5 && git bench record -q "$CRITERION_SLOW"
'

# pairwise OUT REV...: the JSON of `compare BASE CURRENT` for each
# baseline, in OUT.BASE (the current: the last revision).
pairwise () {
	pw_out=$1 && shift &&
	for pw_cur; do :; done &&
	for pw_rev; do
		[ "$pw_rev" = "$pw_cur" ] && continue
		git bench compare --format json "$pw_rev" "$pw_cur" \
			>"$pw_out.$pw_rev" || return 1
	done
}

# same_as_pairwise MULTI PAIRWISE CURRENT: every benchmark of each
# pairwise compare has, in the table, the same baseline and current values,
# the same verdict and change; and the table has no benchmark they lack.
same_as_pairwise () {
	python3 - "$@" <<-\PY
	import glob, json, sys
	multi = json.load(open(sys.argv[1]))
	revs = [r["revision"] for r in multi["revisions"]]
	cur = [r["revision"] for r in multi["revisions"] if r["current"]]
	assert cur == [sys.argv[3]], cur
	table = {(b["name"], b["measure"]): {c["revision"]: c for c in b["revisions"]}
	         for b in multi["benchmarks"]}
	seen = set()
	for rev in revs:
	    if rev == cur[0]:
	        continue
	    pair = json.load(open(sys.argv[2] + "." + rev))
	    by = [r for r in multi["revisions"] if r["revision"] == rev][0]
	    assert by["commit"] == pair["baseline"]["commit"], (rev, by)
	    assert by["distance"] == pair["baseline"]["distance"], rev
	    assert by["failures"] == pair["summary"]["failures"], rev
	    for b in pair["benchmarks"]:
	        row = table[(b["name"], b["measure"])]
	        seen.add((b["name"], b["measure"]))
	        assert row[rev]["value"] == b["baseline"], (rev, b["name"])
	        assert row[cur[0]]["value"] == b["current"], (rev, b["name"])
	        assert row[rev]["verdict"] == b["verdict"], (rev, b["name"])
	        assert row[rev]["current_change_percent"] == b["change_percent"]
	        assert row[rev]["failed"] == b["failed"], (rev, b["name"])
	    assert len(pair["benchmarks"]) > 0
	assert seen == set(table), set(table) - seen
	PY
}

test_expect_success 'values and verdicts are those of the pairwise compares' '
	git bench compare --format json v1.0 v1.1 v1.2 HEAD~1 HEAD >multi.json &&
	pairwise pair v1.0 v1.1 v1.2 HEAD~1 HEAD &&
	same_as_pairwise multi.json pair HEAD &&
	grep -q "\"verdict\":	\"REGRESSION\"" pair.v1.0 &&
	grep -q "\"verdict\":	\"REGRESSION\"" multi.json
'

test_expect_success 'a tag without results: its nearest measured ancestor' '
	python3 - multi.json "$(git rev-parse v1.1)" "$(git rev-parse v1.2)" <<-\PY
	import json, sys
	revs = {r["revision"]: r for r in json.load(open(sys.argv[1]))["revisions"]}
	assert revs["v1.2"]["commit"] == sys.argv[2], revs["v1.2"]
	assert revs["v1.2"]["requested"] == sys.argv[3], revs["v1.2"]
	assert revs["v1.2"]["distance"] == 1, revs["v1.2"]
	PY
'

test_expect_success '--current: another revision judged against the rest' '
	git bench compare --format json --current v1.1 v1.0 v1.1 HEAD~1 \
		>multi.json &&
	git bench compare --format json v1.0 v1.1 >cur.v1.0 &&
	git bench compare --format json HEAD~1 v1.1 >cur.HEAD~1 &&
	same_as_pairwise multi.json cur v1.1
'

test_expect_success 'changes against the first revision, or the one before' '
	git bench compare --format csv v1.0 v1.1 HEAD~1 HEAD >first.csv &&
	git bench compare --format csv --stepwise v1.0 v1.1 HEAD~1 HEAD \
		>step.csv &&
	python3 - first.csv step.csv <<-\PY
	import csv, sys
	def rows(path):
	    return [r for r in csv.DictReader(open(path, newline=""))
	            if r["benchmark"] == "sum_of_squares"]
	first, step = rows(sys.argv[1]), rows(sys.argv[2])
	assert [r["revision"] for r in first] == ["v1.0", "v1.1", "HEAD~1", "HEAD"]
	v = [float(r["value"]) for r in first]
	assert first[0]["change_percent"] == "" == step[0]["change_percent"]
	for i in 1, 2, 3:
	    assert abs(float(first[i]["change_percent"]) - 100 * (v[i] - v[0]) / v[0]) < 1e-9
	    assert abs(float(step[i]["change_percent"]) - 100 * (v[i] - v[i - 1]) / v[i - 1]) < 1e-9
	assert float(step[2]["change_percent"]) < -20 < 20 < float(step[3]["change_percent"])
	assert [r["current"] for r in first] == ["false", "false", "false", "true"]
	assert [r["verdict"] for r in first] == ["REGRESSION", "STABLE", "REGRESSION", ""]
	assert [r["failed"] for r in first] == ["true", "false", "true", ""]
	PY
'

test_expect_success 'CSV: one row per benchmark, measure and revision' '
	git bench compare --format csv v1.0 v1.1 v1.2 HEAD >multi.csv &&
	git bench compare --format json v1.0 HEAD >pair.json &&
	python3 - multi.csv pair.json <<-\PY
	import csv, json, sys
	rows = list(csv.DictReader(open(sys.argv[1], newline="")))
	pair = json.load(open(sys.argv[2]))["benchmarks"]
	assert len(rows) == 4 * len(pair), (len(rows), len(pair))
	keys = {(r["benchmark"], r["measure"], r["revision"]) for r in rows}
	assert len(keys) == len(rows)
	assert {(b["name"], b["measure"]) for b in pair} == \
	       {(r["benchmark"], r["measure"]) for r in rows}
	PY
'

test_expect_success 'the text table: four revisions within 80 columns' '
	git bench compare v1.0 v1.1 v1.2 HEAD >out &&
	test_fits out &&
	grep -q "^Baseline: $(git rev-parse --short v1.1) (v1.2~1, 1 commit back) · 1 run$" out &&
	grep -q "^Current:  $(git rev-parse --short HEAD) (HEAD) · 1 run$" out &&
	grep -q "^ *v1\.0 *v1\.1 *v1\.2 *HEAD$" out &&
	grep -A3 "^sum_of_squares$" out >row &&
	grep -q "^  change  *+31\.36%  *+31\.36%  *+31\.36%$" row &&
	grep -q "^  verdict  *REGRESSION  *STABLE  *STABLE$" row &&
	grep -q "^Against v1\.0: 1 regression, 9 stable; 1 fails the check\.$" out &&
	test $(grep -c "^  verdict " out) = 10
'

test_expect_success 'more revisions than fit: a second block, still 80 columns' '
	git bench compare v1.0 v1.1 v1.2 HEAD~1 HEAD~1 HEAD >out &&
	test_fits out &&
	test $(grep -c "^  verdict " out) = 20 &&
	COLUMNS=120 git bench compare v1.0 v1.1 v1.2 HEAD~1 HEAD~1 HEAD >out &&
	test_fits out 120 &&
	test $(grep -c "^  verdict " out) = 10
'

test_expect_success 'markdown: a column per revision, the verdicts in it' '
	git bench compare --format markdown v1.0 v1.1 HEAD >out &&
	grep -q "^| Benchmark | v1.0 | v1.1 | HEAD |$" out &&
	grep -q "^| sum\\\\_of\\\\_squares | 1.54 ms<br>.* \*\*REGRESSION\*\* | 2.02 ms (+31.36%)<br>.* STABLE | 2.02 ms (+31.36%) |$" out
'

test_expect_success 'exit codes: --fail-on-regression against any baseline' '
	git bench compare v1.0 v1.1 HEAD >/dev/null &&
	test_expect_code 1 git bench compare --fail-on-regression \
		v1.0 v1.1 HEAD >/dev/null &&
	git bench compare --fail-on-regression v1.1 v1.2 HEAD >/dev/null
'

test_expect_success 'two revisions with no new option: the pairwise table' '
	git bench compare v1.0 HEAD >out &&
	grep -q "^Baseline: $(git rev-parse --short v1.0) (v1.0) · 1 run$" out &&
	grep -q "sum_of_squares .* +31.36%  REGRESSION$" out
'

test_expect_success 'bad input: one line, exit 2, nothing written' '
	refs_state >before &&
	test_expect_code 2 git bench compare v1.0 nope HEAD >out 2>err &&
	test_must_be_empty out && test_one_line err &&
	grep -q "^error: unknown revision .nope.$" err &&
	test_expect_code 2 git bench compare --current v9 v1.0 HEAD >out 2>err &&
	test_must_be_empty out && test_one_line err &&
	grep -q "^error: --current .v9. is not one of the revisions compared$" err &&
	test_expect_code 2 git bench compare --current nope v1.0 nope 2>err &&
	test_one_line err &&
	grep -q "^error: unknown revision .nope.$" err &&
	test_expect_code 2 git bench compare --stepwise HEAD 2>err &&
	test_one_line err &&
	test_expect_code 2 git bench compare --working --stepwise 2>err &&
	grep -q "^error: --current and --stepwise name revisions" err &&
	test_expect_code 2 git bench compare --format yaml v1.0 v1.1 HEAD 2>err &&
	test_one_line err &&
	refs_state >after && test_cmp before after
'

test_expect_success 'a revision without results among several: exit 2' '
	git checkout -q --orphan other && git commit -q -m orphan &&
	test_expect_code 2 git bench compare v1.0 HEAD main 2>err &&
	test_one_line err && git checkout -q main
'

test_done
