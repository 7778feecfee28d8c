#!/bin/sh
# A push that another push overtakes lands beside it as a pending push,
# which the next push folds into the history; a remote that keeps moving
# cannot stop a push; a refusal ends in a clear error at once.
#
# The race is made deterministic with the pusher's own pre-push hook,
# which git runs after it has read the remote's refs and before it sends:
# the hook pushes from another clone in between.
. "$(dirname "$0")/lib.sh"

# The history ref here, and where remotes keep it (git refuses to
# receive a ref directly under refs/).
L=refs/benchmark-history
R=refs/benchmarks/history

remote_runs () {
	git -C "$TRASH/remote.git" ls-tree -r --name-only $R | grep -c "^runs/"
}

# Runs in the union of the remote's history and its pending pushes.
union_runs () {
	for ref in $R $(git -C "$TRASH/remote.git" for-each-ref \
			--format="%(refname)" "$R-pending/"); do
		git -C "$TRASH/remote.git" ls-tree -r --name-only $ref
	done | grep "^runs/" | sort -u | wc -l
}

pending_refs () {
	git -C "$TRASH/remote.git" for-each-ref "$R-pending/" | wc -l
}

# A pre-push hook for clone a that records and pushes from clone b; with
# "once", only the first time.
race_hook () {
	cat >a/.git/hooks/pre-push <<-EOF &&
	#!/bin/sh
	cat >/dev/null
	if [ "$1" = once ]; then
		[ -e "$TRASH/raced" ] && exit 0
		: >"$TRASH/raced"
	fi
	echo >>"$TRASH/hook.log"
	# git exported the pushing repository's GIT_DIR to its hook.
	unset GIT_DIR GIT_WORK_TREE
	cd "$TRASH/b" &&
	git bench record -q "$CRITERION_SLOW" &&
	git bench push >>"$TRASH/b-push.out" 2>&1
	EOF
	chmod +x a/.git/hooks/pre-push
}

test_setup 'a remote with results, two clones' '
	git init -q --bare remote.git &&
	new_repo seed && (cd seed &&
	git remote add origin ../remote.git &&
	git push -q origin HEAD:refs/heads/main &&
	git bench record -q "$CRITERION_BASE" &&
	git bench push >/dev/null) &&
	git -C remote.git symbolic-ref HEAD refs/heads/main &&
	git clone -q remote.git a && git clone -q remote.git b &&
	(cd a && git bench pull >/dev/null) && (cd b && git bench pull >/dev/null) &&
	test $(remote_runs) = 1
'

test_expect_success 'status before: a has one run the remote lacks' '
	(cd a && git bench record -q "$CRITERION_BASE" &&
	 git bench status >../out) &&
	grep -q "^1 run only here" out
'

test_expect_success 'a push overtaken by another lands beside it, at once' '
	race_hook once &&
	(cd a && git bench push >../a-push.out 2>../a-push.err) &&
	cat a-push.out a-push.err b-push.out &&
	test $(wc -l <hook.log) = 1 &&
	grep -q "^Pushed 1 run to origin$" b-push.out &&
	grep -q "^Pushed 1 run to origin beside other pushes (the next push folds it in)$" a-push.out &&
	test_must_be_empty a-push.err &&
	test $(remote_runs) = 2 && test $(union_runs) = 3 && test $(pending_refs) = 1
'

test_expect_success 'status after: everyone agrees; the next push folds' '
	(cd a && git bench status --fetch >../out) &&
	grep -q "^2 runs here, 3 on origin" out &&
	grep -q "^1 run only on origin (.git bench pull. merges them):$" out &&
	(cd b && git bench pull >../pull.out && git bench status >../out) &&
	grep -q "^Fetched 3 runs from origin (1 new); merged 1 run" pull.out &&
	grep -q "^Up to date with origin: 3 runs" out &&
	(cd b && git bench push >../out) &&
	grep -q "^Pushed no new runs, only history and notes, to origin$" out &&
	test $(remote_runs) = 3 && test $(pending_refs) = 0 &&
	(cd a && git bench pull >/dev/null) &&
	test "$(git -C a rev-parse $L)" = "$(git -C remote.git rev-parse $R)" &&
	test "$(git -C b rev-parse $L)" = "$(git -C remote.git rev-parse $R)"
'

test_expect_success 'a remote that keeps moving cannot stop a push' '
	race_hook always && : >hook.log &&
	(cd a && git bench record -q "$CRITERION_BASE" &&
	 git bench push >../out 2>../err) &&
	test_must_be_empty err &&
	grep -q "^Pushed 1 run to origin beside other pushes" out &&
	test $(wc -l <hook.log) = 2 &&
	test $(union_runs) = 6 &&
	rm a/.git/hooks/pre-push &&
	(cd a && git bench push >../out) &&
	grep -q "^Pushed no new runs, only history and notes, to origin$" out &&
	test $(remote_runs) = 6 && test $(pending_refs) = 0
'

test_expect_success 'a refusal is final at once: no retries, one line' '
	cat >remote.git/hooks/pre-receive <<-EOF &&
	#!/bin/sh
	echo >>"$TRASH/receive.log"
	echo "benchmarks are frozen" >&2
	exit 1
	EOF
	chmod +x remote.git/hooks/pre-receive &&
	(cd a && git bench record -q "$CRITERION_SLOW" &&
	 test_expect_code 2 git bench push 2>../err) &&
	test_one_line err &&
	grep -q "^error: cannot push to origin: refs/benchmarks/history: \[remote rejected\] (pre-receive hook declined)$" err &&
	test $(wc -l <receive.log) = 1
'

test_done
