#!/bin/sh
# bash completion: git's completion script with ours, as bash runs them for
# `git bench <TAB>`; and the lists it offers against what the program says.
. "$(dirname "$0")/lib.sh"

GIT_COMPLETION=/usr/share/bash-completion/completions/git
OURS="$GB_SOURCE_DIR/completions/git-bench.bash"
if ! command -v bash >/dev/null || [ ! -f "$GIT_COMPLETION" ]; then
	say "# skipped: needs bash and git's completion ($GIT_COMPLETION)"
	exit 77
fi

# complete "<command line>" prints the candidates bash would offer, one a
# line, as git's completion leaves them in COMPREPLY (trailing space and
# all). With LOADER set, bash-completion's loader finds our file by name.
# The line starts with git, or with git-bench (the function bash calls
# for it is git's wrapper of _git_bench).
cat >"$TRASH/complete.bash" <<'SCRIPT'
command=${1%% *}
case $command in
git) wrapper=__git_wrap__git_main ;;
git-bench) wrapper=__git_wrap_git_bench ;;
*) exit 4 ;;
esac
if [ -n "${LOADER:-}" ]; then
	# The loader answers 124, "completion loaded, try again".
	. "$LOADER" && { _completion_loader "$command"; true; }
else
	. "$GIT_COMPLETION" && . "$OURS"
fi && [ "$(type -t $wrapper)" = function ] || exit 3
[ "$(complete -p "$command")" = "complete -o bashdefault -o default -o nospace -F $wrapper $command" ] || exit 5
COMP_LINE="$1"
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<<"$COMP_LINE"
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
$wrapper
for c in "${COMPREPLY[@]}"; do printf '%s|\n' "$c"; done
SCRIPT
export GIT_COMPLETION OURS

complete () {
	bash "$TRASH/complete.bash" "$1"
}

# The options -h lists for a command, as completion spells them:
# "--label=" for one that takes a value, "--quiet" for one that does not,
# "--progress" and "--no-progress" for "--[no-]progress".
options_of () {
	git bench "$1" -h | sed -n 's/^    \(-.*\)/\1/p' | sed 's/   .*//' |
	sed 's/--\[no-\]\([a-z-]*\)/--\1, --no-\1/' |
	tr ',' '\n' | sed -n 's/^ *\(--[a-z-]*\) <.*/\1=/p; s/^ *\(--[a-z-]*\)$/\1/p' |
	sort
}

test_setup 'a repository with recorded results' '
	git init -q -b main repo && cd repo &&
	echo target >.gitignore && git add .gitignore &&
	git commit -q -m c1 && git tag v0.1.0 &&
	git bench record -q "$CRITERION_BASE" &&
	commit_change c2
'

test_expect_success 'commands: git bench co offers compact, compare and config' '
	complete "git bench co" >out &&
	printf "compact |\ncompare |\nconfig |\n" >expect &&
	test_cmp expect out
'

test_expect_success 'every command of git bench -h is offered, and no other' '
	complete "git bench " | sed "s/ |$//" | sort >offered &&
	git bench -h | sed -n "s/^    \([a-z][a-z-]*\)  .*/\1/p" | sort >commands &&
	if ! test_cmp commands offered; then
		say "the command list of completions/git-bench.bash differs from git bench -h (see above)" >&2
		false
	fi
'

test_expect_success 'options: git bench compare --fo offers --format=' '
	complete "git bench compare --fo" >out &&
	echo "--format=|" >expect &&
	test_cmp expect out
'

test_expect_success 'every command: the options offered are those of -h' '
	bad= &&
	for cmd in $(cat commands); do
		options_of $cmd >want &&
		complete "git bench $cmd --" | sed "s/ *|$//" | sort >got &&
		for opt in $(comm -23 want got); do
			say "completion does not offer git bench $cmd $opt: add it for $cmd in __git_bench_options (completions/git-bench.bash)" >&2
			bad=1
		done &&
		for opt in $(comm -13 want got); do
			say "completion offers git bench $cmd $opt, which -h does not list" >&2
			bad=1
		done
	done &&
	test -z "$bad"
'

test_expect_success 'benchmark names for --bench, from the recorded runs' '
	complete "git bench compare --bench su" >out &&
	echo "sum_of_squares |" >expect &&
	test_cmp expect out &&
	complete "git bench check --bench=fibonacci/r" >out &&
	printf "fibonacci/recursive/10 |\nfibonacci/recursive/20 |\n" >expect &&
	test_cmp expect out &&
	complete "git bench run --bench " >out &&
	test $(wc -l <out) = 8
'

test_expect_success 'revisions for baselines, commits and --baseline' '
	complete "git bench compare v0" >out &&
	echo "v0.1.0 |" >expect &&
	test_cmp expect out &&
	complete "git bench check --baseline ma" >out &&
	echo "main |" >expect &&
	test_cmp expect out &&
	complete "git bench show " >out &&
	grep -q "^HEAD |$" out && grep -q "^v0.1.0 |$" out
'

test_expect_success 'git-bench typed with a dash completes as git bench does' '
	complete "git-bench co" >out &&
	printf "compact |\ncompare |\nconfig |\n" >expect &&
	test_cmp expect out &&
	complete "git-bench compare --bench su" >out &&
	echo "sum_of_squares |" >expect &&
	test_cmp expect out &&
	complete "git-bench check --baseline v0" >out &&
	echo "v0.1.0 |" >expect &&
	test_cmp expect out &&
	complete "git-bench hook un" >out &&
	echo "uninstall |" >expect &&
	test_cmp expect out
