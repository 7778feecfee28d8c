#!/usr/bin/env python3
"""What `git bench show --format json --samples` must say of a results file.

    expected_results.py FORMAT FILE          print the expected results
    expected_results.py FORMAT FILE SHOWN    compare with a show output
    expected_results.py --batch LIST SHOWN   each "<run> <format> <file>" of LIST

Read independently of the C readers, with Python's json, re and
xml.etree, following docs/formats.md: names, units, directions, estimates
and samples of every result of FILE. The comparison fails on a missing or
extra result and on any value that differs (relative 1e-9; 1e-6 for samples, which records
keep as float32).
"""
import json
import math
import re
import statistics
import sys
import xml.etree.ElementTree as ET

TIME = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


def result(name, unit="ns", direction="lower", **values):
    r = {"name": name, "unit": unit, "direction": direction}
    r.update(values)
    return r


def measure(name, measure, unit, direction="lower", **values):
    """A result of benchmark name in a measure other than its first."""
    r = result(name, unit, direction, **values)
    r["measure"] = measure
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


# ---- console outputs of the harnesses above, and the formats added since ----

def is_json(path):
    return open(path, encoding="utf-8").read().lstrip().startswith(("{", "["))


def time_ns(value, unit):
    units = dict(TIME, **{"ps": 1e-3, "\u00b5s": 1e3, "\u03bcs": 1e3})
    return float(value.replace(",", "")) * units[unit]


def google_console(path):
    si = {"": 1, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}
    kinds = {"bytes_per_second": ("B/s", "higher"), "items_per_second": ("items/s", "higher"),
             "rate": ("/s", "higher")}
    out, order = {}, []
    lines = open(path).read().splitlines()
    start = next(i for i, l in enumerate(lines) if re.match(r"^Benchmark\s+Time\s+CPU\s+Iterations", l))
    for line in lines[start + 2:]:
        f = line.split()
        if len(f) < 3 or f[2] not in TIME:
            continue
        name, agg = f[0], None
        for a in ("mean", "median", "stddev", "cv"):
            if name.endswith("_" + a) and name[:-len(a) - 1] in out:
                name, agg = name[:-len(a) - 1], a
        if agg == "cv":
            continue
        values = [(None, "ns", "lower", time_ns(f[1], f[2])), ("cpu_time", "ns", "lower", time_ns(f[3], f[4]))]
        for c in f[6:]:
            k, v = c.split("=")
            if v.endswith("%"):
                continue
            m = re.match(r"^([\d.]+)([kMGT]?)(/s)?$", v)
            base = 1024 if k == "bytes_per_second" else 1000
            x = float(m.group(1)) * (base ** "kMGT".index(m.group(2)) * base if m.group(2) else 1)
            unit, d = kinds.get(k, ("", "lower"))
            values.append((k, unit, d, x))
        for metric, unit, d, x in values:
            key = name if metric is None else "%s [%s]" % (name, metric)
            if key not in out:
                out[key] = {"r": result(key, unit, d), "s": [], "n": 0}
                order.append(key)
            if agg:
                out[key]["r"][agg] = x
            else:
                out[key]["s"].append(x)
    return [with_samples(out[k]["r"], out[k]["s"]) for k in order]


def hyperfine_text(path):
    text = open(path).read()
    results = []
    if text.startswith("command,"):
        import csv
        rows = list(csv.DictReader(text.splitlines()))
        for row in rows:
            params = [(k[10:], v) for k, v in row.items() if k.startswith("parameter_")]
            name = row["command"] + (" (%s)" % ", ".join("%s=%s" % kv for kv in params) if params else "")
            results.append(result(name, mean=float(row["mean"]) * 1e9, stddev=float(row["stddev"]) * 1e9,
                                  median=float(row["median"]) * 1e9, min=float(row["min"]) * 1e9,
                                  max=float(row["max"]) * 1e9))
            results.append(result(name + " [user]", mean=float(row["user"]) * 1e9))
            results.append(result(name + " [system]", mean=float(row["system"]) * 1e9))
        return results
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
    if text.startswith("Benchmark 1:"):
        return hyperfine_console(text)
    lines = text.splitlines()
    f = TIME[re.search(r"Mean \[(\w+)\]", lines[0]).group(1)]
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        mean, sd = cells[1].split("\u00b1")
        results.append(result(cells[0].strip("`"), mean=float(mean) * f, stddev=float(sd) * f,
                              min=float(cells[2]) * f, max=float(cells[3]) * f))
    return results


