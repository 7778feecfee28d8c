#!/usr/bin/env python3
"""What `git bench show --format json --samples` must say of a results file.

    expected_results.py FORMAT FILE          print the expected results
    expected_results.py FORMAT FILE SHOWN    compare with a show output

Read independently of the C readers, with Python's json, re and
xml.etree, following docs/formats.md: names, units, directions, estimates
and samples of every result of FILE. The comparison fails on a missing or
extra result and on any value that differs (relative 1e-9; 1e-6 for samples, which records
keep as float32).
"""
import json
import math
import re
import sys
import xml.etree.ElementTree as ET

TIME = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


def result(name, unit="ns", direction="lower", **values):
    r = {"name": name, "unit": unit, "direction": direction}
    r.update(values)
    return r


def with_samples(r, samples):
    """The estimates docs/formats.md says come from the samples."""
    r["samples"] = samples
    n = len(samples)
    if not n:
        return r
    s = sorted(samples)
    r.setdefault("mean", sum(samples) / n)
    r.setdefault("median", s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2)
    r.setdefault("min", s[0])
    r.setdefault("max", s[-1])
    r.setdefault("count", n)
    if n > 1:
        m = sum(samples) / n
        r.setdefault("stddev", math.sqrt(sum((x - m) ** 2 for x in samples) / (n - 1)))
    return r


def google_benchmark(path):
    rows = json.load(open(path))["benchmarks"]
    out, order = {}, []

    def kind(key):
        if key in ("real_time", "cpu_time"):
            return "ns", "lower"
        if key == "bytes_per_second":
            return "B/s", "higher"
        if key == "items_per_second":
            return "items/s", "higher"
        if key == "rate":
            return "/s", "higher"
        return "", "lower"

    skip = {"family_index", "per_family_instance_index", "repetitions",
            "repetition_index", "threads", "iterations"}
    for row in rows:
        agg = row.get("aggregate_name")
        if row.get("run_type") == "aggregate" and agg not in ("mean", "median", "stddev"):
            continue
        f = TIME[row["time_unit"]]
        for key, v in row.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)) or key in skip:
                continue
            name = row["run_name"] if key == "real_time" else "%s [%s]" % (row["run_name"], key)
            if name not in out:
                unit, direction = kind(key)
                out[name] = {"r": result(name, unit, direction), "s": []}
                order.append(name)
            x = v * f if key in ("real_time", "cpu_time") else v
            if agg:
                out[name]["r"][agg] = x
            else:
                out[name]["s"].append(x)
    results = []
    for name in order:
        r, s = out[name]["r"], out[name]["s"]
        results.append(with_samples(r, s))
    return results


def hyperfine(path):
    results = []
    for item in json.load(open(path))["results"]:
        name = item["command"]
        if item.get("parameters"):
            name += " (%s)" % ", ".join("%s=%s" % kv for kv in item["parameters"].items())
        r = result(name, mean=item["mean"] * 1e9, stddev=item["stddev"] * 1e9,
                   median=item["median"] * 1e9, min=item["min"] * 1e9,
                   max=item["max"] * 1e9)
        results.append(with_samples(r, [t * 1e9 for t in item["times"]]))
        results.append(result(name + " [user]", mean=item["user"] * 1e9))
        results.append(result(name + " [system]", mean=item["system"] * 1e9))
    return results


GO_LINE = re.compile(r"^(Benchmark\S+?)(-\d+)?\s+(\d+)\s+(.*)$")


def go(path):
    text = open(path).read()
    if text.lstrip().startswith("{"):
        text = "".join(json.loads(l).get("Output", "") for l in text.splitlines() if l)
    samples, order = {}, []
    for line in text.splitlines():
        m = GO_LINE.match(line)
        if not m:
            continue
        fields = m.group(4).split()
        for value, unit in zip(fields[0::2], fields[1::2]):
            key = (m.group(1), unit)
            if key not in samples:
                samples[key] = []
                order.append(key)
            samples[key].append(float(value))
    results = []
    for bench, unit in order:
        s = samples[(bench, unit)]
        if unit == "ns/op":
            r = result(bench)
        elif unit == "B/op":
            r = result(bench + " [B/op]", "B")
        elif unit == "allocs/op":
            r = result(bench + " [allocs/op]", "allocs")
        elif unit == "MB/s":
            r = result(bench + " [MB/s]", "B/s", "higher")
            s = [x * 1e6 for x in s]
        else:
            r = result("%s [%s]" % (bench, unit), unit)
        results.append(with_samples(r, s))
    return results


