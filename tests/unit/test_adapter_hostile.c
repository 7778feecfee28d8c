/*
 * Hostile content for every reader: odd names are stored as given, odd
 * numbers are refused with a message, nothing crashes or runs away.
 */
#include "adapter_test.h"

static void test_names_kept_as_given(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("[{\"name\": \"a\\nb\\u001b[31m\\t\\u0001\", \"unit\": \"ns\","
		"\"value\": 1}]", NULL, "generic");
	assert_string_equal(run->results[0].name, "a\nb\x1b[31m\t\x01");
	gb_run_free(run);
	run = at_read_text("{\"context\":{},\"benchmarks\":[{\"name\":\"BM_\\u0007\","
		"\"run_name\":\"BM_\\u0007\",\"iterations\":1,\"real_time\":1,"
		"\"time_unit\":\"ns\",\"\\u001b]0;x\":2}]}", NULL, "google-benchmark");
	assert_non_null(gb_run_find(run, "BM_\x07"));
	assert_non_null(gb_run_find_measure(run, "BM_\x07", "\x1b]0;x"));
	gb_run_free(run);
}

/* A 64 KiB name in every text and JSON format. */
static void test_long_names(void **state)
{
	static const char *const templates[][2] = {
		{ "[{\"name\": \"%s\", \"unit\": \"ns\", \"value\": 1}]", "generic" },
		{ "{\"results\": [{\"command\": \"%s\", \"mean\": 1}]}", "hyperfine" },
		{ "Benchmark%s-2\t10\t5 ns/op\n", "go" },
		{ "test %s ... bench: 5 ns/iter (+/- 1)\n", "bencher" },
		{ "<Catch><BenchmarkResults name=\"%s\"><mean value=\"1\"/></BenchmarkResults></Catch>", "catch2" },
		{ "{\"version\": \"v\", \"results\": {\"%s\": {\"mean_ns\": 1}}}", "baseline-json" },
		{ "{\"reason\":\"benchmark-complete\",\"id\":\"%s\",\"mean\":{\"estimate\":1,\"unit\":\"ns\"}}\n", "cargo-criterion" },
		{ "%s x 1,000 ops/sec \xc2\xb1" "1%% (5 runs sampled)\n", "benchmarkjs" },
	};
	size_t n = 64 * 1024, i;
	char *name = malloc(n + 1);
	gb_buf text = GB_BUF_INIT;

	(void)state;
	memset(name, 'n', n);
	name[n] = '\0';
	for (i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
		gb_run *run;

		gb_buf_clear(&text);
		gb_buf_printf(&text, templates[i][0], name);
		run = at_read_text(text.ptr, NULL, templates[i][1]);
		assert_int_equal(run->nresults, 1);
		assert_true(strlen(run->results[0].name) >= n);
		gb_run_free(run);
	}
	/* An error about such a name is still one short line. */
	gb_buf_clear(&text);
	gb_buf_printf(&text, "[{\"name\": \"%s\", \"unit\": \"ns\"}]", name);
	at_fails(text.ptr, text.size, NULL, "missing value");
	assert_true(strlen(gb_error_last()->message) < 300);
	gb_buf_dispose(&text);
	free(name);
}

