/*
 * Auto-detection over every fixture: each harness output is read by its
 * own format, and what is not a result file (console logs, CSV, markdown)
 * is refused rather than misread.
 */
#include "adapter_test.h"

static const struct {
	const char *rel;
	const char *format;
} results[] = {
	{ "criterion/baseline/criterion", "criterion" },
	{ "criterion/slow/criterion", "criterion" },
	{ "criterion/slow/bencher.stdout.txt", "bencher" },
	{ "google-benchmark/baseline/stdout.json", "google-benchmark" },
	{ "google-benchmark/baseline/out.json", "google-benchmark" },
	{ "google-benchmark/baseline/repetitions.json", "google-benchmark" },
	{ "google-benchmark/baseline/aggregates-only.json", "google-benchmark" },
	{ "hyperfine/baseline/commands.json", "hyperfine" },
	{ "hyperfine/baseline/gzip-levels.json", "hyperfine" },
	{ "go/baseline/bench.txt", "go" },
	{ "go/baseline/bench.json", "go" },
	{ "pytest-benchmark/baseline/benchmark.json", "pytest-benchmark" },
	{ "catch2/baseline/catch2.xml", "catch2" },
	{ "benchmarkjs/baseline/stats.json", "benchmarkjs" },
	{ "benchmarkjs/baseline/stdout.txt", "benchmarkjs" },
	{ "benchmark-ips/baseline/ips.json", "benchmark-ips" },
	{ "baseline-json/baseline.json", "baseline-json" },
};

static const char *const not_results[] = {
	"README.md", "VERSIONS.txt",
	"benchmark-ips/baseline/stdout.txt",
	"catch2/baseline/console.txt",
	"criterion/baseline/cargo-bench.stdout.txt",
	"criterion/baseline/cargo-bench.stderr.txt",
	"criterion/slow/bencher.stderr.txt",
	"google-benchmark/baseline/console.txt",
	"google-benchmark/baseline/repetitions.console.txt",
	"hyperfine/baseline/commands.csv",
	"hyperfine/baseline/commands.md",
	"hyperfine/baseline/commands.stdout.txt",
	"pytest-benchmark/baseline/pytest.stdout.txt",
	"criterion/baseline/criterion/sort/1000/new/estimates.json",
	"criterion/baseline/criterion/sort/1000/new/sample.json",
	"criterion/baseline/criterion/sort/1000/new/benchmark.json",
};

static void test_every_fixture(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		gb_run *run = at_read_fixture(results[i].rel, "auto",
			results[i].format);

		assert_true(run->nresults > 0);
		gb_run_free(run);
	}
}

/* Every format is listed, so the message tells what would have worked. */
static void test_not_results(void **state)
{
	const gb_format_info *formats;
	size_t i, k, n;

	(void)state;
	formats = gb_formats(&n);
	for (i = 0; i < sizeof(not_results) / sizeof(not_results[0]); i++) {
		gb_run *run = NULL;
		const char *msg;

		assert_int_equal(gb_run_new(&run), 0);
		assert_int_equal(gb_adapter_read(run, th_fixture(not_results[i]),
					 NULL, NULL), GB_EINVALID);
		msg = gb_error_last()->message;
		if (!strstr(msg, "cannot tell what format this is (known: "))
			fail_msg("%s: %s", not_results[i], msg);
		for (k = 0; k < n; k++)
			assert_non_null(strstr(msg, formats[k].name));
		assert_int_equal(run->nresults, 0);
		gb_run_free(run);
	}
}

static void test_formats_listed(void **state)
{
	static const char *const names[] = { "criterion", "google-benchmark",
		"hyperfine", "go", "pytest-benchmark", "catch2", "cargo-criterion",
		"bencher", "generic", "baseline-json", "benchmarkjs",
		"benchmark-ips", "custom-smaller-is-better",
		"custom-bigger-is-better" };
	const gb_format_info *formats;
	size_t i, k, n;

	(void)state;
	formats = gb_formats(&n);
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
