#!/bin/sh
# git bench report on a history of real Criterion.rs output with a
# regression at a known commit and a benchmark whose name is markup: the
# page's data, its self-containment, and, when Debian's chromium is
# installed, the page in a headless browser (no console errors, one chart
# per benchmark, the marks at the right commit, the name shown as text; a
# screenshot is kept in the build directory's test-artifacts/).
. "$(dirname "$0")/lib.sh"

MARKUP='<script>alert(1)</script>'
ARTIFACTS="$GB_BUILD_DIR/test-artifacts"

# results <criterion tree> <scale> <out>: the tree with every time scaled
# (the run-to-run noise of a real history), plus a hand-made benchmark
# named $MARKUP.
results () {
	python3 - "$1" "$2" "$3" "$MARKUP" <<-\PY
	import json, os, shutil, sys
	src, scale, out, name = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
	shutil.rmtree(out, ignore_errors=True)
	shutil.copytree(src, out)
	def est(v):
	    return {"point_estimate": v, "standard_error": v / 100,
	            "confidence_interval": {"confidence_level": 0.95,
	                                    "lower_bound": v * 0.99, "upper_bound": v * 1.01}}
	for root, dirs, files in os.walk(out):
	    if os.path.basename(root) != "new":
	        continue
	    path = os.path.join(root, "estimates.json")
	    doc = json.load(open(path))
	    for v in doc.values():
	        if isinstance(v, dict) and isinstance(v.get("point_estimate"), (int, float)):
	            v["point_estimate"] *= scale
	    json.dump(doc, open(path, "w"))
	    path = os.path.join(root, "sample.json")
	    doc = json.load(open(path))
	    doc["times"] = [t * scale for t in doc["times"]]
	    json.dump(doc, open(path, "w"))
	new = os.path.join(out, "markup", "new")
	os.makedirs(new)
	json.dump({"group_id": name, "function_id": None, "value_str": None,
	           "throughput": None, "full_id": name, "directory_name": "markup",
	           "title": name}, open(os.path.join(new, "benchmark.json"), "w"))
	mean = 250.0 * scale
	json.dump({"mean": est(mean), "median": est(mean), "std_dev": est(3.0),
	           "median_abs_dev": est(2.0), "slope": est(mean)},
	          open(os.path.join(new, "estimates.json"), "w"))
	iters = [float(10 * (i + 1)) for i in range(20)]
	times = [n * mean * (1 + 0.01 * ((i % 5) - 2)) for i, n in enumerate(iters)]
	json.dump({"sampling_mode": "Linear", "iters": iters, "times": times},
	          open(os.path.join(new, "sample.json"), "w"))
	PY
}

# c1..c8 measure the baseline tree, c9..c12 the slow one (sum_of_squares
# 31% slower): the regression is at c9. Each run is scaled a little, as
# runs of the same code differ.
test_setup 'a history of real results, regression at c9' '
	git init -q -b main repo && cd repo &&
	i=0 recorded=0 &&
	for scale in 1.000 1.011 0.992 1.006 0.995 1.009 0.989 1.004 \
		     1.002 0.993 1.008 0.997; do
		i=$((i + 1))
		if [ $i -le 8 ]; then tree="$CRITERION_BASE"; else tree="$CRITERION_SLOW"; fi
		results "$tree" $scale "$TRASH/results" &&
		commit_change "c$i" &&
		git bench record -q "$TRASH/results" &&
		recorded=$((recorded + 1)) || break
		if [ $i -eq 9 ]; then REGRESSED=$(git rev-parse HEAD); fi
	done &&
	test $recorded -eq 12 && test -n "$REGRESSED"
'

test_expect_success 'report writes one page and says what it holds' '
	git bench report >out &&
	test_one_line out &&
	grep -q "^Wrote bench-report.html ([0-9]* KiB): 9 benchmarks (11 series in all measures), 12 measured commits, 1 machine, [0-9]* change points\{0,1\}, 1 regression$" out &&
	test -s bench-report.html
'

