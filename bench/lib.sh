# What the bench/*.sh scripts share: a scratch HOME and directory removed
# at exit, git's identity, the build directory first on PATH, and the
# alternating timer (bench/alternate.c) built into the scratch directory.
# Source it after setting `top` and `build`; then `cd "$work"`.
build=$(cd "$build" && pwd)
export PATH="$build:$PATH" GIT_CONFIG_NOSYSTEM=1 HOME=$(mktemp -d) LC_ALL=C
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
