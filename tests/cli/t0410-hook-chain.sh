#!/bin/sh
# The pre-push hook beside a hook that was there: a plain script in
# .git/hooks, a husky-style .husky/ (core.hooksPath, relative and tracked),
# a shared hooks directory (absolute), husky 9's .husky/_; all in paths with
# spaces. Real `git push` to a bare repository: the other hook runs with
# git's arguments and standard input, byte for byte, whether the check
# refuses or not; either refusing refuses the push with its exit status;
# uninstall puts back what was there.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-hook.sh"

HOOKS=.git/hooks

test_setup 'a repository, in a path with spaces, with a plain pre-push hook' '
	hook_repo "$TRASH/plain repo" &&
	recording_hook $HOOKS/pre-push "$TRASH/plain saw" &&
	chmod 750 $HOOKS/pre-push &&
	cp -p $HOOKS/pre-push "$TRASH/theirs"
'

test_expect_success 'install keeps the hook that was there and runs it first' '
	git bench hook install >out &&
	grep -q "^Installed the pre-push hook in $TRASH/plain repo/work/$HOOKS/pre-push$" out &&
	grep -q "^The hook that was there is kept beside it as pre-push.git-bench-chained$" out &&
	grep -q "^It runs pre-push.git-bench-chained first" out &&
	cmp "$GB_SOURCE_DIR/hooks/pre-push" $HOOKS/pre-push &&
	cmp "$TRASH/theirs" $HOOKS/pre-push.git-bench-chained &&
	test "$(stat -c %a $HOOKS/pre-push.git-bench-chained)" = 750
'

test_expect_success 'install again changes nothing' '
	dir_state $HOOKS >before &&
	git bench hook install >out &&
	grep -q "^The pre-push hook is already installed in " out &&
	grep -q "^It runs pre-push.git-bench-chained first" out &&
	dir_state $HOOKS >after &&
	test_cmp before after
'

test_expect_success 'a regressing push is refused; the other hook saw what git gave' '
	commit_regressing slower &&
	push_input >"$TRASH/plain expect" &&
	push_refused &&
	test_cmp "$TRASH/plain expect" "$TRASH/plain saw" &&
	echo "origin $REMOTE" >expect-args &&
	test_cmp expect-args "$TRASH/plain saw.args"
'

test_expect_success 'a clean push goes through; the other hook saw it too' '
	commit_clean same-speed &&
	push_input >>"$TRASH/plain expect" &&
	push_through &&
	test_cmp "$TRASH/plain expect" "$TRASH/plain saw" &&
	test_line_count 2 "$TRASH/plain saw.args"
'

test_expect_success 'the hook exits with the status of the one that refused' '
	commit_regressing slower-again &&
	push_input >input &&
	test_expect_code 1 $HOOKS/pre-push origin "$REMOTE" <input 2>err &&
	grep -q "push refused" err &&
	mv $HOOKS/pre-push.git-bench-chained "$TRASH/kept" &&
	recording_hook $HOOKS/pre-push.git-bench-chained "$TRASH/three" 3 &&
	test_expect_code 3 $HOOKS/pre-push origin "$REMOTE" <input 2>err &&
	grep -q "^git bench: pre-push.git-bench-chained refused the push (exit 3)$" err &&
	! grep -q "REGRESSION" err &&
	test_cmp input "$TRASH/three" &&
	no_temporary_files
'

test_expect_success 'a push the other hook refuses is refused, whatever the check says' '
	take_back &&
	commit_clean clean-but-theirs-refuses &&
	before=$(remote_tip) &&
	test_must_fail git push origin main 2>err &&
	grep -q "pre-push.git-bench-chained refused the push (exit 3)" err &&
	test "$(remote_tip)" = "$before" &&
	no_temporary_files &&
	mv "$TRASH/kept" $HOOKS/pre-push.git-bench-chained
'

