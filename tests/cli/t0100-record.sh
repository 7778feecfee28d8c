#!/bin/sh
# record, baseline, show, log, forget on real Criterion.rs output.
. "$(dirname "$0")/lib.sh"

test_setup 'a repository with two commits' '
	new_repo repo && cd repo && commit_change second
'

test_expect_success 'record reads the tree and says what it stored' '
	git bench record --label v0.1.0 "$CRITERION_BASE" >out &&
	grep -q "^Read 10 results from .* (criterion)$" out &&
	grep -q "^Recorded run [0-9T.Z-]*[0-9a-f]* for $(git rev-parse --short HEAD) on .* (label v0.1.0)$" out
'

test_expect_success 'real git sees the note and the history commit' '
	git notes --ref=benchmarks list >notes &&
	grep -q " $(git rev-parse HEAD)$" notes &&
	git log --format=%s refs/benchmark-history >log &&
	grep -q "^Record 1 run of $(git rev-parse --short=7 HEAD) on .*: 10 results from criterion, label v0.1.0$" log &&
	git ls-tree -r --name-only refs/benchmark-history >tree &&
	grep -q "^runs/[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/" tree
'

test_expect_success 'the note is the same object as the history blob' '
	note=$(git notes --ref=benchmarks list HEAD) &&
	git ls-tree -r refs/benchmark-history >tree &&
	grep -q " $note	runs/" tree
'

test_expect_success 'plain git push moves both refs (history under its remote name)' '
	git init -q --bare ../plain.git &&
	git push -q ../plain.git refs/benchmark-history:refs/benchmarks/history \
		refs/notes/benchmarks &&
	test "$(git -C ../plain.git rev-parse refs/benchmarks/history)" = \
		"$(git rev-parse refs/benchmark-history)" &&
	test "$(git -C ../plain.git rev-parse refs/notes/benchmarks)" = \
		"$(git rev-parse refs/notes/benchmarks)"
'

test_expect_success 'show lists every benchmark with the mean of estimates.json' '
	git bench show --format json >show.json &&
	python3 - "$CRITERION_BASE" show.json <<-\PY
	import json, os, sys
	tree, shown = sys.argv[1], json.load(open(sys.argv[2]))
	results = {(r["name"], r["measure"]): r for r in shown["runs"][0]["results"]}
	found = 0
	for root, dirs, files in os.walk(tree):
	    if root.endswith("/new") and "benchmark.json" in files:
	        bench = json.load(open(os.path.join(root, "benchmark.json")))
	        name = bench["full_id"]
	        est = json.load(open(os.path.join(root, "estimates.json")))
	        mean = est["mean"]["point_estimate"]
	        assert results[name, "time"]["mean"] == mean, name
	        found += 1
	        # Throughput::Elements(n): n per iteration over the mean time.
	        if bench["throughput"]:
	            rate = results[name, "throughput"]
	            n = bench["throughput"]["Elements"]
	            assert abs(rate["mean"] / (n * 1e9 / mean) - 1) < 1e-12, name
	            assert rate["unit"] == "elem/s", rate
	            found += 1
	assert found == len(results) == 10, (found, len(results))
	PY
'

test_expect_success 'show prints label, dates, machine and human units' '
	git bench show >out &&
	grep -q "^commit $(git rev-parse HEAD)$" out &&
	grep -q "^Label:    v0.1.0$" out &&
	grep -q "^Date:     \(.* ago\|just now\) (20[0-9-]* [0-9:]* +0000)$" out &&
	grep -q "^Machine:  " out &&
	grep -q "^Benchmarks (8):$" out &&
	grep -q "^  • sum_of_squares - 1.54 ms (±0.0[0-9] ms)$" out &&
	grep -q "^  • fibonacci/recursive/20 - [0-9.]* µs (±[0-9.]* µs)$" out
'

test_expect_success 'baseline --version is record --label' '
	git checkout -q HEAD~1 &&
	git bench baseline --version v0.0.9 "$CRITERION_SLOW" >out &&
	grep -q "(label v0.0.9)$" out &&
	git checkout -q - &&
	test_expect_code 2 git bench baseline "$CRITERION_SLOW" 2>err &&
	grep -q "^error: --version is required" err
'

