#!/bin/sh
# Crash safety: `record` killed with SIGKILL at random moments, a hundred
# times (GB_KILL_COUNT). Every object of both writes is made before either
# ref moves, so the window between the two is a few microseconds: a kill
# lands there about once a hundred times, and the unit tests of the store
# make that case on purpose; these kills earn their time by landing
# anywhere else. The moments come from a seed, printed with the result and
# with any failure: GB_KILL_SEED=<seed> draws the same ones again (the
# record itself runs as fast as the machine lets it). After every kill
# each ref is either where it was or at a commit whose objects are all there and that
# descends from where it was; every few kills and at the end `fsck` finds
# no damage (runs of interrupted writes are not damage); every run whose
# `record` said it was recorded is in the history and, after one more
# write, in the notes; and real `git fsck` is happy. A ref lock a killed
# writer left is aged so that the next writer removes it at once
# (GB_KILL_REAL_LOCKS=1: wait the 10 s the store waits).
. "$(dirname "$0")/lib.sh"

test_setup 'a repository with five commits' '
	new_repo repo && cd repo &&
	for i in 2 3 4 5; do commit_change "change $i" || return 1; done
'

test_expect_success "${GB_KILL_COUNT:-100} records killed at random moments" '
	python3 - "$CRITERION_BASE" "${GB_KILL_COUNT:-100}" "$TRASH" <<-\PY
	import os, random, signal, subprocess, sys, time

	fixture, kills, trash = sys.argv[1], int(sys.argv[2]), sys.argv[3]
	seed = int(os.environ.get("GB_KILL_SEED") or random.SystemRandom().randrange(1 << 32))
	print("seed %d (GB_KILL_SEED=%d draws the same kills)" % (seed, seed))
	def fail(message):
	    sys.exit("%s\n(seed %d: GB_KILL_SEED=%d to draw the same kills)"
	             % (message, seed, seed))
	revs = ["HEAD", "HEAD~1", "HEAD~2", "HEAD~3", "HEAD~4"]
	refs = ["refs/benchmark-history", "refs/notes/benchmarks"]
	locks = [".git/" + r + ".lock" for r in refs]

	def git(*args, check=True):
	    p = subprocess.run(["git"] + list(args), capture_output=True, text=True)
	    if check and p.returncode != 0:
	        fail("git %s failed: %s" % (" ".join(args), p.stderr))
	    return p

	def tips():
	    return [git("rev-parse", "-q", "--verify", r, check=False).stdout.strip()
	            for r in refs]

	# A process killed while its leak check runs at exit leaves an empty
	# log, or one that says the check could not stop a thread: killed
	# processes log elsewhere, and only a real report there is a failure.
	killed_env = dict(os.environ)
	for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
	    if var in killed_env:
	        killed_env[var] = killed_env[var].replace(
	            trash + "/.sanitizer", trash + "/killed-sanitizer")

	def record(rev, out, env=None):
	    return subprocess.Popen(["git-bench", "record", "--commit", rev, fixture],
	                            stdout=out, stderr=subprocess.STDOUT, env=env)

	def recorded(path):
	    with open(path, errors="replace") as f:
	        return [l.split()[2] for l in f if l.startswith("Recorded run ")]

	def check_moved(old, new, ref):
	    """A moved ref is at a complete commit that descends from its old tip."""
	    if old and git("merge-base", "--is-ancestor", old, new, check=False).returncode:
	        fail("%s moved from %s to %s, not a descendant" % (ref, old, new))
	    objs = git("rev-list", "--objects", "--missing=print", new,
	               *(["^" + old] if old else [])).stdout
	    missing = [l for l in objs.splitlines() if l.startswith("?")]
	    if missing:
	        fail("%s at %s lacks objects: %s" % (ref, new, missing[:3]))

	def fsck_clean(when):
	    p = subprocess.run(["git-bench", "fsck"], capture_output=True, text=True)
	    if p.returncode != 0:
	        fail("fsck %s: exit %d\n%s%s" % (when, p.returncode, p.stdout, p.stderr))
	    return p.stdout

	# How long an uninterrupted record takes, to spread the kills over it;
	# measured again as the kills go (the load of the machine changes, the
	# history grows), which also completes the writes killed before.
	durations, succeeded = [], []
	def measure(rev):
	    t = time.monotonic()
	    with open("out", "w") as out:
	        if record(rev, out).wait() != 0:
	            fail("record failed: " + open("out").read())
	    durations.append(time.monotonic() - t)
	    succeeded.extend(recorded("out"))
	    return sorted(durations[-3:])[len(durations[-3:]) // 2] * 1.2
	for i in range(3):
	    span = measure(revs[i])
	rng = random.Random(seed)
	stats = dict(before=0, between=0, after=0, locks=0)
	for i in range(kills):
	    before = tips()
	    with open("out", "w") as out:
	        p = record(rng.choice(revs), out, killed_env)
	        # Half anywhere in its life, half near its end, where it writes.
	        delay = rng.uniform(0, span) if i % 2 else rng.uniform(0.6 * span, span)
	        time.sleep(delay)
	        p.send_signal(signal.SIGKILL)
	        p.wait()
	    succeeded += recorded("out")
	    after = tips()
	    for ref, old, new in zip(refs, before, after):
	        if new != old:
	            check_moved(old, new, ref)
	    moved = [a != b for a, b in zip(before, after)]
	    outcome = ("before" if not any(moved) else
	               "between" if moved == [True, False] else "after")
	    stats[outcome] += 1
	    left = [l for l in locks if os.path.exists(l)]
	    if left:
	        # A writer died holding a ref lock: the next one waits until the
	        # lock is stale (10 s) and removes it. Age it, rather than wait,
	        # unless GB_KILL_REAL_LOCKS asks for the real wait.
	        stats["locks"] += 1
	        for l in left:
	            if not os.environ.get("GB_KILL_REAL_LOCKS"):
	                os.utime(l, (time.time() - 60, time.time() - 60))
	    if i % 25 == 24:
	        fsck_clean("after %d kills" % (i + 1))
	    if i % 50 == 49:
	        span = measure(rng.choice(revs))

	# Damage would show here; interrupted writes may, and are not damage.
	report = fsck_clean("after all kills")
	with open("out", "w") as out:
	    if record("HEAD", out).wait() != 0:
	        fail("a last record failed: " + open("out").read())
	succeeded += recorded("out")
	report = fsck_clean("after a last record")
	if "interrupted" in report:
	    fail("the last write did not complete the others:\n" + report)
	history = git("ls-tree", "-r", "--name-only", refs[0]).stdout.split()
	ids = {h.rsplit("/", 1)[1] for h in history}
	noted = set()
	for rev in revs:
	    p = subprocess.run(["git-bench", "show", "--format", "json", rev],
	                       capture_output=True, text=True)
	    if p.returncode == 0:
	        import json
	        noted |= {r["id"] for r in json.loads(p.stdout)["runs"]}
	lost = [r for r in succeeded if r not in ids or r not in noted]
	if lost:
	    fail("runs reported recorded but lost: %s" % lost)
	if ids != noted:
	    fail("history and notes differ: %s" % (ids ^ noted))
	def real_report(name):
	    text = open(os.path.join(trash, name), errors="replace").read()
	    return any(m in text for m in ("ERROR:", "runtime error", "SUMMARY:"))
	reports = [f for f in os.listdir(trash)
	           if f.startswith("killed-sanitizer") and real_report(f)]
	if reports:
	    fail("sanitizer reports from killed records: " +
	             open(os.path.join(trash, reports[0])).read())
	stats_file = open(trash + "/kill-stats", "w")
	print("seed %d; kills: %d; killed before any ref moved: %d, between the "
	      "history and the notes: %d, after both: %d; ref locks left: %d; "
	      "runs recorded: %d, all present" % (seed, kills, stats["before"],
	      stats["between"], stats["after"], stats["locks"], len(succeeded)),
	      file=stats_file)
	PY
'

[ -f "$TRASH/kill-stats" ] && sed 's/^/# /' "$TRASH/kill-stats"

test_expect_success 'real git fsck finds the repository sound' '
	git fsck --strict --no-dangling >out 2>&1 &&
	! grep -v "^Checking" out
'

test_expect_success 'a ref lock of a killed writer is taken over at once' '
	dead=$(sh -c "echo \$\$") &&
	! kill -0 $dead 2>/dev/null &&
	host=$(python3 -c "import socket; print(socket.gethostname())") &&
	: >.git/refs/benchmark-history.lock &&
	echo "$dead $host refs/benchmark-history" >.git/bench-writer &&
	git bench record -q "$CRITERION_SLOW" 2>err &&
	grep -q "^warning: took over .*refs/benchmark-history.lock: process $dead, which held it, is gone$" err &&
	test ! -e .git/refs/benchmark-history.lock &&
	test ! -s .git/bench-writer
'

test_done
