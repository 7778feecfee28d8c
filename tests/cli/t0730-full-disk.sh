#!/bin/sh
# A repository that cannot take more data: files limited in size
# (RLIMIT_FSIZE, which works anywhere), a full filesystem (a small tmpfs,
# where mounting is allowed), an object directory that cannot be written.
# Each time `record` fails with a one-line error and no ref moves; fsck
# stays clean.
. "$(dirname "$0")/lib.sh"

# Shell functions, in a file so that a shell in a new mount namespace has them too.
cat >"$TRASH/.funcs" <<\FUNCS
# Run a command with files limited to $1 bytes; writes past it fail with
# EFBIG instead of killing the process (SIGXFSZ ignored).
with_file_limit () {
	python3 -c '
import os, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]),) * 2)
os.execvp(sys.argv[2], sys.argv[2:])' "$@"
}

refs_state () {
	git for-each-ref --format='%(refname) %(objectname)'
}

# In the current repository: `record` under a constraint ($@ runs it)
# either succeeds and both refs moved, or fails with one line and none
# did; fsck is clean either way. What happened goes to $TRASH/outcomes.
record_all_or_nothing () {
	before=$(refs_state) &&
	"$@" git bench record -q "$CRITERION_SLOW" >"$TRASH/rec.out" 2>"$TRASH/rec.err"
	code=$?
	after=$(refs_state)
	if [ $code -eq 0 ]; then
		test "$before" != "$after" && test ! -s "$TRASH/rec.err" &&
		echo ok >>"$TRASH/outcomes"
	else
		test $code -eq 2 && test "$(wc -l <"$TRASH/rec.err")" -eq 1 &&
		grep -q "^error: cannot \(write\|update\) " "$TRASH/rec.err" &&
		test "$before" = "$after" &&
		cat "$TRASH/rec.err" >>"$TRASH/outcomes"
	fi || {
		echo "exit $code; refs before, after, and the error:"
		echo "$before" && echo "$after" && cat "$TRASH/rec.err"
		return 1
	}
	git bench fsck >/dev/null
}

# Every failure in $TRASH/outcomes names the system's reason, never an
# older message of libgit2's.
outcomes_say_why () {
	if grep -v "^ok$" "$TRASH/outcomes" |
	   grep -v -E "(No space left on device|File too large|Permission denied|Read-only file system|Disk quota exceeded)$"; then
		echo "failures above do not name the system error"
		return 1
	fi
}
FUNCS
. "$TRASH/.funcs"
export TRASH CRITERION_SLOW

test_setup 'a repository with one run' '
	new_repo base && (cd base && git bench record -q "$CRITERION_BASE")
'

test_expect_success 'files limited in size: all or nothing at every limit' '
	for limit in 256 1024 2048 3072 4096 5120 8192 65536; do
		rm -rf r && cp -a base r &&
		(cd r && record_all_or_nothing with_file_limit $limit) || return 1
	done &&
	cat "$TRASH/outcomes" &&
	grep -q "File too large" "$TRASH/outcomes" &&
	grep -q "^ok$" "$TRASH/outcomes" && outcomes_say_why &&
	grep -q "cannot write a note" "$TRASH/outcomes"
'

# Mounting needs privileges a CI container may not have.
mkdir -p "$TRASH/probe"
if unshare -m sh -c "mount -t tmpfs -o size=64k tmpfs '$TRASH/probe'" 2>/dev/null; then
	test_expect_success 'a full filesystem: all or nothing at every free size' '
		rm -f "$TRASH/outcomes" && mkdir -p "$TRASH/disk" &&
		for free in 0 4 8 12 16 20 24 32 48 64 128; do
			unshare -m sh -c "
				mount -t tmpfs -o size=512k tmpfs \"\$TRASH/disk\" &&
				cp -a \"\$TRASH/base\" \"\$TRASH/disk/r\" &&
				cd \"\$TRASH/disk/r\" &&
				{ dd if=/dev/zero of=../fill bs=4k 2>/dev/null || :; } &&
				truncate -s -${free}k ../fill &&
				. \"\$TRASH/.funcs\" &&
				record_all_or_nothing env
			" || return 1
		done &&
		cat "$TRASH/outcomes" &&
		grep -q "No space left on device" "$TRASH/outcomes" &&
		grep -q "^ok$" "$TRASH/outcomes" && outcomes_say_why
	'

	test_expect_success 'a read-only filesystem under the objects: the system says so' '
		rm -f "$TRASH/outcomes" && rm -rf r && cp -a base r &&
		unshare -m sh -c "
			cd \"\$TRASH/r\" &&
			mount --bind .git/objects .git/objects &&
			mount -o remount,bind,ro .git/objects &&
			. \"\$TRASH/.funcs\" &&
			record_all_or_nothing env
		" &&
		cat "$TRASH/outcomes" &&
		grep -q "^error: cannot write a run record: .*Read-only file system$" "$TRASH/outcomes"
	'
else
	say "# skipping the full filesystem: cannot mount a tmpfs here (needs CAP_SYS_ADMIN)"
fi

# As root, permissions do not stop writes: the command runs as nobody.
as_writer=
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
   id nobody >/dev/null 2>&1; then
	as_writer="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups"
fi
if [ "$(id -u)" -ne 0 ] || [ -n "$as_writer" ]; then
	test_expect_success 'a read-only object directory: error, no ref moved' '
		rm -rf r && cp -a base r && chmod a+x "$TRASH" &&
		git config --global --add safe.directory "$TRASH/r" &&
		mkdir -p "$TRASH/nobody" && chmod 1777 "$TRASH/nobody" &&
		{ [ -z "$as_writer" ] || chown -R nobody r; } &&
		chmod -R a-w r/.git/objects &&
		before=$(cd r && refs_state) &&
		(
			cd r &&
			ASAN_OPTIONS="log_path=$TRASH/nobody/san:detect_leaks=1:abort_on_error=1" &&
			UBSAN_OPTIONS="log_path=$TRASH/nobody/san:halt_on_error=1:abort_on_error=1" &&
			export ASAN_OPTIONS UBSAN_OPTIONS &&
			test_expect_code 2 $as_writer git bench record "$CRITERION_SLOW" 2>../err
		)
		code=$?
		for f in "$TRASH"/nobody/san*; do
			[ -e "$f" ] && mv "$f" "$SAN_LOG.nobody.${f##*.}"
		done
		cat err && test $code -eq 0 && test_one_line err &&
		grep -q "^error: cannot write a run record: .*Permission denied" err &&
		test "$before" = "$(cd r && refs_state)" &&
		chmod -R u+w r/.git/objects && (cd r && git bench fsck >/dev/null)
	'
else
	say "# skipping the read-only object directory: root without setpriv or user nobody"
fi

test_done
