# bash completion for git bench                          -*- shell-script -*-
#
# git's own completion calls _git_bench for `git bench ...`; when it is not
# defined yet, bash-completion loads this file by its name, git-bench, from
# share/bash-completion/completions. It completes commands, options,
# revisions, setting names, and benchmark names for --bench (from
# `git bench names`, the names recorded at HEAD).
#
# The lists below are checked against `git bench <command> -h` by the test
# suite (tests/cli/t0910-completion.sh): a command or an option added to the
# program and not here fails it.

__git_bench_commands="baseline bisect bisect-check bundle check compact compare
config export fetch forget fsck hook log measure names prune pull push record
report run show status"

__git_bench_global_options="--help --version --paginate --no-pager --ascii"

# Options of each command; a trailing = marks those that take a value.
__git_bench_options ()
{
	case "$1" in
	record)
		echo "--label= --commit= --format= --output-format= --allow-dirty
		      --all --quiet" ;;
	baseline)
		echo "--version= --commit= --format= --output-format= --allow-dirty
		      --all --quiet" ;;
	show)
		echo "--bench= --measure= --format= --samples" ;;
	log)
		echo "--bench= --measure= --max-count= --changed --window= --format=
		      --estimator= --any-machine --machine= --commits" ;;
	bisect)
		echo "--bench= --measure= --run --max-regression= --estimator= --any-machine
		      --machine= --format=" ;;
	bisect-check)
		echo "--bench= --measure= --good= --no-run --improvement --max-regression=
		      --estimator= --any-machine --machine=" ;;
	prune)
		echo "--keep= --older-than= --labelled --rewrite --dry-run" ;;
	compare)
		echo "--bench= --measure= --max-regression= --estimator= --any-machine
		      --format= --fail-on-regression --working --baseline= --current=
		      --stepwise --machines=" ;;
	check)
		echo "--baseline= --bench= --measure= --max-regression= --estimator=
		      --any-machine --format= --accept= --quiet" ;;
	run)
		echo "--bench= --measure= --repeat= --baseline= --max-regression=
		      --estimator= --fail-on-regression --interleave --confirm --max-runs=
		      --max-time= --record --results= --any-machine --format=" ;;
	measure)
		echo "--name= --repeat= --instructions --record" ;;
	config)
		echo "--show-origin --format=" ;;
	names)
		echo "--format=" ;;
	fsck)
		echo "--repair" ;;
	push|compact)
		echo "--verbose --max-attempts= --quiet --progress --no-progress" ;;
	pull|fetch)
		echo "--verbose --quiet --progress --no-progress --bundle=" ;;
	bundle)
		echo "--quiet --progress --no-progress" ;;
	status)
		echo "--fetch --format= --verbose" ;;
	report)
		echo "--output= --bench= --measure= --machine= --any-machine --estimator=
		      --baseline= --window= --title= --quiet" ;;
	export)
		echo "--format= --bench= --measure= --machine= --push-gateway= --job=
		      --branch=" ;;
	esac
}

__git_bench_formats ()
{
	case "$1" in
	record|baseline)
		echo "auto criterion google-benchmark hyperfine go
		      pytest-benchmark catch2 cargo-criterion libtest-json bencher generic
		      baseline-json benchmarkjs benchmark-ips ruby-benchmark
		      benchmark-harness vitest tinybench bmf jmh benchmarkdotnet
		      benchmarktools asv iai iai-callgrind cachegrind
		      custom-smaller-is-better custom-bigger-is-better" ;;
	show|bisect|status|names|config)
		echo "text json" ;;
	export)
		echo "csv json openmetrics" ;;
	*)
		echo "text markdown json csv" ;;
	esac
}

__git_bench_settings="bench.baseline bench.changePointMagnitude
bench.changePointPValue bench.changePointWindow bench.command bench.estimator
bench.format bench.historyRef bench.hookMissing bench.improvement
bench.machine bench.maxMemory bench.maxRegression bench.notesRef bench.onUncertain
bench.remote bench.remoteHistoryRef bench.results bench.significance
bench.summaries bench.warnRegression"

