#!/bin/sh
# Metrics for observability platforms: `export --format openmetrics` read
# by Prometheus's own checker and by a strict OpenMetrics parser, with
# real harness outputs and hostile names; `export --push-gateway` to a
# real Pushgateway started here, which serves back what was pushed, each
# machine's push replacing its own group and no other. Needs promtool
# (Debian's prometheus), prometheus-pushgateway, curl and Python's
# prometheus_client (python3-prometheus-client).
. "$(dirname "$0")/lib.sh"

# A Python that has prometheus_client's OpenMetrics parser.
OM_PYTHON=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import prometheus_client.openmetrics.parser' 2>/dev/null; then
		OM_PYTHON=$p
		break
	fi
done
for tool in promtool prometheus-pushgateway curl; do
	if ! command -v $tool >/dev/null 2>&1; then
		missing="$tool"
	fi
done
if [ -n "${missing:-}" ] || [ -z "$OM_PYTHON" ]; then
	say "# skipped: ${missing:-prometheus_client} is not installed (scripts/install-deps prometheus prometheus-pushgateway python3-prometheus-client curl)"
	cd / && rm -rf "$TRASH"
	exit 77
fi
F=$GB_FIXTURES
export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1

# A Criterion.rs tree whose benchmark ids are hostile: quotes, backslashes,
# a line break, escape sequences, bytes that are not UTF-8, and the
# characters of the format's own syntax.
make_tree () {
	"$OM_PYTHON" - "$1" <<-\PY
	import json, os, sys
	root = sys.argv[1]
	names = [
	    b'quote " and back \\ slash, \\n not a line break',
	    b"first line\nsecond line",
	    b"\x1b[31mred\x1b[0m \x1b]0;owned\x07 \xc2\x9b2J",
	    b"not utf-8 \xff\xfe",
	    b'x{y="1"},z=} # EOF',
	]
	for i, name in enumerate(names):
	    d = os.path.join(root, "b%d" % i, "new")
	    os.makedirs(d)
	    body = b'{"group_id":"g","function_id":null,"value_str":null,"full_id":"' + \
	        name.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n") \
	            .replace(b"\x1b", b"\\u001b").replace(b"\x07", b"\\u0007") + b'"}'
	    open(os.path.join(d, "benchmark.json"), "wb").write(body)
	    est = {k: {"point_estimate": 100.0 + i, "standard_error": 1.0}
	           for k in ("mean", "median", "std_dev")}
	    json.dump(est, open(os.path.join(d, "estimates.json"), "w"))
	PY
}

# shown.py: a name as the OpenMetrics output keeps it, from the JSON
# export's: controls but a line feed as \xNN text (bytes that are not
# UTF-8 are \xNN text in both already).
cat >"$TRASH/shown.py" <<-\PY
	import re
	def shown(s):
	    return "".join(c if c == "\n" or not re.match("[\x00-\x1f\x7f-\x9f]", c)
	                   else "".join("\\x%02x" % b for b in c.encode()) for c in s)
	PY
export PYTHONPATH="$TRASH${PYTHONPATH:+:$PYTHONPATH}"

