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

test_done
