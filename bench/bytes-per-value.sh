#!/bin/sh
# What a stored value costs on disk after `git gc`: RUNS commits, each with
# one run of 50 benchmarks recorded (a summary per benchmark: the generic
# format's value, as most harnesses give: times, then instruction counts),
# and the same with Criterion.rs runs that keep their samples. The bytes
# are those of every object that the history ref and the notes reach and
# the code does not (git cat-file's on-disk sizes, deltas included), over
# the values stored.
# Prints figures only.
#
# usage: bench/bytes-per-value.sh [BUILD_DIR] [RUNS]   (RUNS 200)
set -eu
default_rounds=200
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
runs=$rounds
cd "$work"

# bytes_of_results: on-disk bytes of the objects only the results reach.
bytes_of_results () {
	git gc -q --prune=now
	git rev-list --objects refs/benchmark-history refs/notes/benchmarks \
		--not HEAD | cut -d" " -f1 |
		git cat-file --batch-check="%(objectsize:disk)" |
		awk '{ s += $1 } END { print s }'
}

# summary KIND: RUNS commits each with one run of 50 summary values:
# times with two decimals (what float32 cannot hold) or whole instruction
# counts (as Cachegrind and iai give them).
summary () {
	git init -q -b main "$1" && cd "$1"
	i=0
	while [ $i -lt "$runs" ]; do
		git commit -q --allow-empty -m "c$i"
		python3 -c '
import json, random, sys
random.seed(int(sys.argv[1]))
counts = sys.argv[2] == "counts"
def value(k):
    v = (1000 + 37 * k) * random.uniform(0.97, 1.03)
    return int(v * 1000) if counts else round(v, 2)
json.dump([{"name": "group%d/bench_%d" % (k % 5, k),
            "unit": "instructions" if counts else "ns", "value": value(k)}
           for k in range(50)], sys.stdout)' $i "$1" >"$work/r.json"
		git bench record -q -f generic "$work/r.json"
		i=$((i + 1))
	done
	b=$(bytes_of_results)
	awk -v b="$b" -v n=$((runs * 50)) -v k="$2" 'BEGIN {
		printf "summary values, %s: %d runs x 50 benchmarks, %d bytes: %.1f bytes a value\n",
			k, n / 50, b, b / n }'
	cd "$work"
}
summary times "times (two decimals)"
summary counts "instruction counts"

git init -q -b main samples && cd samples
# Criterion.rs runs of tests/fixtures, each commit's resampled from the
# real samples (tests/cli/criterion-commit.py, as the tests' histories).
GB_FIXTURES=$top/tests/fixtures python3 "$top/tests/cli/criterion-commit.py" \
	"$work/crit" 1 "$runs" $((runs + 1))
i=1
while [ $i -le "$runs" ]; do
	git commit -q --allow-empty -m "c$i"
	git bench record -q "$work/crit/$i"
	i=$((i + 1))
done
nsamples=$(find "$work/crit" -path "*/new/sample.json" -exec python3 -c '
import json, sys
print(sum(len(json.load(open(p))["times"]) for p in sys.argv[1:]))' {} + |
	awk '{ s += $1 } END { print s }')
b=$(bytes_of_results)
awk -v b="$b" -v r="$runs" -v s="$nsamples" 'BEGIN {
	printf "with samples: %d runs, %d samples in all, %d bytes: %.1f bytes a sample\n",
		r, s, b, b / s }'
