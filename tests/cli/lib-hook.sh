# Real pushes through the pre-push hook, for the tests of the hook beside
# other hooks: a bare remote and a clone whose first commit is measured and
# pushed; commits measured slower than the remote's tip (the check refuses
# them) or as fast (it lets them through); what git gives a pre-push hook;
# and a plain hook that keeps what it is given.

# Temporary files of the hook land here, to see that none is left.
export TMPDIR="$TRASH/tmp"
mkdir -p "$TMPDIR"

# hook_repo DIR: DIR/remote.git, bare, and its clone DIR/work, entered,
# whose first commit is measured and pushed.
hook_repo () {
	REMOTE="$1/remote.git" &&
	git init -q --bare -b main "$REMOTE" &&
	git clone -q "$REMOTE" "$1/work" 2>/dev/null &&
	cd "$1/work" &&
	echo target >.gitignore && git add .gitignore &&
	git commit -q -m first &&
	git bench record -q "$CRITERION_BASE" &&
	git push -q --no-verify origin main
}

remote_tip () {
	git --git-dir="$REMOTE" rev-parse -q --verify "refs/heads/${1:-main}"
}

commit_regressing () {
	commit_change "$1" && git bench record -q "$CRITERION_SLOW"
}

commit_clean () {
	commit_change "$1" && git bench record -q "$CRITERION_BASE"
}

# The standard input git gives a pre-push hook for `git push origin main`.
push_input () {
	printf 'refs/heads/main %s refs/heads/main %s\n' \
		"$(git rev-parse HEAD)" "$(remote_tip)"
}

# `git bench hook install` keeps the hook that was there, a copy of which
# is $1, beside its own, and says so and nothing else.
install_keeps () {
	git bench hook install >"$TRASH/install.out" 2>"$TRASH/install.err" &&
	grep -q "kept beside it as pre-push.git-bench-chained" "$TRASH/install.out" &&
	test_must_be_empty "$TRASH/install.err" &&
	cmp "$1" .git/hooks/pre-push.git-bench-chained
}

# `git push origin main` fails because the check refuses it, and the
# remote's main has not moved. Then the refused commit is taken back.
push_refused () {
	before=$(remote_tip) &&
	test_must_fail git push origin main >"$TRASH/push.out" 2>&1 &&
	grep -q "sum_of_squares .* REGRESSION" "$TRASH/push.out" &&
	grep -q "push refused" "$TRASH/push.out" &&
	test "$(remote_tip)" = "$before" &&
	no_temporary_files &&
	take_back ||
	{ cat "$TRASH/push.out"; return 1; }
}

# Take back HEAD and forget its results, as a fix would replace it: runs
# kept along first parents would teach the check that the regression is
# noise.
take_back () {
	git bench forget HEAD >/dev/null && git reset -q --hard HEAD^
}

# `git push origin main` goes through: the remote's main is HEAD.
push_through () {
	git push origin main >"$TRASH/push.out" 2>&1 &&
	! grep -q "REGRESSION\|refused" "$TRASH/push.out" &&
	test "$(remote_tip)" = "$(git rev-parse HEAD)" &&
	no_temporary_files ||
	{ cat "$TRASH/push.out"; return 1; }
}

test_line_count () {
	test "$(wc -l <"$2")" -eq "$1"
}

no_temporary_files () {
	if ls "$TMPDIR" | grep -q git-bench; then
		say "left behind in $TMPDIR:" >&2
		ls "$TMPDIR" >&2
		return 1
	fi
}

# recording_hook PATH LOG [STATUS]: a plain pre-push script at PATH that
# appends its arguments to LOG.args and its standard input to LOG, then
# exits STATUS (default 0).
recording_hook () {
	cat >"$1" <<-EOF &&
	#!/bin/sh
	printf '%s\n' "\$*" >>"$2.args"
	cat >>"$2"
	exit ${3:-0}
	EOF
	chmod +x "$1"
}

# Every file of a directory, its mode and content: to see that a command
# changed nothing there.
dir_state () {
	(cd "$1" && ls -lAn --time-style=+ &&
	find . -maxdepth 1 -type f -exec cksum {} + | sort)
}