# More than a pipe holds (64 KiB), to a hook that reads none of it.
test_expect_success 'a hook that reads no input: a large push is still checked' '
	mv $HOOKS/pre-push.git-bench-chained "$TRASH/kept" &&
	printf "#!/bin/sh\necho ran >>\"%s\"\n" "$TRASH/deaf ran" \
		>$HOOKS/pre-push.git-bench-chained &&
	chmod +x $HOOKS/pre-push.git-bench-chained &&
	head=$(git rev-parse HEAD) &&
	i=0 && while [ $i -lt 700 ]; do
		echo "create refs/tags/t$i $head" && i=$((i + 1))
	done | git update-ref --stdin &&
	commit_regressing slower-with-tags &&
	test_must_fail git push origin main "refs/tags/*" 2>err &&
	grep -q "push refused" err &&
	test -z "$(git --git-dir="$REMOTE" tag)" &&
	take_back &&
	commit_clean fast-with-tags &&
	git push -q origin main "refs/tags/*" &&
	test "$(remote_tip)" = "$(git rev-parse HEAD)" &&
	test "$(git --git-dir="$REMOTE" tag | wc -l)" -eq 700 &&
	test_line_count 2 "$TRASH/deaf ran" &&
	no_temporary_files &&
	mv "$TRASH/kept" $HOOKS/pre-push.git-bench-chained
'

test_expect_success 'uninstall puts back exactly what was there' '
	git bench hook uninstall >out &&
	grep -q "^Removed the pre-push hook from .*; put back the one that was there before$" out &&
	cmp "$TRASH/theirs" $HOOKS/pre-push &&
	test "$(stat -c %a $HOOKS/pre-push)" = 750 &&
	! test -e $HOOKS/pre-push.git-bench-chained
'

test_expect_success 'a hook git ignores, not executable, is kept and not run' '
	chmod 644 $HOOKS/pre-push &&
	cp "$TRASH/plain saw.args" ran-before &&
	git bench hook install >out 2>err &&
	grep -q "^warning: pre-push.git-bench-chained is not executable: like git, the hook does not run it$" err &&
	grep -q "^hint: chmod +x .*/pre-push.git-bench-chained to have it run$" err &&
	commit_regressing slower-unexecutable &&
	push_refused &&
	commit_clean fast-unexecutable &&
	push_through &&
	test_cmp ran-before "$TRASH/plain saw.args" &&
	git bench hook uninstall >/dev/null &&
	test "$(stat -c %a $HOOKS/pre-push)" = 644 &&
	cmp "$TRASH/theirs" $HOOKS/pre-push &&
	chmod 750 $HOOKS/pre-push
'

test_expect_success 'a copy of the kept hook put in place of ours: installed again' '
	git bench hook install >/dev/null &&
	cp -p "$TRASH/theirs" $HOOKS/pre-push &&
	git bench hook install >out &&
	grep -q "^Installed the pre-push hook again in .*/pre-push,$" out &&
	grep -q "^which a copy of pre-push.git-bench-chained had replaced$" out &&
	cmp "$GB_SOURCE_DIR/hooks/pre-push" $HOOKS/pre-push &&
	cmp "$TRASH/theirs" $HOOKS/pre-push.git-bench-chained &&
	commit_regressing slower-after-replace &&
	push_refused
'

test_expect_success 'another hook put in place of ours: install says what to do' '
	printf "#!/bin/sh\nexit 0\n" >$HOOKS/pre-push &&
	chmod +x $HOOKS/pre-push &&
	dir_state $HOOKS >before &&
	test_expect_code 2 git bench hook install 2>err &&
	grep -q "^error: .*/pre-push replaced git-bench.s hook after it was installed$" err &&
	grep -q "^hint: keep one of the two (merge them, or remove one), then install again$" err &&
	test_expect_code 2 git bench hook uninstall 2>err &&
	grep -q "is not git-bench.s hook; left as it is" err &&
	dir_state $HOOKS >after &&
	test_cmp before after &&
	rm $HOOKS/pre-push &&
	git bench hook uninstall >out &&
	grep -q "^Put back .*/pre-push, kept by an earlier install$" out &&
	cmp "$TRASH/theirs" $HOOKS/pre-push
