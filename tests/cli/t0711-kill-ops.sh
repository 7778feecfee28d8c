#!/bin/sh
# Crash safety of every write besides record: prune, forget, fsck
# --repair, push and pull killed with SIGKILL at random moments, twelve
# times (GB_KILL_COUNT, a few hundred for a probe), drawn from a printed
# seed (GB_KILL_SEED draws the same). After every kill `fsck` finds no
# damage and no run missing from the history or the notes (an interrupted
# write is not damage); a prune whose history commit landed is never
# undone, not even by `fsck --repair`; every run a finished push had is on
# the remote; at the end fsck is clean and real `git fsck` is happy.
. "$(dirname "$0")/lib.sh"

test_setup 'a repository with five measured commits and a remote' '
	git init -q --bare remote.git &&
	new_repo repo && cd repo &&
	git remote add origin ../remote.git &&
	for i in 2 3 4 5; do commit_change "change $i" || return 1; done &&
	for r in HEAD HEAD~1 HEAD~2 HEAD~3 HEAD~4; do
		git bench record -q --commit $r "$CRITERION_BASE" || return 1
	done &&
	git bench push origin >/dev/null
'

test_expect_success "${GB_KILL_COUNT:-12} prunes, forgets, repairs, pushes and pulls killed" '
	python3 - "$CRITERION_BASE" "${GB_KILL_COUNT:-12}" "$TRASH" <<-\PY
	import os, random, re, signal, subprocess, sys, time

	fixture, kills, trash = sys.argv[1], int(sys.argv[2]), sys.argv[3]
	seed = int(os.environ.get("GB_KILL_SEED") or random.SystemRandom().randrange(1 << 32))
	print("seed %d (GB_KILL_SEED=%d draws the same kills)" % (seed, seed))
	def fail(message):
	    sys.exit("%s\n(seed %d: GB_KILL_SEED=%d to draw the same kills)"
	             % (message, seed, seed))
	revs = ["HEAD", "HEAD~1", "HEAD~2", "HEAD~3", "HEAD~4"]
	H = "refs/benchmark-history"

	killed_env = dict(os.environ)
	for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
	    if var in killed_env:
	        killed_env[var] = killed_env[var].replace(
	            trash + "/.sanitizer", trash + "/killed-sanitizer")

	def run(*args, env=None, check=True):
	    p = subprocess.run(list(args), capture_output=True, text=True, env=env)
	    if check and p.returncode != 0:
	        fail("%s failed (%d): %s%s" % (" ".join(args), p.returncode,
	                                        p.stdout, p.stderr))
	    return p

	def ids(ref, repo="."):
	    out = run("git", "-C", repo, "ls-tree", "-r", "--name-only", ref,
	              check=False).stdout
	    return {l.rsplit("/", 1)[1] for l in out.splitlines()
	            if l.startswith("runs/")}

	def remote_ids():
	    refs = run("git", "-C", "../remote.git", "for-each-ref",
	               "--format=%(refname)", "refs/benchmarks/").stdout.split()
	    return set().union(*[ids(r, "../remote.git") for r in refs]) if refs else set()

	def fsck_sound(when):
	    p = run("git-bench", "fsck", check=False)
	    if p.returncode != 0 or "missing-from" in p.stdout:
	        fail("fsck %s: exit %d\n%s%s" % (when, p.returncode, p.stdout, p.stderr))

	commands = {
	    "prune": lambda r: ["prune", "--keep", str(r.randint(2, 6))],
	    "forget": lambda r: ["forget", r.choice(revs)],
	    "repair": lambda r: ["fsck", "--repair"],
	    "push": lambda r: ["push", "origin"],
	    "pull": lambda r: ["pull", "origin"],
	}
	# How long each takes uninterrupted, to spread its kills over it.
	span = {}
	for name, argv in commands.items():
	    run("git-bench", "record", "-q", "--commit", "HEAD", fixture)
	    t = time.monotonic()
	    run("git-bench", *argv(random.Random(0)), check=False)
	    span[name] = (time.monotonic() - t) * 1.2
	rng = random.Random(seed)
	landed = 0
	for i in range(kills):
	    run("git-bench", "record", "-q", "--commit", rng.choice(revs), fixture)
	    name = rng.choice(sorted(commands))
	    before = run("git", "rev-parse", H).stdout.strip()
	    here = ids(H)
	    p = subprocess.Popen(["git-bench"] + commands[name](rng),
	                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
	                         env=killed_env)
	    time.sleep(rng.uniform(0, span[name]))
	    p.send_signal(signal.SIGKILL)
	    # A push that finished has every run it had on the remote (a later
	    # prune, pushed, may remove them there too: that is no loss).
	    if p.wait() == 0 and name == "push":
	        lost = here - remote_ids()
	        if lost:
	            fail("a finished push left runs behind: %s" % sorted(lost)[:3])
	    fsck_sound("after a killed %s (kill %d)" % (name, i + 1))
	    # What a prune took out of the history stays out, repair or not.
	    log = run("git", "log", "--format=%s%n%b", "%s..%s" % (before, H)).stdout
	    gone = set(re.findall(r"^run (\S+) commit ", log, re.M)) \
	        if name in ("prune", "forget") and re.search(r"^(Prune|Forget) ", log, re.M) \
	        else set()
	    landed += bool(gone)
	    run("git-bench", "fsck", "--repair")
	    back = gone & ids(H)
	    if back:
	        fail("a killed %s removed runs that came back: %s" % (name, sorted(back)[:3]))
	    if i % 4 == 3:
	        fsck_sound("after the repair (kill %d)" % (i + 1))
	run("git-bench", "push", "origin")
	lost = ids(H) - remote_ids()
	if lost:
	    fail("runs pushed but not on the remote: %s" % sorted(lost)[:3])
	open(trash + "/kill-stats", "w").write(
	    "seed %d; kills: %d; removals that had landed: %d\n" % (seed, kills, landed))
	PY
'

[ -f "$TRASH/kill-stats" ] && sed 's/^/# /' "$TRASH/kill-stats"

test_expect_success 'fsck is clean, and real git fsck finds the repository sound' '
	git bench fsck >out &&
	! grep -q "interrupted-write\|missing-from\|damaged" out &&
	git fsck --strict --no-dangling >out 2>&1 &&
	! grep -v "^Checking" out
'

test_done
