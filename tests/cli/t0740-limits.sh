#!/bin/sh
# What one record may hold (docs/storage.md, "Limits"): record refuses
# results over the limits and writes nothing; a remote's records over them
# (a huge name, too many results) are left out by pull, which says so, and
# never reach the notes, show, log or fsck's verdict. GB_LIMITS_FULL=1
# uses the sizes of the original report (40 MiB names, 2^20 results).
. "$(dirname "$0")/lib.sh"

R=refs/benchmarks/history
if [ -n "${GB_LIMITS_FULL:-}" ]; then
	NAME_BYTES=$((40 * 1024 * 1024)) RESULTS=$((1 << 20))
else
	NAME_BYTES=$((1024 * 1024)) RESULTS=$((1 << 17))
fi

# make_record FILE COMMIT SECONDS ID NAME_BYTES RESULTS: a valid msgpack
# run record, over the limits as asked (written by hand: the encoder
# refuses it).
make_record () {
	python3 - "$@" <<-\PY
	import struct, sys
	path, commit, t, rid, name_bytes, nresults = sys.argv[1:]
	def s(b):
	    if isinstance(b, str): b = b.encode()
	    if len(b) < 32: return bytes([0xa0 | len(b)]) + b
	    if len(b) < 256: return b"\xd9" + bytes([len(b)]) + b
	    if len(b) < 65536: return b"\xda" + struct.pack(">H", len(b)) + b
	    return b"\xdb" + struct.pack(">I", len(b)) + b
	def m(n): return bytes([0x80 | n]) if n < 16 else b"\xde" + struct.pack(">H", n)
	def a(n): return b"\xdc" + struct.pack(">H", n) if n < 65536 else b"\xdd" + struct.pack(">I", n)
	f64 = lambda v: b"\xcb" + struct.pack(">d", v)
	n = int(nresults)
	out = [m(6), s("schema"), b"\x01", s("id"), s(rid), s("commit"), s(commit),
	       s("time"), b"\xce" + struct.pack(">I", int(t)), s("machine"), s("box"),
	       s("results"), a(n)]
	for i in range(n):
	    name = b"n" * int(name_bytes) if i == 0 else b"b%d" % i
	    out += [m(2), s("name"), s(name), s("mean"), f64(1.0 + i)]
	open(path, "wb").write(b"".join(out))
	PY
}

# add_to_remote FILE ID: the record at its path on the remote's history.
add_to_remote () (
	cd "$TRASH/remote.git" &&
	blob=$(git hash-object -w "$1") &&
	tip=$(git rev-parse $R) &&
	GIT_INDEX_FILE=$TRASH/idx git read-tree $tip &&
	GIT_INDEX_FILE=$TRASH/idx git update-index --add \
		--cacheinfo "100644,$blob,runs/2026/01/02/$2" &&
	tree=$(GIT_INDEX_FILE=$TRASH/idx git write-tree) &&
	git update-ref $R $(echo "Record 1 run" | git commit-tree $tree -p $tip) $tip
)

test_setup 'a remote with one run' '
	git init -q --bare remote.git &&
	git clone -q remote.git work 2>/dev/null &&
	cd work && echo one >file && git add file && git commit -q -m first &&
	git push -q origin HEAD && git bench record -q "$CRITERION_BASE" &&
	git bench push >/dev/null && cd ..
'

test_expect_success 'record refuses a name, a label or a unit over the limits' '
	cd work && refs_state >before &&
	python3 -c "
