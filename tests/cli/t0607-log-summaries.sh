#!/bin/sh
# The summaries of notes kept beside them ($GIT_COMMON_DIR/bench-summaries)
# change no answer: log, report, export and compare say the same with
# them, without them (bench.summaries=false) and from a damaged file,
# which is written afresh; a worktree uses its repository's file.

. "$(dirname "$0")/lib.sh"

# c1..c12: "a" steps +30% at c7, "rate" (higher is better) drops at c9;
# c2 recorded twice (one measurement), c3 also on another machine with a
# label, c12's note damaged.
test_setup 'twelve commits measured' '
	git init -q repo && (cd repo &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		echo $i >f && git add f && git commit -q -m c$i && git tag c$i &&
		a=$((i < 7 ? 100 + i % 3 : 130 + i % 3)) &&
		rate=$((i < 9 ? 900 + i % 4 : 700 + i % 4)) &&
		printf "[{\"name\": \"a\", \"unit\": \"ns\", \"value\": %s},
			{\"name\": \"b/x\", \"unit\": \"ns\", \"value\": 50.0%s, \"range\": 0.5},
			{\"name\": \"rate\", \"unit\": \"ops/s\", \"value\": %s,
			 \"direction\": \"higher\"}]\n" $a $((i % 5)) $rate >../r$i.json &&
		git bench record -q -f generic ../r$i.json || exit 1
	done &&
	git bench record -q --commit c2 -f generic ../r2.json &&
	git -c bench.machine=other bench record -q --commit c3 -l v0.3 \
		-f generic ../r4.json &&
	git notes --ref=benchmarks add -f -m "not a record" c12)
'

# Every view that reads series, as it reads now.
views () {
	git bench log >"$1.log" 2>&1 &&
	git bench log --format json >"$1.json" 2>&1 &&
	git bench log --bench rate --format csv >"$1.csv" 2>&1 &&
	git bench log --commits >"$1.commits" 2>&1 &&
	git -c bench.machine=other bench log >"$1.other" 2>&1 &&
	git bench report -o "$1.page" >/dev/null 2>&1 &&
	# The page says when it was made: that alone may differ.
	sed "s/\"generated\":[0-9]*/\"generated\":0/" "$1.page" >"$1.html" &&
	git bench export --format csv >"$1.export" 2>&1 &&
	{ git bench compare c6 c11 >"$1.compare" 2>&1; test $? -le 1; }
}

same_views () {
	for v in log json csv commits other html export compare; do
		cmp "$1.$v" "$2.$v" || return 1
	done
}

test_expect_success 'without summaries, nothing is written beside the notes' '
	cd repo &&
	git -c bench.summaries=false bench log >/dev/null &&
	test ! -e .git/bench-summaries &&
	git config bench.summaries false &&
	views ../off &&
	test ! -e .git/bench-summaries &&
	git config --unset bench.summaries &&
	grep -q "cannot read results for $(git rev-parse --short c12)" ../off.log &&
	grep -q "^  step at $(git rev-parse --short c7) " ../off.log &&
	grep -q "^  step at $(git rev-parse --short c9) " ../off.log &&
	grep -q "v0.3" ../off.commits
'

test_expect_success 'kept by the first reader, then read: the same answers' '
	cd repo &&
	views ../cold &&
	test -s .git/bench-summaries &&
	cp .git/bench-summaries ../kept &&
	views ../warm &&
	cmp .git/bench-summaries ../kept &&
	same_views ../off ../cold &&
	same_views ../off ../warm &&
	git status --porcelain >../status &&
	test ! -s ../status
'

test_expect_success 'a damaged file: the same answers, and written afresh' '
	cd repo &&
	size=$(wc -c <.git/bench-summaries) &&
	printf "\377\377\377\377" | dd of=.git/bench-summaries bs=1 \
		seek=$((size / 2)) conv=notrunc 2>/dev/null &&
	cp .git/bench-summaries ../damaged &&
	views ../mended &&
	same_views ../off ../mended &&
	! cmp -s .git/bench-summaries ../damaged &&
	views ../again &&
	same_views ../off ../again &&
	head -c 100 ../kept >.git/bench-summaries &&
	views ../torn &&
	same_views ../off ../torn &&
	echo "not summaries" >.git/bench-summaries &&
	views ../foreign &&
	same_views ../off ../foreign &&
	test "$(head -c 8 .git/bench-summaries)" = GBSUMRY
'

test_expect_success 'a worktree reads and keeps the repository'"'"'s file' '
	cd repo &&
	rm .git/bench-summaries &&
	git worktree add -q ../wt c11 &&
	(cd ../wt && git bench log >../wt.log) &&
	test -s .git/bench-summaries &&
	test ! -e .git/worktrees/wt/bench-summaries &&
	git bench log c11 >../c11.log &&
	cmp ../wt.log ../c11.log
'

test_expect_success 'compare, check and log -n read their few notes without it' '
	cd repo &&
	rm -f .git/bench-summaries &&
	{ git bench compare c6 c11 >../few.compare 2>&1; test $? -le 1; } &&
	{ git bench check c11 >/dev/null 2>&1; test $? -le 3; } &&
	git bench log -n 3 >/dev/null &&
	git bench log c9..c11 >/dev/null &&
	test ! -e .git/bench-summaries &&
	cmp ../few.compare ../off.compare
'

test_done
