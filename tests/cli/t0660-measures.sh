#!/bin/sh
# Several measures of one benchmark: Google Benchmark's real and CPU time
# and counters recorded as one benchmark each, shown together, compared
# and exported per measure; and records of schema 1 (tests/fixtures/
# records-v1, where those measures were results named "name [metric]")
# and of schema 2 (tests/fixtures/records-v2, a map a result where new
# records have columns) read, compared and checked next to new ones.
. "$(dirname "$0")/lib.sh"

GBENCH="$GB_FIXTURES/google-benchmark/baseline/repetitions.json"

test_setup 'a history recorded by schema 1, then a new run' '
	git init -q -b main repo && cd repo &&
	git fetch -q "$GB_FIXTURES/records-v1/repo.bundle" \
		refs/heads/main:refs/heads/v1 \
		refs/notes/benchmarks:refs/notes/benchmarks \
		refs/benchmark-history:refs/benchmark-history &&
	git reset -q --hard v1 && git config bench.machine fixture &&
	OLD=$(git rev-parse HEAD) &&
	git commit -q --allow-empty -m four &&
	git bench record -q "$GBENCH"
'

test_expect_success 'show: one benchmark with its measures, time first' '
	git bench show >out &&
	grep -q "^Benchmarks (8):$" out &&
	grep -A5 "^  • BM_VectorSort/512 - " out >one &&
	sed -n 2p one | grep -q "^      cpu_time: " &&
	grep -q "^      bytes_per_second: " one &&
	grep -q "^      items_per_second: " one &&
	grep -q "^      elements: 512" one &&
	git bench show --measure cpu_time --format json >json &&
	python3 -c "
