#!/bin/sh
# Output for terminals: -h folds within 80 columns, and ASCII for a locale
# that is not UTF-8 (or --ascii), while markdown and JSON keep UTF-8.

. "$(dirname "$0")/lib.sh"

test_expect_success 'every -h fits 80 columns, folded at spaces' '
	git bench -h >top &&
	sed -n "s/^    \\([a-z][a-z-]*\\)  .*/\\1/p" top >commands &&
	test $(wc -l <commands) -ge 20 &&
	while read -r cmd; do
		git bench $cmd -h >h 2>&1 || true
		grep -q "^usage: git bench " h || { cat h; return 1; }
		awk -v c=$cmd "length(\$0) > 80 { print c \": \" \$0; bad = 1 }
			END { exit bad }" h || return 1
	done <commands &&
	awk "length(\$0) > 80 { exit 1 }" top &&
	# A folded help goes on under the help column, words whole.
	git bench bisect -h >h &&
	grep -q "^    --run                   measure commits without results in a temporary work$" h &&
	grep -q "^                            tree$" h
'

test_expect_success 'setup: a slowdown between two measured commits' '
	git init -q repo && (
		cd repo &&
		echo a >f && git add f && git commit -q -m a &&
		one_result ../a.json 100 && git bench record -q -f generic ../a.json &&
		one_result ../a2.json 101 && git bench record -q -f generic ../a2.json &&
		one_result ../a3.json 99.5 && git bench record -q -f generic ../a3.json &&
		echo b >>f && git commit -q -am b &&
		one_result ../b.json 150 && git bench record -q -f generic ../b.json
	)
'

test_expect_success 'UTF-8: marks, sparklines and the middle dot' '
	cd repo &&
	git bench compare HEAD~1 HEAD >out &&
	grep -q "^🔴 x " out &&
	grep -q "(HEAD~1) · 3 runs" out &&
	git bench log >out &&
	grep -q "▁█" out
'

ascii_only() {
	LC_ALL=C grep -q "[^ -~]" "$1" && { cat "$1"; return 1; }
	return 0
}

test_expect_success 'LC_ALL=C and --ascii: ASCII of the same layout' '
	cd repo &&
	LC_ALL=C git bench compare HEAD~1 HEAD >out &&
	ascii_only out &&
	grep -q "^!! x  *100.17 ns  *150.00 ns  *+49.75%  REGRESSION$" out &&
	grep -q "(HEAD~1) - 3 runs" out &&
	git bench --ascii compare HEAD~1 HEAD >out2 &&
	test_cmp out out2 &&
	LC_ALL=C git bench log >out &&
	ascii_only out &&
	grep -q "^x  *_# " out &&
	LC_ALL=C git bench show >out &&
	ascii_only out
'

test_expect_success 'LC_ALL=C: markdown and JSON keep UTF-8' '
	cd repo &&
	LC_ALL=C git bench compare --format markdown HEAD~1 HEAD >out &&
	grep -q "🔴" out &&
	LC_ALL=C git bench compare --format json HEAD~1 HEAD >out.json &&
	python3 -c "import json; json.load(open(\"out.json\"))"
'

test_expect_success 'what each command says fits 80 columns' '
	cd repo &&
	for c in "compare HEAD~1 HEAD" "check --baseline HEAD~1" "log" \
		"log --commits" "show" "status" "names" "config" \
		"bisect --bench x HEAD~1 HEAD"; do
		git bench $c >out 2>err
		test_fits out && test_fits err || { echo "git bench $c"; return 1; }
	done &&
	# The machine is named, then what it is, folded under itself.
	git config bench.machine "a-machine-key-long-enough-to-push-the-rest-past-80" &&
	git bench record -q -f generic ../b.json &&
	git bench show >out &&
	test_fits out &&
	grep -A1 "^Machine:  a-machine-key-long-enough-to-push-the-rest-past-80 (" out |
		tail -n1 | grep -q "^          [^ ]"
'

test_done
