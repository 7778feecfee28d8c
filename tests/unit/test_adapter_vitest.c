/* vitest bench --outputJson and tinybench's task results. */
#include "adapter_test.h"

static void test_vitest(void **state)
{
	gb_run *run = at_read_fixture("vitest/v3/bench.json", NULL, "vitest");
	cJSON *json = at_load_json("vitest/v3/bench.json");
	const cJSON *f, *g, *b;
	size_t n = 0;

	(void)state;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(json, "files"))
	cJSON_ArrayForEach(g, cJSON_GetObjectItem(f, "groups"))
	cJSON_ArrayForEach(b, cJSON_GetObjectItem(g, "benchmarks")) {
		char name[256];
		const gb_result *r;

		snprintf(name, sizeof(name), "%s > %s",
			cJSON_GetObjectItem(g, "fullName")->valuestring,
			cJSON_GetObjectItem(b, "name")->valuestring);
		r = at_result(run, name);
		at_kind(r, "ns", GB_LOWER_IS_BETTER);
		at_same(r->mean, cJSON_GetObjectItem(b, "mean")->valuedouble * 1e6, name);
		at_same(r->median, cJSON_GetObjectItem(b, "median")->valuedouble * 1e6,
			name);
		at_same(r->stddev, cJSON_GetObjectItem(b, "sd")->valuedouble * 1e6, name);
		at_same(r->min, cJSON_GetObjectItem(b, "min")->valuedouble * 1e6, name);
		assert_int_equal(r->count,
			(uint64_t)cJSON_GetObjectItem(b, "sampleCount")->valuedouble);
		/* hz: the measure throughput. */
		r = at_result_in(run, name, "throughput");
		at_kind(r, "ops/s", GB_HIGHER_IS_BETTER);
		at_same(r->mean, cJSON_GetObjectItem(b, "hz")->valuedouble, name);
		n += 2;
	}
	assert_int_equal(run->nresults, n);
	at_result(run, "bench/sort.bench.js > sort > normal");
	cJSON_Delete(json);
	gb_run_free(run);
}

static void test_tinybench(void **state)
{
	gb_run *run = at_read_fixture("tinybench/v2/tasks.json", NULL, "tinybench");
	cJSON *json = at_load_json("tinybench/v2/tasks.json");
	const cJSON *res = cJSON_GetObjectItem(cJSON_GetArrayItem(json, 0), "result");
	const gb_result *r = at_result(run, "sort 1000");

	(void)state;
	at_same(r->mean, cJSON_GetObjectItem(res, "mean")->valuedouble * 1e6, "v2 mean");
	assert_int_equal(r->nsamples, 32);
	at_same(r->samples[0], cJSON_GetArrayItem(cJSON_GetObjectItem(res, "samples"),
		0)->valuedouble * 1e6, "v2 sample");
	cJSON_Delete(json);
	gb_run_free(run);
	run = at_read_fixture("tinybench/v6/tasks.json", NULL, "tinybench");
	json = at_load_json("tinybench/v6/tasks.json");
	res = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(json, 1),
		"result"), "latency");
	r = at_result(run, "fib(15)");
	at_same(r->mean, cJSON_GetObjectItem(res, "mean")->valuedouble * 1e6, "v6 mean");
	at_same(r->median, cJSON_GetObjectItem(res, "p50")->valuedouble * 1e6, "p50");
	assert_int_equal(r->count,
		(uint64_t)cJSON_GetObjectItem(res, "samplesCount")->valuedouble);
	assert_int_equal(run->nresults, 6);
	at_result(run, "fib(15) [throughput]");
	cJSON_Delete(json);
	gb_run_free(run);
	/* A task that failed is left out. */
	run = at_read_text("[{\"name\": \"a\", \"result\": {\"error\": {}}},"
		"{\"name\": \"b\", \"result\": {\"mean\": 2, \"period\": 2}}]", NULL,
		"tinybench");
	assert_int_equal(run->nresults, 1);
	at_same(at_result(run, "b")->mean, 2e6, "ms");
	gb_run_free(run);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated("vitest/v3/bench.json", "not valid JSON (truncated");
	at_truncated("tinybench/v6/tasks.json", "not valid JSON (truncated");
	at_damaged("vitest/v3/bench.json", "\"mean\": ", "\"mean\": \"x\", \"m\": ",
		NULL, "benchmark 'bench/sort.bench.js > string join': mean is not a number");
	at_fails_str("{\"files\": [{\"groups\": [{\"benchmarks\": []}]}]}", "vitest",
		"a group has no fullName");
	at_fails_str("[{\"name\": \"a\", \"period\": 1}]", "tinybench",
		"benchmark 'a': no result (expected {\"name\", \"result\"})");
	at_fails_str("[{\"result\": {\"period\": 1}}]", "tinybench", "task 1 has no name");
	at_fails_str("{}", "tinybench", "not tinybench results");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vitest),
		cmocka_unit_test(test_tinybench),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