# Benchmark names recorded at HEAD matching $1, one candidate each. Names
# come from results files and remotes: they are matched as plain text and
# quoted for the shell, never evaluated.
__git_bench_complete_names ()
{
	local cur_="$1" name IFS=$'\n' i=${#COMPREPLY[@]} colon=

	# bash replaces only what follows the last ':' of the word (pytest
	# names have '::'), so the candidates must start there too.
	if [[ "$cur_" == *:* && "${COMP_WORDBREAKS-}" == *:* ]]; then
		colon="${cur_%"${cur_##*:}"}"
	fi
	for name in $(__git bench names 2>/dev/null); do
		case "$name" in
		*[!A-Za-z0-9_./:@%+,-]*)
			printf -v name '%q' "$name" ;;
		esac
		if [[ "$name" == "$cur_"* ]]; then
			COMPREPLY[i++]="${name#"$colon"} "
		fi
	done
}

# The value of option $1 (without the =) for command $2; returns 1 when
# the option takes no value we can complete.
__git_bench_complete_value ()
{
	local opt="$1" command="$2" cur_="$3"

	case "$opt" in
	--bench|--accept)
		COMPREPLY=()
		__git_bench_complete_names "$cur_" ;;
	--format|-f)
		__gitcomp "$(__git_bench_formats "$command")" "" "$cur_" ;;
	--output-format)
		__gitcomp "text json" "" "$cur_" ;;
	--estimator)
		__gitcomp "mean median" "" "$cur_" ;;
	--baseline|--commit|--good|--current)
		__git_complete_refs --cur="$cur_" ;;
	--measure|--name|--label|-l|--version|--max-regression|--repeat|-n|--max-count|\
	--max-attempts|--machine|--title|--keep|--older-than)
		# Free text: nothing to offer, and no file names either.
		COMPREPLY=() ;;
	--results|--output|-o|--bundle)
		# Files, by bash's own completion.
		COMPREPLY=() ;;
	*)
		return 1 ;;
	esac
	return 0
}

_git_bench ()
{
	local command cmd_idx c=$((${__git_cmd_idx:-1} + 1))

	# The first word after `bench` that is not a global option.
	while [ $c -lt $cword ]; do
		case "${words[c]}" in
		-*) ;;
		*) command="${words[c]}"; cmd_idx=$c; break ;;
		esac
		((c++))
	done

	if [ -z "$command" ]; then
		case "$cur" in
		-*) __gitcomp "$__git_bench_global_options" ;;
		*) __gitcomp "$__git_bench_commands" ;;
		esac
		return
	fi

	# After `run ... --` comes the benchmark command: leave it to bash.
	for ((c = c + 1; c < cword; c++)); do
		[ "${words[c]}" = "--" ] && case "$command" in
			run|bisect|bisect-check) return ;;
		esac
	done

	case "$cur" in
	--*=*)
		__git_bench_complete_value "${cur%%=*}" "$command" "${cur#*=}" &&
			return ;;
	esac
	__git_bench_complete_value "$prev" "$command" "$cur" && return

	case "$cur" in
	--*)
		__gitcomp "$(__git_bench_options "$command")"
		return ;;
	esac

	case "$command" in
	hook)
		[ $cword -eq $((cmd_idx + 1)) ] &&
			__gitcomp "install uninstall pre-push" ;;
	bundle)
		# create, then a file (bash completes file names), then a range.
		if [ $cword -eq $((cmd_idx + 1)) ]; then
			__gitcomp "create"
		elif [ $cword -eq $((cmd_idx + 2)) ]; then
			COMPREPLY=()
		else
			__git_complete_revlist
		fi ;;
	config)
		__gitcomp "$__git_bench_settings" ;;
	record|baseline)
		# A results file or directory: bash completes file names.
		COMPREPLY=() ;;
	names|show|forget|compare|check|bisect)
		__git_complete_refs ;;
	log|report|export)
		# A range: A..B, A.., ..B or a revision.
		__git_complete_revlist ;;
	push|pull|fetch|status|compact)
		__gitcomp_nl "$(__git_remotes)" ;;
	esac
}

# `git-bench ...` typed as a command of its own (git runs git-bench for
# `git bench`, and it is on PATH): git's completion wraps _git_bench as it
# wraps a function for an alias. bash-completion loads this file by the
# command's name, before git's completion may have been loaded: load it.
if ! declare -F __git_complete >/dev/null 2>&1 &&
   declare -F _completion_loader >/dev/null 2>&1; then
	_completion_loader git >/dev/null 2>&1
fi
if declare -F __git_complete >/dev/null 2>&1; then
	__git_complete git-bench _git_bench
fi