test_expect_success 'an empty label is refused' '
	before=$(refs_state) &&
	test_expect_code 2 git bench record -l "" "$CRITERION_SLOW" 2>err &&
	test_one_line err &&
	grep -q "^error: the label is empty$" err &&
	test_expect_code 2 git bench baseline --version "" "$CRITERION_SLOW" 2>err &&
	grep -q "^error: the label is empty$" err &&
	test "$before" = "$(refs_state)"
'

test_expect_success 'log --commits lists measured commits, newest first' '
	git bench log --commits >out &&
	cat out &&
	test $(wc -l <out) = 2 &&
	head -n1 out | grep -q "^$(git rev-parse --short HEAD) [0-9-]*   8 benchmarks  (v0.1.0) second$" &&
	tail -n1 out | grep -q "(v0.0.9) first commit$"
'

test_expect_success 'record refuses a dirty work tree unless --allow-dirty' '
	echo dirty >>file &&
	before=$(refs_state) &&
	test_expect_code 2 git bench record "$CRITERION_BASE" 2>err &&
	test_one_line err &&
	grep -q "uncommitted changes" err &&
	test "$before" = "$(refs_state)" &&
	one_result dirty.json 7 &&
	git bench record --allow-dirty -q -f generic dirty.json &&
	git checkout -q file &&
	git bench show --format json | python3 -c "import json,sys; assert len(json.load(sys.stdin)[\"runs\"]) == 2"
'

test_expect_success 'record reads target/criterion by default' '
	mkdir -p target && cp -r "$CRITERION_SLOW" target/criterion &&
	echo target >.gitignore && git add .gitignore && git commit -q -m ignore &&
	(cd target && git bench record -q) &&
	git bench show | grep -q "sum_of_squares - 2.02 ms"
'

test_expect_success 'an unknown revision is a one-line error' '
	test_expect_code 2 git bench record --commit nosuch "$CRITERION_BASE" 2>err &&
	test_one_line err && grep -q "unknown revision .nosuch." err &&
	test_expect_code 2 git bench show nosuch 2>err &&
	test_one_line err && grep -q "unknown revision .nosuch." err
'

test_expect_success 'show of a commit without results says so' '
	commit_change third &&
	test_expect_code 2 git bench show 2>err &&
	test_one_line err &&
	grep -q "^error: no results recorded for $(git rev-parse --short=7 HEAD)$" err
'

for damage in truncate garbage notjson missing; do
	test_expect_success "malformed Criterion files ($damage): one-line error, no ref moved" '
		rm -rf bad && cp -r "$CRITERION_BASE" bad &&
		f=bad/sort/1000/new/estimates.json &&
		case $damage in
		truncate) head -c 50 $f >t && mv t $f ;;
		garbage) printf "\\001\\002\\377" >$f ;;
		notjson) echo "[1, 2" >$f ;;
		missing) rm $f ;;
		esac &&
		before=$(refs_state) &&
		test_expect_code 2 git bench record bad 2>err &&
		test_one_line err &&
		grep -q "bad/sort/1000/new/estimates.json" err &&
		test "$before" = "$(refs_state)"
	'
done

test_expect_success 'a directory with no results records nothing' '
	mkdir -p empty &&
	before=$(refs_state) &&
	test_expect_code 2 git bench record empty 2>err &&
	test_one_line err && grep -q "empty: no benchmark results found" err &&
	test "$before" = "$(refs_state)"
'

test_expect_success 'a damaged note: show fails naming the commit, log goes on' '
	git bench record -q --commit HEAD~1 "$CRITERION_BASE" &&
	head -c 7 /dev/urandom >junk &&
	git notes --ref=benchmarks add -f -F junk HEAD~1 &&
	test_expect_code 2 git bench show HEAD~1 2>err &&
	test_one_line err &&
	grep -q "^error: cannot read results for $(git rev-parse --short=7 HEAD~1): " err &&
	git bench log --commits >out 2>err &&
	grep -q "damaged results" out &&
	test $(grep -c "benchmarks\|damaged results" out) -ge 3 &&
	grep -q "^warning: cannot read results for" err &&
	git bench log >out 2>err &&
	grep -q "^sum_of_squares " out &&
	grep -q "^warning: cannot read results for $(git rev-parse --short HEAD~1): left out of the trends$" err
'

