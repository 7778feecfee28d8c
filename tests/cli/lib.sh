# Test library for the end-to-end tests, in the manner of git's t/test-lib.sh.
#
# Each test script sources this file, then runs steps with
#   test_expect_success 'what it checks' '
#       commands &&
#       more commands
#   '
# and ends with test_done. Every script runs in its own scratch directory
# with a private HOME, no system git config, and UTC.

set -u

: "${GB_BUILD_DIR:?run the tests through ctest}"
: "${GB_FIXTURES:?run the tests through ctest}"
: "${GB_SOURCE_DIR:?run the tests through ctest}"

TEST_NAME=$(basename "$0" .sh)
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/gb-$TEST_NAME.XXXXXX") || exit 1
export HOME="$TRASH/.home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1
export GIT_AUTHOR_NAME='A U Thor' GIT_AUTHOR_EMAIL='author@example.com'
export GIT_COMMITTER_NAME='C O Mitter' GIT_COMMITTER_EMAIL='committer@example.com'
export GIT_PAGER=cat PAGER=cat
unset GIT_DIR GIT_WORK_TREE GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT 2>/dev/null
# `git bench` runs our git-bench.
export PATH="$GB_BUILD_DIR:$PATH"
# A version manager's python3 (pyenv's shim) is a shell script that runs
# several more before the interpreter: 0.3 s a call, against 0.07 s for
# the interpreter itself, and the tests call it hundreds of times. The
# interpreter it resolves to goes first in PATH, for the scripts the
# tests run too.
if gb_python=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) &&
	[ -x "$gb_python" ] && [ "$gb_python" != "$(command -v python3)" ]; then
	mkdir -p "$TRASH/.bin" && ln -s "$gb_python" "$TRASH/.bin/python3" &&
		PATH="$TRASH/.bin:$PATH" || exit 1
fi
# Sanitizer reports (from instrumented builds) land in files checked at the
# end, so a crash inside a command expected to fail is still a failure.
SAN_LOG="$TRASH/.sanitizer"
# Allocation stacks of 8 frames, not 30: they name the caller all the
# same, and recording them took 8% of a test of many commands.
export ASAN_OPTIONS="log_path=$SAN_LOG:detect_leaks=1:abort_on_error=1:malloc_context_size=8"
export UBSAN_OPTIONS="log_path=$SAN_LOG:halt_on_error=1:abort_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="log_path=$SAN_LOG"

# Copies, all written now as a run of cargo bench leaves them: record
# leaves out a tree's benchmarks written long before the newest, and a
# checkout that updates some fixture files gives them other times.
CRITERION_BASE="$TRASH/.fixtures/baseline/criterion"
CRITERION_SLOW="$TRASH/.fixtures/slow/criterion"
mkdir -p "$TRASH/.fixtures/baseline" "$TRASH/.fixtures/slow" &&
cp -r "$GB_FIXTURES/criterion/baseline/criterion" "$CRITERION_BASE" &&
cp -r "$GB_FIXTURES/criterion/slow/criterion" "$CRITERION_SLOW" || exit 1

# one_result FILE VALUE: a generic-format result file, one benchmark "x";
# distinct values make distinct runs (the same values twice are one).
one_result() {
	printf '[{"name": "x", "unit": "ns", "value": %s}]\n' "$2" >"$1"
}

cd "$TRASH" || exit 1
test_count=0
test_failures=0

say () { printf '%s\n' "$*"; }

test_expect_success () {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TRASH/.out" 2>&1 </dev/null; then
		say "ok $test_count - $1"
	else
		say "not ok $test_count - $1"
		sed 's/^/#	/' "$TRASH/.out"
		test_failures=$((test_failures + 1))
	fi
}

# Like test_expect_success, but the steps run in this shell so that what
# they set (variables, the current directory) carries on.
test_setup () {
	test_count=$((test_count + 1))
	if eval "$2" >"$TRASH/.out" 2>&1 </dev/null; then
		say "ok $test_count - $1"
	else
		say "not ok $test_count - $1 (setup: stopping)"
		sed 's/^/#	/' "$TRASH/.out"
		test_failures=$((test_failures + 1))
		test_done
	fi
}

# The command must fail cleanly: exit 1..125, not a crash or a missing
# command.
test_must_fail () {
	"$@"
	code=$?
	if [ $code -eq 0 ]; then
		say "test_must_fail: command succeeded: $*" >&2
		return 1
	elif [ $code -gt 125 ]; then
		say "test_must_fail: command died (exit $code): $*" >&2
		return 1
	fi
	return 0
}

test_expect_code () {
	want=$1
	shift
	"$@"
	code=$?
	if [ "$code" != "$want" ]; then
		say "expected exit $want, got $code: $*" >&2
		return 1
	fi
	return 0
}

test_cmp () {
	diff -u "$1" "$2"
}

