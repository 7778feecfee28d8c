#!/bin/sh
# What `git bench measure` costs against the bare command it measures: a
# small C program (a few million instructions) run alone (the floor), by
# `git bench measure` (wait4's rusage: it should cost nothing beyond
# git-bench's start-up), and by `git bench measure --instructions`
# (one more run under Valgrind's cachegrind: the slowdown is Valgrind's).
# Alternated in one run. Prints figures only.
#
# usage: bench/measure-overhead.sh [BUILD_DIR] [ROUNDS]
set -eu
default_rounds=20
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || {
	echo "error: valgrind is not installed (apt-get install valgrind)" >&2
	exit 2
}
git init -q -b main "$work/repo"
cd "$work/repo"
cat >prog.c <<-\EOF2
	#include <stdio.h>
	int main(void)
	{
		volatile unsigned long h = 1469598103934665603UL;
		for (long i = 0; i < 2000000; i++)
			h = (h ^ (unsigned long)i) * 1099511628211UL;
		printf("%lu\n", h);
		return 0;
	}
EOF2
cc -O1 -o prog prog.c
git commit -q --allow-empty -m base
prog="$work/repo/prog"
"$alternate" --rounds "$rounds" "$prog" \
	"git-bench measure -- $prog" \
	"git-bench measure --instructions -- $prog" \
	"valgrind --tool=cachegrind --cache-sim=yes --cachegrind-out-file=/dev/null --log-file=/dev/null $prog"