import json
r = json.load(open(\"json\"))[\"runs\"][0][\"results\"]
assert len(r) == 8 and {x[\"measure\"] for x in r} == {\"cpu_time\"}, r
"
'

test_expect_success 'old records read as the same benchmarks in the same measures' '
	git bench show --format json $OLD >old.json &&
	git bench show --format json HEAD >new.json &&
	python3 -c "
import json
def keys(p):
    runs = json.load(open(p))[\"runs\"]
    g = [r for r in runs if r[\"format\"] == \"google-benchmark\"][0]
    return sorted((r[\"name\"], r[\"measure\"], r[\"unit\"]) for r in g[\"results\"])
old, new = keys(\"old.json\"), keys(\"new.json\")
assert old == new, (old, new)
assert (\"BM_StringCopy\", \"cpu_time\", \"ns\") in new
"
'

test_expect_success 'compare across the change: every measure matched, --measure one' '
	COLUMNS=120 git bench compare --bench BM_ $OLD HEAD >out &&
	! grep -q "NEW\|REMOVED" out &&
	grep -q "^⚪ BM_VectorSort/512 \[items_per_second\] " out &&
	git bench compare --measure cpu_time --format csv $OLD HEAD >out.csv &&
	python3 -c "
import csv
rows = list(csv.DictReader(open(\"out.csv\")))
assert len(rows) == 8, rows
assert all(r[\"benchmark\"].endswith(\" [cpu_time]\") or r.get(\"measure\") == \"cpu_time\" for r in rows), rows
" &&
	git bench compare --bench "BM_StringCopy [cpu_time]" $OLD HEAD >out &&
	test "$(grep -c "BM_StringCopy" out)" = 1
'

test_expect_success 'fsck accepts both schemas' '
	git bench fsck >out &&
	grep -q "no problems" out
'

test_expect_success 'export: a row per run, benchmark and measure' '
	git bench export --format json HEAD~1..HEAD >rows.json &&
	git bench show --format json HEAD >new.json &&
	python3 -c "
import json
rows = json.load(open(\"rows.json\"))
results = json.load(open(\"new.json\"))[\"runs\"][0][\"results\"]
assert len(rows) == len(results) > 8, (len(rows), len(results))
keys = {(r[\"run\"], r[\"benchmark\"], r[\"measure\"]) for r in rows}
assert len(keys) == len(rows)
cpu = [r for r in rows if r[\"benchmark\"] == \"BM_StringCopy\" and r[\"measure\"] == \"cpu_time\"]
assert len(cpu) == 1 and cpu[0][\"unit\"] == \"ns\", cpu
" &&
	git bench export --measure cpu_time HEAD~1..HEAD >cpu.csv &&
	test "$(tail -n +2 cpu.csv | wc -l)" = 8
'

test_expect_success 'log --measure: one series per benchmark in that measure' '
	COLUMNS=120 git bench log --measure cpu_time >out &&
	grep -q "^BM_StringCopy \[cpu_time\] " out &&
	! grep -q "items_per_second" out
'

test_expect_success 'run records what its command cost, shown by show and log' '
	git init -q -b main run && cd run &&
	git config bench.machine m &&
	git config bench.command "cp \"$GBENCH\" results.json" &&
	echo results.json >.gitignore && git add .gitignore &&
	git commit -q -m one && git bench run --record --results results.json >/dev/null 2>&1 &&
	git commit -q --allow-empty -m two &&
	git bench run --record --results results.json >/dev/null 2>&1 &&
	git bench show >out &&
	grep -q "^Command:  .* wall, .* user, .* system, .* peak memory$" out &&
	git bench show --format json >json &&
	python3 -c "
import json
u = json.load(open(\"json\"))[\"runs\"][0][\"usage\"]
assert u[\"wall\"] > 0 and u[\"maxrss\"] > 0 and u[\"user\"] >= 0, u
" &&
	COLUMNS=120 git bench log >out &&
	grep -q "^(command) \[peak-memory\] " out &&
	grep -q "^(command) \[user\] " out &&
	COLUMNS=120 git bench log --bench BM_StringCopy >out &&
	! grep -q "(command)" out
'

test_setup 'a history recorded by schema 2, then new runs' '
	cd "$TRASH" && git init -q -b main repo2 && cd repo2 &&
	git fetch -q "$GB_FIXTURES/records-v2/repo.bundle" \
		refs/heads/main:refs/heads/v2 \
		refs/notes/benchmarks:refs/notes/benchmarks \
		refs/benchmark-history:refs/benchmark-history &&
	git reset -q --hard v2 && git config bench.machine fixture &&
	V2=$(git rev-parse HEAD) &&
	git commit -q --allow-empty -m four &&
	git bench record -q "$CRITERION_BASE" &&
	git bench record -q "$GBENCH"
'

test_expect_success 'records of schema 2 and 3 read as the same results' '
	git notes --ref=benchmarks show $V2 >old.rec &&
	git notes --ref=benchmarks show HEAD >new.rec &&
	git bench show --format json $V2 >old.json &&
	git bench show --format json HEAD >new.json &&
	python3 -c "
import json
for p, v in ((\"old.rec\", 2), (\"new.rec\", 3)):
    data = open(p, \"rb\").read()
    assert data[1:8] == b\"\\xa6schema\" and data[8] == v, (p, data[:10])
def results(p, f):
    runs = json.load(open(p))[\"runs\"]
    g = [r for r in runs if r[\"format\"] == f][0]
    return [(r[\"name\"], r[\"measure\"], r[\"unit\"], r.get(\"mean\"))
            for r in g[\"results\"]]
for f in (\"google-benchmark\", \"criterion\"):
    old, new = results(\"old.json\", f), results(\"new.json\", f)
    assert old == new, (f, old, new)
"
'

test_expect_success 'compare, log and fsck across schemas 2 and 3' '
	COLUMNS=120 git bench compare --bench BM_ $V2 HEAD >out &&
	! grep -q "NEW\|REMOVED" out &&
	grep -q "^⚪ BM_VectorSort/512 \[items_per_second\] " out &&
	git bench log --bench sort/1000 --format csv >log.csv &&
	test "$(grep -c "^sort/1000,time," log.csv)" = 4 &&
	test "$(grep -c "^sort/1000,throughput," log.csv)" = 4 &&
	git bench fsck >out &&
	grep -q "no problems" out
'

test_done
