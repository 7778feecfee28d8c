#!/bin/sh
# A remote whose history holds damaged or hostile entries: pull reports
# them, merges the rest, and loses nothing local.
. "$(dirname "$0")/lib.sh"

# The history ref here, and where remotes keep it (git refuses to
# receive a ref directly under refs/).
L=refs/benchmark-history
R=refs/benchmarks/history

# tree_with TREE PATH MODE TYPE OID: TREE with PATH set, as a new tree id.
tree_with () (
	t=$1 p=$2
	case $p in
	*/*)
		head=${p%%/*} rest=${p#*/}
		sub=$(git ls-tree "$t" | awk -v n="$head" -F "\t" '$2 == n { split($1, a, " "); print a[3] }')
		[ -n "$sub" ] || sub=$(git mktree </dev/null)
		new=$(tree_with "$sub" "$rest" "$3" "$4" "$5") &&
		{ git ls-tree "$t" | awk -v n="$head" -F "\t" '$2 != n'
		  printf "040000 tree %s\t%s\n" "$new" "$head"; } | git mktree
		;;
	*)
		{ git ls-tree "$t" | awk -v n="$p" -F "\t" '$2 != n'
		  printf "%s %s %s\t%s\n" "$3" "$4" "$5" "$p"; } | git mktree
		;;
	esac
)

# damage PATH MODE TYPE OID: a new commit on the remote's history adding it.
damage () {
	(cd "$TRASH/remote.git" &&
	 tip=$(git rev-parse $R) &&
	 tree=$(tree_with "$(git rev-parse $tip^{tree})" "$@") &&
	 commit=$(echo "Record 1 run" | git commit-tree "$tree" -p "$tip") &&
	 git update-ref $R "$commit" "$tip")
}

test_setup 'a remote with two runs, and a clone with one run of its own' '
	git init -q --bare remote.git &&
	git clone -q remote.git work 2>/dev/null &&
	(cd work && echo one >file && git add file && git commit -q -m first &&
	 git push -q origin HEAD &&
	 git bench record -q "$CRITERION_BASE" &&
	 git bench record -q "$CRITERION_SLOW" &&
	 git bench push >/dev/null) &&
	git clone -q remote.git mine &&
	(cd mine && git bench record -q "$CRITERION_SLOW" &&
	 git bench show --format json >../mine-before.json)
'

