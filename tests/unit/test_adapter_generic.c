/* The generic format, github-action-benchmark's custom files as they are. */
#include "adapter_test.h"

/* The example of docs/formats.md. */
static const char example[] =
	"[\n"
	"  { \"name\": \"parse/small\", \"unit\": \"ns\", \"value\": 1234.5, \"range\": \"\xc2\xb1 12.5\" },\n"
	"  { \"name\": \"parse/large\", \"unit\": \"ms\", \"samples\": [12.1, 12.4, 11.9, 12.0] },\n"
	"  { \"name\": \"requests\", \"unit\": \"req/s\", \"value\": 5230 },\n"
	"  { \"name\": \"peak memory\", \"unit\": \"MB\", \"value\": 310, \"direction\": \"lower\",\n"
	"    \"extra\": \"measured with /usr/bin/time\" }\n"
	"]\n";

static void test_example(void **state)
{
	gb_run *run = at_read_text(example, NULL, "generic");
	const double large[] = { 12.1, 12.4, 11.9, 12.0 };
	const gb_result *r;

	(void)state;
	assert_int_equal(run->nresults, 4);
	r = at_result(run, "parse/small");
	at_kind(r, "ns", GB_LOWER_IS_BETTER);
	at_same(r->mean, 1234.5, "value");
	at_same(r->stddev, 12.5, "range");
	r = at_result(run, "parse/large");
	at_kind(r, "ns", GB_LOWER_IS_BETTER);
	at_samples(r, large, 4, 1e6);
	at_same(r->mean, (12.1 + 12.4 + 11.9 + 12.0) / 4 * 1e6, "mean of samples");
	at_same(r->min, 11.9e6, "min");
	assert_int_equal(r->count, 4);
	at_kind(at_result(run, "requests [throughput]"), "req/s", GB_HIGHER_IS_BETTER);
	at_kind(at_result(run, "peak memory [MB]"), "MB", GB_LOWER_IS_BETTER);
	gb_run_free(run);
}

/* A customBiggerIsBetter file, as github-action-benchmark documents it. */
static const char bigger[] =
	"[{\"name\": \"My Custom Bigger Is Better Benchmark - Throughput\","
	"\"unit\": \"Megabytes\", \"value\": 100, \"range\": \"3\","
	"\"extra\": \"Value for Tooltip: 25\\nOptional Num #2: 100\\nAnything Else!\"},"
	"{\"name\": \"My Custom Bigger Is Better Benchmark - Free Memory\","
	"\"unit\": \"Megabytes\", \"value\": 120, \"range\": \"+/- 2\"}]";

static void test_custom_files(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text(bigger, "customBiggerIsBetter", "custom-bigger-is-better");
	at_kind(at_result(run, "My Custom Bigger Is Better Benchmark - Throughput [Megabytes]"),
		"Megabytes", GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "My Custom Bigger Is Better Benchmark - Free Memory [Megabytes]")->stddev,
		2, "range");
	gb_run_free(run);
	run = at_read_text(bigger, "custom-smaller-is-better", "custom-smaller-is-better");
	at_kind(at_result(run, "My Custom Bigger Is Better Benchmark - Throughput [Megabytes]"),
		"Megabytes", GB_LOWER_IS_BETTER);
	gb_run_free(run);
	/* Auto-detected as generic, which goes by the unit. */
	run = at_read_text(bigger, NULL, "generic");
	at_kind(at_result(run, "My Custom Bigger Is Better Benchmark - Throughput [Megabytes]"),
		"Megabytes", GB_LOWER_IS_BETTER);
	gb_run_free(run);
	/* A direction stated wins over the format's default. */
	run = at_read_text("{\"benchmarks\": [{\"name\": \"a\", \"unit\": \"ops/s\","
		"\"value\": 1, \"direction\": \"lower\"}, {\"name\": \"b\", \"unit\": \"s\","
		"\"value\": 2, \"range\": \"about 3\"}]}", "custom-bigger-is-better",
		"custom-bigger-is-better");
	at_kind(at_result(run, "a [throughput]"), "ops/s", GB_LOWER_IS_BETTER);
	at_kind(at_result(run, "b"), "ns", GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "b")->mean, 2e9, "seconds");
	assert_true(isnan(at_result(run, "b")->stddev));
	gb_run_free(run);
}

