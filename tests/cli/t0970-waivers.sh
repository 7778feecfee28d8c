#!/bin/sh
# Waivers: a Bench-Accept trailer on a commit of the compared range, or
# check --accept, turns that benchmark's regression into ACCEPTED, shown
# with its commit and reason in every format; the real pre-push hook still
# refuses another benchmark's regression in the same push.
. "$(dirname "$0")/lib.sh"

# runs SCALE...: three runs of parse, sort and fib recorded for HEAD, each
# benchmark's values times its SCALE (parse sort fib), a little apart so
# that the spread between runs is known.
runs () {
	for jitter in 0 1 2; do
		printf '[{"name": "parse", "unit": "us", "value": %s},
		  {"name": "sort", "unit": "us", "value": %s},
		  {"name": "fib", "unit": "us", "value": %s}]\n' \
			"$(($1 + jitter))" "$(($2 + jitter))" "$(($3 + jitter))" \
			>"$TRASH/run.json" &&
		git bench record -q -f generic "$TRASH/run.json" || return 1
	done
}

# flat FILE: its lines as one, runs of blanks as one: the table wraps a
# long note onto the next line to fit 80 columns.
flat () {
	tr "\n" " " <"$1" | tr -s " "
}

remote_tip () {
	git --git-dir="$TRASH/remote.git" rev-parse -q --verify refs/heads/main
}

test_setup 'a remote, a clone with the hook, its first commit pushed' '
	git init -q --bare -b main remote.git &&
	git clone -q remote.git work 2>/dev/null && cd work &&
	git commit -q --allow-empty -m first && runs 100 100 100 &&
	git bench hook install >/dev/null &&
	git push -q --no-verify origin main 2>/dev/null &&
	git config bench.baseline HEAD~1 &&
	git bench push >/dev/null 2>&1
'

test_expect_success 'a push slower in parse (accepted) and sort (not): refused' '
	git commit -q --allow-empty -F - <<-\EOF &&
	Parse with the new grammar

	It is slower, and worth it.

	Bench-Accept: parse -- the new grammar is slower
	EOF
	runs 150 150 100 &&
	before=$(remote_tip) &&
	test_must_fail git push origin main >out 2>&1 &&
	cat out &&
	grep -q "^.*sort .* REGRESSION" out &&
	grep -q "^.*parse .* ACCEPTED" out &&
	grep -q "push refused" out &&
	flat out | grep -q "parse .* ACCEPTED (Bench-Accept in $(git rev-parse --short HEAD): the new grammar is slower)" &&
	test "$(remote_tip)" = "$before"
'

test_expect_success 'a later commit of the push accepts sort: the push goes' '
	git commit -q --allow-empty -m "Sort bigger inputs" \
		-m "Bench-Accept: sort -- inputs ten times bigger" &&
	runs 150 150 100 &&
	git push origin main >out 2>&1 &&
	cat out &&
	! grep -q "REGRESSION\|refused" out &&
	test "$(remote_tip)" = "$(git rev-parse HEAD)"
'

test_expect_success 'check: the trailers of the range, or --accept' '
	test_expect_code 1 git bench check --baseline HEAD~2 HEAD~1 >out &&
	grep -q "sort .* REGRESSION" out &&
	git bench check --baseline HEAD~2 --accept "so*" HEAD~1 >out &&
	grep -q "sort .* ACCEPTED" out &&
	grep -q "sort .* ACCEPTED (--accept)" out &&
	git bench check --baseline HEAD~2 HEAD >out &&
	flat out | grep -q "sort .* ACCEPTED (Bench-Accept in $(git rev-parse --short HEAD): inputs ten times bigger)" &&
	test_expect_code 2 git bench check --accept "" HEAD 2>err &&
	test_one_line err &&
	grep -q "^error: .*names no benchmark pattern" err
'

test_expect_success 'compare: ACCEPTED with its commit and reason in JSON, markdown, CSV' '
	git bench compare --format json HEAD~2 HEAD >json &&
	"${PYTHON:-python3}" - "$(git rev-parse HEAD~1)" <<-\EOF &&
	import json, sys
	d = json.load(open("json"))
	rows = {r["name"]: r for r in d["benchmarks"]}
	p = rows["parse"]
	assert p["verdict"] == "ACCEPTED", p
	assert p["accepted"]["commit"] == sys.argv[1], p["accepted"]
	assert p["accepted"]["reason"] == "the new grammar is slower"
	assert p["failed"] is False
	assert rows["fib"]["verdict"] == "STABLE" and "accepted" not in rows["fib"]
	assert d["summary"]["failures"] == 0, d["summary"]
	assert d["summary"]["accepted"] == 2, d["summary"]
	EOF
	git bench compare --format markdown HEAD~2 HEAD >md &&
	grep -q "| parse .* ACCEPTED" md &&
	grep -q "Bench-Accept in $(git rev-parse --short HEAD~1): the new grammar is slower" md &&
	git bench compare --format csv HEAD~2 HEAD >csv &&
	head -n 1 csv |
		grep -q ",accepted_commit,accepted_reason,shown_verdict$" &&
	grep -q "^parse,.*,ACCEPTED,.*,$(git rev-parse HEAD~1),the new grammar is slower,ACCEPTED$" csv
'

test_expect_success 'log --commits lists what each commit accepts' '
	git bench log --commits >out &&
	grep -A1 "Parse with the new grammar" out | tail -n 1 >line &&
	echo "    accepts parse: the new grammar is slower" >expect &&
	test_cmp expect line
'

test_expect_success 'the report has them at their commits' '
	git bench report -q -o report.html &&
	grep -o "\"accepted\": *\[[^]]*\]" report.html >accepted &&
	grep -q "\"parse: the new grammar is slower\"" accepted &&
	grep -q "\"sort: inputs ten times bigger\"" accepted &&
	grep -q "null" accepted
'

test_expect_success 'a hostile trailer is escaped where it is shown' '
	git commit -q --allow-empty -m "Evil" \
		-m "Bench-Accept: fib -- $(printf "\\033]0;pwned\\007")" &&
	runs 100 100 200 &&
	git bench check --baseline HEAD~1 >out &&
	grep -q "fib .* ACCEPTED" out &&
	! grep -q "$(printf "\\033")" out &&
	git bench log --commits >out &&
	! grep -q "$(printf "\\033")" out
'

test_done
