/*
 * Auto-detection over every fixture: each harness output is read by its
 * own format, and what is not a result file (console logs, CSV, markdown)
 * is refused rather than misread.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "adapters/adapter_int.h"
#include "adapter_test.h"

/*
 * Every file under tests/fixtures (but the insides of Criterion.rs trees)
 * with the format it is in, or NULL for what is not a result file (a
 * console log, the program that made a fixture). A file missing from this
 * table fails the test, so a new fixture is classified when it is added.
 */
static const struct {
	const char *rel;
	const char *format;
} fixtures[] = {
	{ "VERSIONS.txt", NULL },
	{ "asv/new-layout.json", "asv" },
	{ "asv/old-layout.json", "asv" },
	{ "asv/example-results.json", "asv" },
	{ "baseline-json/baseline.json", "baseline-json" },
	{ "benchmark-ips/baseline/ips.json", "benchmark-ips" },
	{ "benchmark-ips/baseline/stdout.txt", "benchmark-ips" },
	{ "benchmark-ips/compare/ips.rb", NULL },
	{ "benchmark-ips/compare/stdout.txt", "benchmark-ips" },
	{ "benchmarkdotnet/brief-compressed.json", "benchmarkdotnet" },
	{ "benchmarkdotnet/brief.json", "benchmarkdotnet" },
	{ "benchmarkdotnet/full.json", "benchmarkdotnet" },
	{ "benchmarkjs/baseline/stats.json", "benchmarkjs" },
	{ "benchmarkjs/baseline/stdout.txt", "benchmarkjs" },
	{ "benchmarkjs/raw/bench.js", NULL },
	{ "benchmarkjs/raw/raw.json", "benchmarkjs" },
	{ "benchmarkjs/raw/stdout.txt", "benchmarkjs" },
	{ "benchmarkjs/throws/bench.js", NULL },
	{ "benchmarkjs/throws/stats.json", "benchmarkjs" },
	{ "benchmarktools/estimate.json", "benchmarktools" },
	{ "benchmarktools/results.json", "benchmarktools" },
	{ "bmf/latency.json", "bmf" },
	{ "bmf/measures.json", "bmf" },
	{ "catch2/baseline/catch2.xml", "catch2" },
	{ "catch2/baseline/console.txt", "catch2" },
	{ "catch2/edges/bench.cpp", NULL },
	{ "catch2/edges/bench2.cpp", NULL },
	{ "catch2/edges/bench3.cpp", NULL },
	{ "catch2/edges/bench4.cpp", NULL },
	{ "catch2/edges/c20-nosec.txt", "catch2" },
	{ "catch2/edges/c20.txt", "catch2" },
	{ "catch2/edges/colour.txt", "catch2" },
	{ "catch2/edges/dur.txt", "catch2" },
	{ "catch2/edges/edge.txt", "catch2" },
	{ "catch2/edges/edge3-noeq.txt", "catch2" },
	{ "catch2/edges/edge3.txt", "catch2" },
	{ "catch2/edges/edge3.xml", "catch2" },
	{ "catch2/edges/msgs.txt", "catch2" },
	{ "catch2/edges/noanal-a.xml", "catch2" },
	{ "catch2/edges/noanal-b.xml", "catch2" },
	{ "catch2/edges/noanal-nosec.txt", "catch2" },
	{ "catch2/edges/noanal-nosec.xml", "catch2" },
	{ "catch2/edges/noanal.txt", "catch2" },
	{ "catch2/edges/noanal.xml", "catch2" },
	{ "catch2/edges/s1.txt", "catch2" },
	{ "catch2/edges/s1.xml", "catch2" },
	{ "catch2/edges/x20-nosec.xml", "catch2" },
	{ "catch2/edges/x20.xml", "catch2" },
	{ "catch2/assert/cut.txt", "catch2" },
	{ "catch2/assert/fail.cc", NULL },
	{ "catch2/assert/fail.xml", "catch2" },
	{ "catch2/assert/noanal-cut.txt", "catch2" },
	{ "catch2/wrap/names.cc", NULL },
	{ "catch2/wrap/names.txt", "catch2" },
	{ "catch2/wrap/names.xml", "catch2" },
	{ "catch2/wrap/wrap.cc", NULL },
	{ "catch2/wrap/wrap.txt", "catch2" },
	{ "catch2/wrap/wrap.xml", "catch2" },
	{ "catch2/real/blade-minutes.txt", "catch2" },
	{ "catch2/real/gravity-v2.6.1-legacy.txt", "catch2" },
	{ "catch2/real/josephus-v3-minutes.txt", "catch2" },
	{ "catch2/v2-console/bench.cpp", NULL },
	{ "catch2/v2-console/console.txt", "catch2" },
	{ "catch2/v3-console/console.txt", "catch2" },
	{ "criterion/baseline/cargo-bench.stderr.txt", NULL },
	{ "criterion/baseline/cargo-bench.stdout.txt", "criterion" },
	{ "criterion/console/cargo-bench-0.5.txt", "criterion" },
	{ "criterion/slow/bencher.stderr.txt", NULL },
	{ "criterion/slow/bencher.stdout.txt", "bencher" },
	{ "criterion/slow/cargo-bench.stderr.txt", NULL },
	{ "criterion/slow/cargo-bench.stdout.txt", "criterion" },
	{ "criterion/shapes/B/cargo-bench.stdout.txt", "criterion" },
	{ "criterion/shapes/C/bencher.stdout.txt", "bencher" },
	{ "criterion/shapes/H/cargo-bench.stdout.txt", "criterion" },
	{ "criterion/shapes/X/cargo-bench.stdout.txt", "criterion" },
	{ "criterion/shapes/benches/extra.rs", NULL },
	{ "criterion/shapes/benches/other.rs", NULL },
	{ "criterion/shapes/benches/shapes.rs", NULL },
	{ "criterion/shapes/run1/cargo-bench.stdout.txt", "criterion" },
	{ "dart/benchmark_harness.txt", "benchmark-harness" },
	{ "dart/perf.txt", "benchmark-harness" },
	{ "go/baseline/bench-json.stderr.txt", NULL },
	{ "go/baseline/bench.json", "go" },
	{ "go/baseline/bench.stderr.txt", NULL },
	{ "go/baseline/bench.txt", "go" },
	{ "go/cases/a-cpu1.txt", "go" },
	{ "go/cases/a-cpu124.txt", "go" },
	{ "go/cases/c-mixed.txt", "go" },
	{ "go/cases/c-mixed2-v.txt", "go" },
	{ "go/cases/c-mixed2.json", "go" },
	{ "go/cases/c-mixed2.txt", "go" },
	{ "go/cases/c-nonl.json", "go" },
	{ "go/cases/c-nonl.txt", "go" },
	{ "go/cases/c-printsnum.json", "go" },
	{ "go/cases/c-printsnum.txt", "go" },
	{ "go/cases/d-panic.txt", "go" },
	{ "go/cases/e-neg.txt", "go" },
	{ "go/cases/f-stdlog.json", "go" },
	{ "go/cases/f-stdlog.txt", "go" },
	{ "go/cases/g-many.txt", "go" },
	{ "go/cases/h-benchword.txt", "go" },
	{ "go/cases/k-long.txt", "go" },
	{ "go/cases/m-prints-pass.txt", "go" },
	{ "go/cases/n-prints-fail.txt", "go" },
	{ "go/cases/p-flaky.txt", "go" },
	{ "go/cases/mod/a/a_test.go", NULL },
	{ "go/cases/mod/m/m_test.go", NULL },
	{ "go/cases/mod/n/n_test.go", NULL },
	{ "go/cases/mod/p/p_test.go", NULL },
	{ "go/cases/mod/c/c_test.go", NULL },
	{ "go/cases/mod/d/d_test.go", NULL },
	{ "go/cases/mod/e/e_test.go", NULL },
	{ "go/cases/mod/f/f_test.go", NULL },
	{ "go/cases/mod/g/g_test.go", NULL },
	{ "go/cases/mod/go.mod", NULL },
	{ "go/cases/mod/h/h_test.go", NULL },
	{ "go/cases/mod/k/k_test.go", NULL },
	{ "google-benchmark/baseline/aggregates-only.json", "google-benchmark" },
	{ "google-benchmark/baseline/aggregates-only.stderr.txt", NULL },
	{ "google-benchmark/baseline/console.txt", "google-benchmark" },
	{ "google-benchmark/baseline/out.json", "google-benchmark" },
	{ "google-benchmark/baseline/repetitions.console.txt", "google-benchmark" },
	{ "google-benchmark/baseline/repetitions.json", "google-benchmark" },
	{ "google-benchmark/baseline/stdout.json", "google-benchmark" },
	{ "google-benchmark/baseline/stdout.stderr.txt", NULL },
	{ "google-benchmark/console/bench.cc", NULL },
	{ "google-benchmark/console/counters.cc", NULL },
	{ "google-benchmark/console/counters.json", "google-benchmark" },
	{ "google-benchmark/console/counters.txt", "google-benchmark" },
	{ "google-benchmark/console/invert.json", "google-benchmark" },
	{ "google-benchmark/console/invert.txt", "google-benchmark" },
	{ "google-benchmark/console/label-counters.txt", "google-benchmark" },
	{ "google-benchmark/console/label-eq.cc", NULL },
	{ "google-benchmark/console/label-eq.txt", "google-benchmark" },
	{ "google-benchmark/console/label.txt", "google-benchmark" },
	{ "google-benchmark/console/labels.cc", NULL },
	{ "google-benchmark/console/not-finite.txt", "google-benchmark" },
	{ "google-benchmark/console/repetitions-error.json", "google-benchmark" },
	{ "google-benchmark/console/repetitions-error.txt", "google-benchmark" },
	{ "google-benchmark/console/same-name.cc", NULL },
	{ "google-benchmark/console/spaced-counter.json", "google-benchmark" },
	{ "google-benchmark/console/spaced-counter.txt", "google-benchmark" },
	{ "google-benchmark/console/tabular.txt", "google-benchmark" },
	{ "google-benchmark/console/color.json", "google-benchmark" },
	{ "google-benchmark/console/color.txt", "google-benchmark" },
	{ "google-benchmark/console/display-aggregates-only.json", "google-benchmark" },
	{ "google-benchmark/console/display-aggregates-only.txt", "google-benchmark" },
	{ "google-benchmark/console/names-counters.json", "google-benchmark" },
	{ "google-benchmark/console/names-counters.txt", "google-benchmark" },
	{ "google-benchmark/console/report-aggregates-only.json", "google-benchmark" },
	{ "google-benchmark/console/report-aggregates-only.txt", "google-benchmark" },
	{ "hyperfine/real/pi-monte-carlo-seconds.txt", "hyperfine" },
	{ "hyperfine/real/rsfetch-old-hash.txt", "hyperfine" },
	{ "hyperfine/baseline/commands.csv", "hyperfine" },
	{ "hyperfine/console/single-run.txt", "hyperfine" },
	{ "hyperfine/console/style-color.txt", "hyperfine" },
	{ "hyperfine/console/abort.txt", "hyperfine" },
	{ "hyperfine/console/ignore-failure.txt", "hyperfine" },
	{ "hyperfine/console/show-output.txt", "hyperfine" },
	{ "hyperfine/console/terminal.txt", "hyperfine" },
	{ "hyperfine/exports/one-run.csv", "hyperfine" },
	{ "hyperfine/exports/one-run.md", "hyperfine" },
	{ "hyperfine/baseline/commands.json", "hyperfine" },
	{ "hyperfine/baseline/commands.md", "hyperfine" },
	{ "hyperfine/baseline/commands.stderr.txt", NULL },
	{ "hyperfine/baseline/commands.stdout.txt", "hyperfine" },
	{ "hyperfine/baseline/gzip-levels.json", "hyperfine" },
	{ "hyperfine/baseline/gzip-levels.stderr.txt", NULL },
	{ "hyperfine/baseline/gzip-levels.stdout.txt", "hyperfine" },
	{ "hyperfine/baseline/ignore-failure.json", "hyperfine" },
	{ "iai-callgrind/accumulate-ge.txt", "iai-callgrind" },
	{ "iai-callgrind/cache-misses.txt", "iai-callgrind" },
	{ "iai-callgrind/gungraun.txt", "iai-callgrind" },
	{ "iai-callgrind/v0.10.txt", "iai-callgrind" },
	{ "cachegrind/cachegrind.out.prog", "cachegrind" },
	{ "cachegrind/cachegrind.out.nosim", "cachegrind" },
	{ "cachegrind/prog.c", NULL },
	{ "iai/iai-change.txt", "iai" },
	{ "iai/iai.txt", "iai" },
	{ "jmh/all-modes.json", "jmh" },
	{ "jmh/avgt-gc.json", "jmh" },
	{ "jmh/sample.json", "jmh" },
	{ "jmh/ss.json", "jmh" },
	{ "jmh/thrpt.json", "jmh" },
	{ "libtest/ns.txt", "bencher" },
	{ "libtest/bench.json", "libtest-json" },
	{ "libtest/old-integers.txt", "bencher" },
	{ "libtest/other-units.txt", "bencher" },
	{ "pytest-benchmark/baseline/benchmark.json", "pytest-benchmark" },
	{ "pytest-benchmark/baseline/pytest.stdout.txt", "pytest-benchmark" },
	{ "pytest-benchmark/tables/short/short-table.txt", "pytest-benchmark" },
	{ "pytest-benchmark/tables/short/test_c.py", NULL },
	{ "pytest-benchmark/tables/color-table.txt", "pytest-benchmark" },
	{ "pytest-benchmark/tables/cols-long.txt", "pytest-benchmark" },
	{ "pytest-benchmark/tables/compare.txt", "pytest-benchmark" },
	{ "pytest-benchmark/tables/compare2.txt", "pytest-benchmark" },
	{ "pytest-benchmark/tables/err/err-table.txt", "pytest-benchmark" },
	{ "pytest-benchmark/tables/err/err.json", "pytest-benchmark" },
	{ "pytest-benchmark/tables/err/test_e.py", NULL },
	{ "pytest-benchmark/tables/median.txt", "pytest-benchmark" },
	{ "pytest-benchmark/tables/run1-table.txt", "pytest-benchmark" },
	{ "pytest-benchmark/tables/save1.txt", "pytest-benchmark" },
	{ "pytest-benchmark/tables/test_b.py", NULL },
	{ "ruby-benchmark/bm.rb", NULL },
	{ "ruby-benchmark/bm.txt", "ruby-benchmark" },
	{ "ruby-benchmark/bmbm.txt", "ruby-benchmark" },
	{ "tinybench/v2/stdout.txt", "tinybench" },
	{ "tinybench/v2/tasks.json", "tinybench" },
	{ "tinybench/v2/tasks.mjs", NULL },
	{ "tinybench/v2/throws.json", "tinybench" },
	{ "tinybench/v2/throws.mjs", NULL },
	{ "tinybench/v3/stdout.txt", "tinybench" },
	{ "tinybench/v3/tasks.json", "tinybench" },
	{ "tinybench/v3/tasks.mjs", NULL },
	{ "tinybench/v6/aborted.json", "tinybench" },
	{ "tinybench/v6/aborted.mjs", NULL },
	{ "tinybench/v6/aborted.txt", "tinybench" },
	{ "tinybench/v6/allthrow.mjs", NULL },
	{ "tinybench/v6/bars.mjs", NULL },
	{ "tinybench/v6/bars.txt", "tinybench" },
	{ "tinybench/v6/stdout.txt", "tinybench" },
	{ "tinybench/v6/tasks.json", "tinybench" },
	{ "tinybench/v6/names.json", "tinybench" },
	{ "tinybench/v6/names.mjs", NULL },
	{ "tinybench/v6/names.txt", "tinybench" },
	{ "tinybench/v6/tasks.mjs", NULL },
	{ "tinybench/v6/throws.mjs", NULL },
	{ "tinybench/v6/throws.txt", "tinybench" },
	{ "vitest/v3/bench.json", "vitest" },
	{ "vitest/v3/sort.bench.js", NULL },
	{ "vitest/v3/stdout.txt", "vitest" },
	{ "vitest/v3-throws/bench.json", "vitest" },
	{ "vitest/v3-throws/sort.bench.js", NULL },
	{ "vitest/v3-throws/throw.bench.js", NULL },
	{ "vitest/v4/sort.bench.js", NULL },
	{ "vitest/v4/stdout.txt", "vitest" },
	/* git-bench's own records and what made them: no harness's. */
	{ "records-v1/bmf.msgpack", NULL },
	{ "records-v1/commits.txt", NULL },
	{ "records-v1/criterion.msgpack", NULL },
	{ "records-v1/go.msgpack", NULL },
	{ "records-v1/google-benchmark.msgpack", NULL },
	{ "records-v1/hyperfine.msgpack", NULL },
	{ "records-v1/make.sh", NULL },
	{ "records-v1/pytest-benchmark.msgpack", NULL },
	{ "records-v1/repo.bundle", NULL },
	{ "records-v2/bmf.msgpack", NULL },
	{ "records-v2/cachegrind.msgpack", NULL },
	{ "records-v2/commits.txt", NULL },
	{ "records-v2/criterion.msgpack", NULL },
	{ "records-v2/go.msgpack", NULL },
	{ "records-v2/google-benchmark.msgpack", NULL },
	{ "records-v2/hyperfine.msgpack", NULL },
	{ "records-v2/iai.msgpack", NULL },
	{ "records-v2/make.sh", NULL },
	{ "records-v2/pytest-benchmark.msgpack", NULL },
	{ "records-v2/repo.bundle", NULL },
	/* Files inside a Criterion.rs tree are not results on their own. */
	{ "criterion/baseline/criterion/sort/1000/new/estimates.json", NULL },
	{ "criterion/baseline/criterion/sort/1000/new/sample.json", NULL },
	{ "criterion/baseline/criterion/sort/1000/new/benchmark.json", NULL },
};