static void test_numbers(void **state)
{
	gb_run *run;

	(void)state;
	/* Beyond a double: cJSON makes it infinite. */
	at_fails_str("[{\"name\": \"a\", \"unit\": \"ns\", \"value\": 1e400}]", NULL,
		"benchmark 'a': value is out of range");
	/* Finite in seconds, infinite in ns. */
	at_fails_str("{\"results\": [{\"command\": \"a\", \"mean\": 1e305}]}", NULL,
		"benchmark 'a': its mean is out of range");
	at_fails_str("{\"results\": [{\"command\": \"a\", \"mean\": NaN}]}", NULL,
		"not valid JSON");
	at_fails_str("{\"results\": [{\"command\": \"a\", \"mean\": -1}]}", NULL,
		"benchmark 'a': its mean is negative");
	run = at_read_text("[{\"name\": \"a\", \"unit\": \"ns\", \"value\": 1, "
		"\"range\": -2}]", NULL, "generic");
	at_same(run->results[0].stddev, 2, "a spread is never negative");
	gb_run_free(run);
	at_fails_str("BenchmarkX\t10\tinf ns/op\n", "go", "'inf' is not a number");
	at_fails_str("BenchmarkX\t10\t0x10 ns/op\n", "go", "'0x10' is not a number");
	at_fails_str("test a ... bench: nan ns/iter (+/- 1)\n", "bencher", "line 1");
	/* Counts beyond 64 bits are clamped, not undefined. */
	run = at_read_text("{\"context\":{},\"benchmarks\":[{\"name\":\"x\","
		"\"iterations\":1e300,\"real_time\":1,\"time_unit\":\"ns\"},"
		"{\"name\":\"x\",\"iterations\":-5,\"real_time\":1,\"time_unit\":\"ns\"}]}",
		NULL, "google-benchmark");
	assert_true(run->results[0].iterations == UINT64_MAX);
	gb_run_free(run);
	run = at_read_text("BenchmarkX\t99999999999999999999999\t1 ns/op\n", NULL, "go");
	assert_true(run->results[0].iterations == UINT64_MAX);
	gb_run_free(run);
}

static void test_structure(void **state)
{
	gb_buf deep = GB_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 100000; i++)
		gb_buf_putc(&deep, '[');
	at_fails(deep.ptr, deep.size, NULL, "not valid JSON");
	at_fails(deep.ptr, deep.size, "generic", "not valid JSON");
	gb_buf_clear(&deep);
	for (i = 0; i < 100000; i++)
		gb_buf_puts(&deep, "<a>");
	at_fails(deep.ptr, deep.size, "catch2", "not Catch2 XML");
	gb_buf_clear(&deep);
	gb_buf_puts(&deep, "BenchmarkX-2\t10");
	for (i = 0; i < 100; i++)
		gb_buf_puts(&deep, "\t1 u/op");
	gb_buf_puts(&deep, "\n");
	at_fails(deep.ptr, deep.size, NULL, "too many values");
	gb_buf_dispose(&deep);
	/* The wrong shapes where objects are expected. */
	at_fails_str("{\"context\":{},\"benchmarks\":[1,2]}", NULL,
		"benchmarks[0] has no name");
	at_fails_str("{\"results\":[[]], \"command\": 1}", "hyperfine",
		"results[0] has no command");
	at_fails_str("{\"machine_info\":{},\"benchmarks\":[\"x\"], \"stats\": 1}",
		"pytest-benchmark", "benchmarks[0] has no fullname");
	at_fails_str("[1]", "benchmark-ips", "item 1 has no name");
	at_fails_str("{\"benchmarks\":[null]}", "benchmarkjs", "benchmarks[0] has no name");
}

/* Bytes that are no text at all, NULs included. */
static void test_binary(void **state)
{
	static const char junk[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe\0Benchmark\0\t1";
	static const char nul_in_line[] = "BenchmarkX-2\t10\t5 ns/op\0garbage\n";
	static const char nul_in_bench[] = "test a\0 ... bench: 5 ns/iter (+/- 1)\n";
	gb_run *run = NULL;

	(void)state;
	at_fails(junk, sizeof(junk) - 1, NULL, "cannot tell what format");
	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(gb_adapter_read_buffer(run, nul_in_line,
				 sizeof(nul_in_line) - 1, "x", NULL, NULL), 0);
	assert_string_equal(run->results[0].name, "BenchmarkX");
	gb_run_free(run);
	at_fails(nul_in_bench, sizeof(nul_in_bench) - 1, "bencher", "line 1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_kept_as_given),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_binary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