# check_openmetrics FILE ROWS.json: FILE is OpenMetrics that a strict
# parser reads; one sample per row of the JSON export that has a value, in
# the family of its measure and unit, with its labels, value and time.
check_openmetrics () {
	"$OM_PYTHON" - "$@" <<-\PY
	import datetime, json, math, re, sys
	from shown import shown
	from prometheus_client.openmetrics.parser import text_string_to_metric_families
	text = open(sys.argv[1], encoding="utf-8").read()
	assert text.endswith("\n# EOF\n") or text == "# EOF\n", text[-40:]
	assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", text), "raw control"
	families = list(text_string_to_metric_families(text))
	units = {f.name: f.unit for f in families}
	assert len(units) == len(families), "a family twice"
	kinds = {"ns": ("gitbench_time_seconds", "seconds", 1e9, "seconds"),
	         "B": ("gitbench_size_bytes", "bytes", 1, "bytes"),
	         "B/s": ("gitbench_throughput_bytes_per_second", "bytes_per_second", 1,
	                 "bytes_per_second"),
	         "ops/s": ("gitbench_rate_per_second", "", 1, "per_second"),
	         "ops": ("gitbench_rate_per_second", "", 1, "per_second"),
	         "items/s": ("gitbench_rate_per_second", "", 1, "per_second"),
	         "elem/s": ("gitbench_rate_per_second", "", 1, "per_second"),
	         "/s": ("gitbench_rate_per_second", "", 1, "per_second")}
	abbreviated = {"s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb",
	               "pb", "m", "h", "d"}
	generic = {k[0] for k in kinds.values()} | {"gitbench_value"}
	# A family per measure: gitbench_<measure>_<unit>; its kind's family,
	# the measure a label, when the measure cannot be spelt there.
	def family_of(measure, unit):
	    kind, om_unit, div, suffix = kinds.get(unit, ("gitbench_value", "", 1, ""))
	    part = re.sub("[^A-Za-z0-9]+", "_", measure).strip("_").lower()
	    if not part or len(part) > 48 or set(part.split("_")) & abbreviated:
	        return kind, om_unit, div, measure
	    name = "gitbench_" + part
	    if suffix and part != suffix and not part.endswith("_" + suffix):
	        name += "_" + suffix
	    if name in generic and name != kind:
	        return kind, om_unit, div, measure
	    return name, om_unit, div, (measure if part != measure else None)
	got = {}
	for f in families:
	    assert f.type == "gauge", f
	    for s in f.samples:
	        key = (f.name, s.labels["benchmark"], s.labels.get("measure"),
	               s.labels["commit"], s.labels["machine"], float(s.timestamp))
	        assert key not in got, key
	        got[key] = (s.value, s.labels)
	want = {}
	for r in json.load(open(sys.argv[2])):
	    if r["mean"] is None:
	        continue
	    family, unit, div, label = family_of(r["measure"], r["unit"])
	    assert units[family] == unit, (family, units)
	    t = datetime.datetime.strptime(r["run_time"], "%Y-%m-%dT%H:%M:%SZ")
	    t = t.replace(tzinfo=datetime.timezone.utc).timestamp()
	    key = (family, shown(r["benchmark"]), label and shown(label), r["commit"],
	           shown(r["machine"]), t)
	    want[key] = (r["mean"] / div, shown(r["label"] or ""))
	assert set(got) == set(want), (set(got) ^ set(want))
	for key, (value, labels) in got.items():
	    assert math.isclose(value, want[key][0], rel_tol=1e-15), (key, value)
	    assert labels.get("label", "") == want[key][1], labels
	print(len(got))
	PY
}

# c1: four harnesses on machine ci-one (all five families); c2: Criterion
# "slow" on ci-one and the hostile tree on a machine key with a slash and
# a quote, with a hostile label; c3: nothing yet.
hostile_machine='ci/a "b"'
hostile_label=$(printf 'v2 "\\\033[2J\nnext')
test_setup 'a history of runs, hostile names in it' '
	git init -q -b main repo && cd repo &&
	git config bench.machine ci-one &&
	commit_change c1 &&
	git bench record -q "$CRITERION_BASE" &&
	git bench record -q "$F/go/baseline/bench.txt" &&
	git bench record -q "$F/google-benchmark/baseline/out.json" &&
	git bench record -q "$F/benchmark-ips/baseline/ips.json" &&
	commit_change c2 &&
	git bench record -q "$CRITERION_SLOW" &&
	make_tree "$TRASH/hostile" &&
	git -c bench.machine="$hostile_machine" bench record -q \
		--label "$hostile_label" "$TRASH/hostile" &&
	commit_change c3
'