def hyperfine_console(text):
    """What hyperfine prints: Benchmark N, then Time and Range lines."""
    results, name = [], None
    t = r"([\d.]+) (\S+)"
    for line in text.splitlines():
        m = re.match(r"Benchmark \d+: (.*)$", line)
        if m:
            name = m.group(1).rstrip()
            continue
        m = re.match(r"\s+Time \(mean \u00b1 \u03c3\):\s+" + t + r" \u00b1\s+" + t +
                     r"\s+\[User: " + t + r", System: " + t + r"\]$", line)
        if m:
            g = m.groups()
            figures = dict(mean=time_ns(g[0], g[1]), stddev=time_ns(g[2], g[3]))
            cpu = (time_ns(g[4], g[5]), time_ns(g[6], g[7]))
            continue
        m = re.match(r"\s+Time \(abs \u2261\):\s+" + t + r"\s+\[User: " + t + r", System: " + t + r"\]$", line)
        if m:
            g = m.groups()
            results.append(result(name, mean=time_ns(g[0], g[1]), count=1, stddev=None, min=None, max=None))
            results.append(result(name + " [user]", mean=time_ns(g[2], g[3])))
            results.append(result(name + " [system]", mean=time_ns(g[4], g[5])))
            continue
        m = re.match(r"\s+Range \(min \u2026 max\):\s+" + t + r" \u2026\s+" + t + r"\s+(\d+) runs$", line)
        if m:
            g = m.groups()
            results.append(result(name, min=time_ns(g[0], g[1]), max=time_ns(g[2], g[3]),
                                  count=int(g[4]), **figures))
            results.append(result(name + " [user]", mean=cpu[0]))
            results.append(result(name + " [system]", mean=cpu[1]))
    return results


def pytest_table(path):
    results = []
    lines = open(path).read().splitlines()
    for i, line in enumerate(lines):
        m = re.search(r"Name \(time in (\w+)\)(.*)$", line)
        if not m:
            continue
        f = time_ns("1", m.group(1))
        cols = re.findall(r"(\w+)(?: \((\w)ops/s\))?", m.group(2))
        for row in lines[i + 2:]:
            if not row or row.startswith("-"):
                break
            name, rest = row.split(None, 1)
            vals = re.findall(r"(\S+)(?: \([^)]*\))?", rest)
            v = dict(zip([c for c, _ in cols], vals))
            num = lambda k: float(v[k].replace(",", ""))
            r = result(name, mean=num("Mean") * f, median=num("Median") * f, stddev=num("StdDev") * f,
                       min=num("Min") * f, max=num("Max") * f, count=int(num("Rounds")),
                       iterations=int(num("Rounds") * num("Iterations")))
            results.append(r)
            scale = dict(cols)["OPS"]
            results.append(result(name + " [ops]", "ops/s", "higher",
                                  mean=num("OPS") * {"": 1, "K": 1e3, "M": 1e6}[scale]))
    return results