def pytest_benchmark(path):
    results = []
    for b in json.load(open(path))["benchmarks"]:
        st = b["stats"]
        r = result(b["fullname"], mean=st["mean"] * 1e9, median=st["median"] * 1e9,
                   stddev=st["stddev"] * 1e9, min=st["min"] * 1e9, max=st["max"] * 1e9,
                   count=st["rounds"], iterations=st["rounds"] * st["iterations"])
        results.append(with_samples(r, [x * 1e9 for x in st.get("data", [])]))
        results.append(result(b["fullname"] + " [ops]", "ops/s", "higher", mean=st["ops"]))
    return results


def catch2(path):
    results = []
    for b in ET.parse(path).getroot().iter("BenchmarkResults"):
        results.append(result(
            b.get("name"), mean=float(b.find("mean").get("value")),
            stddev=float(b.find("standardDeviation").get("value")),
            count=int(b.get("samples")),
            iterations=int(b.get("samples")) * int(b.get("iterations"))))
    return results


def bencher(path):
    results = []
    for line in open(path):
        m = re.match(r"^test (.+?) +\.\.\. bench: +([\d,]+) ns/iter \(\+/- ([\d,]+)\)", line)
        if m:
            results.append(result(m.group(1), mean=float(m.group(2).replace(",", "")),
                                  stddev=float(m.group(3).replace(",", ""))))
    return results


def benchmarkjs(path):
    text = open(path).read()
    results = []
    if not text.lstrip().startswith(("{", "[")):
        for line in text.splitlines():
            m = re.match(r"^(.*) x ([\d,.]+) ops/sec \S+ \((\d+) runs? sampled\)$", line)
            if m:
                results.append(result(m.group(1) + " [hz]", "ops/s", "higher",
                                      mean=float(m.group(2).replace(",", "")),
                                      count=int(m.group(3))))
        return results
    for b in json.loads(text)["benchmarks"]:
        st = b["stats"]
        r = result(b["name"], mean=st["mean"] * 1e9, stddev=st["deviation"] * 1e9)
        results.append(with_samples(r, [x * 1e9 for x in st["sample"]]))
        results.append(result(b["name"] + " [hz]", "ops/s", "higher", mean=b["hz"]))
    return results


def benchmark_ips(path):
    return [result(b["name"] + " [ips]", "ops/s", "higher", mean=b["ips"],
                   stddev=b["stddev"], iterations=b["iterations"])
            for b in json.load(open(path))]


def baseline_json(path):
    return [result(name, mean=b["mean_ns"], stddev=b["stddev_ns"], min=b["min_ns"],
                   max=b["max_ns"], iterations=b["iterations"])
            for name, b in json.load(open(path))["results"].items()]


READERS = {
    "google-benchmark": google_benchmark, "hyperfine": hyperfine, "go": go,
    "pytest-benchmark": pytest_benchmark, "catch2": catch2, "bencher": bencher,
    "benchmarkjs": benchmarkjs, "benchmark-ips": benchmark_ips,
    "baseline-json": baseline_json,
}


def same(a, b, tolerance=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def same_sample(a, b):
    # Records keep samples as float32, to halve their size.
    return same(a, b, 1e-6)


def compare(expected, shown):
    runs = json.load(open(shown))["runs"]
    got = {r["name"]: r for r in runs[0]["results"]}
    errors = []
    if sorted(got) != sorted(r["name"] for r in expected):
        errors.append("names differ:\n  got  %s\n  want %s"
                      % (sorted(got), sorted(r["name"] for r in expected)))
    for want in expected:
        have = got.get(want["name"])
        if not have:
            continue
        for key, value in want.items():
            if key == "samples":
                h = have.get("samples") or []
                if len(h) != len(value) or not all(map(same_sample, h, value)):
                    errors.append("%s: samples differ" % want["name"])
            elif isinstance(value, str):
                if have.get(key) != value:
                    errors.append("%s: %s is %r, want %r" % (want["name"], key, have.get(key), value))
            elif not same(have.get(key), value):
                errors.append("%s: %s is %r, want %r" % (want["name"], key, have.get(key), value))
    for e in errors:
        print(e, file=sys.stderr)
    return not errors


def main():
    expected = READERS[sys.argv[1]](sys.argv[2])
    if len(sys.argv) == 3:
        json.dump(expected, sys.stdout, indent=1)
        return 0
    return 0 if compare(expected, sys.argv[3]) else 1


if __name__ == "__main__":
    sys.exit(main())
