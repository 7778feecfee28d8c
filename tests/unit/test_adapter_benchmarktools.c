/* Julia BenchmarkTools.save JSON: nested groups, trials, estimates. */
#include "adapter_test.h"

static void test_groups(void **state)
{
	gb_run *run = at_read_fixture("benchmarktools/results.json", NULL,
		"benchmarktools");
	cJSON *json = at_load_json("benchmarktools/results.json");
	const cJSON *suite = cJSON_GetArrayItem(cJSON_GetArrayItem(json, 1), 0);
	const cJSON *data = cJSON_GetObjectItem(cJSON_GetArrayItem(suite, 1), "data");
	const cJSON *quick = cJSON_GetObjectItem(cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(data, "sort"), 1), "data"),
		"quicksort");
	const cJSON *trial = cJSON_GetObjectItem(cJSON_GetObjectItem(
		cJSON_GetArrayItem(quick, 1), "data"), "1000");
	const cJSON *times = cJSON_GetObjectItem(cJSON_GetArrayItem(trial, 1), "times");
	const gb_result *r = at_result(run, "sort/quicksort/1000");
	double sum = 0;
	const cJSON *t;
	size_t i = 0;

	(void)state;
	at_kind(r, "ns", GB_LOWER_IS_BETTER);
	assert_int_equal(r->nsamples, (size_t)cJSON_GetArraySize(times));
	cJSON_ArrayForEach(t, times) {
		at_same(r->samples[i++], t->valuedouble, "times");
		sum += t->valuedouble;
	}
	at_same(r->mean, sum / (double)i, "mean");
	at_result(run, "sort/mergesort/1000");
	at_result(run, "string/interpolate");
	/* Each value also in measures memory and allocs. */
	r = at_result(run, "sort/quicksort/1000 [memory]");
	at_kind(r, "B", GB_LOWER_IS_BETTER);
	at_same(r->mean, 7936, "memory");
	r = at_result(run, "sort/quicksort/1000 [allocs]");
	at_kind(r, "allocs", GB_LOWER_IS_BETTER);
	at_same(r->mean, 1, "allocs");
	assert_int_equal(run->nresults, 15);
	cJSON_Delete(json);
	gb_run_free(run);
	run = at_read_fixture("benchmarktools/estimate.json", NULL, "benchmarktools");
	at_same(at_result(run, "fib/20")->mean, 30512, "estimate");
	gb_run_free(run);
	/* A trial saved outside any group is named by its place. */
	run = at_read_text("[{\"Julia\":\"1.10.0\",\"BenchmarkTools\":\"1.4.0\"},"
		"[[\"Trial\",{\"allocs\":0,\"memory\":0,\"times\":[3.0,5.0]}]]]", NULL,
		"benchmarktools");
	at_same(at_result(run, "#1")->mean, 4, "bare trial");
	gb_run_free(run);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated("benchmarktools/results.json", "not valid JSON (truncated");
	at_damaged("benchmarktools/results.json", "\"times\":[", "\"times\":[\"x\",",
		NULL, "benchmark 'sort/quicksort/1000': times holds something that "
		"is not a number");
	at_damaged("benchmarktools/results.json", "\"times\":[", "\"tims\":[", NULL,
		"benchmark 'sort/quicksort/1000': times is not an array");
	at_damaged("benchmarktools/results.json", "[\"BenchmarkGroup\",{\"data\"",
		"[7,{\"data\"", NULL, "expected [\"<type>\", {...}], found something else");
	at_fails_str("[{\"Julia\":\"1\",\"BenchmarkTools\":\"1\"},"
		"[[\"Trial\",{\"times\":[]}]]]", NULL, "benchmark '#1': times is empty");
	at_fails_str("[{\"Julia\":\"1\",\"BenchmarkTools\":\"1\"}]", NULL,
		"not BenchmarkTools JSON");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
