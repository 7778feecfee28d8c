#!/usr/bin/env python3
"""Criterion.rs output for the commits of a test history, from real runs.

usage: criterion-commit.py OUT FROM TO BAD

Writes OUT/<i>, a target/criterion, for each commit number i from FROM
to TO, sum_of_squares slow from commit BAD on. Each benchmark
comes from one of the two real runs in tests/fixtures: sum_of_squares from
the slow run in commits from BAD on, else from the baseline run; every other
benchmark, whose code never changed, from one run or the other, in turns
that mix them evenly along the history. Of each benchmark a seeded two
thirds of its real samples are kept, with estimates.json recomputed from
them, so that no two commits repeat a value: the history moves by real
noise (between the two runs, and between samples), never by a pattern.
"""
import json
import math
import os
import random
import shutil
import statistics
import sys

LEAVES = ["add_two_numbers", "fibonacci/iterative/10", "fibonacci/iterative/20",
          "fibonacci/recursive/10", "fibonacci/recursive/20", "sort/1000",
          "sort/10000"]
GOLDEN = (math.sqrt(5) - 1) / 2


def resample(src, dst, rng):
    shutil.copytree(src, dst)
    new = os.path.join(dst, "new")
    with open(os.path.join(new, "sample.json")) as f:
        sample = json.load(f)
    pairs = list(zip(sample["iters"], sample["times"]))
    keep = sorted(rng.sample(range(len(pairs)), k=len(pairs) * 2 // 3))
    pairs = [pairs[i] for i in keep]
    sample["iters"] = [p[0] for p in pairs]
    sample["times"] = [p[1] for p in pairs]
    with open(os.path.join(new, "sample.json"), "w") as f:
        json.dump(sample, f)
    per = [t / i for i, t in pairs]
    with open(os.path.join(new, "estimates.json")) as f:
        est = json.load(f)
    est["mean"]["point_estimate"] = statistics.fmean(per)
    est["median"]["point_estimate"] = statistics.median(per)
    est["std_dev"]["point_estimate"] = statistics.stdev(per)
    if est.get("slope"):
        est["slope"]["point_estimate"] = sum(sample["times"]) / sum(sample["iters"])
    with open(os.path.join(new, "estimates.json"), "w") as f:
        json.dump(est, f)


def commit(dest, index, slow, base, slower):
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    for k, leaf in enumerate(LEAVES + ["sum_of_squares"]):
        if leaf == "sum_of_squares":
            src = slower if slow else base
        else:
            # Parity of a Beatty sequence: neither run holds for long.
            src = slower if math.floor(index * GOLDEN + k * 0.37) % 2 else base
        rng = random.Random(index * 1000 + k)
        resample(os.path.join(src, leaf), os.path.join(dest, leaf), rng)


def main():
    out, first, last, bad = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    fixtures = os.environ["GB_FIXTURES"] + "/criterion"
    base, slower = fixtures + "/baseline/criterion", fixtures + "/slow/criterion"
    for i in range(first, last + 1):
        commit(os.path.join(out, str(i)), i, i >= bad, base, slower)


main()