/*
 * Outputs cut short, which their format claims and then refuses, saying
 * what: no table above fits them.
 */
static const struct {
	const char *rel;
	const char *format;
	const char *problem;
} refused[] = {
	{ "catch2/assert/fail.txt", "catch2",
	  "the table is out of line: a failed assertion cut benchmark" },
	{ "catch2/assert/noanal.txt", "catch2",
	  "the table is out of line: a failed assertion (line 36) cut" },
	{ "criterion/shapes/G/cargo-bench.stdout.txt", "criterion",
	  "truncated: benchmark 'coll' started at line 24" },
	{ "google-benchmark/console/not-finite.json", "google-benchmark",
	  "NaN or Infinity, which JSON has no value for" },
	{ "google-benchmark/console/same-name.json", "google-benchmark",
	  "benchmark 'BM_A/200' has more rows than its 1 repetition" },
	{ "google-benchmark/console/same-name.txt", "google-benchmark",
	  "benchmark 'BM_A/200' is in the table 2 times with no _mean row" },
	{ "hyperfine/console/abort-stdout.txt", "hyperfine",
	  "the run ended before the Time line of benchmark 'false'" },
	{ "hyperfine/console/twice.txt", "hyperfine",
	  "benchmark 'sleep 0.01' appears more than once: hyperfine ran" },
	{ "hyperfine/exports/twice.csv", "hyperfine",
	  "benchmark 'sleep 0.01' appears more than once: hyperfine ran" },
	{ "tinybench/v6/allaborted.json", "tinybench",
	  "every task was aborted ('fib(15)': aborted)" },
	{ "tinybench/v6/allaborted.txt", "tinybench",
	  "every task was aborted ('fib(15)': aborted)" },
	{ "tinybench/v6/allthrow.json", "tinybench",
	  "every task threw an error ('a throws')" },
	{ "tinybench/v6/allthrow.txt", "tinybench",
	  "every task threw an error ('a throws': boom a)" },
};

