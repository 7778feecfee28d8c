#!/bin/sh
# git bench bundle create, and pull of a bundle: a file git reads as a
# bundle, the runs of a range, merged as a remote's are, and a bundle made
# by hand with damaged and hostile records reported and left out.
. "$(dirname "$0")/lib.sh"

R=refs/benchmarks/history
N=refs/notes/benchmarks

test_setup 'a remote, a clone measuring two commits, a clone of the remote' '
	git init -q --bare remote.git &&
	git clone -q remote.git work 2>/dev/null &&
	(cd work && echo one >file && git add file && git commit -q -m first &&
	 git bench record -q "$CRITERION_BASE" &&
	 commit_change second && git bench record -q "$CRITERION_SLOW" &&
	 git push -q origin HEAD 2>/dev/null) &&
	git clone -q remote.git trusted 2>/dev/null
'

test_expect_success 'bundle create: all results, a file git bundle verify takes' '
	(cd work && git bench bundle create ../all.bundle >out 2>err &&
	 test_must_be_empty err &&
	 grep -qx "Bundled 2 runs of 2 commits into ../all.bundle ([0-9]* objects, .*)" out) &&
	git -C work bundle verify "$TRASH/all.bundle" >verify 2>&1 &&
	grep -q "records a complete history" verify &&
	git bundle list-heads all.bundle >heads &&
	printf "%s %s\n" "$(git -C work rev-parse refs/benchmark-history)" $R \
		"$(git -C work rev-parse $N)" $N >expect &&
	test_cmp expect heads
'

test_expect_success 'bundle create of a range: only the runs of its commits' '
	(cd work && git bench bundle create -q ../range.bundle HEAD~1..HEAD >out &&
	 test_must_be_empty out) &&
	git init -q --bare scratch.git &&
	git -C scratch.git fetch -q "$TRASH/range.bundle" "$R:$R" "$N:$N" &&
	git -C scratch.git ls-tree -r --name-only $R >runs &&
	test_one_line runs &&
	test "$(git -C scratch.git rev-list --count $R)" = 1 &&
	git -C scratch.git notes --ref=benchmarks list >notes &&
	echo "$(git -C work rev-parse HEAD)" >expect &&
	cut -d" " -f2 notes >got && test_cmp expect got
'

test_expect_success 'pull FILE merges the runs as from a remote' '
	cd trusted &&
	git bench pull ../range.bundle >out 2>err &&
	test_must_be_empty err &&
	grep -qx "Fetched 1 run from ../range.bundle (1 new); merged 1 run; notes of 1 commit rebuilt" out &&
	git bench show --format json HEAD >show &&
	grep -q "\"machine\"" show &&
	test_must_fail git bench show HEAD~1 2>/dev/null &&
	git bench pull --bundle ../all.bundle >out &&
	grep -qx "Fetched 2 runs from ../all.bundle (1 new); merged 1 run; notes of 1 commit rebuilt" out &&
	git bench pull ../all.bundle >out &&
	grep -q ": up to date$" out &&
	git bench fsck >/dev/null &&
	git log -1 --format=%s refs/benchmark-history >subject &&
	grep -qx "Merge 1 run from bundle all.bundle" subject
'

test_expect_success 'a remote of the same name as a file is the remote' '
	cd trusted &&
	cp ../range.bundle origin &&
	git bench pull origin >out &&
	grep -qx "origin has no benchmark results yet" out &&
	rm origin
'

test_expect_success 'not a bundle, a missing file, a cut bundle: exit 2, nothing changed' '
	cd trusted &&
	before=$(refs_state) &&
	echo "not a bundle" >../junk.bundle &&
	test_expect_code 2 git bench pull ../junk.bundle 2>err &&
	grep -qx "error: .*junk.bundle is not a git bundle" err &&
	test_expect_code 2 git bench pull --bundle ../missing.bundle 2>err &&
	grep -q "^error: cannot read bundle ../missing.bundle: No such file" err &&
	test "$(refs_state)" = "$before" &&
	git clone -q ../remote.git ../fresh 2>/dev/null && cd ../fresh &&
	before=$(refs_state) &&
	head -c 400 ../all.bundle >../cut.bundle &&
	test_expect_code 2 git bench pull ../cut.bundle 2>err &&
	test_one_line err && grep -q "^error: cannot fetch from .*cut.bundle: " err &&
	test "$(refs_state)" = "$before"
'

test_expect_success 'a bundle needing commits this clone lacks: they are named' '
	git -C work update-ref refs/benchmarks/history refs/benchmark-history &&
	git -C work bundle create ../inc.bundle \
		refs/benchmarks/history~1..refs/benchmarks/history 2>/dev/null &&
	git -C work update-ref -d refs/benchmarks/history &&
	need=$(git -C work rev-parse refs/benchmark-history~1) &&
	git init -q lacking && cd lacking && git commit -q --allow-empty -m x &&
	before=$(refs_state) &&
	test_expect_code 2 git bench pull ../inc.bundle 2>err &&
	test_one_line err &&
	grep -q "^error: cannot fetch from .*inc.bundle: Repository lacks these prerequisite commits: $need$" err &&
	test "$(refs_state)" = "$before"
