#!/bin/sh
# git bench config: every setting, its effective value and its origin.
. "$(dirname "$0")/lib.sh"

test_setup 'a repository' '
	new_repo repo && cd repo
'

test_expect_success 'every known key is listed, with its default' '
	git bench config >out 2>err &&
	test_must_be_empty err &&
	grep -qx "default       bench.maxRegression=10" out &&
	grep -qx "default       bench.command=cargo bench" out &&
	grep -qx "unset         bench.baseline" out &&
	grep -q "^derived       bench.machine=." out &&
	for key in baseline command estimator format historyRef hookMissing \
		improvement machine maxRegression notesRef onUncertain results \
		significance warnRegression; do
		grep -q " bench.$key\(=\|$\)" out || return 1
	done
'

test_expect_success 'origins: global, repository, command line' '
	git config --global bench.warnRegression 4 &&
	git config --global bench.improvement 6 &&
	git config bench.improvement 7 &&
	git -c bench.significance=0.02 bench config >out &&
	GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=bench.onUncertain \
		GIT_CONFIG_VALUE_0=fail git bench config >out2 &&
	git config --global --unset bench.warnRegression &&
	git config --global --unset bench.improvement &&
	git config --unset bench.improvement &&
	grep -qx "global        bench.warnRegression=4" out &&
	grep -qx "repository    bench.improvement=7" out &&
	grep -qx "command line  bench.significance=0.02" out &&
	grep -qx "command line  bench.onUncertain=fail" out2
'

test_expect_success 'budgets are listed under their pattern, spelled one way' '
	git config "bench.parse*.maxregression" 3 &&
	git -c "bench.sort.maxTime=1ms" bench config >out &&
	grep -qx "repository    bench.parse\*.maxRegression=3" out &&
	grep -qx "command line  bench.sort.maxTime=1ms" out &&
	git config --unset "bench.parse*.maxregression"
'

test_expect_success 'git settings that change the output are listed when set' '
	git -c color.bench=never -c pager.bench=false bench config >out &&
	grep -qx "command line  color.bench=never" out &&
	grep -qx "command line  pager.bench=false" out &&
	git bench config >out &&
	! grep -q "^[a-z ]*color\." out
'

test_expect_success 'one key: its value, as git config --get gives it' '
	git -c bench.estimator=median bench config bench.estimator >out &&
	echo median >expect && test_cmp expect out &&
	git bench config bench.MAXREGRESSION >out &&
	echo 10 >expect && test_cmp expect out &&
	git -c bench.estimator=median bench config --show-origin bench.estimator >out &&
	printf "command line\tmedian\n" >expect && test_cmp expect out
'

test_expect_success 'one key with no value: exit 1, nothing printed' '
	test_expect_code 1 git bench config bench.baseline >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

test_expect_success 'a misspelt key is warned about, with the likely one' '
	git config bench.maxRegresion 5 &&
	git config "bench.parse.maxTme" 1ms &&
	git bench config >out 2>err &&
	grep -q "^warning: bench.maxregresion (repository) is not a git bench setting; did you mean bench.maxRegression?" err &&
	grep -q "^warning: bench.parse.maxtme (repository): a budget takes maxRegression or maxTime; did you mean maxTime?" err &&
	test_expect_code 1 git bench config bench.maxRegresion2 2>err &&
	grep -q "^warning: bench.maxRegresion2 is not a git bench setting" err
'

test_expect_success 'compare and check warn about a misspelt budget too' '
	git bench record -q "$CRITERION_BASE" &&
	commit_change two && git bench record -q "$CRITERION_BASE" &&
	git bench check --baseline HEAD~1 >out 2>err &&
	grep -q "did you mean bench.maxRegression?" err &&
	git config --unset bench.maxRegresion &&
	git config --unset "bench.parse.maxTme" &&
	git bench check --baseline HEAD~1 >out 2>err &&
	test_must_be_empty err
'

test_expect_success 'outside a repository: the user settings' '
	mkdir -p "$TRASH/norepo" && (
		cd "$TRASH/norepo" &&
		GIT_CEILING_DIRECTORIES="$TRASH" && export GIT_CEILING_DIRECTORIES &&
		git config --global bench.command "make bench" &&
		git bench config >out &&
		git config --global --unset bench.command &&
		grep -qx "global        bench.command=make bench" out
	)
'

test_expect_success 'too many arguments is a usage error' '
	test_expect_code 2 git bench config a b 2>err &&
	grep -q "^usage: git bench config" err
'

test_done