/* Several measures of one benchmark, each named; a bad name refused. */
static void test_measures(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("[{\"name\": \"tool\", \"unit\": \"s\", \"value\": 1.5},"
		"{\"name\": \"tool\", \"measure\": \"peak-memory\", \"unit\": \"B\","
		"\"value\": 1048576},"
		"{\"name\": \"tool\", \"measure\": \"binary-size\", \"unit\": \"B\","
		"\"value\": 4096}]", NULL, "generic");
	assert_int_equal(run->nresults, 3);
	at_same(at_result(run, "tool")->mean, 1.5e9, "time");
	at_kind(at_result(run, "tool [peak-memory]"), "B", GB_LOWER_IS_BETTER);
	at_same(at_result(run, "tool [binary-size]")->mean, 4096, "size");
	gb_run_free(run);
	at_fails_str("[{\"name\": \"a\", \"measure\": \"\", \"unit\": \"s\","
		"\"value\": 1}]", "generic", "benchmark 'a': measure is not a name");
	at_fails_str("[{\"name\": \"a\", \"measure\": \"x\", \"unit\": \"s\","
		"\"value\": 1}, {\"name\": \"a\", \"measure\": \"x\", \"unit\": \"s\","
		"\"value\": 2}]", "generic",
		"benchmark 'a' appears more than once in measure x");
	/* Twice in time and in a measure that sorts before it: said of
	 * the benchmark, not blamed on that measure. */
	at_fails_str("[{\"name\": \"a\", \"measure\": \"cpu\", \"unit\": \"s\","
		"\"value\": 1}, {\"name\": \"a\", \"unit\": \"s\", \"value\": 1},"
		"{\"name\": \"a\", \"measure\": \"cpu\", \"unit\": \"s\","
		"\"value\": 2}, {\"name\": \"a\", \"unit\": \"s\", \"value\": 2}]",
		"generic", "benchmark 'a' appears more than once");
	assert_string_equal(gb_error_last()->message,
		"bad.input: benchmark 'a' appears more than once (a file of "
		"several runs? record each run on its own)");
}

static void test_bad(void **state)
{
	(void)state;
	at_fails(example, strlen(example) / 2, NULL, "truncated");
	at_fails_str("[{\"name\": \"a\", \"unit\": \"ns\"}]", "generic",
		"benchmark 'a': missing value (or samples)");
	at_fails_str("[{\"name\": \"a\", \"value\": 1}]", "generic",
		"benchmark 'a': missing unit");
	at_fails_str("[{\"unit\": \"ns\", \"value\": 1}]", "generic",
		"item 1 has no name");
	at_fails_str("[{\"name\": \"a\", \"unit\": \"ns\", \"value\": \"1\"}]", NULL,
		"benchmark 'a': value is not a number");
	at_fails_str("[{\"name\": \"a\", \"unit\": \"ns\", \"samples\": [1, \"2\"]}]",
		NULL, "benchmark 'a': samples holds something that is not a number");
	at_fails_str("[{\"name\": \"a\", \"unit\": \"ns\", \"value\": 1, "
		"\"direction\": \"up\"}]", NULL,
		"benchmark 'a': direction is not \"lower\" or \"higher\"");
	at_fails_str("[{\"name\": \"a\", \"unit\": \"s\", \"value\": 1e300}]", NULL,
		"benchmark 'a': its mean is out of range");
	at_fails_str("{\"name\": \"a\", \"unit\": \"s\", \"value\": 1}", "generic",
		"not a list of benchmarks");
	at_fails_str("[]", "generic", "no benchmark results in it");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_custom_files),
		cmocka_unit_test(test_measures),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