/* `rel` is one of refused[]: detected as its format, and refused. */
static bool check_refused(const char *rel)
{
	gb_run *run = NULL;
	size_t i, n, len, best = 0;
	const gb_format_info *formats = gb_adapter_formats(&n);
	char *data;
	int top = 0, score;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (strcmp(refused[i].rel, rel) == 0)
			break;
	if (i == sizeof(refused) / sizeof(refused[0]))
		return false;
	data = th_slurp(th_fixture(rel), &len);
	for (n = n - 1; n != (size_t)-1; n--)
		if ((score = gb_adapter_score(n, data, len)) > top) {
			top = score;
			best = n;
		}
	free(data);
	assert_true(top > 0);
	assert_string_equal(formats[best].name, refused[i].format);
	assert_int_equal(gb_run_new(&run), 0);
	assert_true(gb_adapter_read(run, th_fixture(rel), "auto", NULL) < 0);
	if (!strstr(gb_error_last()->message, refused[i].problem))
		fail_msg("%s: '%s' should say '%s'", rel,
			gb_error_last()->message, refused[i].problem);
	assert_int_equal(run->nresults, 0);
	gb_run_free(run);
	return true;
}

/* The table's entry for `rel`; fails when there is none. */
static size_t entry(const char *rel)
{
	size_t i;

	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
		if (strcmp(fixtures[i].rel, rel) == 0)
			return i;
	fail_msg("fixture %s is not in this test's table", rel);
	return 0;
}

