#!/bin/sh
# The pager, colours through it, and progress: as git does them, only on
# a terminal. `script` gives the commands a terminal; the pagers here are
# commands that mark what they pass on, so nothing waits on anything.
. "$(dirname "$0")/lib.sh"

unset GIT_PAGER PAGER NO_COLOR LESS LV GIT_PAGER_IN_USE COLUMNS
export SHELL=/bin/sh TERM=xterm

# Run "$*" (one string for the shell) with a terminal for standard input, output and error; its
# output, carriage returns removed, goes to standard output.
on_tty () {
	script -qec "$*" /dev/null </dev/null >"$TRASH/.tty" 2>&1
	code=$?
	tr -d '\r' <"$TRASH/.tty"
	return $code
}

test_setup 'a history with a regression' '
	git init -q -b main repo && cd repo &&
	echo target >.gitignore && git add .gitignore &&
	git commit -q -m c1 && git tag v1 &&
	git bench record -q "$CRITERION_BASE" &&
	commit_change c2 && git bench record -q "$CRITERION_SLOW"
'

test_expect_success 'on a terminal, log goes through GIT_PAGER' '
	GIT_PAGER="sed s/^/paged:/" on_tty git bench log --commits >out &&
	grep -q "^paged:$(git rev-parse --short HEAD) " out &&
	! grep -v "^paged:" out
'

test_expect_success 'the trends go through the pager too' '
	GIT_PAGER="sed s/^/paged:/" on_tty git bench log >out &&
	grep -q "^paged:sum_of_squares  " out &&
	! grep -v "^paged:" out
'

test_expect_success 'not on a terminal: no pager' '
	GIT_PAGER="sed s/^/paged:/" git bench log --commits >out &&
	! grep -q paged: out &&
	GIT_PAGER="sed s/^/paged:/" git bench -p log --commits >out &&
	! grep -q paged: out
'

test_expect_success '--no-pager, -P, git --no-pager and pager.bench=false' '
	GIT_PAGER="sed s/^/paged:/" on_tty git bench --no-pager log --commits >out &&
	GIT_PAGER="sed s/^/paged:/" on_tty git bench -P log --commits >>out &&
	GIT_PAGER="sed s/^/paged:/" on_tty git --no-pager bench log --commits >>out &&
	GIT_PAGER="sed s/^/paged:/" on_tty git -c pager.bench=false bench log --commits >>out &&
	test $(grep -c " c2$" out) = 4 &&
	! grep -q paged: out
'

test_expect_success 'commands with short output are not paged; -p pages them' '
	GIT_PAGER="sed s/^/paged:/" on_tty git bench check --baseline v1 \
		--max-regression 50 >out &&
	! grep -q paged: out &&
	GIT_PAGER="sed s/^/paged:/" on_tty git bench -p check --baseline v1 \
		--max-regression 50 >out &&
	grep -q "^paged:" out
'

test_expect_success 'GIT_PAGER, then core.pager, then PAGER' '
	GIT_PAGER="sed s/^/git-pager:/" PAGER="sed s/^/pager:/" \
		on_tty "git -c core.pager=\"sed s/^/core:/\" bench log --commits" >out &&
	grep -q "^git-pager:" out &&
	PAGER="sed s/^/pager:/" \
		on_tty "git -c core.pager=\"sed s/^/core:/\" bench log --commits" >out &&
	grep -q "^core:" out &&
	PAGER="sed s/^/pager:/" on_tty git bench log --commits >out &&
	grep -q "^pager:" out &&
	PAGER=cat on_tty git bench log --commits >out &&
	! grep -q ":" out
'

test_expect_success 'pager.bench names a pager; git runs it, we do not run another' '
	git config pager.bench "sed s/^/bench:/" &&
	on_tty git bench log --commits >out &&
	on_tty git-bench log --commits >>out &&
	git config --unset pager.bench &&
	test $(grep -c "^bench:[0-9a-f]* .* c2$" out) = 2
'

test_expect_success 'the pager gets LESS=FRX and LV=-c unless they are set' '
	GIT_PAGER="echo \"LESS=\$LESS LV=\$LV\"; cat >/dev/null" \
		on_tty git bench log --commits >out &&
	grep -qx "LESS=FRX LV=-c" out &&
	LESS=S GIT_PAGER="echo \"LESS=\$LESS\"; cat >/dev/null" \
		on_tty git bench log --commits >out &&
	grep -qx "LESS=S" out
'

test_expect_success 'a pager that cannot start: a warning, and the output' '
	GIT_PAGER=no-such-pager-here on_tty git bench log --commits >out &&
	grep -q "^warning: cannot run the pager .no-such-pager-here." out &&
	grep -q " c2$" out
'

test_expect_success 'the exit code survives the pager' '
	GIT_PAGER="sed s/^/paged:/" test_expect_code 1 \
		on_tty git bench compare --fail-on-regression v1 >out &&
	grep -q "^paged:.*REGRESSION" out
'

test_expect_success 'colours: auto on a terminal, and through the pager' '
	esc=$(printf "\033") &&
	GIT_PAGER=cat on_tty git bench compare v1 >out &&
	grep -q "$esc\[" out &&
	GIT_PAGER="sed s/^/paged:/" on_tty git bench compare v1 >out &&
	grep -q "^paged:.*$esc\[" out &&
	GIT_PAGER="sed s/^/paged:/" on_tty git -c color.pager=false bench compare v1 >out &&
	! grep -q "$esc\[" out &&
	GIT_PAGER="sed s/^/paged:/" NO_COLOR=1 on_tty git bench compare v1 >out &&
	! grep -q "$esc\[" out &&
	git bench compare v1 >out &&
	! grep -q "$esc\[" out &&
	git -c color.bench=always bench compare v1 >out &&
	grep -q "$esc\[" out &&
	GIT_PAGER=cat on_tty git -c color.ui=never bench compare v1 >out &&
	! grep -q "$esc\[" out
'

test_expect_success 'progress only on a terminal' '
	cat >"$TRASH/bench.sh" <<-EOF &&
	mkdir -p target && cp -r "$CRITERION_BASE" target/
	EOF
	on_tty git bench run --repeat 2 -- sh "$TRASH/bench.sh" >out &&
	grep -q "Running sh: 100% (2/2), done\.$" out &&
	! grep -q "git bench: running" out &&
	git bench run --repeat 2 -- sh "$TRASH/bench.sh" >out 2>err &&
	grep -q "^git bench: running sh (2/2)$" err &&
	! grep -q "%" err
'

test_expect_success 'fsck draws its progress the same way, on a terminal only' '
	on_tty git bench fsck >out &&
	grep -q "Checking notes: 100% (2/2), done\.$" out &&
	grep -q "^Checked .* no problems" out &&
	git bench fsck >out 2>err &&
	! grep -q Checking err
'

test_done
