# shellcheck shell=sh disable=SC2034
# What the bench/*.sh scripts share. Sourced with the script's arguments
# [BUILD_DIR] [ROUNDS] (default_rounds set before): sets top, build,
# rounds; a scratch HOME and work directory removed at exit; git's
# identity; the build directory first on PATH; the alternating timer
# (bench/alternate.c) built as $alternate; and bench_repo.
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
rounds=${2:-$default_rounds}
HOME=$(mktemp -d)
export PATH="$build:$PATH" GIT_CONFIG_NOSYSTEM=1 HOME LC_ALL=C
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com
export GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com
unset GIT_DIR GIT_WORK_TREE GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT
work=$(mktemp -d)
trap 'rm -rf "$work" "$HOME"' EXIT
[ -x "$build/git-bench" ] || {
	echo "error: no git-bench in $build (build it first)" >&2; exit 2
}
cc -O2 -o "$work/alternate" "$top/bench/alternate.c" "$top/bench/util.c" -lm
alternate="$work/alternate"
# Which libgit2 the program was linked with, said with the figures.
if objdump -p "$build/git-bench" 2>/dev/null | grep -q 'NEEDED.*libgit2'; then
	echo "git-bench: $build/git-bench, Debian's shared libgit2"
else
	echo "git-bench: $build/git-bench, libgit2 linked statically"
fi

# bench_repo DIR: a repository at DIR (made unless it exists) whose work
# tree has a Criterion.rs run (tests/fixtures/criterion/baseline: four
# benchmarks with their samples) where record looks by default,
# target/criterion, and one commit with that run recorded.
bench_repo () {
	[ -d "$1" ] || git init -q -b main "$1"
	mkdir -p "$1/target"
	cp -r "$top/tests/fixtures/criterion/baseline/criterion" "$1/target/"
	echo target >>"$1/.git/info/exclude"
	git -C "$1" commit -q --allow-empty -m base
	(cd "$1" && git bench record -q)
}

# $new_results, run in such a work tree: every benchmark of its run
# measured anew (each mean's decimals past the sixth changed: a change of
# a millionth or less, which no verdict notices), so that the next record
# stores a new measurement as a real one would, not a copy of the run
# before (which record warns about and reads less history for).
new_results=$work/new-results
cat >"$new_results" <<'EOF_NEW'
#!/bin/sh
n=$(date +%N)
find target/criterion -path '*/new/estimates.json' -exec sed -i \
	"s/\\(\"point_estimate\":[0-9]*\\.[0-9]\\{6\\}\\)[0-9]*/\\1$n/" {} +
EOF_NEW
chmod +x "$new_results"