/*
 * `rel` scores highest for `format` alone, and is read by it; what is not
 * a result file (format NULL) no format claims.
 */
static void check_file(const char *rel, const char *format)
{
	size_t n, len, i, best = 0;
	const gb_format_info *formats = gb_adapter_formats(&n);
	char *data = th_slurp(th_fixture(rel), &len);
	int top = 0, score;

	for (i = 0; i < n; i++)
		if ((score = gb_adapter_score(i, data, len)) > top) {
			top = score;
			best = i;
		}
	if (!format && top)
		fail_msg("%s: not a result file, but %s claims it (%d)", rel,
			formats[best].name, top);
	if (format && (!top || strcmp(formats[best].name, format) != 0))
		fail_msg("%s: detected as %s, want %s", rel,
			top ? formats[best].name : "nothing", format);
	for (i = 0; top && i < n; i++)
		if (i != best && gb_adapter_score(i, data, len) == top)
			fail_msg("%s: %s ties with %s", rel, format,
				formats[i].name);
	free(data);
	if (format)
		gb_run_free(at_read_fixture(rel, "auto", format));
}

/* Every file under `dir` (relative to the fixtures) is in the table. */
static void walk(const char *dir, size_t *seen)
{
	gb_buf path = GB_BUF_INIT;
	struct dirent *d;
	DIR *h;

	gb_buf_printf(&path, "%s/%s", GB_FIXTURES, dir);
	assert_non_null(h = opendir(path.ptr));
	while ((d = readdir(h))) {
		gb_buf rel = GB_BUF_INIT;
		struct stat st;

		if (d->d_name[0] == '.')
			continue;
		gb_buf_printf(&rel, "%s%s%s", dir, *dir ? "/" : "", d->d_name);
		assert_int_equal(stat(th_fixture(rel.ptr), &st), 0);
		if (S_ISDIR(st.st_mode)) {
			/* A Criterion.rs tree is read as a directory. */
			if (strcmp(d->d_name, "criterion") == 0 && *dir)
				gb_run_free(at_read_fixture(rel.ptr, "auto",
					"criterion"));
			else
				walk(rel.ptr, seen);
		} else if (strcmp(d->d_name, "README.md") == 0) {
			check_file(rel.ptr, NULL);
		} else if (!check_refused(rel.ptr)) {
			check_file(rel.ptr, fixtures[entry(rel.ptr)].format);
			(*seen)++;
		}
		gb_buf_dispose(&rel);
	}
	closedir(h);
	gb_buf_dispose(&path);
}

