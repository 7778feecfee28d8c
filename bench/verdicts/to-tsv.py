"""One Google Benchmark JSON run as lines of bench/verdicts data: set,
condition, round, variant, load average, name, unit, repetition values.
The wall time is the benchmark's name, the CPU time "<name> [cpu_time]",
as git bench's adapter names them."""
import json
import sys

path, dataset, condition, rnd, variant, load = sys.argv[1:7]
scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
values = {}
for row in json.load(open(path))["benchmarks"]:
    if row.get("run_type") != "iteration":
        continue
    f = scale[row["time_unit"]]
    for key, name in (("real_time", row["run_name"]),
                      ("cpu_time", row["run_name"] + " [cpu_time]")):
        values.setdefault(name, []).append(row[key] * f)
for name, v in values.items():
    print("\t".join([dataset, condition, rnd, variant, load, name, "ns",
                     ",".join("%.6g" % x for x in v)]))
