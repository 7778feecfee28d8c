#!/bin/sh
# git bench run --interleave: the baseline measured in a temporary work
# tree in turns with the work tree, so that a drift of the machine falls
# on both sides and cancels.

. "$(dirname "$0")/lib.sh"

# bench.sh: the work of the tree (its file "work") times a drift that grows
# by 1% with every run of either side, as a machine warming up or a
# neighbour's load arriving would; ../count counts the runs.
test_expect_success 'setup: a commit measured three times, then a change' '
	git init -q repo && (
		cd repo &&
		git config bench.format generic &&
		git config bench.results results.json &&
		echo results.json >.gitignore &&
		echo 100 >work &&
		cat >bench.sh <<-EOS &&
		n=\$(cat "$TRASH/count" 2>/dev/null || echo 0); n=\$((n + 1))
		echo \$n >"$TRASH/count"
		v=\$(awk -v w="\$(cat work)" -v n=\$n "BEGIN { print w * (1 + n / 100) }")
		printf "[{\"name\": \"x\", \"unit\": \"ns\", \"value\": %s}]\n" "\$v" >results.json
		EOS
		git add . && git commit -q -m base && git tag base &&
		git bench run --repeat 3 --record -- sh bench.sh 2>/dev/null &&
		echo "a change to the documentation" >README &&
		git add README && git commit -q -m docs
	)
'

test_expect_success 'after a drift, runs against stored results cry wolf' '
	cd repo && echo 15 >"$TRASH/count" &&
	git bench run --repeat 3 --baseline base -- sh bench.sh >out 2>err &&
	grep -q "^🔴 x .* REGRESSION" out
'

test_expect_success 'interleaved, the same drift cancels: STABLE, in turns A B A B' '
	cd repo && echo 15 >"$TRASH/count" &&
	git bench run --interleave --repeat 3 --baseline base \
		-- sh bench.sh >out 2>err &&
	test "$(cat "$TRASH/count")" = 21 &&
	grep "^git bench: running" err | sed "s/ [0-9a-f]\{7\} / B /" >order &&
	cat >expect <<-\EOF &&
	git bench: running the baseline B (1/3)
	git bench: running sh (1/3)
	git bench: running the baseline B (2/3)
	git bench: running sh (2/3)
	git bench: running the baseline B (3/3)
	git bench: running sh (3/3)
	EOF
	test_cmp expect order &&
	grep -q "^Baseline: $(git rev-parse --short base) (base, measured in turns with this run) · 3 runs$" out &&
	grep -q "^Current: .* · 3 runs$" out &&
	grep -q "^⚪ x .* STABLE" out &&
	# The temporary work tree is gone, and nothing was recorded.
	test $(git worktree list | wc -l) = 1 &&
	test $(git bench show --format json base | python3 -c "import json,sys; print(len(json.load(sys.stdin)[\"runs\"]))") = 3 &&
	test_must_fail git bench show HEAD >/dev/null 2>&1
'

test_expect_success 'interleaved, a real 13% slowdown is a REGRESSION' '
	cd repo && echo 113 >work && git commit -q -am slower &&
	echo 40 >"$TRASH/count" &&
	test_expect_code 1 git bench run --interleave --repeat 3 \
		--baseline base --fail-on-regression -- sh bench.sh >out 2>err &&
	grep -q "^🔴 x .* +1[23]\.[0-9][0-9]%  REGRESSION" out
'

test_expect_success 'with --confirm, both sides are measured again in turns' '
	cd repo && echo 60 >"$TRASH/count" &&
	git bench run --interleave --confirm --max-runs 4 --baseline base \
		-- sh bench.sh >out 2>err &&
	grep -q "^Confirmation: " err &&
	n=$(grep -c "^git bench: running sh" err) &&
	test "$(grep -c "^git bench: running the baseline" err)" = "$n"
'

test_expect_success 'usage: --interleave needs --baseline, not --results' '
	cd repo &&
	test_expect_code 2 git bench run --interleave -- sh bench.sh 2>err &&
	grep -q "interleave needs --baseline" err &&
	test_expect_code 2 git bench run --interleave --baseline base \
		--results x.json -- sh bench.sh 2>err &&
	grep -q "set it rather than --results" err &&
	test_expect_code 2 git bench run --interleave --baseline nosuch \
		-- sh bench.sh 2>err &&
	grep -q "nosuch" err
'

test_done
