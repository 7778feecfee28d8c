#!/bin/sh
# zsh completion: an interactive zsh (driven through zsh/zpty) completes
# `git bench ...` through zsh's own _git and our _git-bench; and each
# command's options in _git-bench are those its -h lists.
. "$(dirname "$0")/lib.sh"

OURS="$GB_SOURCE_DIR/completions/_git-bench"
if ! command -v zsh >/dev/null; then
	say "# skipped: zsh is not installed"
	exit 77
fi

# Each line of standard input is typed into zsh followed by TAB; the
# command line as completion left it is printed, one a line.
cat >"$TRASH/drive.zsh" <<'SCRIPT'
zmodload zsh/zpty || exit 3
zpty z 'zsh -f -i'
zpty -w z "PS1='%% '; fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -D; setopt nobeep"
while IFS= read -r typed; do
	zpty -w -n z "$typed"$'\t\C-a'"print -r -- 'RESULT:"$'\C-e'"'"$'\n'
	# Whole lines only: what print wrote starts one; zle's echo of the
	# command typed does not.
	buf=
	while zpty -r z chunk; do
		buf+=$chunk
		[[ $buf == *$'\n' ]] || continue
		lines=("${(@f)${buf//$'\r'/}}")
		buf=
		for line in $lines; do
			if [[ $line == RESULT:* ]]; then
				print -r -- "${line#RESULT:}"
				break 2
			fi
		done
	done
done
zpty -d z
SCRIPT

test_setup 'a repository with recorded results and a remote' '
	git init -q -b main repo && cd repo &&
	echo target >.gitignore && git add .gitignore &&
	git commit -q -m c1 && git tag v0.1.0 &&
	git bench record -q "$CRITERION_BASE" &&
	git remote add origin "$TRASH/nowhere.git" &&
	mkdir "$TRASH/fpath" && cp "$OURS" "$TRASH/fpath/_git-bench"
'

test_expect_success 'commands, options, names, revisions, settings, remotes' '
	cat >typed <<-\EOF &&
	git bench compar
	git bench --no-p
	git bench compare --bench su
	git bench check --any-m
	git bench check --baseline v0.1
	git bench config bench.maxR
	git bench hook un
	git bench push or
	git-bench show v0.1
	EOF
	TERM=dumb timeout 60 zsh -f "$TRASH/drive.zsh" "$TRASH/fpath" <typed >out &&
	cat >expect <<-\EOF &&
	git bench compare
	git bench --no-pager
	git bench compare --bench sum_of_squares
	git bench check --any-machine
	git bench check --baseline v0.1.0
	git bench config bench.maxRegression
	git bench hook uninstall
	git bench push origin
	git-bench show v0.1.0
	EOF
	test_cmp expect out
'

# The lines of _git-bench that describe command $1's arguments: its case
# branch, and the options compare, check and run share when it uses them.
zsh_spec () {
	awk -v cmd="$1" '
		/^  cmp=\(/ { in_cmp = 1 }
		in_cmp { cmp = cmp $0 "\n"; if ($0 ~ /^  \)/) in_cmp = 0; next }
		/^    \([a-z|*-]*\)$/ {
			label = $0; gsub(/[ ()]/, "", label)
			n = split(label, alts, "|"); in_cmd = 0
			for (i = 1; i <= n; i++) if (alts[i] == cmd) in_cmd = 1
			next
		}
		in_cmd { print; if ($0 ~ /\$cmp/) printf "%s", cmp
			if ($0 ~ /;;/) in_cmd = 0 }
	' "$OURS"
}

test_expect_success 'every command and option of -h is in _git-bench' '
	git bench -h | sed -n "s/^    \([a-z][a-z-]*\)  .*/\1/p" >commands &&
	bad= &&
	for cmd in $(cat commands); do
		grep -q "^    .$cmd:" "$OURS" || {
			say "_git-bench does not list the command $cmd (completions/_git-bench)" >&2
			bad=1
		}
		zsh_spec $cmd >spec &&
		for opt in $(git bench $cmd -h | sed -n "s/^    \(-[^ ].*\)/\1/p" |
				sed "s/   .*//; s/ <[^>]*>//g" |
				sed "s/--\[no-\]\([a-z-]*\)/--\1, --no-\1/" |
				tr "," "\n" | sed "s/^ *//; s/ .*//"); do
			grep -q -- "$opt[]=+,[}]" spec && continue
			say "_git-bench does not complete git bench $cmd $opt: add it in the ($cmd) branch of completions/_git-bench" >&2
			bad=1
		done
	done &&
	test -z "$bad"
'

test_done
