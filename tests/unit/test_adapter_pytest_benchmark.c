/* The pytest-benchmark adapter against a real --benchmark-json file. */
#include "adapter_test.h"

#define FIXTURE "pytest-benchmark/baseline/benchmark.json"

static double stat(const cJSON *stats, const char *key)
{
	return cJSON_GetObjectItem(stats, key)->valuedouble;
}

static void check_benchmark(const gb_run *run, const cJSON *b)
{
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(b, "fullname"));
	const cJSON *stats = cJSON_GetObjectItem(b, "stats"), *v;
	const cJSON *data = cJSON_GetObjectItem(stats, "data");
	const gb_result *r = at_result(run, name);
	double *values = calloc((size_t)cJSON_GetArraySize(data) + 1, sizeof(double));
	char ops[512];
	size_t n = 0;

	at_kind(r, "ns", GB_LOWER_IS_BETTER);
	at_same(r->mean, stat(stats, "mean") * 1e9, name);
	at_same(r->median, stat(stats, "median") * 1e9, name);
	at_same(r->stddev, stat(stats, "stddev") * 1e9, name);
	at_same(r->min, stat(stats, "min") * 1e9, name);
	at_same(r->max, stat(stats, "max") * 1e9, name);
	assert_int_equal(r->count, (uint64_t)stat(stats, "rounds"));
	assert_int_equal(r->iterations,
		(uint64_t)(stat(stats, "rounds") * stat(stats, "iterations")));
	cJSON_ArrayForEach(v, data)
		values[n++] = v->valuedouble;
	at_samples(r, values, n, 1e9);
	free(values);
	snprintf(ops, sizeof(ops), "%s [ops]", name);
	r = at_result(run, ops);
	at_kind(r, "ops/s", GB_HIGHER_IS_BETTER);
	at_same(r->mean, stat(stats, "ops"), ops);
}

static void test_fixture(void **state)
{
	gb_run *run = at_read_fixture(FIXTURE, NULL, "pytest-benchmark");
	cJSON *json = at_load_json(FIXTURE);
	const cJSON *b, *benchmarks = cJSON_GetObjectItem(json, "benchmarks");

	(void)state;
	cJSON_ArrayForEach(b, benchmarks)
		check_benchmark(run, b);
	assert_int_equal(run->nresults, 2 * (size_t)cJSON_GetArraySize(benchmarks));
	assert_non_null(gb_run_find(run, "test_bench.py::test_fib[5]"));
	cJSON_Delete(json);
	gb_run_free(run);
}

/* Saved without --benchmark-save-data: no samples, stats only. */
static void test_without_data(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("{\"machine_info\":{},\"benchmarks\":[{\"name\":\"test_a\","
		"\"fullname\":\"t.py::test_a\",\"stats\":{\"mean\":0.5,\"rounds\":3,"
		"\"iterations\":2}}]}", NULL, "pytest-benchmark");
	assert_int_equal(run->nresults, 1);
	at_same(at_result(run, "t.py::test_a")->mean, 5e8, "mean");
	assert_true(isnan(at_result(run, "t.py::test_a")->stddev));
	assert_int_equal(at_result(run, "t.py::test_a")->iterations, 6);
	gb_run_free(run);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated(FIXTURE, "truncated");
	at_damaged(FIXTURE, "\"mean\": 4.14140908940762e-07",
		"\"mean\": \"fast\"", NULL,
		"benchmark 'test_bench.py::test_fib[5]': mean is not a number");
	at_damaged(FIXTURE, "\"mean\": 4.14140908940762e-07,", "", NULL,
		"benchmark 'test_bench.py::test_fib[5]': missing mean");
	at_damaged(FIXTURE, "\"stats\": {", "\"stats\": 7, \"x\": {", NULL,
		"benchmark 'test_bench.py::test_fib[5]': no stats");
	at_damaged(FIXTURE, "\"benchmarks\": [", "\"benchmarks\": {\"a\": [", NULL,
		"not valid JSON");
}

/*
 * Junk in the raw samples, beside whole statistics: read from the
 * statistics, with one warning naming the benchmark. A failed read warns
 * of nothing.
 */
static void test_junk_in_data(void **state)
{
	char *text = at_changed(FIXTURE, "\"data\": [", "\"data\": [null, ");
	gb_run *run, *whole = at_read_fixture(FIXTURE, NULL, "pytest-benchmark");
	const gb_result *r, *w;

	(void)state;
	run = at_read_warned(text, "pytest-benchmark",
		"benchmark 'test_bench.py::test_fib[5]': data holds something "
		"that is not a number; read from its statistics, without samples");
	r = at_result(run, "test_bench.py::test_fib[5]");
	w = at_result(whole, "test_bench.py::test_fib[5]");
	assert_int_equal(r->nsamples, 0);
	at_same(r->mean, w->mean, "mean");
	at_same(r->stddev, w->stddev, "stddev");
	at_same(r->median, w->median, "median");
	assert_int_equal(r->count, w->count);
	assert_int_equal(run->nresults, whole->nresults);
	gb_run_free(run);
	gb_run_free(whole);
	free(text);
	at_warnings_start();
	at_fails_str("{\"benchmarks\": [{\"fullname\": \"a\", \"stats\": "
		"{\"mean\": 1, \"data\": [\"x\"]}}, {\"stats\": {}}]}", NULL,
		"benchmarks[1] has no fullname");
	assert_string_equal(at_warnings(), "");
}

/* The terminal table: the same figures as the JSON, to the digits shown. */
static void test_table(void **state)
{
	gb_run *run = at_read_fixture("pytest-benchmark/baseline/pytest.stdout.txt",
		NULL, "pytest-benchmark");
	const gb_result *r;

	(void)state;
	r = at_result(run, "test_sorted[10000]");
	at_same(r->mean, 1171.4594e3, "us");
	at_same(r->min, 1117.267e3, "thousands separator");
	assert_int_equal(r->count, 388);
	r = at_result(run, "test_fib[5] [ops]");
	at_kind(r, "ops/s", GB_HIGHER_IS_BETTER);
	at_same(r->mean, 2414.6371e3, "Kops/s");
	assert_int_equal(run->nresults, 12);
	gb_run_free(run);
	at_damaged("pytest-benchmark/baseline/pytest.stdout.txt", "72.0377 (1.0)",
		"72.0x77 (1.0)", NULL, "expected a name and a figure under every heading");
	at_truncated("pytest-benchmark/baseline/pytest.stdout.txt", "truncated");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_without_data),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_junk_in_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
