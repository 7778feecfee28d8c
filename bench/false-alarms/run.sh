#!/bin/sh
# How often do verdicts cry wolf? Real runs of a Google Benchmark suite whose
# code never changes (suite.cc), each a separate process: the first HISTORY
# runs are recorded along a line of commits, then every further run is
# compared with the baseline
#   - with the run-to-run noise learned from that history (the default when
#     history exists), and
#   - against a commit with no history before it (one run per side: a test on
#     the run's samples),
# and the REGRESSION verdicts, all false, are counted. Prints figures only.
#
# usage: bench/false-alarms/run.sh [BUILD_DIR] [HISTORY] [TRIALS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-$top/build}
history=${2:-10}
trials=${3:-20}
"$top/scripts/install-deps" g++ libbenchmark-dev
export PATH="$build:$PATH" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com
export GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -O2 -o "$work/suite" "$here/suite.cc" -lbenchmark -lpthread

measure() {
	"$work/suite" --benchmark_min_time=0.05 --benchmark_repetitions=5 \
		--benchmark_out="$1" \
		--benchmark_out_format=json >/dev/null 2>&1
}

cd "$work" && git init -q repo && cd repo
i=0
while [ $i -le "$history" ]; do
	git commit -q --allow-empty -m "history $i"
	measure ../run.json
	git bench record -q --format google-benchmark ../run.json
	[ $i -eq 0 ] && git tag first
	i=$((i + 1))
done

count() { # <json> <field> <value>
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for b in d['benchmarks'] if b[sys.argv[2]] == sys.argv[3]))" "$@"
}
evidence() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); e=d['summary']['evidence']; print(max(e, key=e.get))" "$1"
}

t=0 hist_false=0 hist_warn=0 samp_false=0 samp_warn=0 n=0
while [ $t -lt "$trials" ]; do
	measure ../run.json
	mkdir -p ../trial && cp ../run.json ../trial/run.json
	git -c bench.format=google-benchmark bench compare --working ../trial/run.json \
		--baseline HEAD --format json >../h.json
	git -c bench.format=google-benchmark bench compare --working ../trial/run.json \
		--baseline first --format json >../s.json
	hist_false=$((hist_false + $(count ../h.json verdict REGRESSION)))
	hist_warn=$((hist_warn + $(count ../h.json verdict SLOWER)))
	samp_false=$((samp_false + $(count ../s.json verdict REGRESSION)))
	samp_warn=$((samp_warn + $(count ../s.json verdict SLOWER)))
	n=$((n + $(python3 -c "import json; print(len(json.load(open('../h.json'))['benchmarks']))")))
	t=$((t + 1))
done
rate() { awk "BEGIN { printf \"%.1f%%\", 100 * $1 / ($2 ? $2 : 1) }"; }
echo "unchanged code: $trials runs compared, $history runs of history, $((n / trials)) results each"
echo "evidence with history:  $(evidence ../h.json); without: $(evidence ../s.json)"
echo "false REGRESSION, noise learned from history: $hist_false/$n ($(rate $hist_false $n))"
echo "false REGRESSION, one run per side (samples): $samp_false/$n ($(rate $samp_false $n))"
echo "SLOWER warnings, with history / samples only:  $hist_warn / $samp_warn"
