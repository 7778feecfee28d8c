#!/bin/sh
# push, pull (fetch), status against bare repositories, with real git.
. "$(dirname "$0")/lib.sh"

# How status says a fetch of moments ago, on a machine however loaded.
RECENTLY="\(just now\|[0-9]* seconds ago\)"

# The history ref here, and where remotes keep it (git refuses to
# receive a ref directly under refs/).
L=refs/benchmark-history
R=refs/benchmarks/history
N=refs/notes/benchmarks

# show without the relative part of its dates, which moves with the clock.
show_stable () {
	git bench show "$@" | sed 's/^Date:     .* (/Date:     (/'
}

# The history and notes of the bare remote.
remote_runs () {
	git -C "$TRASH/remote.git" ls-tree -r --name-only $R | grep -c "^runs/"
}

test_setup 'a bare remote and a clone with two measured commits' '
	git init -q --bare remote.git &&
	git clone -q remote.git work 2>/dev/null && cd work &&
	echo one >file && git add file && git commit -q -m first &&
	commit_change second && git push -q origin HEAD &&
	git bench record -q --commit HEAD~1 --label v0.0.9 "$CRITERION_SLOW" &&
	git bench record -q --label v0.1.0 "$CRITERION_BASE"
'

test_expect_success 'status before any fetch lists the runs only here' '
	git bench status >out &&
	grep -q "^No results fetched from origin" out &&
	grep -q "^2 runs only here (.git bench push. sends them):$" out &&
	test $(grep -c "^  [0-9]*T[0-9.]*Z-[0-9a-f]*  [0-9a-f]*$" out) = 2
'

test_expect_success 'push to a remote without results sends both refs' '
	git bench push >out 2>err &&
	test_one_line out &&
	grep -q "^Pushed 2 runs to origin$" out &&
	test ! -s err &&
	test $(remote_runs) = 2 &&
	test "$(git -C ../remote.git rev-parse $R)" = "$(git rev-parse $L)" &&
	test "$(git -C ../remote.git rev-parse $N)" = "$(git rev-parse $N)"
'

test_expect_success 'status after the push: up to date, and when it looked' '
	git bench status >out &&
	test_one_line out &&
	grep -q "^Up to date with origin: 2 runs (fetched $RECENTLY, 20[0-9-]* [0-9:]* +0000)$" out
'

test_expect_success 'a second push has nothing to send' '
	before=$(refs_state) &&
	git bench push >out &&
	grep -q "^origin is up to date$" out &&
	test "$before" = "$(refs_state)"
'

test_expect_success 'a fresh clone has no results until it pulls' '
	git clone -q ../remote.git ../clone &&
	(cd ../clone && test_expect_code 2 git bench show 2>err &&
	 test_one_line err &&
	 grep -q "^error: no results for [0-9a-f]*; nothing is recorded in this clone: git bench pull fetches origin.s results$" err)
'

test_expect_success 'pull in the clone: the same show, log and compare as the origin' '
	(cd ../clone && git bench pull >out &&
	 test_one_line out &&
	 grep -q "^Fetched 2 runs from origin (2 new); merged 2 runs; notes of 2 commits rebuilt$" out) &&
	for rev in HEAD HEAD~1; do
		show_stable $rev >expect &&
		(cd ../clone && show_stable $rev) >actual &&
		test_cmp expect actual &&
		git bench show --format json $rev >expect &&
		(cd ../clone && git bench show --format json $rev) >actual &&
		test_cmp expect actual || return 1
	done &&
	git bench log >expect &&
	(cd ../clone && git bench log) >actual &&
	test_cmp expect actual &&
	for format in table json; do
		git bench compare --format $format HEAD~1 HEAD >expect &&
		(cd ../clone && git bench compare --format $format HEAD~1 HEAD) >actual &&
		test_cmp expect actual || return 1
	done &&
	grep -q "REGRESSION\|IMPROVED\|FASTER\|SLOWER" expect &&
	test "$(git -C ../clone rev-parse $L)" = "$(git rev-parse $L)"
'

test_expect_success 'pulling again changes nothing' '
	(cd ../clone && before=$(refs_state) &&
	 git bench pull >out &&
	 grep -q "^Fetched 2 runs from origin: up to date$" out &&
	 test "$before" = "$(refs_state)")
'

test_expect_success 'fetch is pull' '
	(cd ../clone && git bench fetch >out &&
	 grep -q "^Fetched 2 runs from origin: up to date$" out)
'