import json
json.dump([{\"name\": \"n\" * 4097, \"unit\": \"ns\", \"value\": 1}], open(\"long-name.json\", \"w\"))
json.dump([{\"name\": \"a\", \"unit\": \"u\" * 1025, \"value\": 1}], open(\"long-unit.json\", \"w\"))
json.dump([{\"name\": \"a\", \"unit\": \"ns\", \"value\": 1}], open(\"ok.json\", \"w\"))
" &&
	test_expect_code 2 git bench record --format generic long-name.json 2>err &&
	test_one_line err &&
	grep -q "^error: a benchmark name of 4097 bytes is over the limit of 4096" err &&
	test_expect_code 2 git bench record --format generic long-unit.json 2>err &&
	grep -q "^error: a unit of 1025 bytes is over the limit of 1024" err &&
	test_expect_code 2 git bench record --format generic \
		--label "$(printf "%01025d" 0)" ok.json 2>err &&
	grep -q "^error: a label of 1025 bytes is over the limit of 1024" err &&
	refs_state >after && test_cmp before after
'

test_expect_success 'pull leaves out remote records over the limits, and says so' '
	c=$(git -C work rev-parse HEAD) &&
	make_record big-name.rec $c 1767312000 20260102T000000.000000Z-0000000a \
		$NAME_BYTES 1 &&
	make_record many.rec $c 1767312001 20260102T000001.000000Z-0000000b \
		4 $RESULTS &&
	make_record fine.rec $c 1767312002 20260102T000002.000000Z-0000000c 4 3 &&
	add_to_remote "$TRASH/big-name.rec" 20260102T000000.000000Z-0000000a &&
	add_to_remote "$TRASH/many.rec" 20260102T000001.000000Z-0000000b &&
	add_to_remote "$TRASH/fine.rec" 20260102T000002.000000Z-0000000c &&
	git clone -q remote.git mine && cd mine &&
	git bench pull >out 2>err &&
	grep -q "^warning: left out runs/2026/01/02/20260102T000000.000000Z-0000000a from origin: .*over the limits: a string of $NAME_BYTES bytes at offset [0-9]*, more than 4096" err &&
	grep -q "^warning: left out runs/2026/01/02/20260102T000001.000000Z-0000000b from origin: .*over the limits: $RESULTS results, more than 65536" err &&
	grep -q "^Fetched 2 runs from origin (2 new, 2 left out); merged 2 runs" out &&
	git bench show --format json >show.json &&
	python3 -c "
import json
runs = json.load(open(\"show.json\"))[\"runs\"]
assert sorted(len(r[\"results\"]) for r in runs)[0] == 3, runs
assert all(len(x[\"name\"]) < 100 for r in runs for x in r[\"results\"])
assert len(runs) == 2, len(runs)
" &&
	! git ls-tree -r --name-only refs/benchmark-history | grep -q "0000000[ab]$" &&
	git bench fsck >fsck.out &&
	git bench log --any-machine >/dev/null
'

test_expect_success 'records within the limits, too many for bench.maxMemory: said, exit 2' '
	cd "$TRASH/mine" &&
	c=$(git rev-parse HEAD) &&
	# Four records of 300 benchmarks with 4000-byte names: 4.6 MiB of
	# names a command would hold, each record well within its limits.
	for i in 1 2 3 4; do
		python3 -c "
import json, sys
i = int(sys.argv[1])
json.dump([{\"name\": \"%d-%d-\" % (i, k) + \"n\" * 4000, \"unit\": \"ns\",
            \"value\": 100 + k} for k in range(300)], sys.stdout)" $i >wide$i.json &&
		git bench record -q --allow-dirty -f generic wide$i.json || return 1
	done &&
	refs_state >before &&
	test_expect_code 2 git -c bench.maxMemory=2 bench log 2>err >out &&
	test_one_line err &&
	grep -q "^error: the results of this range take more than 2 MiB (bench.maxMemory): name a shorter range (A..B, -n) or fewer benchmarks (--bench), or raise bench.maxMemory$" err &&
	test_expect_code 2 git -c bench.maxMemory=2 bench report -o r.html 2>err &&
	grep -q "more than 2 MiB (bench.maxMemory)" err && test ! -e r.html &&
	refs_state >after && test_cmp before after &&
	git -c bench.maxMemory=2 bench log --bench "1-*" >out &&
	test $(grep -c "^1-" out) -ge 1 &&
	git bench log >/dev/null
'

test_done