'

test_expect_success 'remotes for push, pull and status; ranges for report' '
	git remote add origin "$TRASH/nowhere.git" &&
	git remote add other "$TRASH/elsewhere.git" &&
	complete "git bench push o" >out &&
	printf "origin |\nother |\n" >expect &&
	test_cmp expect out &&
	complete "git bench status --fetch or" >out &&
	echo "origin |" >expect &&
	test_cmp expect out &&
	complete "git bench report v0.1.0..ma" >out &&
	echo "v0.1.0..main |" >expect &&
	test_cmp expect out &&
	complete "git bench export --format " | sort >out &&
	printf "csv |\njson |\nopenmetrics |\n" >expect &&
	test_cmp expect out
'

# The formats a command takes, as its -h says them (from the registry of
# output formats), one a line as completion offers them.
formats_of () {
	git bench "$1" -h | sed -n "s/^ *--format <format> *//p" |
		sed "s/ (default)//; s/, / /g; s/ or / /" | tr " " "\n" |
		sed "s/\$/ |/" | sort
}

test_expect_success 'values: formats per command, estimators, hook commands' '
	for cmd in compare check run log show bisect export; do
		formats_of $cmd >expect &&
		test $(wc -l <expect) -ge 2 &&
		complete "git bench $cmd --format " | sort >out &&
		test_cmp expect out || return 1
	done &&
	printf "csv |\njson |\nmarkdown |\ntext |\n" >expect &&
	formats_of compare >out &&
	test_cmp expect out &&
	complete "git bench show --format=" | sort >out &&
	printf "json |\ntext |\n" >expect &&
	test_cmp expect out &&
	complete "git bench record --format go" | sort >out &&
	printf "go |\ngoogle-benchmark |\n" >expect &&
	test_cmp expect out &&
	complete "git bench check --estimator m" >out &&
	printf "mean |\nmedian |\n" >expect &&
	test_cmp expect out &&
	complete "git bench hook " >out &&
	printf "install |\nuninstall |\npre-push |\n" >expect &&
	test_cmp expect out
'

test_expect_success 'record --format offers every format record -h lists' '
	git bench record -h | sed -n "/^Formats/,/^[^ ]/p" | sed "1d;\$d" |
		tr -s ", " "\n\n" | sed "/^\$/d" >names &&
	test $(wc -l <names) -ge 25 &&
	{ echo auto; cat names; } | sed "s/\$/ |/" | sort >expect &&
	complete "git bench record --format " | sort >out &&
	test_cmp expect out &&
	complete "git bench baseline --format=" | sort >out &&
	test_cmp expect out
'

test_expect_success 'settings for git bench config: those it lists' '
	complete "git bench config bench.maxR" >out &&
	echo "bench.maxRegression |" >expect &&
	test_cmp expect out &&
	complete "git bench config " | sed "s/ |$//" | sort >offered &&
	git bench config | sed -n "s/^[a-z ]*  \(bench\.[A-Za-z]*\).*/\1/p" |
		sort >settings &&
	test_cmp settings offered
'

test_expect_success 'after run -- and for record paths: the shell completes files' '
	complete "git bench run -- car" >out &&
	test_must_be_empty out &&
	complete "git bench record tar" >out &&
	test_must_be_empty out
'

test_expect_success 'hostile names are quoted, never run' '
	cat >"$TRASH/hostile.json" <<-\JSON &&
	[ { "name": "x$(touch pwned)", "unit": "ns", "value": 1 },
	  { "name": "x`touch pwned2`", "unit": "ns", "value": 1 },
	  { "name": "x with spaces", "unit": "ns", "value": 1 } ]
	JSON
	git bench record -q --commit HEAD "$TRASH/hostile.json" &&
	complete "git bench compare --bench x" >out &&
	test ! -e pwned && test ! -e pwned2 &&
	grep -qF "x\\\$\\(touch\\ pwned\\) |" out &&
	grep -qF "x\\ with\\ spaces |" out
'

test_expect_success 'git bench names: one a line, nearest measured commit' '
	git bench names HEAD~1 >out &&
	test $(wc -l <out) = 8 &&
	grep -qx "sum_of_squares" out &&
	commit_change c3 &&
	git bench names >out &&
	grep -qx "x with spaces" out &&
	new_repo "$TRASH/empty" &&
	(cd "$TRASH/empty" && test_expect_code 1 git bench names >out 2>err) &&
	test_must_be_empty "$TRASH/empty/out" &&
	test_must_be_empty "$TRASH/empty/err"
'

test_expect_success 'bash-completion loads our file by its installed name' '
	loader=/usr/share/bash-completion/bash_completion &&
	if [ ! -f $loader ]; then
		say "# bash-completion is not installed; skipping this check"
		return 0
	fi &&
	mkdir -p "$TRASH/share/bash-completion/completions" &&
	cp "$OURS" "$TRASH/share/bash-completion/completions/git-bench" &&
	XDG_DATA_DIRS="$TRASH/share:/usr/share" LOADER=$loader \
		complete "git bench co" >out &&
	printf "compact |\ncompare |\nconfig |\n" >expect &&
	test_cmp expect out &&
	XDG_DATA_DIRS="$TRASH/share:/usr/share" LOADER=$loader \
		complete "git-bench co" >out &&
	test_cmp expect out
'

test_done