test_expect_success 'both sides record: status shows each side, push merges' '
	(cd ../clone && git bench record -q --commit HEAD "$CRITERION_SLOW" &&
	 git bench push >out && grep -q "^Pushed 1 run to origin$" out) &&
	git bench record -q --commit HEAD~1 "$CRITERION_BASE" &&
	git bench status --fetch >out &&
	grep -q "^3 runs here, 3 on origin (fetched $RECENTLY" out &&
	grep -q "^1 run only here" out &&
	grep -q "^1 run only on origin (.git bench pull. merges them):$" out &&
	notes_before=$(git rev-parse refs/notes/benchmarks) &&
	git bench push >out &&
	grep -q "^Fetched 3 runs from origin (1 new); merged 1 run; notes of 1 commit rebuilt$" out &&
	# One notes commit for the merge, which nothing interrupted.
	git log --format=%s $notes_before..refs/notes/benchmarks >notes-log &&
	echo "Notes rebuilt after merging runs from origin" >expect &&
	test_cmp expect notes-log &&
	grep -q "^Pushed 1 run to origin$" out &&
	test $(remote_runs) = 4 &&
	git -C ../remote.git log -1 --format=%P $R >parents &&
	test $(wc -w <parents) = 2 &&
	git -C ../remote.git log -1 --format=%s $R >subject &&
	grep -q "^Merge 1 run from origin$" subject &&
	git bench status >out &&
	grep -q "^Up to date with origin: 4 runs" out
'

test_expect_success 'the clone catches up by fast-forward and shows the same' '
	(cd ../clone && git bench pull >out &&
	 grep -q "merged 1 run" out) &&
	test "$(git -C ../clone rev-parse $L)" = "$(git rev-parse $L)" &&
	for rev in HEAD HEAD~1; do
		git bench show --format json $rev >expect &&
		(cd ../clone && git bench show --format json $rev) >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'a run forgotten on one side is kept by the other' '
	git bench forget HEAD~1 >/dev/null &&
	git bench push >out &&
	grep -q "^Pushed no new runs, only history and notes, to origin$" out &&
	test $(remote_runs) = 2 &&
	(cd ../clone && git bench pull >out &&
	 grep -q "^Kept 2 runs the remote forgot$" out &&
	 git bench show --format json HEAD~1 >json &&
	 test $(grep -c "\"id\":" json) = 2)
'

test_expect_success 'bench.remote names the default remote' '
	git init -q --bare ../mirror.git &&
	git remote add mirror ../mirror.git &&
	git -c bench.remote=mirror bench push >out &&
	grep -q "^Pushed 2 runs to mirror$" out &&
	git -C ../mirror.git rev-parse -q --verify $R
'

test_expect_success 'the transport is the user'"'"'s git: its ssh command is used' '
	cat >"$TRASH/fake-ssh" <<-EOF &&
	#!/bin/sh
	# Run the remote command here, as sshd would there.
	echo "\$*" >>"$TRASH/ssh.log"
	while [ \$# -gt 1 ]; do shift; done
	exec sh -c "\$1"
	EOF
	chmod +x "$TRASH/fake-ssh" &&
	git init -q --bare ../over-ssh.git &&
	git remote add viassh "ssh://example.invalid$TRASH/over-ssh.git" &&
	git -c core.sshCommand="$TRASH/fake-ssh" bench push viassh >out &&
	grep -q "^Pushed 2 runs to viassh$" out &&
	grep -q "example.invalid.*git-receive-pack" "$TRASH/ssh.log" &&
	git -C ../over-ssh.git rev-parse -q --verify $R
'

test_expect_success 'a remote that is not there: one wording for every command' '
	before=$(refs_state) &&
	for cmd in push pull fetch compact status "status --fetch"; do
		test_expect_code 2 git bench $cmd nosuch 2>err &&
		test_one_line err || return 1
		case $cmd in
		pull|fetch) grep -q "^error: no remote or bundle file named .nosuch. (.git remote -v. lists the remotes)$" err ;;
		*) grep -q "^error: no remote named .nosuch. (.git remote -v. lists the remotes)$" err ;;
		esac || { cat err; return 1; }
	done &&
	test_expect_code 2 git bench pull "$TRASH/no.bundle" 2>err &&
	test_one_line err &&
	grep -q "^error: no bundle file .*/no.bundle.$" err &&
	test "$before" = "$(refs_state)"
'

test_expect_success 'an unreachable remote: one line naming it and the cause' '
	before=$(refs_state) &&
	git remote add gone "$TRASH/nowhere.git" &&
	test_expect_code 2 git bench pull gone 2>err &&
	test_one_line err &&
	grep -q "^error: cannot reach gone: .*nowhere.git. does not appear to be a git repository$" err &&
	test_expect_code 2 git bench push gone 2>err &&
	test_one_line err &&
	grep -q "^error: cannot reach gone: " err &&
	git remote remove gone &&
	test "$before" = "$(refs_state)"
'