def ips_console(path):
    si = {"": 1, "k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
    rates, out = {}, []
    section = None
    for line in open(path).read().splitlines():
        if line.startswith("Calculating"):
            section = "calc"
        elif line.startswith("Comparison"):
            section = "cmp"
        elif section == "calc":
            m = re.match(r"^\s*(.*?)\s+([\d.]+)([kMBT]?)\s+\(\u00b1\s*([\d.]+)%\) i/s.* -\s+([\d.]+)([kMBT]?) in", line)
            if m:
                ips = float(m.group(2)) * si[m.group(3)]
                out.append([m.group(1), ips, float(m.group(4)), float(m.group(5)) * si[m.group(6)]])
        elif section == "cmp":
            m = re.match(r"^\s*(.*):\s+([\d.]+) i/s", line)
            if m:
                rates[m.group(1)] = float(m.group(2))
    results = []
    for name, ips, pct, iters in out:
        rate = rates.get(name, ips)
        results.append(result(name + " [ips]", "ops/s", "higher", mean=rate,
                              stddev=rate * pct / 100, iterations=int(iters)))
    return results


def catch2_console(path):
    results = []
    lines = open(path).read().splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("benchmark name"):
            i += 4
            name = []
            while i < len(lines) and not lines[i].startswith(("-", "=")):
                line = lines[i]
                m = re.match(r"^(.*?)\s+(\d+)\s+(\d+)\s+[\d.]+ \S+\s*$", line)
                if m:
                    name.append(m.group(1).strip())
                    mean = lines[i + 1].split()
                    sd = lines[i + 2].split()
                    n, it = int(m.group(2)), int(m.group(3))
                    results.append(result(" ".join(x for x in name if x), mean=time_ns(mean[0], mean[1]),
                                          stddev=time_ns(sd[0], sd[1]), count=n, iterations=n * it))
                    name = []
                    i += 3
                    continue
                name = name + [line.strip()] if line.strip() else []
                i += 1
        i += 1
    return results


CRITERION_RATE = {"elem/s": 1, "Kelem/s": 1e3, "Melem/s": 1e6, "Gelem/s": 1e9,
                  "B/s": 1, "KiB/s": 2**10, "MiB/s": 2**20, "GiB/s": 2**30,
                  "KB/s": 1e3, "MB/s": 1e6, "GB/s": 1e9}


def criterion_console(path):
    results, prev, last = [], "", None
    for line in open(path, encoding="utf-8").read().splitlines():
        m = re.match(r"^(\S.*?)?\s*time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", line)
        t = re.match(r"^\s+thrpt:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", line)
        if m:
            last = (m.group(1) or prev).strip()
            results.append(result(last, mean=time_ns(m.group(2), m.group(3))))
        elif t and last:
            unit = "elem/s" if t.group(2).endswith("elem/s") else "B/s"
            results.append(measure(last, "throughput", unit, "higher",
                                   mean=float(t.group(1)) * CRITERION_RATE[t.group(2)]))
            last = None
        else:
            last = None
        prev = line if line and not line[0].isspace() else ""
    return results


def libtest(path):
    results = []
    for line in open(path):
        m = re.match(r"^test (.+?) +\.\.\. bench: +([\d,.]+) (\S+)/(\S+) \(\+/- ([\d,.]+)\)(?: = ([\d,.]+) MB/s)?$", line.rstrip("\n"))
        if not m:
            continue
        v, sd = float(m.group(2).replace(",", "")), float(m.group(5).replace(",", ""))
        unit, per = m.group(3), m.group(4)
        if per == "iter" and unit in TIME:
            results.append(result(m.group(1), mean=v * TIME[unit], stddev=sd * TIME[unit]))
        elif per == "iter":
            results.append(result(m.group(1), unit, mean=v, stddev=sd))
        else:
            results.append(result(m.group(1), unit + "/" + per, "higher", mean=v, stddev=sd))
        if m.group(6):
            results.append(result(m.group(1) + " [MB/s]", "B/s", "higher", mean=float(m.group(6)) * 1e6))
    return results


def ruby_benchmark(path):
    results, rehearsal, table = [], False, False
    for line in open(path).read().splitlines():
        if line.startswith("Rehearsal"):
            rehearsal = True
        elif rehearsal and line.startswith("-") and "total:" in line:
            rehearsal = False
        elif not rehearsal and line.split() == ["user", "system", "total", "real"]:
            table = True
        elif table and not rehearsal:
            m = re.match(r"^(.*?)\s*(\S+)\s+(\S+)\s+(\S+)\s+\(\s*([\d.]+)\)$", line)
            if m:
                results.append(result(m.group(1), mean=float(m.group(5)) * 1e9, count=1))
                for i, what in enumerate(("user", "system", "total"), 2):
                    results.append(measure(m.group(1), what, "ns", mean=float(m.group(i)) * 1e9))
    return results


def dart(path):
    results = []
    for line in open(path).read().splitlines():
        m = re.match(r"^(.*)\(RunTime\): (\S+) us\.$", line)
        if m:
            results.append(result(m.group(1), mean=float(m.group(2)) * 1e3))
            continue
        m = re.match(r"^(.*)\((\w+)\): (\S+) ?(.*)$", line)
        if m:
            results.append(measure(m.group(1), m.group(2), m.group(4), mean=float(m.group(3))))
    return results


def vitest_console(path):
    """What vitest printed: the mean from hz, min and max to three digits."""
    results, group, cols, seen = [], None, None, set()
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", open(path, encoding="utf-8").read())
    for line in text.splitlines():
        m = re.match(r"\s*\u2713 (.*?)(?: \(\d+\))?(?: [\d.]+m?s)?$", line)
        if m:
            group, cols = m.group(1), None
            continue
        words = line.split()
        if group and not cols and words[:1] == ["name"]:
            cols = words[1:]
            continue
        if not (cols and words[:1] == ["\u00b7"]):
            continue
        if words[-1] in ("fastest", "slowest"):
            words.pop()
        values = dict(zip(cols, words[-len(cols):]))
        name = "%s > %s" % (group, " ".join(words[1:-len(cols)]))
        if name in seen:
            continue
        seen.add(name)
        hz = float(values["hz"].replace(",", ""))

        def kept(v):
            return float(v) * 1e6 if len(v.replace(".", "").lstrip("0")) >= 3 else None
        results.append(result(name, mean=1e9 / hz, min=kept(values["min"]), max=kept(values["max"]),
                              count=int(values["samples"])))
        results.append(measure(name, "throughput", "ops/s", "higher", mean=hz))
    return results


def vitest(path):
    if not is_json(path):
        return vitest_console(path)
    results = []
    for f in json.load(open(path))["files"]:
        for g in f["groups"]:
            for b in g["benchmarks"]:
                results.append(result("%s > %s" % (g["fullName"], b["name"]), mean=b["mean"] * 1e6,
                                      median=b["median"] * 1e6, stddev=b["sd"] * 1e6,
                                      min=b["min"] * 1e6, max=b["max"] * 1e6, count=b["sampleCount"]))
                results.append(measure("%s > %s" % (g["fullName"], b["name"]), "throughput", "ops/s",
                                       "higher", mean=b["hz"]))
    return results


def tinybench_table(path):
    """console.table(bench.table()): Node's box table, quoted strings."""
    results, head = [], None

    def first(cell):
        return float(cell.strip("'").split("\u00b1")[0].replace(",", ""))
    for line in open(path, encoding="utf-8").read().splitlines():
        if not line.startswith("\u2502"):
            continue
        cells = [c.strip() for c in line.split("\u2502")[1:-1]]
        if cells[0] == "(index)":
            head = {c.split(" (")[0].lower(): i for i, c in enumerate(cells)}
            continue
        row = {k: cells[i] for k, i in head.items()}
        name = row["task name"][1:-1]
        mean = first(row.get("latency avg") or row["average time"])
        r = result(name, mean=mean, count=int(row["samples"]))
        if "latency med" in row:
            r["median"] = first(row["latency med"])
        results.append(r)
        results.append(measure(name, "throughput", "ops/s", "higher",
                               mean=first(row.get("throughput avg") or row["ops/sec"])))
    return results


def tinybench(path):
    if not is_json(path):
        return tinybench_table(path)
    results = []
    for t in json.load(open(path)):
        st = t["result"].get("latency", t["result"])
        r = result(t["name"], mean=st["mean"] * 1e6, stddev=st["sd"] * 1e6, min=st["min"] * 1e6,
                   max=st["max"] * 1e6)
        if "p50" in st:
            r["median"] = st["p50"] * 1e6
        if "samplesCount" in st:
            r["count"] = st["samplesCount"]
        results.append(with_samples(r, [x * 1e6 for x in st.get("samples", [])]))
        hz = t["result"]["throughput"]["mean"] if "latency" in t["result"] else t["result"].get("hz")
        if hz is not None:
            results.append(measure(t["name"], "throughput", "ops/s", "higher", mean=hz))
    return results


def bmf(path):
    results = []
    units = {"latency": ("ns", "lower", 1), "build-time": ("ns", "lower", 1e9),
             "throughput": ("ops/s", "higher", 1), "file-size": ("B", "lower", 1)}
    for bench, measures in json.load(open(path)).items():
        for m, v in measures.items():
            unit, d, f = units.get(m, ("", "lower", 1))
            results.append(result(bench if m == "latency" else bench + "/" + m, unit, d, mean=v["value"] * f))
    return results


def jmh(path):
    runs = json.load(open(path))
    results = []
    secs = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1, "min": 60, "hr": 3600}
    for r in runs:
        modes = {x["mode"] for x in runs if x["benchmark"] == r["benchmark"]}
        parts = ["%s=%s" % kv for kv in r.get("params", {}).items()]
        if len(modes) > 1:
            parts.append("mode=" + r["mode"])
        name = r["benchmark"] + (" (%s)" % ", ".join(parts) if parts else "")
        pm = r["primaryMetric"]
        u = pm["scoreUnit"]
        if u.endswith("/op"):
            unit, d, f = "ns", "lower", secs[u[:-3]] * 1e9
        else:
            unit, d, f = "ops/s", "higher", 1 / secs[u[4:]]
        p = pm["scorePercentiles"]
        x = result(name, unit, d, mean=pm["score"] * f, min=p["0.0"] * f, median=p["50.0"] * f,
                   max=p["100.0"] * f)
        raw = [v * f for fork in pm.get("rawData", []) for v in fork]
        if raw:
            x["samples"] = raw
            x["count"] = len(raw)
            if len(raw) > 1:
                x["stddev"] = statistics.stdev(raw)
        results.append(x)
        for key, sm in r.get("secondaryMetrics", {}).items():
            # The gc profiler's figures, in their own units (a time in
            # ns, as every time; its "MB/sec" in B/s, its MB being MiB),
            # are costs.
            su = sm["scoreUnit"]
            if su in TIME:
                results.append(measure(name, key, "ns", mean=sm["score"] * TIME[su]))
            elif su == "MB/sec":
                results.append(measure(name, key, "B/s", mean=sm["score"] * 1048576))
            else:
                results.append(measure(name, key, su, mean=sm["score"]))
    return results


