#!/bin/sh
# Cost in the number of benchmarks: two commits measured with N benchmarks
# each (N = 5000, 40000 by default), then log, export, report, fsck, the
# pre-push check, and a pull of them into a fresh clone, each timed and
# printed as a ratio to recording the same N results (the floor: reading
# and writing them once). Quadratic work shows as a ratio growing with N.
# Then a remote record of 2^20 results (the size of the original report,
# over the limit of a record): the time and memory of the pull that
# leaves it out, against `git fetch` of the same refs. Prints figures only.
#
# usage: bench/many-benchmarks.sh [BUILD_DIR] [COUNTS]   (COUNTS "5000 40000")
set -eu
default_rounds=1
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
counts=${2:-"5000 40000"}
cd "$work"

# Seconds and peak KiB of "$@", as "S KIB".
timed () {
	/usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>&1 || {
		echo "error: $* failed" >&2; exit 1; }
	cat "$work/time.out"
}

results () {
	python3 -c '
import json, sys
n, v = int(sys.argv[1]), float(sys.argv[2])
json.dump([{"name": "group%d/bench%d" % (i % 97, i), "unit": "ns",
            "value": v + i % 13} for i in range(n)], sys.stdout)' "$@"
}

for n in $counts; do
	rm -rf remote.git repo clone
	git init -q --bare remote.git
	git init -q -b main repo
	cd repo
	git remote add origin ../remote.git
	git commit -q --allow-empty -m one
	results "$n" 100 >a.json
	results "$n" 101 >b.json
	git bench record -q --format generic a.json
	git commit -q --allow-empty -m two
	rec=$(timed git bench record -q --format generic b.json)
	git push -q origin main
	git bench push origin >/dev/null
	floor=${rec% *}
	line="N=$n: record $floor s"
	for cmd in "log" "export --format csv HEAD~1..HEAD" \
		"report -q -o $work/r.html HEAD~1..HEAD" "fsck" \
		"check --baseline HEAD~1 HEAD"; do
		t=$(git -c bench.baseline=HEAD~1 bench $cmd >/dev/null 2>&1; \
			timed sh -c "git -c bench.baseline=HEAD~1 bench $cmd || [ \$? = 1 ]")
		line="$line; ${cmd%% *} x$(awk -v a="${t% *}" -v b="$floor" \
			'BEGIN { printf "%.1f", a / (b > 0.01 ? b : 0.01) }')"
	done
	cd ..
	git clone -q remote.git clone
	t=$(cd clone && timed git bench pull)
	echo "$line; pull x$(awk -v a="${t% *}" -v b="$floor" \
		'BEGIN { printf "%.1f", a / (b > 0.01 ? b : 0.01) }')"
done

# A remote record of 2^20 results, written by hand (record refuses it).
rm -rf remote.git clone
git init -q --bare remote.git
git clone -q remote.git clone 2>/dev/null
(cd clone && git commit -q --allow-empty -m one && git push -q origin HEAD &&
 git bench record -q --format generic "$work/repo/a.json" &&
 git bench push origin >/dev/null)
c=$(git -C clone rev-parse HEAD)
python3 - "$c" big.rec <<'PY'
import struct, sys
def s(b):
    b = b.encode() if isinstance(b, str) else b
    return (bytes([0xa0 | len(b)]) if len(b) < 32 else b"\xd9" + bytes([len(b)])) + b
n = 1 << 20
out = [b"\x86", s("schema"), b"\x01", s("id"), s("20260102T000000.000000Z-0000000b"),
       s("commit"), s(sys.argv[1]), s("time"), b"\xce" + struct.pack(">I", 1767312000),
       s("machine"), s("box"), s("results"), b"\xdd" + struct.pack(">I", n)]
for i in range(n):
    out += [b"\x82", s("name"), s("b%d" % i), s("mean"), b"\xcb" + struct.pack(">d", 1.0)]
open(sys.argv[2], "wb").write(b"".join(out))
PY
(cd remote.git &&
 blob=$(git hash-object -w ../big.rec) && tip=$(git rev-parse refs/benchmarks/history) &&
 GIT_INDEX_FILE=../idx git read-tree "$tip" &&
 GIT_INDEX_FILE=../idx git update-index --add \
	--cacheinfo "100644,$blob,runs/2026/01/02/20260102T000000.000000Z-0000000b" &&
 tree=$(GIT_INDEX_FILE=../idx git write-tree) &&
 git update-ref refs/benchmarks/history \
	"$(echo big | git commit-tree "$tree" -p "$tip")")
git clone -q remote.git fresh
cd fresh
f=$(timed git fetch -q origin "+refs/benchmarks/*:refs/floor/*")
p=$(timed git bench pull)
awk -v f="$f" -v p="$p" -v size="$(wc -c <../big.rec)" 'BEGIN {
	split(f, a, " "); split(p, b, " ");
	printf "a record of 2^20 results (%d bytes): pull %.2f s, %d MiB; " \
		"git fetch %.2f s, %d MiB: ratio %.1f\n", size, b[1], b[2] / 1024,
		a[1], a[2] / 1024, b[1] / (a[1] > 0.01 ? a[1] : 0.01) }'
git bench log >/dev/null
git bench show --format json | python3 -c '
import json, sys
runs = json.load(sys.stdin)["runs"]
assert all(len(r["results"]) < 65536 for r in runs), "the big record was merged"'