test_expect_success 'promtool and a strict OpenMetrics parser read every run' '
	git bench export --format openmetrics >om.txt &&
	promtool check metrics <om.txt &&
	git bench export --format json >rows.json &&
	n=$(check_openmetrics om.txt rows.json) &&
	test "$n" -gt 60 &&
	for f in time_seconds cpu_time_seconds size_bytes \
		throughput_bytes_per_second rate_per_second allocs_op; do
		test $(grep -c "^# TYPE gitbench_$f gauge$" om.txt) = 1 || return 1
	done &&
	grep -q "^# UNIT gitbench_time_seconds seconds$" om.txt &&
	test "$(grep -c "^# EOF" om.txt)" = 1
'

test_expect_success 'hostile names and labels are escaped and read back intact' '
	"$OM_PYTHON" - om.txt "$hostile_machine" "$hostile_label" <<-\PY
	import sys
	from prometheus_client.openmetrics.parser import text_string_to_metric_families
	fams = text_string_to_metric_families(open(sys.argv[1], encoding="utf-8").read())
	got = {s.labels["benchmark"]: s.labels for f in fams for s in f.samples
	       if s.labels["machine"] == sys.argv[2]}
	want = ["quote \" and back \\ slash, \\n not a line break",
	        "first line\nsecond line",
	        "\\x1b[31mred\\x1b[0m \\x1b]0;owned\\x07 \\xc2\\x9b2J",
	        "not utf-8 \\xff\\xfe",
	        "x{y=\"1\"},z=} # EOF"]
	assert sorted(got) == sorted(want), sorted(got)
	for labels in got.values():
	    assert labels["label"] == sys.argv[3].replace("\x1b", "\\x1b"), labels
	    assert labels["branch"] == "main"
	PY
'

test_expect_success 'the branch: the range tip'"'"'s, --branch, none when detached' '
	git branch topic HEAD~1 &&
	git bench export --format openmetrics HEAD~2..topic >topic.txt &&
	grep -q "branch=\"topic\"" topic.txt && ! grep -q "branch=\"main\"" topic.txt &&
	git bench export --format openmetrics --branch "ci \"7\"" >ci.txt &&
	grep -q "branch=\"ci \\\\\"7\\\\\"\"" ci.txt &&
	git checkout -q --detach HEAD &&
	git bench export --format openmetrics >detached.txt &&
	! grep -q "branch=" detached.txt &&
	git checkout -q main
'

test_expect_success 'a machine, a pattern, bench.estimator and an empty range' '
	git bench export --format openmetrics --machine "$hostile_machine" \
		--bench "second" >one.txt &&
	test "$(grep -c "^gitbench" one.txt)" = 1 &&
	grep -q "} 1.01e-07 " one.txt &&
	git -c bench.estimator=median bench export --format openmetrics >median.txt &&
	promtool check metrics <median.txt &&
	"$OM_PYTHON" - <<-\PY &&
	import json
	rows = json.load(open("rows.json"))
	for r in rows:
	    if r["median"] is not None:
	        r["mean"] = r["median"]
	json.dump(rows, open("medians.json", "w"))
	PY
	check_openmetrics median.txt medians.json >/dev/null &&
	! test_cmp om.txt median.txt >/dev/null &&
	git bench export --format openmetrics HEAD..HEAD >empty.txt &&
	printf "# EOF\n" >expect && test_cmp expect empty.txt
'