def benchmarkdotnet(path):
    results = []
    for b in json.load(open(path))["Benchmarks"]:
        st = b["Statistics"]
        results.append(with_samples(result(b["FullName"], mean=st["Mean"], median=st["Median"],
                                           stddev=st["StandardDeviation"], min=st["Min"], max=st["Max"],
                                           count=st["N"]), st["OriginalValues"]))
        if "Memory" in b:
            results.append(measure(b["FullName"], "allocated", "B",
                                   mean=b["Memory"]["BytesAllocatedPerOperation"]))
    return results


def benchmarktools(path):
    results = []

    def other(name, fields):
        for key, unit in (("memory", "B"), ("allocs", "allocs")):
            if key in fields:
                results.append(measure("/".join(name), key, unit, mean=float(fields[key])))

    def walk(name, v):
        kind, fields = v
        if kind == "BenchmarkGroup":
            for k, sub in fields["data"].items():
                walk(name + [k], sub)
        elif kind == "Trial":
            results.append(with_samples(result("/".join(name)), [float(t) for t in fields["times"]]))
            other(name, fields)
        elif kind == "TrialEstimate":
            results.append(result("/".join(name), mean=fields["time"]))
            other(name, fields)
    for i, v in enumerate(json.load(open(path))[1], 1):
        walk([] if v[0] == "BenchmarkGroup" else ["#%d" % i], v)
    return results


