#!/bin/sh
# The manual page git-bench(1): renders without warnings, documents every
# command, every option that -h prints and every setting, and is what
# `git bench --help` opens.
. "$(dirname "$0")/lib.sh"

if [ -z "${GB_MANPAGE:-}" ]; then
	say "# skipped: the build has no manual page (scdoc was not found)"
	exit 77
fi
SCD="$GB_SOURCE_DIR/docs/git-bench.1.scd"

test_setup 'man renders the page' '
	command -v man >/dev/null || {
		say "man is not installed (Debian: man-db)" >&2; false
	} &&
	MANWIDTH=1000 man -l "$GB_MANPAGE" >"$TRASH/page.txt" 2>/dev/null &&
	grep -q "git-bench - benchmark results kept in git" "$TRASH/page.txt"
'

# The text of section $1 ("COMMANDS") or, with $2, of its subsection $2.
section () {
	awk -v sec="$1" -v want="${2:-}" '
		/^[A-Z]/ { in_sec = ($0 == sec); in_sub = (want == ""); next }
		in_sec && /^   [^ ]/ { name = $0; sub(/^ +/, "", name);
			in_sub = (want == "" || name == want); next }
		in_sec && in_sub { print }
	' "$TRASH/page.txt"
}

# Whether option $2 (-n or --name) is a word of the text in file $1.
has_option () {
	grep -Eq -- "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|\$)" "$1"
}

# The options a -h output lists: "-l, --label <label>" gives -l and --label,
# "--[no-]progress" --progress and --no-progress.
options_of () {
	sed -n 's/^    \(-[^ ].*\)/\1/p' | sed 's/   .*//; s/ <[^>]*>//g' |
	sed 's/--\[no-\]\([a-z-]*\)/--\1, --no-\1/' |
	tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep '^-'
}

test_expect_success 'no warnings from man (groff)' '
	MANWIDTH=80 man --warnings -l "$GB_MANPAGE" >/dev/null 2>warnings &&
	test_must_be_empty warnings
'

test_expect_success 'every command of git bench -h has its subsection' '
	git bench -h | sed -n "s/^    \([a-z][a-z-]*\)  .*/\1/p" >commands &&
	test -s commands &&
	missing= &&
	for cmd in $(cat commands); do
		section COMMANDS "$cmd" >text &&
		test -s text || missing="$missing $cmd"
	done &&
	if [ -n "$missing" ]; then
		for cmd in $missing; do
			say "git bench $cmd is not documented: add \"## $cmd\" under \"# COMMANDS\" in docs/git-bench.1.scd" >&2
		done
		false
	fi
'

test_expect_success 'every option of every command is documented under it' '
	bad= &&
	for cmd in $(cat commands); do
		git bench $cmd -h >usage &&
		section COMMANDS "$cmd" >text &&
		for opt in $(options_of <usage); do
			has_option text "$opt" && continue
			say "git bench $cmd $opt is not in the man page: document it under \"## $cmd\" in docs/git-bench.1.scd" >&2
			bad=1
		done
	done &&
	test -z "$bad"
'

test_expect_success 'the global options are documented' '
	git bench -h | sed -n "1,/^$/p" >usage &&
	section "GLOBAL OPTIONS" >text &&
	bad= &&
	for opt in $(grep -o -- "--*[a-zA-Z][a-z-]*" usage); do
		has_option text "$opt" && continue
		say "git bench $opt is not in the man page: document it under \"# GLOBAL OPTIONS\" in docs/git-bench.1.scd" >&2
		bad=1
	done &&
	test -z "$bad"
'

test_expect_success 'every setting is documented with its default' '
	new_repo repo && (
		cd repo &&
		git bench config
	) >settings &&
	section CONFIGURATION >text &&
	bad= &&
	while read -r origin key; do
		case "$origin" in
		default)
			want="${key%%=*} (default: ${key#*=})" ;;
		unset|derived)
			want="${key%%=*} (unset by default)" ;;
		*)
			continue ;;
		esac
		grep -qF "       $want" text && continue
		say "setting ${key%%=*} is not in the man page as \"$want\": document it under \"# CONFIGURATION\" in docs/git-bench.1.scd" >&2
		bad=1
	done <settings &&
	test -z "$bad" &&
	grep -q "^       bench.<pattern>.maxRegression$" text &&
	grep -q "^       bench.<pattern>.maxTime$" text
'

test_expect_success 'exit status, files and environment are there' '
	for sec in "EXIT STATUS" FILES ENVIRONMENT EXAMPLES "SEE ALSO"; do
		section "$sec" >text && test -s text || {
			say "no section $sec" >&2; return 1
		}
	done &&
	section FILES >text &&
	grep -q "refs/notes/benchmarks" text &&
	grep -q "runs/<YYYY>/<MM>/<DD>/<run id>" text &&
	section ENVIRONMENT >text &&
	for var in NO_COLOR GIT_PAGER PAGER GIT_DIR; do
		grep -q "^       .*$var" text || return 1
	done
'

test_expect_success 'git bench --help and git help bench open the page' '
	MANPATH="$GB_BUILD_DIR/man" MANPAGER=cat MANWIDTH=80 \
		git bench --help >out 2>err &&
	grep -q "git-bench - benchmark results kept in git" out &&
	MANPATH="$GB_BUILD_DIR/man" MANPAGER=cat MANWIDTH=80 \
		git help bench >out 2>err &&
	grep -q "^EXIT STATUS" out &&
	# As git: git bench help <command>, git bench <command> --help.
	MANPATH="$GB_BUILD_DIR/man" MANPAGER=cat MANWIDTH=80 \
		git bench help compare >out 2>err &&
	grep -q "git-bench - benchmark results kept in git" out &&
	MANPATH="$GB_BUILD_DIR/man" MANPAGER=cat MANWIDTH=80 \
		git bench log --help >out 2>err &&
	grep -q "git-bench - benchmark results kept in git" out &&
	test_expect_code 2 git bench help nosuch 2>err &&
	grep -q "^error: .nosuch. is not a git bench command" err
'

test_expect_success 'the page says which version it documents' '
	version=$(git bench --version | sed "s/.* //") &&
	grep -q "git-bench $version" "$TRASH/page.txt"
'

test_done