static void test_every_fixture(void **state)
{
	size_t seen = 0;

	(void)state;
	walk("", &seen);
	/* The table names no file that is gone (but the Criterion ones). */
	assert_int_equal(seen, sizeof(fixtures) / sizeof(fixtures[0]) - 3);
	for (seen = 0; seen < 3; seen++)
		check_file(fixtures[sizeof(fixtures) / sizeof(fixtures[0]) - 1 -
			seen].rel, NULL);
}

/*
 * What is not a result file is refused, naming every format known, so the
 * message tells what would have worked; an empty one says so.
 */
static void test_not_results(void **state)
{
	const gb_format_info *formats;
	size_t i, k, n;

	(void)state;
	formats = gb_adapter_formats(&n);
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		gb_run *run = NULL;
		const char *msg;
		struct stat st;

		if (fixtures[i].format)
			continue;
		assert_int_equal(stat(th_fixture(fixtures[i].rel), &st), 0);
		assert_int_equal(gb_run_new(&run), 0);
		assert_int_equal(gb_adapter_read(run, th_fixture(fixtures[i].rel),
					 NULL, NULL), GB_EINVALID);
		msg = gb_error_last()->message;
		if (st.st_size == 0)
			assert_non_null(strstr(msg, ": empty, no benchmark results"));
		else if (!strstr(msg, "cannot tell what format this is (known: "))
			fail_msg("%s: %s", fixtures[i].rel, msg);
		for (k = 0; st.st_size && k < n; k++)
			assert_non_null(strstr(msg, formats[k].name));
		assert_int_equal(run->nresults, 0);
		gb_run_free(run);
	}
}