test_must_be_empty () {
	if [ -s "$1" ]; then
		say "expected $1 to be empty, it holds:" >&2
		cat "$1" >&2
		return 1
	fi
}

# The file has exactly one line.
test_one_line () {
	n=$(wc -l <"$1")
	if [ "$n" -ne 1 ]; then
		say "expected one line in $1, got $n:" >&2
		cat "$1" >&2
		return 1
	fi
}

# unfold FILE: text as git bench folds it at the terminal's width, each
# continuation line (two spaces, then a word) joined back to its line.
unfold () {
	sed -e :a -e '$!N;s/\n  \([^ ]\)/ \1/;ta' -e 'P;D' "$1"
}

# test_fits FILE [WIDTH]: no line of FILE is wider than WIDTH (80) cells.
test_fits () {
	python3 - "$1" "${2:-80}" <<-\PY
	import sys
	text = open(sys.argv[1], encoding="utf-8").read().splitlines()
	wide = [l for l in text if len(l) > int(sys.argv[2])]
	assert not wide, wide
	PY
}

# report_data FILE: the JSON a report page embeds, as the page reads it.
report_data () {
	python3 - "$1" <<-\PY
	import json, re, sys
	page = open(sys.argv[1], encoding="utf-8").read()
	m = re.search(r"<script type=\"application/json\" id=\"gb-data\">(.*?)</script>", page, re.S)
	json.dump(json.loads(m.group(1)), sys.stdout)
	PY
}

# Debian's chromium when installed ($CHROMIUM empty otherwise), and
# browse ARGS...: the page in it headless, as a person would get it.
CHROMIUM=
for c in /usr/bin/chromium /usr/bin/chromium-browser; do
	if [ -x "$c" ]; then
		CHROMIUM=$c
		break
	fi
done
browse () {
	rm -rf "$TRASH/.chromium" &&
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-extensions \
		--user-data-dir="$TRASH/.chromium" --enable-logging=stderr --v=0 \
		--window-size=1400,2600 "$@"
}

# with_chromium: true when chromium is installed; else one test skipped,
# saying so, and false.
with_chromium () {
	[ -n "$CHROMIUM" ] && return 0
	test_count=$((test_count + 1))
	say "ok $test_count # skip the report in a browser"
	say "# skipped: chromium not installed (apt-get install chromium to run the browser checks)"
	return 1
}

# no_console_messages FILE: the page's console (INFO:CONSOLE lines of
# browse's stderr in FILE) said nothing.
no_console_messages () {
	if grep ":CONSOLE" "$1" >console; then
		cat console >&2
		return 1
	fi
}

# A new repository in directory $1 with a first commit.
new_repo () {
	git init -q "$1" &&
	(cd "$1" && echo one >file && git add file && git commit -q -m "first commit")
}

# Another commit in the current repository.
commit_change () {
	echo "$1" >>file && git add file && git commit -q -m "$1"
}

# tree_at DIR TREE: a root tree holding TREE at DIR (a/b/c), made with
# git mktree in the current repository; its id.
tree_at () {
	ta_tree=$2 ta_rest=$1
	while [ -n "$ta_rest" ]; do
		ta_tree=$(printf "040000 tree %s\t%s\n" "$ta_tree" "${ta_rest##*/}" |
			git mktree) || return 1
		case $ta_rest in */*) ta_rest=${ta_rest%/*} ;; *) ta_rest= ;; esac
	done
	echo "$ta_tree"
}

# Every ref and where it points: to compare before and after a command.
refs_state () {
	git for-each-ref --format='%(refname) %(objectname)'
}

# Fail when a file holds what a terminal would act on: C0 controls but
# newline (CRLF too, as RFC 4180 CSV ends
# lines) and tab, DEL, C1 controls (as UTF-8), bidirectional overrides,
# or bytes that are not UTF-8.
terminal_safe () {
	python3 - "$@" <<-\PY
	import re, sys
	for path in sys.argv[1:]:
	    data = open(path, "rb").read()
	    try:
	        text = data.decode("utf-8")
	    except UnicodeDecodeError as e:
	        sys.exit("%s: not UTF-8 at byte %d" % (path, e.start))
	    text = text.replace("\r\n", "\n")
	    bad = re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]", text)
	    if bad:
	        sys.exit("%s: raw control %r at %d" % (path, bad.group(), bad.start()))
	PY
}

test_done () {
	if ls "$SAN_LOG".* >/dev/null 2>&1; then
		say "not ok - sanitizer reports:"
		cat "$SAN_LOG".* | sed 's/^/#	/'
		test_failures=$((test_failures + 1))
	fi
	if [ $test_failures -eq 0 ]; then
		say "# passed all $test_count test(s)"
		cd / && rm -rf "$TRASH"
		exit 0
	fi
	say "# failed $test_failures among $test_count test(s); scratch kept in $TRASH"
	exit 1
}
