#!/bin/sh
# push, pull and compact over the transports users have: file://, git
# daemon (git://) and smart HTTP (git-http-backend behind nginx, through
# fcgiwrap), each server on 127.0.0.1 started and stopped here. Sixteen
# clones (GB_TRANSPORT_CLONES for more) push at the same moment to each:
# every push succeeds, no run is lost, a fresh clone pulls them all, and
# compact folds them into the history.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

R=refs/benchmarks/history
N=${GB_TRANSPORT_CLONES:-16}

test_setup "three bare remotes, $N clones with one run each" '
	mkdir srv &&
	new_repo seed &&
	for t in file daemon http; do
		git init -q --bare srv/$t.git &&
		git -C srv/$t.git config http.receivepack true &&
		git -C srv/$t.git symbolic-ref HEAD refs/heads/main &&
		git -C seed push -q ../srv/$t.git HEAD:refs/heads/main || return 1
	done &&
	i=1 &&
	while [ $i -le $N ]; do
		git clone -q srv/file.git c$i &&
		(cd c$i && git bench record -q "$CRITERION_BASE") || return 1
		i=$((i + 1))
	done
'

# Every clone pushes to URL $2 (as remote $1) at the same moment: a gate,
# one byte of a fifo for each, all written at once.
push_all () {
	rm -f gate && mkfifo gate && exec 3<>gate && pids= && i=1 &&
	while [ $i -le $N ]; do
		git -C c$i remote add "$1" "$2" &&
		(dd bs=1 count=1 <gate 2>/dev/null >/dev/null &&
		 cd c$i && git bench push "$1" >../push$i.out 2>../push$i.err) &
		pids="$pids $!"
		i=$((i + 1))
	done &&
	head -c "$N" /dev/zero | tr "\\0" x >&3 &&
	failed=0 &&
	for p in $pids; do wait $p || failed=1; done &&
	exec 3>&- &&
	i=1 &&
	while [ $i -le $N ]; do
		grep -q "^Pushed [0-9]* runs\{0,1\} to $1" push$i.out &&
		test ! -s push$i.err || {
			echo "clone $i:" && cat push$i.out push$i.err && failed=1
		}
		i=$((i + 1))
	done &&
	grep -h "^Pushed" push*.out | sed "s/[0-9]* runs*/N runs/" | sort | uniq -c &&
	test $failed = 0
}

# Run ids of the remote's history and pending pushes ($1: the bare repo).
union_ids () {
	for ref in $R $(git -C "$1" for-each-ref --format="%(refname)" "$R-pending/"); do
		git -C "$1" ls-tree -r --name-only $ref
	done | grep "^runs/" | sed "s,.*/,," | sort -u
}

# The whole round over one transport: $1 its name, $2 the base URL.
round () {
	push_all "$1" "$2/$1.git" &&
	union_ids srv/$1.git >ids-$1 &&
	test $(wc -l <ids-$1) = $N &&
	git clone -q "$2/$1.git" fresh-$1 &&
	(cd fresh-$1 && git bench pull >../pull-$1.out &&
	 git bench fsck >/dev/null) &&
	grep -q "^Fetched $N runs from origin ($N new); merged $N runs" pull-$1.out &&
	(cd fresh-$1 && git bench compact origin >../compact-$1.out) &&
	cat compact-$1.out &&
	test -z "$(git -C srv/$1.git for-each-ref "$R-pending/")" &&
	git -C srv/$1.git ls-tree -r --name-only $R | grep "^runs/" |
		sed "s,.*/,," | sort >folded-$1 &&
	test_cmp ids-$1 folded-$1 &&
	(cd fresh-$1 && git bench pull >/dev/null && git bench status >../st-$1) &&
	grep -q "^Up to date with origin: $N runs" st-$1
}

test_expect_success "file://: $N pushes at once all land; compact folds them" '
	round file "file://$TRASH/srv"
'

if start_daemon "$TRASH/srv"; then
	test_expect_success "git daemon: $N pushes at once all land; compact folds them" '
		round daemon "$GIT_URL"
	'
else
	say "# skipping git daemon: it did not answer (see $TRASH/.daemon.log)"
fi

if start_http "$TRASH/srv"; then
	test_expect_success "smart HTTP: $N pushes at once all land; compact folds them" '
		round http "$HTTP_URL"
	'
else
	say "# skipping smart HTTP: nginx and fcgiwrap are missing or did not answer"
fi

stop_servers
test_done
