#!/bin/sh
# Time added to `git push` by the pre-push hook: pushes of one new commit
# each to a local bare repository, with --no-verify (the floor), with a
# hook that only exits (what git spends on running any hook: the floor of
# every hook), with git-bench's hook when the commit is measured, and with
# it when the commit has no results (most pushes), alternated in one run.
# Prints figures only.
#
# usage: bench/hook-overhead.sh [BUILD_DIR] [ROUNDS]
set -eu
default_rounds=60
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$work"
for c in plain empty bench unmeasured; do
	git init -q --bare -b main "$c.git"
	git clone -q "$c.git" "$c" 2>/dev/null
	bench_repo "$work/$c"
	git -C "$c" push -q origin main
done
printf '#!/bin/sh\nexit 0\n' >empty/.git/hooks/pre-push
chmod +x empty/.git/hooks/pre-push
(cd bench && git bench hook install >/dev/null)
(cd unmeasured && git bench hook install >/dev/null)
"$alternate" --rounds "$rounds" \
	--prep "for c in plain empty bench unmeasured; do (cd '$work'/\$c &&
		git commit -q --allow-empty -m c &&
		{ [ \$c = unmeasured ] || { '$new_results' &&
		git bench record -q; }; }) || exit; done" \
	"git -C plain push -q --no-verify origin main" \
	"git -C empty push -q origin main" \
	"git -C bench push -q origin main" \
	"git -C unmeasured push -q origin main"
