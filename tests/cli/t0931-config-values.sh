#!/bin/sh
# Settings git-bench reads beside the plain bench.<key> ones, and values
# it refuses: each error names the setting it came from.
. "$(dirname "$0")/lib.sh"

test_setup 'a repository with two measured commits' '
	new_repo repo && cd repo &&
	git bench record -q "$CRITERION_BASE" &&
	commit_change two && git bench record -q "$CRITERION_BASE"
'

test_expect_success 'a measure command and a machine alias are not budgets' '
	git config bench.measure.hot.command true &&
	git config bench.machine.k1.alias "CI Linux" &&
	git bench config >out 2>err &&
	test_must_be_empty err &&
	git bench config bench.measure.hot.command >out 2>err &&
	test_must_be_empty err && echo true >expect && test_cmp expect out &&
	git bench compare HEAD~1 >out 2>err &&
	test_must_be_empty err &&
	git bench check --baseline HEAD~1 >out 2>err &&
	test_must_be_empty err &&
	git config --unset bench.measure.hot.command &&
	git config --unset bench.machine.k1.alias
'

test_expect_success 'a misspelt measure command or alias gets the key it meant' '
	git -c bench.measure.hot.comand=true -c bench.machine.k1.alais=x \
		-c bench.measure.hot.run=true bench config >out 2>err &&
	grep -qx "warning: bench.measure.hot.comand (command line) is not a git bench setting; did you mean bench.measure.hot.command?" err &&
	grep -qx "warning: bench.machine.k1.alais (command line) is not a git bench setting; did you mean bench.machine.k1.alias?" err &&
	grep -qx "warning: bench.measure.hot.run (command line) is not a git bench setting; .git help bench. lists them" err &&
	test $(wc -l <err) -eq 3
'

test_expect_success 'a bad bench.format is named, before the command runs' '
	refs_state >before &&
	test_expect_code 2 git -c bench.format=nosuch bench record \
		"$CRITERION_BASE" 2>err &&
	grep -q "^error: bench.format: unknown format .nosuch. (known: " err &&
	test_one_line err &&
	test_expect_code 2 git -c bench.format=nosuch \
		-c bench.command="echo ran >ran" bench run 2>err &&
	grep -q "^error: bench.format: unknown format .nosuch." err &&
	test_one_line err &&
	! test -e ran &&
	test_expect_code 2 git -c bench.format=nosuch bench compare \
		--working "$CRITERION_BASE" --baseline HEAD~1 2>err &&
	grep -q "^error: bench.format: unknown format .nosuch." err &&
	refs_state >after && test_cmp before after
'

test_expect_success 'record --format names no setting' '
	test_expect_code 2 git bench record --format nosuch "$CRITERION_BASE" \
		2>err &&
	grep -q "^error: unknown format .nosuch. (known: " err
'

test_expect_success 'an empty value of a setting that names something is an error' '
	refs_state >before &&
	test_expect_code 2 git -c bench.machine= bench record \
		"$CRITERION_BASE" >out 2>err &&
	echo "error: bench.machine: the value is empty (unset it for the default)" >expect &&
	test_cmp expect err && test_must_be_empty out &&
	test_expect_code 2 git -c bench.command= bench run 2>err &&
	echo "error: bench.command: the value is empty (unset it for the default)" >expect &&
	test_cmp expect err &&
	test_expect_code 2 git -c bench.results= bench record 2>err &&
	echo "error: bench.results: the value is empty (unset it for the default)" >expect &&
	test_cmp expect err &&
	test_expect_code 2 git -c bench.measure.hot.command= bench measure \
		--record 2>err &&
	echo "error: bench.measure.hot.command: the value is empty" >expect &&
	test_cmp expect err &&
	refs_state >after && test_cmp before after
'

test_expect_success 'bench.command empty is no error for a command given' '
	printf "[{\"name\": \"x\", \"unit\": \"ns\", \"value\": 5}]\n" >r.json &&
	git -c bench.command= bench run --results r.json -- true >out 2>err ||
	{ cat err; false; }
'

test_expect_success 'a colour setting git would refuse is an error naming it' '
	test_expect_code 2 git -c color.bench=sometimes bench show >out 2>err &&
	echo "error: bad config value '"'"'sometimes'"'"' for '"'"'color.bench'"'"' (auto, always or never)" >expect &&
	test_cmp expect err && test_must_be_empty out &&
	test_expect_code 2 git -c color.ui=sometimes bench log 2>err &&
	grep -qx "error: bad config value .sometimes. for .color.ui. (auto, always or never)" err &&
	test_expect_code 2 git -c color.pager=maybe bench show 2>err &&
	grep -qx "error: bad boolean config value .maybe. for .color.pager." err &&
	for v in auto always never true false yes off 1 0 ALWAYS; do
		git -c color.bench=$v -c color.ui=$v bench show >out 2>err &&
		test_must_be_empty err || return 1
	done
'

test_expect_success 'pull of a URL says what pull takes' '
	refs_state >before &&
	test_expect_code 2 git bench pull http://127.0.0.1:1/x.git 2>err &&
	echo "error: '"'"'http://127.0.0.1:1/x.git'"'"' is a URL; pull takes a remote'"'"'s name or a bundle file" >expect &&
	test_cmp expect err &&
	test_expect_code 2 git bench fetch https://example.com/x.git 2>err &&
	test_one_line err && grep -q "is a URL; pull takes" err &&
	test_expect_code 2 git bench pull no/such.bundle 2>err &&
	grep -qx "error: no bundle file .no/such.bundle." err &&
	refs_state >after && test_cmp before after
'

test_expect_success 'bisect-check says a bad setting before it measures' '
	commit_change three &&
	refs_state >before &&
	test_expect_code 128 git -c bench.command= bench bisect-check \
		--bench fibonacci/iterative/10 --good HEAD~1 2>err &&
	echo "error: bench.command: the value is empty (unset it for the default)" >expect &&
	test_cmp expect err &&
	test_expect_code 128 git -c bench.format=nosuch \
		-c bench.command="echo ran >ran" bench bisect-check \
		--bench fibonacci/iterative/10 --good HEAD~1 2>err &&
	grep -q "^error: bench.format: unknown format .nosuch." err &&
	! test -e ran &&
	refs_state >after && test_cmp before after
'

test_expect_success 'config lists a value a command would refuse with a warning naming it' '
	git -c bench.maxRegression=abc -c bench.summaries=perhaps \
		-c bench.hookMissing=x -c bench.sort.maxTime=fast \
		bench config >out 2>err &&
	grep -q "^warning: bench.maxRegression: .abc. is not a number$" err &&
	grep -q "^warning: bench.summaries: .perhaps. is not a boolean$" err &&
	grep -q "^warning: bench.hookMissing: .x. is not warn, fail or run$" err &&
	grep -q "^warning: bench.sort.maxTime: .fast. is not a duration$" err &&
	grep -q "bench.maxRegression=abc" out &&
	git bench config >out 2>err &&
	! grep -q "is not" err
'

test_done