static void test_formats_listed(void **state)
{
	static const char *const names[] = { "criterion", "google-benchmark",
		"hyperfine", "go", "pytest-benchmark", "catch2", "cargo-criterion",
		"libtest-json", "bencher", "generic", "baseline-json", "benchmarkjs",
		"benchmark-ips", "ruby-benchmark", "benchmark-harness", "vitest",
		"tinybench", "bmf", "jmh", "benchmarkdotnet", "benchmarktools",
		"asv", "iai", "iai-callgrind", "cachegrind", "custom-smaller-is-better",
		"custom-bigger-is-better" };
	const gb_format_info *formats;
	size_t i, k, n;

	(void)state;
	formats = gb_adapter_formats(&n);
	assert_int_equal(n, sizeof(names) / sizeof(names[0]));
	for (i = 0; i < n; i++) {
		for (k = 0; k < n && strcmp(formats[k].name, names[i]); k++)
			;
		assert_true(k < n);
		assert_true(formats[k].summary && *formats[k].summary);
		assert_int_equal(formats[k].directory, strcmp(names[i], "criterion") == 0);
	}
}

/* A format named explicitly reads what it is given; names ignore case. */
static void test_format_names(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_fixture("go/baseline/bench.txt", "Go", "go");
	gb_run_free(run);
	run = at_read_fixture("google-benchmark/baseline/out.json",
		"Google_Benchmark", "google-benchmark");
	gb_run_free(run);
	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(gb_adapter_read_buffer(run, "{}", 2, "x", "nonsense",
				 NULL), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message,
		"unknown format 'nonsense' (known: criterion, google-benchmark"));
	gb_run_free(run);
	/* The wrong format says what it misses, not "cannot tell". */
	at_fails_str("[{\"name\": \"a\", \"unit\": \"ns\", \"value\": 1}]",
		"hyperfine", "not a hyperfine export");
}

static void test_empty(void **state)
{
	(void)state;
	at_fails_str("", NULL, "empty, no benchmark results");
	at_fails_str(" \n\t\n", NULL, "empty, no benchmark results");
	at_fails_str("{\"benchmarks\": [", NULL, "truncated");
	at_fails_str("{\"some\": \"thing\"}", NULL, "cannot tell what format");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fixture),
		cmocka_unit_test(test_not_results),
		cmocka_unit_test(test_formats_listed),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
