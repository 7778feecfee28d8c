#!/bin/sh
# cmake --install: every file in its place, the installed git-bench found
# by git with its manual, and the example program built against the
# installed library through pkg-config, as a user of the library builds it,
# reporting a real regression.
. "$(dirname "$0")/lib.sh"

PREFIX="$TRASH/prefix"
# An instrumented library needs its compiler and sanitizers in the program.
CC=${GB_CC:-cc}
CFLAGS_EXAMPLE="-std=c11 -Wall -Wextra -Werror -Wshadow ${GB_SANITIZE_FLAGS:-}"

test_setup 'cmake --install into a fresh prefix' '
	cmake --install "$GB_BUILD_DIR" --prefix "$PREFIX" >install.log &&
	PC=$(find "$PREFIX" -name gitbench.pc) &&
	test -n "$PC" &&
	LIBDIR=$(dirname "$(dirname "$PC")")
'

test_expect_success 'the binary, library, headers, hook, man page, completion, licence' '
	test -x "$PREFIX/bin/git-bench" &&
	test -x "$PREFIX/libexec/git-core/git-bench" &&
	test -f "$LIBDIR/libgitbench.a" &&
	test -f "$LIBDIR/libgitbench.so" &&
	test -f "$LIBDIR/libgitbench.so.0" &&
	test -f "$PREFIX/include/gitbench.h" &&
	for h in "$GB_SOURCE_DIR"/include/gitbench/*.h; do
		test -f "$PREFIX/include/gitbench/$(basename "$h")" || return 1
	done &&
	test -x "$PREFIX/share/git-bench/hooks/pre-push" &&
	test -f "$PREFIX/share/bash-completion/completions/git-bench" &&
	test -f "$PREFIX/share/zsh/site-functions/_git-bench" &&
	test -f "$PREFIX/share/doc/git-bench/copyright" &&
	gzip -dc "$PREFIX/share/doc/git-bench/changelog.gz" | head -n 1 >changelog &&
	grep -q "^git-bench ($(git bench --version | sed "s/.* //")) " changelog &&
	if [ -n "${GB_MANPAGE:-}" ]; then
		gzip -dc "$PREFIX/share/man/man1/git-bench.1.gz" >page &&
		test_cmp "$GB_MANPAGE" page
	fi
'

test_expect_success 'git finds the installed git bench, and its manual' '
	PATH="$PREFIX/bin:$PATH" git bench --version >out &&
	grep -q "^git-bench version " out &&
	if [ -n "${GB_MANPAGE:-}" ]; then
		PATH="$PREFIX/bin:$PATH" MANPATH="$PREFIX/share/man" MANPAGER=cat \
			git help bench >out 2>err &&
		grep -q "git-bench - benchmark results kept in git" out
	fi
'

test_expect_success 'pkg-config describes the installed library' '
	export PKG_CONFIG_PATH="$LIBDIR/pkgconfig" &&
	pkg-config --modversion gitbench >out &&
	git bench --version | sed "s/.* //" >expect &&
	test_cmp expect out &&
	pkg-config --cflags gitbench | grep -q -- "-I$PREFIX/lib/pkgconfig/../../include\|-I$PREFIX/include" &&
	pkg-config --static --libs gitbench >out &&
	grep -q -- "-lgitbench" out && grep -q -- "-lmsgpackc" out &&
	grep -q -- "-lgit2" out && grep -q -- "-lm" out
'

test_expect_success 'the example builds with pkg-config, shared and static' '
	export PKG_CONFIG_PATH="$LIBDIR/pkgconfig" &&
	$CC $CFLAGS_EXAMPLE -o compare "$GB_SOURCE_DIR/examples/compare.c" \
		$(pkg-config --cflags --libs gitbench) &&
	$CC $CFLAGS_EXAMPLE -o compare-static "$GB_SOURCE_DIR/examples/compare.c" \
		$(pkg-config --cflags gitbench) "$LIBDIR/libgitbench.a" \
		$(pkg-config --static --libs gitbench | sed "s/-lgitbench//")
'

test_expect_success 'the program finds the library in the prefix by itself' '
	unset LD_LIBRARY_PATH &&
	ldd "$TRASH/compare" >libs &&
	found=$(sed -n "s/^[[:space:]]*libgitbench.so.0 => \(.*\) (0x.*/\1/p" libs) &&
	test "$(realpath "$found")" = "$(realpath "$LIBDIR/libgitbench.so.0")" &&
	readelf -d "$TRASH/compare" | grep -q "(RUNPATH).*$PREFIX/lib"
'

test_setup 'a repository with a known regression' '
	git init -q -b main repo && cd repo &&
	echo target >.gitignore && git add .gitignore &&
	git commit -q -m c1 &&
	git bench record -q --label v0.1.0 "$CRITERION_BASE" &&
	commit_change c2 && git bench record -q "$CRITERION_SLOW"
'

# As README says: ./compare v0.1.0, the label of the first run.
test_expect_success 'the example reports the regression and exits 1' '
	test_expect_code 1 "$TRASH/compare" v0.1.0 >out &&
	grep -q "^baseline $(git rev-parse --short=7 HEAD~1) (v0.1.0, 0 commit(s) back)" out &&
	grep "REGRESSION" out >regressions &&
	test_one_line regressions &&
	grep -q "^sum_of_squares .* +31.36%  REGRESSION (over budget)$" regressions &&
	grep -q "^1 benchmark(s) over budget$" out &&
	test_expect_code 1 "$TRASH/compare-static" v0.1.0 >out2 &&
	test_cmp out out2
'

test_expect_success 'the example agrees with git bench check, and exits 0 when clean' '
	test_expect_code 1 git bench check --baseline v0.1.0 >/dev/null 2>&1 &&
	"$TRASH/compare" HEAD~1 HEAD~1 >out &&
	grep -q "^0 benchmark(s) over budget$" out &&
	test_expect_code 2 "$TRASH/compare" a b c 2>err &&
	grep -q "^usage: compare" err
'

test_expect_success 'the example: the default baseline, and errors' '
	git branch -q old HEAD~1 && git branch -q --set-upstream-to=old &&
	test_expect_code 1 "$TRASH/compare" >out &&
	grep -q "merge-base of HEAD and old" out &&
	test_expect_code 2 "$TRASH/compare" no-such-rev 2>err &&
	grep -q "^compare: .*no-such-rev" err
'

test_done