'

# husky 4 to 8: core.hooksPath is .husky, tracked; each hook sources
# husky.sh (husky 8.0.3 wrote this one), which runs the hook again with
# sh -e.
write_husky8 () {
	mkdir -p .husky/_ &&
	echo "*" >.husky/_/.gitignore &&
	cat >.husky/_/husky.sh <<-\EOF &&
	#!/usr/bin/env sh
	if [ -z "$husky_skip_init" ]; then
	  debug () {
	    if [ "$HUSKY_DEBUG" = "1" ]; then
	      echo "husky (debug) - $1"
	    fi
	  }

	  readonly hook_name="$(basename -- "$0")"
	  debug "starting $hook_name..."

	  if [ "$HUSKY" = "0" ]; then
	    debug "HUSKY env variable is set to 0, skipping hook"
	    exit 0
	  fi

	  if [ -f ~/.huskyrc ]; then
	    debug "sourcing ~/.huskyrc"
	    . ~/.huskyrc
	  fi

	  readonly husky_skip_init=1
	  export husky_skip_init
	  sh -e "$0" "$@"
	  exitCode="$?"

	  if [ $exitCode != 0 ]; then
	    echo "husky - $hook_name hook exited with code $exitCode (error)"
	  fi

	  if [ $exitCode = 127 ]; then
	    echo "husky - command not found in PATH=$PATH"
	  fi

	  exit $exitCode
	fi
	EOF
	cat >.husky/pre-push <<-EOF &&
	#!/usr/bin/env sh
	. "\$(dirname -- "\$0")/_/husky.sh"

	echo "\$*" >>"$TRASH/husky saw.args"
	cat >>"$TRASH/husky saw"
	EOF
	chmod +x .husky/pre-push
}

test_setup 'a husky-style repository: core.hooksPath .husky, tracked' '
	cd "$TRASH" &&
	hook_repo "$TRASH/husky repo" &&
	write_husky8 &&
	git add .husky && git commit -q -m husky &&
	git config core.hooksPath .husky &&
	cp -p .husky/pre-push "$TRASH/husky theirs"
'

test_expect_success 'install there says the tracked hook must be committed' '
	git bench hook install >out 2>err &&
	grep -q "^Installed the pre-push hook in $TRASH/husky repo/work/.husky/pre-push$" out &&
	grep -q "^warning: .husky/pre-push is tracked: the work tree differs from HEAD" err &&
	grep -q "^hint: commit it and pre-push.git-bench-chained to share the check" err &&
	cmp "$TRASH/husky theirs" .husky/pre-push.git-bench-chained
'

test_expect_success 'committed, the check refuses and passes; husky ran each time' '
	git add .husky && git commit -q -m "the benchmark check" &&
	git bench record -q "$CRITERION_BASE" &&
	push_input >"$TRASH/husky expect" &&
	push_through &&
	commit_regressing husky-slower &&
	push_input >>"$TRASH/husky expect" &&
	push_refused &&
	commit_clean husky-same &&
	push_input >>"$TRASH/husky expect" &&
	push_through &&
	test_cmp "$TRASH/husky expect" "$TRASH/husky saw" &&
	test_line_count 3 "$TRASH/husky saw.args" &&
	test "$(sort -u "$TRASH/husky saw.args")" = "origin $REMOTE"
'

test_expect_success 'uninstall puts husky.s hook back' '
	git bench hook uninstall >/dev/null &&
	cmp "$TRASH/husky theirs" .husky/pre-push &&
	test "$(stat -c %a .husky/pre-push)" = 755
'