def asv(path):
    text = re.sub(r"\bNaN\b", "null", open(path).read())
    data = json.loads(text)
    cols = data.get("result_columns")
    results = []
    for bench, v in data["results"].items():
        if cols:
            row = dict(zip(cols, v))
        elif isinstance(v, dict):
            row = v
        else:
            row = {"result": [v], "params": []}
        last = bench.rsplit(".", 1)[-1]
        unit, f = ("ns", 1e9) if last.startswith(("time_", "timeraw_")) else \
            ("B", 1) if last.startswith(("mem_", "peakmem_")) else ("", 1)
        combos = [()]
        for values in row["params"]:
            combos = [c + (p,) for c in combos for p in values]
        for i, (c, value) in enumerate(zip(combos, row["result"])):
            if value is None:
                continue
            name = bench + ("(%s)" % ", ".join(c) if c else "")
            r = result(name, unit, mean=value * f)
            st = (row.get("stats") or [None] * len(combos))[i]
            if st:
                r.update(min=st["min"] * f, max=st["max"] * f, stddev=st["std"] * f,
                         count=st["repeat"], iterations=st["repeat"] * st["number"])
            if row.get("stats_repeat"):
                r.update(count=row["stats_repeat"][i],
                         iterations=row["stats_repeat"][i] * row["stats_number"][i])
            samples = (row.get("samples") or [None] * len(combos))[i]
            results.append(with_samples(r, [x * f for x in samples]) if samples else r)
    return results