test_expect_success 'the same results twice for a commit: stored, said, counted once' '
	one_result twice.json 11 &&
	git bench record -q --commit HEAD~3 -f generic twice.json &&
	git bench record -q --commit HEAD~3 -f generic twice.json 2>err &&
	test_one_line err &&
	grep -q "^warning: these results are those of a run already recorded for $(git rev-parse --short HEAD~3): stored, but a run is one measurement and it counts once" err &&
	git bench show --format json HEAD~3 >s &&
	python3 -c "import json; d=json.load(open(\"s\")); assert sum(1 for r in d[\"runs\"] if any(b[\"name\"] == \"x\" for b in r[\"results\"])) == 2" &&
	git bench log --format json --bench x HEAD~3 >j &&
	python3 -c "import json; d=json.load(open(\"j\")); assert d[\"benchmarks\"][0][\"points\"][-1][\"runs\"] == 1, d"
'

# hyperfine writes one run as JSON (with its count) and as CSV (without):
# both recorded are one measurement. As two, they made a spread of zero
# and noisy commands false REGRESSIONs.
test_expect_success 'one run exported twice, in more and less detail, counts once' '
	git bench record -q --commit HEAD~3 "$GB_FIXTURES/hyperfine/baseline/commands.json" &&
	git bench record -q --commit HEAD~3 "$GB_FIXTURES/hyperfine/baseline/commands.csv" 2>err &&
	test_one_line err &&
	grep -q "^warning: these results are those of a run already recorded for $(git rev-parse --short HEAD~3)" err &&
	git bench log --format json --bench sort HEAD~3 >j &&
	python3 -c "import json; d=json.load(open(\"j\")); assert d[\"benchmarks\"][0][\"points\"][-1][\"runs\"] == 1, d"
'

test_expect_success 'a truncated note (real git) is named too' '
	one_result cut.json 13 &&
	git bench record -q --commit HEAD~2 -f generic cut.json &&
	git cat-file blob $(git notes --ref=benchmarks list HEAD~2) | head -c 300 >cut &&
	git notes --ref=benchmarks add -f -F cut HEAD~2 &&
	test_expect_code 2 git bench show HEAD~2 2>err &&
	test_one_line err &&
	grep -q "truncated" err
'

test_expect_success 'forget removes a commit'"'"'s results, even with a damaged note' '
	git bench forget HEAD~1 >out &&
	grep -q "^Forgot 2 runs of $(git rev-parse --short HEAD~1)$" out &&
	test_must_fail git notes --ref=benchmarks list HEAD~1 &&
	git log -1 --format=%s refs/benchmark-history | grep -q "^Forget 2 runs of " &&
	test_expect_code 2 git bench forget HEAD~1 2>err &&
	grep -q "no results recorded" err
'

test_expect_success '16 concurrent record processes all land' '
	git init -q conc && (
		cd conc && echo x >f && git add f && git commit -q -m x &&
		i=0 && pids= &&
		while [ $i -lt 16 ]; do
			one_result r$i.json $((100 + i)) &&
			git bench record -q --commit HEAD -f generic r$i.json 2>err.$i &
			pids="$pids $!" && i=$((i + 1))
		done &&
		for p in $pids; do wait $p || exit 1; done &&
		test $(git ls-tree -r refs/benchmark-history | wc -l) = 16 &&
		git bench show --format json >all.json &&
		python3 -c "import json; d=json.load(open(\"all.json\")); assert len(d[\"runs\"]) == 16; assert len({r[\"id\"] for r in d[\"runs\"]}) == 16"
	)
'

test_expect_success 'git --work-tree and GIT_DIR with GIT_WORK_TREE find the repository' '
	cd "$TRASH/repo" &&
	git bench log --format csv >direct && test $(wc -l <direct) -gt 1 &&
	git --work-tree="$PWD" bench log --format csv >via-git &&
	test_cmp direct via-git &&
	(cd "$TRASH" && GIT_DIR="$TRASH/repo/.git" GIT_WORK_TREE="$TRASH/repo" \
		git bench log --format csv) >via-env &&
	test_cmp direct via-env &&
	test_expect_code 2 env GIT_WORK_TREE="$TRASH/nowhere" git bench show \
		>out 2>err &&
	grep -q "^error: GIT_WORK_TREE: cannot use .*nowhere.: No such file or directory$" err
'

test_done