test_expect_success 'a name that is not a single ref component is refused' '
	for name in -oops a/b "a b" "x..y"; do
		test_expect_code 2 git bench push -- "$name" 2>err &&
		test_one_line err &&
		grep -q "cannot name a remote here" err || return 1
	done &&
	for name in -oops "a b" "x..y"; do
		test_expect_code 2 git bench pull -- "$name" 2>err &&
		test_one_line err &&
		grep -q "cannot name a remote here" err || return 1
	done &&
	# To pull, a path names a bundle file.
	test_expect_code 2 git bench pull -- a/b 2>err &&
	grep -q "^error: no bundle file .a/b.$" err
'

test_expect_success 'the commands have -h and refuse extra arguments' '
	for cmd in push pull fetch status; do
		git bench $cmd -h >out &&
		grep -q "^usage: git bench" out || return 1
	done &&
	test_expect_code 2 git bench push a b 2>err &&
	grep -q "too many arguments" err &&
	test_expect_code 2 git bench push --max-attempts 0 2>err &&
	grep -q "max-attempts" err
'

test_expect_success 'bench.remoteHistoryRef names the history on remotes' '
	git init -q --bare ../named.git &&
	git remote add named ../named.git &&
	git config bench.remoteHistoryRef refs/perf/history &&
	git bench push named >/dev/null &&
	test "$(git -C ../named.git rev-parse refs/perf/history)" = "$(git rev-parse $L)" &&
	test_must_fail git -C ../named.git rev-parse -q --verify $R &&
	git config bench.remoteHistoryRef oops &&
	test_expect_code 2 git bench push named 2>err &&
	grep -q "bench.remoteHistoryRef: .oops. is not a valid ref name" err &&
	git config --unset bench.remoteHistoryRef
'

test_expect_success 'results of commits not fetched wait, then get indexed' '
	git init -q --bare ../partial.git &&
	git remote add partial ../partial.git &&
	git checkout -q -b side &&
	commit_change only-on-side &&
	git bench record -q "$CRITERION_SLOW" &&
	side=$(git rev-parse HEAD) &&
	git push -q partial HEAD:refs/heads/side &&
	git checkout -q - &&
	git push -q partial HEAD:refs/heads/main &&
	git bench push partial >/dev/null &&
	git clone -q --no-local --single-branch -b main ../partial.git ../single 2>/dev/null && (
		cd ../single &&
		git bench pull >/dev/null 2>err &&
		grep -q "^warning: 1 run waits for commits not fetched here$" err &&
		grep -q "^hint: the pull after a fetch that brings them writes their notes$" err &&
		test_must_fail git cat-file -e $side &&
		git bench fsck >out &&
		test_must_fail git notes --ref=benchmarks list $side 2>/dev/null &&
		grep -q "^$side$" .git/bench-waiting &&
		test "$(head -n1 .git/bench-waiting)" = "$(git rev-parse refs/benchmark-history)" &&
		git fetch -q origin side &&
		git bench pull >/dev/null &&
		git bench show $side >show &&
		grep -q "sum_of_squares - 2.02 ms" show &&
		git bench pull >/dev/null &&
		! grep -q "^$side$" .git/bench-waiting &&
		git bench fsck
	)
'

# waiting_clone DIR COMMIT: a clone of main only, its runs of COMMIT (on
# side) pulled and waiting for it.
waiting_clone () {
	git clone -q --no-local --single-branch -b main ../partial.git "$1" 2>/dev/null &&
	(cd "$1" && git bench pull >/dev/null && test_must_fail git cat-file -e "$2")
}

test_expect_success 'a lost, damaged or unfollowable list of waiting runs is found again' '
	side=$(git rev-parse side) &&
	for how in lost damaged unknown-history stale; do
		rm -rf ../w-$how && waiting_clone ../w-$how $side && (
			cd ../w-$how &&
			case $how in
			lost) rm .git/bench-waiting ;;
			damaged) printf "not a list\n" >.git/bench-waiting ;;
			unknown-history) printf "%s\n" $(git rev-parse HEAD | tr 0-9a-f 1-9a-f0) \
				>.git/bench-waiting ;;
			stale) printf "%s\n" "$(git rev-parse refs/benchmark-history)" \
				>.git/bench-waiting ;;
			esac &&
			git fetch -q origin side &&
			git bench pull >/dev/null &&
			if [ $how = stale ]; then
				# A list made at the tip that leaves a run out is
				# believed; fsck finds the run and --repair indexes it.
				test_must_fail git notes --ref=benchmarks list $side 2>/dev/null &&
				test_expect_code 1 git bench fsck >out &&
				grep -q "$(git rev-parse --short $side)" out &&
				git bench fsck --repair >/dev/null
			fi &&
			git bench show $side >show &&
			grep -q "sum_of_squares - 2.02 ms" show
		) || exit 1
	done
'

test_done