def iai(path):
    """Each figure of the first block after a name, as a measure of it."""
    results, name, seen = [], None, set()
    for line in open(path).read().splitlines():
        if line and not line[0].isspace():
            name, seen = line.rstrip(), set()
        m = re.match(r"^\s+([A-Z][\w +]*):\s+(\d+)", line)
        if not m or m.group(1) in seen or (m.group(1) == "Instructions" and seen):
            if m and m.group(1) == "Instructions":
                seen.add("repeated")
            continue
        if "repeated" in seen:
            continue
        seen.add(m.group(1))
        slug = m.group(1).lower().replace(" ", "-").replace("+", "-")
        unit = {"instructions": "instructions", "estimated-cycles": "cycles"}.get(slug, "accesses")
        results.append(measure(name, slug, unit, mean=float(m.group(2))))
    return results


def libtest_json(path):
    results = []
    for line in open(path):
        if not line.startswith("{"):
            continue
        ev = json.loads(line)
        if ev.get("type") != "bench":
            continue
        results.append(result(ev["name"], mean=ev["median"], median=ev["median"],
                              stddev=ev.get("deviation")))
        if ev.get("mib_per_second"):
            results.append(result(ev["name"] + " [MB/s]", "B/s", "higher",
                                  mean=ev["mib_per_second"] * 1e6))
    return results


def console_or(json_reader, text_reader):
    return lambda path: json_reader(path) if is_json(path) else text_reader(path)


READERS = {
    "google-benchmark": console_or(google_benchmark, google_console),
    "hyperfine": lambda p: hyperfine_text(p) if not is_json(p) else hyperfine(p), "go": go,
    "pytest-benchmark": console_or(pytest_benchmark, pytest_table),
    "catch2": lambda p: catch2(p) if open(p).read().lstrip().startswith("<") else catch2_console(p),
    "bencher": libtest, "criterion": criterion_console,
    "benchmarkjs": benchmarkjs, "benchmark-ips": console_or(benchmark_ips, ips_console),
    "baseline-json": baseline_json, "ruby-benchmark": ruby_benchmark,
    "benchmark-harness": dart, "vitest": vitest, "tinybench": tinybench, "bmf": bmf,
    "jmh": jmh, "benchmarkdotnet": benchmarkdotnet, "benchmarktools": benchmarktools,
    "asv": asv, "iai": iai, "iai-callgrind": iai, "libtest-json": libtest_json,
}