test_setup 'the remote gains a third run, then damage made with real git' '
	(cd work && git bench record -q "$CRITERION_BASE" && git bench push >/dev/null) &&
	cd remote.git &&
	good=$(git ls-tree -r $R | head -n1) &&
	good_blob=$(echo "$good" | awk "{print \$3}") &&
	good_path=$(echo "$good" | cut -f2) &&
	day=${good_path%/*} &&
	garbage=$(printf "\\223\\001\\377 not a record" | git hash-object -w --stdin) &&
	cut=$(git cat-file blob $good_blob | head -c 100 | git hash-object -w --stdin) &&
	cd .. &&
	damage "$day/20261123T000000.000001Z-0badc0de" 100644 blob $garbage &&
	damage "$day/20261123T000000.000002Z-0badcafe" 100644 blob $cut &&
	damage "$day/$(printf "evil\\033[31mred")" 100644 blob $garbage &&
	damage "$day/.." 100644 blob $garbage &&
	damage "notes.txt" 100644 blob $garbage &&
	damage "$day/20261123T000000.000003Z-0badf00d" 120000 blob $garbage &&
	test $(git -C remote.git ls-tree -r $R | wc -l) = 9
'

test_expect_success 'pull reports each damaged entry, merges the rest' '
	cd mine &&
	git bench pull >out 2>err &&
	cat out err &&
	test_one_line out &&
	grep -q "^Fetched 3 runs from origin (3 new, 6 left out); merged 3 runs; notes of 1 commit rebuilt$" out &&
	test $(wc -l <err) = 6 &&
	grep -q "^warning: left out runs/.*/20261123T000000.000001Z-0badc0de from origin: cannot decode: " err &&
	grep -q "^warning: left out runs/.*/20261123T000000.000002Z-0badcafe from origin: cannot decode: .*truncated" err &&
	grep -q "^warning: left out runs/.*/evil\\\\x1b\[31mred from origin: not a valid run id$" err &&
	grep -q "^warning: left out runs/.*/\.\. from origin: not a valid run id$" err &&
	grep -q "^warning: left out notes.txt from origin: not under runs/$" err &&
	grep -q "^warning: left out runs/.*/20261123T000000.000003Z-0badf00d from origin: not a regular file$" err &&
	! grep -q "$(printf "\\033")" err
'

test_expect_success 'nothing local is lost; the good remote runs are here' '
	cd mine &&
	git ls-tree -r --name-only $L >tree &&
	test $(grep -c "^runs/" tree) = 4 &&
	! grep -q "0bad\|evil\|notes.txt" tree &&
	git bench show --format json >after.json &&
	python3 - ../mine-before.json after.json <<-\PY
	import json, sys
	before = {r["id"]: r for r in json.load(open(sys.argv[1]))["runs"]}
	after = {r["id"]: r for r in json.load(open(sys.argv[2]))["runs"]}
	assert len(before) == 1 and len(after) == 4, (len(before), len(after))
	for k, v in before.items():
	    assert after[k] == v, k
	PY
'

test_expect_success 'the merge commit says what was left out, escaped' '
	cd mine &&
	git log -1 --format=%B $L >msg &&
	grep -q "^Merge 3 runs from origin$" msg &&
	grep -q "^Left out runs/.*/evil\\\\x1b\[31mred: not a valid run id$" msg &&
	test $(git rev-list --parents -n1 $L | wc -w) = 3
'

test_expect_success 'pushing replaces the damaged tip with the clean merge' '
	cd mine &&
	git bench push >out &&
	grep -q "^Pushed 1 run to origin$" out &&
	git -C ../remote.git ls-tree -r --name-only $R >tree &&
	test $(wc -l <tree) = 4 &&
	git clone -q ../remote.git ../fresh && (cd ../fresh &&
	git bench pull >out 2>err && test ! -s err &&
	grep -q "^Fetched 4 runs from origin (4 new); merged 4 runs" out)
'

test_expect_success 'a remote history ref that is not a commit: one line, nothing moved' '
	cd mine &&
	blob=$(git -C ../remote.git hash-object -w --stdin </dev/null) &&
	git -C ../remote.git update-ref $R $blob &&
	before=$(git rev-parse $L) &&
	tracked=$(git for-each-ref refs/bench-remotes) &&
	test_expect_code 2 git bench pull 2>err &&
	test_one_line err &&
	grep -q "^error: refs/benchmarks/history of origin is not a commit; nothing was fetched$" err &&
	test "$before" = "$(git rev-parse $L)" &&
	test "$tracked" = "$(git for-each-ref refs/bench-remotes)" &&
	test -z "$(git for-each-ref refs/bench-incoming)"
'

test_expect_success 'one that points at a tree: pull refuses, status still answers' '
	cd mine &&
	tree=$(git -C ../remote.git mktree </dev/null) &&
	git -C ../remote.git update-ref $R $tree &&
	tracked=$(git for-each-ref refs/bench-remotes) &&
	test_expect_code 2 git bench pull 2>err &&
	test_one_line err &&
	grep -q "is not a commit; nothing was fetched$" err &&
	test "$tracked" = "$(git for-each-ref refs/bench-remotes)" &&
	git bench status >out 2>err &&
	test_must_be_empty err &&
	test_expect_code 2 git bench status --fetch >out 2>err &&
	test_one_line err && git bench status >/dev/null
'

test_expect_success 'a server'"'"'s messages under --verbose are escaped, never raw' '
	git init -q --bare evil.git &&
	(cd work && git remote add evil ../evil.git && git push -q evil HEAD &&
	 git bench push evil >/dev/null) &&
	cat >evil-pack <<-\EOF &&
	#!/bin/sh
	printf "remote says \033[31mRED\033]8;;http://evil/\033\\\\link \r\bspoof\n" >&2
	exec git-upload-pack "$@"
	EOF
	chmod +x evil-pack &&
	cd mine &&
	git remote add evil ../evil.git &&
	git config remote.evil.uploadpack "$TRASH/evil-pack" &&
	git bench pull -v evil 2>err &&
	grep -F "remote says \\x1b[31mRED\\x1b]8;;http://evil/" err &&
	grep -q "^\\\\x08spoof$" err &&
	! grep -q "$(printf "\033")" err &&
	! grep -q "$(printf "\b")" err &&
	git bench status --fetch -v evil 2>err &&
	grep -F "remote says \\x1b[31mRED" err &&
	! grep -q "$(printf "\033")" err
'

# A record belongs at one path, so of the entries naming one blob only
# one can hold: pull decodes it once (test_sync counts the decodes), and
# neither pull nor status calls the others runs, new or forgotten here.
test_expect_success 'one record under many ids: the rest are left out, not forgotten' '
	git init -q --bare many.git &&
	(cd work && git remote add many ../many.git && git push -q many HEAD &&
	 git bench push many >/dev/null) &&
	(cd many.git &&
	 good=$(git ls-tree -r $R | head -n1) &&
	 blob=$(echo "$good" | awk "{print \$3}") &&
	 path=$(echo "$good" | cut -f2) &&
	 day=${path%/*} &&
	 tip=$(git rev-parse $R) &&
	 daytree=$({ git ls-tree "$tip:$day" &&
		i=100 && while [ $i -lt 300 ]; do
			printf "100644 blob %s\t%s-x%d\n" $blob "${path##*/}" $i
			i=$((i + 1))
		done; } | git mktree) &&
	 tree=$(tree_with "$(git rev-parse $tip^{tree})" "$day" 040000 tree $daytree) &&
	 commit=$(echo "Record 200 runs" | git commit-tree "$tree" -p "$tip") &&
	 git update-ref $R "$commit" "$tip" &&
	 test $(git ls-tree -r $R | wc -l) = 203) &&
	git clone -q many.git many-clone && cd many-clone &&
	git bench pull >out 2>err &&
	test_one_line out &&
	grep -q "^Fetched 3 runs from origin (3 new, 200 left out); merged 3 runs; notes of 1 commit rebuilt$" out &&
	test $(grep -c "^warning: left out runs/.*-x[0-9]* from origin: the record has another run id$" err) = 100 &&
	grep -q "^warning: left out 100 more entries from origin$" err &&
	test $(git ls-tree -r --name-only $L | wc -l) = 3 &&
	git bench status >out &&
	grep -q "^Up to date with origin: 3 runs " out &&
	grep -q "^200 entries on origin are not records of their paths (pull refuses them)$" out &&
	! grep -q forgotten out &&
	git bench status --format json >status.json &&
	python3 -c "
import json
s = json.load(open(\"status.json\"))
got = (s[\"remote_runs\"], s[\"forgotten\"], s[\"refused\"], len(s[\"remote_only\"]))
assert got == (3, 0, 200, 0), got
"
'

test_done