'

test_expect_success 'bundle create: nothing to bundle, bad range, bad usage' '
	cd trusted &&
	git init -q ../empty && git -C ../empty commit -q --allow-empty -m e &&
	test_expect_code 2 git -C ../empty bench bundle create x.bundle 2>err &&
	grep -qx "error: no results recorded here: nothing to bundle" err &&
	test_expect_code 2 git bench bundle create x.bundle HEAD..HEAD 2>err &&
	grep -qx "error: no results recorded in the range: nothing to bundle" err &&
	test_expect_code 2 git bench bundle create x.bundle nope..HEAD 2>err &&
	grep -q "^error: .*nope" err &&
	test_expect_code 2 git bench bundle make x 2>err &&
	grep -q "^error: unknown subcommand" err &&
	test ! -e x.bundle
'

# A hostile fork's bundle, made with git alone: the fork's good run, a
# record that does not decode at a valid path, a name with an escape
# sequence, and a run of the trusted repository with other bytes.
test_setup 'a bundle made by hand with damaged and hostile records' '
	cd "$TRASH/work" &&
	good=$(git ls-tree -r refs/benchmark-history | tail -n 1) &&
	good_path=$(printf "%s" "$good" | cut -f2) &&
	garbage=$(printf "\\223\\001\\377 not a record" | git hash-object -w --stdin) &&
	other=$(git ls-tree -r refs/benchmark-history | head -n 1 | cut -f2) &&
	day=$(printf "%s\t%s\n%s\t%s\n%s\t%s\n%s\t%s\n" \
		"$(printf "%s" "$good" | cut -f1)" "${good_path##*/}" \
		"100644 blob $garbage" "20261204T000000.000001Z-0badc0de" \
		"100644 blob $garbage" "$(printf "evil\\033]0;pwned\\007")" \
		"100644 blob $garbage" "${other##*/}" | git mktree) &&
	t=$(tree_at "${good_path%/*}" "$day") &&
	evil=$(echo "Record 3 runs" | git commit-tree "$t") &&
	git update-ref $R "$evil" &&
	git bundle create -q ../evil.bundle $R 2>/dev/null &&
	git update-ref -d $R
'

test_expect_success 'pull of the hostile bundle: each bad entry said, nothing bad merged' '
	cd "$TRASH/trusted" &&
	git bench show --format json HEAD~1 >before-show &&
	git bench pull ../evil.bundle >out 2>err &&
	cat out err &&
	grep -q "^warning: left out runs/.*/20261204T000000.000001Z-0badc0de from ../evil.bundle: cannot decode" err &&
	grep -q "^warning: left out runs/.*/evil\\\\x1b\]0;pwned\\\\x07 from ../evil.bundle: not a valid run id$" err &&
	grep -q "^warning: run .* differs on ../evil.bundle; kept the local record$" err &&
	! grep -q "$(printf "\\033")" err &&
	git bench fsck >/dev/null &&
	git bench show --format json HEAD~1 >after-show &&
	test_cmp before-show after-show &&
	git ls-tree -r --name-only refs/benchmark-history >runs &&
	! grep -q "0badc0de\|evil" runs &&
	test $(wc -l <runs) = 2
'

test_expect_success 'bundle create on a terminal shows its progress' '
	if ! script -qec true /dev/null >/dev/null 2>&1; then
		say "# skip: needs script (util-linux) and a pty"; exit 0
	fi &&
	cd "$TRASH/work" &&
	script -qec "git bench bundle create ../tty.bundle >out" /dev/null \
		</dev/null >tty &&
	grep -q "Writing objects: 100% ([0-9]*/[0-9]*), done." tty &&
	grep -q "^Bundled 2 runs" out &&
	git bench bundle create ../quiet.bundle >out 2>err &&
	test_must_be_empty err &&
	cmp ../tty.bundle ../quiet.bundle
'

# A bundle is never folded, so pending pushes past those read at once
# can never be pulled from it: pull says so, as it does of a remote's.
test_expect_success 'a bundle with more pending pushes than are read at once: the rest are said' '
	cd "$TRASH" &&
	git init -q --bare pending.git &&
	git -C work push -q ../pending.git HEAD refs/benchmark-history:$R &&
	tip=$(git -C pending.git rev-parse $R) &&
	i=0 &&
	while [ $i -lt 1030 ]; do
		echo "create $R-pending/p$i $tip"
		i=$((i + 1))
	done >creates &&
	git -C pending.git update-ref --stdin <creates &&
	git -C pending.git bundle create ../pending.bundle --all 2>/dev/null &&
	git clone -q remote.git pending-clone &&
	cd pending-clone &&
	git bench pull ../pending.bundle >out 2>err &&
	grep -qx "Fetched 2 runs from ../pending.bundle (2 new); merged 2 runs; notes of 2 commits rebuilt" out &&
	grep -qx "warning: 6 more pending pushes on ../pending.bundle not read (1024 at a time)" err &&
	grep -qx "hint: .git bench compact. where the bundle was made folds them in for a new bundle" err &&
	test $(git for-each-ref refs/bench-remotes/-bundle/pending | wc -l) = 1024
'

test_done