def same(a, b, tolerance=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def same_sample(a, b):
    # Records keep samples as float32, to halve their size.
    return same(a, b, 1e-6)


BMF_SLUGS = ("throughput", "build-time", "file-size", "instructions", "l1-accesses",
             "l2-accesses", "ram-accesses", "total-accesses", "estimated-cycles")


def measure_for_unit(unit):
    """docs/storage.md: the measure of a figure no harness named."""
    if unit in TIME:
        return "time"
    if unit in ("ops", "ips", "fps", "qps", "rps", "tps", "Hz", "hz", "kHz", "MHz", "GHz") or \
            unit.endswith(("/s", "/sec", "/second", " per second", "_per_second")):
        return "throughput"
    if unit == "B":
        return "bytes"
    return unit or "value"


def label(r, fmt=None):
    """"name" in time, "name [measure]" in any other.

    The readers here name a result as the first release stored it, "<name>
    [<metric>]" (and "<name>/<measure>" for BMF); docs/storage.md says
    which benchmark and measure that is."""
    if "measure" in r:
        name, measure = r["name"], r["measure"]
    else:
        name, measure = r["name"], measure_for_unit(r["unit"])
        m = re.match(r"^(.+) \[([^\[\]]+)\]$", name)
        if m:
            name, measure = m.group(1), m.group(2)
        elif fmt == "bmf" and "/" in name and name.rsplit("/", 1)[1] in BMF_SLUGS:
            name, measure = name.rsplit("/", 1)
    return name if measure == "time" else "%s [%s]" % (name, measure)


def compare(expected, shown, run_id=None, fmt=None):
    runs = json.load(open(shown))["runs"]
    if run_id:
        runs = [r for r in runs if r["id"] == run_id]
        if not runs or runs[0]["format"] != fmt:
            print("run %s of format %s not shown" % (run_id, fmt), file=sys.stderr)
            return False
    fmt = fmt or runs[0]["format"]
    got = {label(r): r for r in runs[0]["results"]}
    expected = {label(r, fmt): r for r in expected}
    errors = []
    if sorted(got) != sorted(expected):
        errors.append("names differ:\n  got  %s\n  want %s"
                      % (sorted(got), sorted(expected)))
    for name, want in expected.items():
        have = got.get(name)
        if not have:
            continue
        for key, value in want.items():
            if key in ("name", "measure"):
                continue
            if key == "samples":
                h = have.get("samples") or []
                if len(h) != len(value) or not all(map(same_sample, h, value)):
                    errors.append("%s: samples differ" % name)
            elif isinstance(value, str):
                if have.get(key) != value:
                    errors.append("%s: %s is %r, want %r" % (name, key, have.get(key), value))
            elif not same(have.get(key), value):
                errors.append("%s: %s is %r, want %r" % (name, key, have.get(key), value))
    for e in errors:
        print(e, file=sys.stderr)
    return not errors


def batch(listing, shown):
    """Every "<run id> <format> <file>" line of listing, in one show output."""
    ok = True
    for line in open(listing):
        run_id, fmt, path = line.split(None, 2)
        path = path.rstrip("\n")
        if not compare(READERS[fmt](path), shown, run_id, fmt):
            print("  in %s (%s)" % (path, fmt), file=sys.stderr)
            ok = False
    return 0 if ok else 1


def main():
    if sys.argv[1] == "--batch":
        return batch(sys.argv[2], sys.argv[3])
    expected = READERS[sys.argv[1]](sys.argv[2])
    if len(sys.argv) == 3:
        json.dump(expected, sys.stdout, indent=1)
        return 0
    return 0 if compare(expected, sys.argv[3]) else 1


if __name__ == "__main__":
    sys.exit(main())