test_expect_success 'the page is self-contained: no URL, nothing to fetch' '
	python3 - bench-report.html <<-\PY
	import re, sys
	page = open(sys.argv[1], encoding="utf-8").read()
	assert not re.search(r"https?://", page), "a URL in the page"
	assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
	assert not re.search(r"<script[^>]*\bsrc=", page)
	assert page.count("<script") == 2 and page.count("</script") == 2
	assert "<!--" not in page
	csp = re.search(r"http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"", page).group(1)
	assert "default-src '"'"'none'"'"'" in csp and "script-src '"'"'sha256-" in csp, csp
	assert len(page) < 300000, len(page)
	PY
'

test_expect_success 'the data: the change point and the REGRESSION at c9, the name as given' '
	report_data bench-report.html >data.json &&
	python3 - data.json "$REGRESSED" "$MARKUP" <<-\PY
	import json, sys
	d, regressed, markup = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
	ids = d["commits"]["id"]
	assert len(ids) == 12 and ids[8] == regressed
	m, = d["machines"]
	names = [b["name"] for b in m["benchmarks"]]
	# Nine benchmarks; sort/1000 and sort/10000 also in throughput.
	assert len(names) == 11 and len(set(names)) == 9 and markup in names, names
	assert sorted(b["name"] for b in m["benchmarks"]
	              if b["measure"] == "throughput") == ["sort/1000", "sort/10000"], m
	b = m["benchmarks"][names.index("sum_of_squares")]
	assert [c[0] for c in b["cp"]] == [8], b["cp"]
	assert 25 < b["cp"][0][1] < 38 and b["cp"][0][3] == "REGRESSION", b["cp"]
	assert b["cp"][0][4] == 0, b["cp"]  # every commit before it measured
	assert [v[:2] for v in b["vd"]] == [[8, "REGRESSION"]], b["vd"]
	assert b["vd"][0][3] == "history", b["vd"]
	for b in m["benchmarks"]:
	    if b["name"] != "sum_of_squares":
	        assert all(v[1] != "REGRESSION" for v in b["vd"]), b
	PY
'

test_expect_success 'the comparison at the top: bench.baseline, else the measured commit before' '
	report_data bench-report.html >data.json &&
	python3 - data.json "$(git rev-parse HEAD~1)" <<-\PY &&
	import json, sys
	s = json.load(open(sys.argv[1]))["summary"]
	assert s["base"]["id"] == sys.argv[2] and s["base_how"] == "the measured commit before"
	assert all(r["verdict"] != "REGRESSION" for r in s["rows"]), s["rows"]
	PY
	git -c bench.baseline=HEAD~4 bench report -q -o base.html &&
	report_data base.html >data.json &&
	python3 - data.json "$(git rev-parse HEAD~4)" <<-\PY
	import json, sys
	s = json.load(open(sys.argv[1]))["summary"]
	assert s["base"]["id"] == sys.argv[2], s["base"]
	assert s["base_how"] == "merge-base of HEAD and HEAD~4", s["base_how"]
	row, = [r for r in s["rows"] if r["verdict"] == "REGRESSION"]
	assert row["name"] == "sum_of_squares" and 25 < row["change"] < 38, row
	PY
'

test_expect_success 'the numbers at the top are those compare prints' '
	COLUMNS=200 git -c bench.baseline=HEAD~4 bench compare >table &&
	report_data base.html >data.json &&
	python3 - data.json table <<-\PY
	import json, re, sys
	rows = json.load(open(sys.argv[1]))["summary"]["rows"]
	scale = {"ns": 1, "µs": 1e3, "ms": 1e6, "s": 1e9}
	printed = {}
	for line in open(sys.argv[2], encoding="utf-8"):
	    m = re.match(r"^\S*\s+(\S+)\s+([0-9.]+) (ns|µs|ms|s)\s+([0-9.]+) (ns|µs|ms|s)\s", line)
	    if m:
	        printed[m.group(1)] = (float(m.group(2)) * scale[m.group(3)],
	                               float(m.group(4)) * scale[m.group(5)])
	assert len(printed) >= 8, printed
	for r in rows:
	    if r["name"] not in printed:
	        continue
	    assert r["unit"] == "ns", r
	    base, head = printed.pop(r["name"])
	    assert abs(r["base"] - base) <= 1e-9 * base, (r, base)
	    assert abs(r["head"] - head) <= 1e-9 * head, (r, head)
	assert not printed, printed
	PY
'

test_expect_success '--baseline: a table per revision asked for, as compare has it' '
	git bench report -q --baseline HEAD~4,HEAD~1 -o bases.html &&
	report_data bases.html >bases.json &&
	git bench compare --format json HEAD~4 >c4.json &&
	git bench compare --format json HEAD~1 >c1.json &&
	python3 - bases.json c4.json c1.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	want = [json.load(open(p)) for p in sys.argv[2:]]
	got = d["comparisons"]
	assert len(got) == 2 and d["summary"] == got[0], len(got)
	for g, w in zip(got, want):
	    assert g["base"]["id"] == w["baseline"]["commit"], (g["base"], w["baseline"])
	    assert g["base_how"] == w["baseline"]["revision"], g["base_how"]
	    verdicts = {(r["name"], r["measure"]): r["verdict"] for r in w["benchmarks"]}
	    assert {(r["name"], r["measure"]): r["verdict"] for r in g["rows"]} == verdicts
	PY
	refs_state >before &&
	test_expect_code 2 git bench report --baseline HEAD~1,nosuch -o none.html 2>err &&
	test_one_line err && grep -q "unknown revision .nosuch." err &&
	test_expect_code 2 git bench report --baseline ,HEAD -o none.html 2>err &&
	grep -q "^error: --baseline: an empty revision in .,HEAD.$" err &&
	test ! -e none.html &&
	refs_state >after && test_cmp before after
'

test_expect_success 'a range, a pattern, and the page on standard output' '
	git bench report --bench "sum*" -o - HEAD~3..HEAD >page.html &&
	report_data page.html >data.json &&
	python3 - data.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert len(d["commits"]["id"]) == 3 and d["range"] == "HEAD~3..HEAD"
	assert [b["name"] for b in d["machines"][0]["benchmarks"]] == ["sum_of_squares"]
	PY
'

test_expect_success 'a link is written through, a FIFO written to, not replaced' '
	mkdir pages &&
	ln -s pages/linked.html link.html &&
	git bench report -q -o link.html &&
	test -h link.html && test -f pages/linked.html &&
	grep -q "</html>" pages/linked.html &&
	echo old >pages/linked.html &&
	git bench report -q -o link.html &&
	test -h link.html && ! grep -q "^old$" pages/linked.html &&
	ln -s pages/dangling.html dangling.html &&
	git bench report -q -o dangling.html &&
	test -h dangling.html && grep -q "</html>" pages/dangling.html &&
	mkfifo pipe &&
	{ cat pipe >from-pipe & } &&
	reader=$! &&
	git bench report -q -o pipe &&
	{ test -p pipe || { kill $reader; false; }; } &&
	wait $reader && grep -q "</html>" from-pipe &&
	test -z "$(ls -a pages | grep tmp)" && test -z "$(ls -a | grep tmp)"
'

test_expect_success 'errors: one line, exit 2, no page left behind' '
	test_expect_code 2 git bench report -o missing-dir/r.html 2>err &&
	test_one_line err && grep -q "cannot write missing-dir/r.html" err &&
	! ls missing-dir >/dev/null 2>&1 &&
	test_expect_code 2 git bench report -o /dev/full 2>err &&
	test_one_line err &&
	grep -q "^error: cannot write /dev/full: No space left on device$" err &&
	test_expect_code 2 git bench report --machine nowhere -o x.html 2>err &&
	test_one_line err && grep -q "no results of machine .nowhere. in HEAD" err &&
	test_expect_code 2 git bench report HEAD~2...HEAD 2>err &&
	test_one_line err && grep -q "only A..B ranges" err &&
	test_expect_code 2 git bench report --machine a --any-machine 2>err &&
	grep -q "exclude each other" err &&
	test ! -e x.html &&
	git init -q empty && (
		cd empty && git commit -q --allow-empty -m only &&
		test_expect_code 2 git bench report 2>err &&
		test_one_line err && grep -q "^error: no results in HEAD$" err &&
		test ! -e bench-report.html
	)
'

test_expect_success 'several machines: one series each' '
	git -c bench.machine=ci-box bench record -q "$TRASH/results" &&
	git config bench.machine.ci-box.alias "CI <box>" &&
	git bench report -q -o machines.html &&
	report_data machines.html >data.json &&
	python3 - data.json <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	keys = [m["key"] for m in d["machines"]]
	assert len(keys) == 2 and "ci-box" in keys, keys
	ci = d["machines"][keys.index("ci-box")]
	assert len(ci["commits"]) == 1 and ci["runs"] == 1
	assert ci["alias"] == "CI <box>", ci["alias"]
	assert [m["alias"] for m in d["machines"] if m["key"] != "ci-box"] == [None]
	PY
	git bench report -q --any-machine -o any.html &&
	report_data any.html >data.json &&
	python3 -c "import json; d = json.load(open(\"data.json\")); assert [m[\"key\"] for m in d[\"machines\"]] == [None]"
'

test_expect_success '--window: each chart'"'"'s rolling mean, as log has it' '
	git bench report -q --window 3 -o rolled.html &&
	report_data rolled.html >rolled.json &&
	git bench log --window 3 --format json >log.json &&
	python3 - rolled.json log.json <<-\PY
	import json, sys
	d, log = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
	assert d["window"] == "3-commit mean", d["window"]
	m = d["machines"][[x["key"] for x in d["machines"]].index(log["machine"])]
	want = {(b["name"], b["measure"]): [p["rolling"] for p in b["points"]]
	        for b in log["benchmarks"]}
	for b in m["benchmarks"]:
	    got = want[b["name"], b["measure"]]
	    assert len(b["rv"]) == len(got), b["name"]
	    for a, c in zip(b["rv"], got):
	        assert abs(a - c) <= 5e-4 * abs(c), (b["name"], a, c)
	PY
	git bench report -q -o plain.html &&
	! grep -q "\"rv\"" plain.html &&
	test_expect_code 2 git bench report --window 3x 2>err &&
	test_one_line err && grep -q "3x. is not a window" err
'

if with_chromium; then
	test_expect_success 'in Chromium: no console errors, a chart per benchmark, marks at c9, the name as text' '
		browse --dump-dom "file://$PWD/machines.html" >dom.html 2>browser.err &&
		no_console_messages browser.err &&
		python3 - dom.html "$REGRESSED" "$MARKUP" <<-\PY
		import sys
		from html.parser import HTMLParser
		dom, regressed, markup = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], sys.argv[3]
		class Page(HTMLParser):
		    def __init__(self):
		        super().__init__()
		        self.charts, self.marks, self.headings, self.scripts = [], [], [], 0
		        self.selects, self.chart, self.heading = 0, None, None
		    def handle_starttag(self, tag, attrs):
		        a = dict(attrs)
		        cls = (a.get("class") or "").split()
		        if tag == "svg" and "chart" in cls:
		            self.chart = a.get("data-bench")
		            self.charts.append(self.chart)
		        if "changepoint" in cls or "verdict" in cls:
		            self.marks.append((self.chart, cls[0], a.get("data-commit"), a.get("data-verdict")))
		        if tag == "script":
		            self.scripts += 1
		        if tag == "select":
		            self.selects += 1
		        if tag == "h2":
		            self.heading = ""
		    def handle_endtag(self, tag):
		        if tag == "h2" and self.heading is not None:
		            self.headings.append(self.heading)
		            self.heading = None
		    def handle_data(self, data):
		        if self.heading is not None:
		            self.heading += data
		p = Page()
		p.feed(dom)
		assert p.scripts == 2, "a script element came from the data"
		assert p.selects == 1, "no machine selector"
		assert "<option value=\"1\">CI &lt;box&gt; (ci-box)" in dom or \
		    "<option value=\"0\">CI &lt;box&gt; (ci-box)" in dom, "the alias in the selector"
		assert len(p.charts) == 11 and len(set(p.charts)) == 11, p.charts
		assert "sort/1000 [throughput]" in p.charts, p.charts
		assert markup in p.charts and markup in p.headings, p.headings
		sos = [m for m in p.marks if m[0] == "sum_of_squares"]
		assert ("sum_of_squares", "changepoint", regressed, "REGRESSION") in sos, sos
		assert ("sum_of_squares", "verdict", regressed, "REGRESSION") in sos, sos
		assert all(m[3] != "REGRESSION" for m in p.marks if m[0] != "sum_of_squares"), p.marks
		assert "Step at " + regressed[:7] + " +" in dom and ", REGRESSION: " in dom
		PY
	'

	test_expect_success 'in Chromium: the rolling mean dashed in every chart' '
		browse --dump-dom "file://$PWD/rolled.html" >dom.html 2>browser.err &&
		no_console_messages browser.err &&
		python3 - dom.html <<-\PY
		import re, sys
		dom = open(sys.argv[1], encoding="utf-8").read()
		charts = len(re.findall(r"<svg[^>]* class=\"chart\"", dom))
		rolling = len(re.findall(r"<path class=\"rolling\"", dom))
		assert charts > 0 and rolling == charts, (charts, rolling)
		assert "dashed: the 3-commit mean" in dom
		PY
	'

	test_expect_success 'in Chromium: one comparison table per --baseline' '
		browse --dump-dom "file://$PWD/bases.html" >dom.html 2>browser.err &&
		no_console_messages browser.err &&
		grep -q "<h2>Newest commit against HEAD~4</h2>" dom.html &&
		grep -q "<h2>Newest commit against HEAD~1</h2>" dom.html &&
		test $(grep -o "<table class=\"verdicts\">" dom.html | wc -l) = 2
	'

	test_expect_success 'in Chromium: a screenshot of the page, kept as an artifact' '
		mkdir -p "$ARTIFACTS" &&
		rm -f "$ARTIFACTS/t0800-report.png" &&
		browse --screenshot="$ARTIFACTS/t0800-report.png" \
			"file://$PWD/bench-report.html" >/dev/null 2>browser.err &&
		no_console_messages browser.err &&
		test "$(head -c 8 "$ARTIFACTS/t0800-report.png" | od -An -tx1 | tr -d " ")" = 89504e470d0a1a0a &&
		test $(wc -c <"$ARTIFACTS/t0800-report.png") -gt 20000
	'
fi

test_done