test_setup 'a shared hooks directory: core.hooksPath absolute' '
	cd "$TRASH" &&
	hook_repo "$TRASH/shared repo" &&
	mkdir "$TRASH/shared hooks" &&
	recording_hook "$TRASH/shared hooks/pre-push" "$TRASH/shared saw" &&
	cp -p "$TRASH/shared hooks/pre-push" "$TRASH/shared theirs" &&
	git config core.hooksPath "$TRASH/shared hooks"
'

test_expect_success 'installed there, the check and the shared hook both run' '
	git bench hook install >out 2>err &&
	grep -q "^Installed the pre-push hook in $TRASH/shared hooks/pre-push$" out &&
	test_must_be_empty err &&
	commit_regressing shared-slower &&
	push_input >"$TRASH/shared expect" &&
	push_refused &&
	commit_clean shared-same &&
	push_input >>"$TRASH/shared expect" &&
	push_through &&
	test_cmp "$TRASH/shared expect" "$TRASH/shared saw" &&
	git bench hook uninstall >/dev/null &&
	cmp "$TRASH/shared theirs" "$TRASH/shared hooks/pre-push" &&
	! test -e "$TRASH/shared hooks/pre-push.git-bench-chained"
'

# husky 9: core.hooksPath is .husky/_, where every hook is the same two
# lines that run .husky/<the hook's name> through h (husky 9.1.7 wrote
# these).
write_husky9 () {
	mkdir -p .husky/_ &&
	echo "*" >.husky/_/.gitignore &&
	cat >.husky/_/h <<-\EOF &&
	#!/usr/bin/env sh
	[ "$HUSKY" = "2" ] && set -x
	n=$(basename "$0")
	s=$(dirname "$(dirname "$0")")/$n

	[ ! -f "$s" ] && exit 0

	if [ -f "$HOME/.huskyrc" ]; then
		echo "husky - '~/.huskyrc' is DEPRECATED, please move your code to ~/.config/husky/init.sh"
	fi
	i="${XDG_CONFIG_HOME:-$HOME/.config}/husky/init.sh"
	[ -f "$i" ] && . "$i"

	[ "${HUSKY-}" = "0" ] && exit 0

	export PATH="node_modules/.bin:$PATH"
	sh -e "$s" "$@"
	c=$?

	[ $c != 0 ] && echo "husky - $n script failed (code $c)"
	[ $c = 127 ] && echo "husky - command not found in PATH=$PATH"
	exit $c
	EOF
	printf "#!/usr/bin/env sh\n. \"\$(dirname \"\$0\")/h\"" >.husky/_/pre-push &&
	chmod +x .husky/_/pre-push &&
	echo "cat >>\"$TRASH/husky9 saw\"" >.husky/pre-push
}

test_setup 'a husky 9 repository: core.hooksPath .husky/_' '
	cd "$TRASH" &&
	hook_repo "$TRASH/husky9 repo" &&
	write_husky9 &&
	git add .husky && git commit -q -m husky &&
	git bench record -q "$CRITERION_BASE" &&
	git push -q --no-verify origin main &&
	git config core.hooksPath .husky/_
'

test_expect_success 'install refuses husky 9.s hooks, and says what to do instead' '
	dir_state .husky/_ >before &&
	test_expect_code 2 git bench hook install 2>err &&
	grep -q "^error: .*/.husky/_ holds husky.s hooks, which run .husky/<name> by their own name$" err &&
	grep -q "^hint:   git bench hook pre-push \"\$@\"$" err &&
	dir_state .husky/_ >after &&
	test_cmp before after
'

test_expect_success 'what it says to do holds the gate, and the husky hook runs' '
	{ echo "git bench hook pre-push \"\$@\"" && cat .husky/pre-push; } >new &&
	mv new .husky/pre-push &&
	git add .husky && git commit -q -m "the benchmark check" &&
	git bench record -q "$CRITERION_BASE" &&
	push_through &&
	commit_regressing husky9-slower &&
	push_refused &&
	commit_clean husky9-same &&
	push_through
'

test_done
