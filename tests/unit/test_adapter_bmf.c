/* Bencher Metric Format: latency is the benchmark, other measures apart. */
#include "adapter_test.h"

static void test_measures(void **state)
{
	gb_run *run = at_read_fixture("bmf/measures.json", NULL, "bmf");

	(void)state;
	at_kind(at_result(run, "parse_config"), "ns", GB_LOWER_IS_BETTER);
	at_same(at_result(run, "parse_config")->mean, 88, "latency");
	/* The bounds are not a spread. */
	assert_true(isnan(at_result(run, "parse_config")->stddev));
	at_kind(at_result(run, "parse_config [throughput]"), "ops/s",
		GB_HIGHER_IS_BETTER);
	at_kind(at_result(run, "binary [file-size]"), "B", GB_LOWER_IS_BETTER);
	at_same(at_result(run, "build [build-time]")->mean, 87.2e9, "seconds");
	at_kind(at_result(run, "cache_sim [instructions]"), "", GB_LOWER_IS_BETTER);
	assert_int_equal(run->nresults, 7);
	gb_run_free(run);
	run = at_read_fixture("bmf/latency.json", NULL, "bmf");
	at_same(at_result(run, "sort/10000")->mean, 66237, "latency");
	assert_int_equal(run->nresults, 3);
	gb_run_free(run);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated("bmf/measures.json", "not valid JSON (truncated");
	at_fails_str("{\"a\": {\"latency\": {\"value\": \"1\"}}}", NULL,
		"benchmark 'a': value is not a number");
	at_fails_str("{\"a\": {\"latency\": {\"lower_value\": 1}}}", "bmf",
		"benchmark 'a': missing value");
	at_fails_str("{\"a\": {\"latency\": 5}}", "bmf",
		"benchmark 'a': measure latency is not an object with a value");
	at_fails_str("{\"a\": {}}", "bmf", "benchmark 'a': expected an object of measures");
	at_fails_str("[1]", "bmf", "not Bencher Metric Format");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_measures),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
