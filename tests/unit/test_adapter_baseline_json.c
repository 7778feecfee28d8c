/* The older tools' baseline.json, imported with its version and time. */
#include "adapter_test.h"

#define FIXTURE "baseline-json/baseline.json"

static void test_fixture(void **state)
{
	gb_run *run = at_read_fixture(FIXTURE, NULL, "baseline-json");
	cJSON *json = at_load_json(FIXTURE);
	const cJSON *results = cJSON_GetObjectItem(json, "results"), *b;

	(void)state;
	cJSON_ArrayForEach(b, results) {
		const gb_result *r = at_result(run, b->string);

		at_kind(r, "ns", GB_LOWER_IS_BETTER);
		at_same(r->mean, cJSON_GetObjectItem(b, "mean_ns")->valuedouble, b->string);
		at_same(r->stddev, cJSON_GetObjectItem(b, "stddev_ns")->valuedouble, b->string);
		at_same(r->min, cJSON_GetObjectItem(b, "min_ns")->valuedouble, b->string);
		at_same(r->max, cJSON_GetObjectItem(b, "max_ns")->valuedouble, b->string);
		assert_int_equal(r->iterations,
			(uint64_t)cJSON_GetObjectItem(b, "iterations")->valuedouble);
		assert_true(isnan(r->median));
	}
	assert_int_equal(run->nresults, (size_t)cJSON_GetArraySize(results));
	assert_string_equal(run->label,
		cJSON_GetStringValue(cJSON_GetObjectItem(json, "version")));
	assert_int_equal(run->time,
		(int64_t)cJSON_GetObjectItem(json, "timestamp")->valuedouble);
	cJSON_Delete(json);
	gb_run_free(run);
}

/* The caller's label and time stay; the file's fill what is unset. */
static void test_caller_wins(void **state)
{
	gb_run *run = NULL;

	(void)state;
	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(gb_run_set_string(&run->label, "mine"), 0);
	assert_int_equal(gb_adapter_read(run, th_fixture(FIXTURE), "baseline-json",
				 NULL), 0);
	assert_string_equal(run->label, "mine");
	assert_int_equal(run->time, 1730491200);
	gb_run_free(run);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated(FIXTURE, "truncated");
	at_damaged(FIXTURE, "\"mean_ns\": 45230", "\"mean_ns\": \"45230\"", NULL,
		"benchmark 'scan project for assets': mean_ns is not a number");
	at_damaged(FIXTURE, "\"mean_ns\": 45230,", "", NULL,
		"benchmark 'scan project for assets': missing mean_ns");
	at_damaged(FIXTURE, "\"mean_ns\": 45230", "\"mean_ns\": -45230", NULL,
		"benchmark 'scan project for assets': its mean is negative");
	at_damaged(FIXTURE, "\"version\": \"v0.1.0\"", "\"version\": 1", NULL,
		"version is not a string");
	at_damaged(FIXTURE, "\"timestamp\": 1730491200,\n  \"git",
		"\"timestamp\": -5,\n  \"git", NULL,
		"timestamp is not a time in seconds since 1970");
	at_fails_str("{\"version\": \"v1\", \"results\": [{\"mean_ns\": 1}]}",
		"baseline-json", "no \"results\" object");
	at_fails_str("{\"version\": \"v1\", \"results\": {\"a\": 5, \"mean_ns\": 1}}",
		"baseline-json", "benchmark 'a' is not an object");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_caller_wins),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