test_expect_success 'a benchmark in two measures: a family each, --measure one' '
	git init -q -b main two && (
		cd two && git config bench.machine m2 && commit_change c1 &&
		printf "{\"parse\": {\"latency\": {\"value\": 1500}, \"instructions\": %s}}\n" \
			"{\"value\": 5000}" >bmf.json &&
		git bench record -q bmf.json &&
		git bench export --format openmetrics >two.txt &&
		promtool check metrics <two.txt &&
		git bench export --format json >two.json &&
		test "$(check_openmetrics two.txt two.json)" = 2 &&
		grep -q "^gitbench_time_seconds{benchmark=\"parse\",machine=\"m2\",.*} 1.5e-06 " two.txt &&
		grep -q "^gitbench_instructions{benchmark=\"parse\",machine=\"m2\",.*} 5000 " two.txt &&
		grep -q "^# HELP gitbench_instructions .* Measure: instructions\.$" two.txt &&
		! grep -q "measure=" two.txt &&
		git bench export --format openmetrics --measure instructions >one.txt &&
		test "$(grep -c "^gitbench" one.txt)" = 1 &&
		grep -q "^gitbench_instructions{" one.txt
	)
'

# start_gateway: a Pushgateway on 127.0.0.1 on a port it picks, without
# persistence; its address in GW. It says where it listens once it has
# bound the port: that line, read from a pipe, is the wait.
start_gateway () {
	mkdir -p gw && rm -f gw.fifo && mkfifo gw.fifo || return 1
	(cd gw && sh -c 'echo $$ >pid && exec "$@"' sh prometheus-pushgateway \
		--web.listen-address=127.0.0.1:0 --persistence.file= 2>&1 |
		{ while IFS= read -r line; do
			case $line in *"Listening on"*)
				printf "%s\n" "$line"; break ;;
			esac
		done; cat >log; }) >gw.fifo &
	IFS= read -r line <gw.fifo || :
	GW_PID=$(cat gw/pid)
	GW=http://$(printf "%s\n" "$line" | sed -n "s/.*address=\([0-9.:]*\).*/\1/p")
	[ "$GW" != http:// ] || return 1
	tries=0
	until curl -sf "$GW/-/ready" >/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || return 1
	done
}

stop_gateway () {
	[ -z "${GW_PID:-}" ] || { kill "$GW_PID" 2>/dev/null; wait 2>/dev/null; }
	GW_PID=
}
trap stop_gateway EXIT

# groups FILE: the gateway's groups of git-bench's metrics, sorted, as JSON
# lines {job, machine, commits, labels, values{benchmark: value}}, from
# its query API.
groups () {
	curl -sf "$GW/api/v1/metrics" >api.json &&
	"$OM_PYTHON" - <<-\PY | sort >"$1"
	import json
	for g in json.load(open("api.json"))["data"]:
	    ms = g.get("gitbench_time_seconds", {}).get("metrics", [])
	    if not ms:
	        continue  # a group that only has the times of its pushes
	    print(json.dumps({"job": g["labels"]["job"],
	                      "machine": g["labels"].get("machine"),
	                      "commits": sorted({m["labels"]["commit"] for m in ms}),
	                      "values": {m["labels"]["benchmark"]: float(m["value"]) for m in ms},
	                      "labels": sorted({k for m in ms for k in m["labels"]})},
	                     sort_keys=True))
	PY
}

# expect_group FILE MACHINE COMMIT ROWS.json: the group of MACHINE holds
# the newest run of MACHINE at COMMIT as ROWS.json says it.
expect_group () {
	"$OM_PYTHON" - "$@" <<-\PY
	import json, sys
	from shown import shown
	groups = [json.loads(l) for l in open(sys.argv[1])]
	mine = [g for g in groups if g["machine"] == sys.argv[2]]
	assert len(mine) == 1, groups
	g = mine[0]
	rows = [r for r in json.load(open(sys.argv[4]))
	        if r["machine"] == sys.argv[2] and r["commit"] == sys.argv[3]]
	newest = max(r["run"] for r in rows)
	want = {shown(r["benchmark"]): r["mean"] / 1e9
	        for r in rows if r["run"] == newest and r["measure"] == "time"}
	assert g["job"] == "git-bench" and g["commits"] == [sys.argv[3]], g
	assert g["values"] == want, (g["values"], want)
	assert "branch" in g["labels"], g
	assert ("label" in g["labels"]) == (sys.argv[2] != "ci-one"), g
	PY
}

test_setup 'a real Pushgateway on 127.0.0.1' '
	start_gateway
'

test_expect_success 'a refused push: its status and the first line, exit 2' '
	printf "# TYPE gitbench_time_seconds counter\ngitbench_time_seconds 1\n" |
		curl -sf -X PUT --data-binary @- "$GW/metrics/job/blocker" &&
	test_expect_code 2 git bench export --push-gateway "$GW" \
		--machine ci-one >out 2>err &&
	test_must_be_empty out && test_one_line err &&
	grep -q "^error: the Pushgateway refused the push: HTTP 400: pushed metrics are invalid" err &&
	curl -sf -X DELETE "$GW/metrics/job/blocker" &&
	groups g0 && test_must_be_empty g0
'

test_expect_success 'a push sends the newest run of its machine' '
	git bench export --format json >rows.json &&
	git bench export --push-gateway "$GW" --machine ci-one HEAD >out &&
	grep -q "^pushed run .* for machine ci-one$" out &&
	groups g1 &&
	expect_group g1 ci-one "$(git rev-parse HEAD~1)" rows.json
'

test_expect_success 'another machine'"'"'s push keeps the first group; hostile names intact' '
	git bench export --push-gateway "$GW/" --machine "$hostile_machine" >out &&
	groups g2 &&
	expect_group g2 ci-one "$(git rev-parse HEAD~1)" rows.json &&
	expect_group g2 "$hostile_machine" "$(git rev-parse HEAD~1)" rows.json &&
	curl -sf "$GW/metrics" >scraped.txt &&
	grep -q "benchmark=\"first line\\\\nsecond line\"" scraped.txt &&
	grep -q "machine=\"ci/a \\\\\"b\\\\\"\"" scraped.txt
'

test_expect_success 'a push for the same machine replaces its group, only it' '
	git bench record -q "$CRITERION_BASE" &&
	git bench export --format json >rows.json &&
	git bench export --push-gateway "$GW" --machine ci-one --job git-bench >out &&
	groups g3 &&
	expect_group g3 ci-one "$(git rev-parse HEAD)" rows.json &&
	expect_group g3 "$hostile_machine" "$(git rev-parse HEAD~1)" rows.json &&
	test "$(wc -l <g3)" = 2
'

test_expect_success 'another job is a group of its own' '
	git bench export --push-gateway "$GW" --machine ci-one --job "other/job" &&
	groups g4 && test "$(wc -l <g4)" = 3 &&
	grep -q "\"job\": \"other/job\"" g4
'

test_expect_success 'bad input: exit 2, one line, nothing sent' '
	test_expect_code 2 git bench export --push-gateway "ftp://$GW" 2>err &&
	test_one_line err && grep -q "not a Pushgateway URL" err &&
	test_expect_code 2 git bench export --push-gateway "$GW" --format csv 2>err &&
	grep -q "takes no --format" err &&
	test_expect_code 2 git bench export --job x 2>err &&
	grep -q "needs --push-gateway" err &&
	test_expect_code 2 git bench export --push-gateway "$GW" --machine nobody 2>err &&
	test_one_line err && grep -q "no runs of machine nobody" err &&
	groups g5 && test_cmp g4 g5
'

test_expect_success 'without curl the push says so' '
	mkdir -p nocurl &&
	ln -sf "$(command -v git)" nocurl/git &&
	ln -sf "$(command -v git-bench)" nocurl/git-bench &&
	test_expect_code 2 env PATH="$TRASH/repo/nocurl" git bench export \
		--push-gateway "$GW" 2>err &&
	test_one_line err && grep -q "curl is needed" err
'

test_expect_success 'a gateway that does not answer: exit 2, one line' '
	test_expect_code 2 git bench export --push-gateway http://127.0.0.1:1 2>err &&
	test_one_line err && grep -q "^error: cannot reach the Pushgateway: " err
'

test_done
