/* asv results: the current layout (result_columns) and the old one. */
#include "adapter_test.h"

static void test_new_layout(void **state)
{
	gb_run *run = at_read_fixture("asv/new-layout.json", NULL, "asv");
	cJSON *json = at_load_json("asv/new-layout.json");
	const cJSON *row = cJSON_GetObjectItem(cJSON_GetObjectItem(json, "results"),
		"benchmarks.SortSuite.time_sort");
	const cJSON *res = cJSON_GetArrayItem(row, 0);
	const gb_result *r;

	(void)state;
	/* params [1000, 10000] x ['random', 'sorted'], the last fastest. */
	r = at_result(run, "benchmarks.SortSuite.time_sort(1000, 'sorted')");
	at_kind(r, "ns", GB_LOWER_IS_BETTER);
	at_same(r->mean, cJSON_GetArrayItem(res, 1)->valuedouble * 1e9, r->name);
	assert_int_equal(r->nsamples, 10);
	assert_int_equal(r->count, 10);
	assert_int_equal(r->iterations, 1000);
	at_same(at_result(run, "benchmarks.SortSuite.time_sort(10000, 'random')")->mean,
		cJSON_GetArrayItem(res, 2)->valuedouble * 1e9, "third");
	/* The failed combination (null) is left out. */
	assert_null(gb_run_find(run, "benchmarks.SortSuite.time_sort(10000, 'sorted')"));
	assert_null(gb_run_find(run, "benchmarks.Broken.time_fails"));
	at_kind(at_result(run, "benchmarks.MemSuite.peakmem_build [bytes]"), "B",
		GB_LOWER_IS_BETTER);
	at_kind(at_result(run, "benchmarks.TrackSuite.track_iterations [value]"), "",
		GB_LOWER_IS_BETTER);
	assert_int_equal(run->nresults, 8);
	cJSON_Delete(json);
	gb_run_free(run);
}

static void test_old_layout(void **state)
{
	gb_run *run = at_read_fixture("asv/old-layout.json", NULL, "asv");
	const gb_result *r;

	(void)state;
	at_same(at_result(run, "benchmarks.TimeSuite.time_keys")->mean, 15000, "plain");
	r = at_result(run, "benchmarks.TimeSuite.time_values");
	at_same(r->mean, 22500, "result");
	at_same(r->stddev, 1100, "std");
	at_same(r->min, 20500, "min");
	assert_int_equal(r->iterations, 10000);
	assert_int_equal(r->nsamples, 10);
	at_same(at_result(run, "benchmarks.Params.time_param(100)")->mean, 3400, "p");
	/* NaN, as Python writes a missing float, is left out. */
	assert_null(gb_run_find(run, "benchmarks.Params.time_two(1, 'b')"));
	at_same(at_result(run, "benchmarks.Params.time_two(2, 'b')")->mean, 4000, "2b");
	at_same(at_result(run, "benchmarks.Track.track_value [value]")->mean, 17, "track");
	assert_int_equal(run->nresults, 10);
	gb_run_free(run);
}

/* asv's own example: no env_name, so detected from the other keys. */
static void test_example_without_env_name(void **state)
{
	gb_run *run;
	const char *warned;

	(void)state;
	at_warnings_start();
	run = at_read_fixture("asv/example-results.json", NULL, "asv");
	warned = at_warnings();
	at_same(at_result(run, "time_quantity.time_quantity_init_array")->mean,
		0.10822079181671143 * 1e9, "plain");
	at_kind(at_result(run, "time_units.mem_unit [bytes]"), "B",
		GB_LOWER_IS_BETTER);
	at_same(at_result(run, "time_other.time_parameterized(2)")->mean, 4e9,
		"param");
	assert_null(gb_run_find(run, "time_other.time_parameterized(3)"));
	assert_int_equal(run->nresults, 13);
	/* Five without a figure, named so that none vanishes in silence. */
	assert_non_null(strstr(warned, "5 results have no figure (failed or "
		"skipped) and are left out ('time_AAA_failure')"));
	gb_run_free(run);
}

/*
 * asv 0.5 and later save a row whose every result is None as one null
 * (Results.save): the benchmark failed; the others are read.
 */
static void test_failed_row(void **state)
{
	gb_run *run;

	(void)state;
	at_warnings_start();
	run = at_read_text("{\"commit_hash\": \"a\", \"env_name\": \"e\", "
		"\"result_columns\": [\"result\", \"params\"], \"results\": "
		"{\"b.time_ok\": [[0.5], []], \"b.time_failed\": [null, []], "
		"\"b.time_p\": [null, [[\"1\", \"2\"]]]}, \"version\": 2}",
		NULL, "asv");
	assert_string_equal(at_warnings(), "input: 2 results have no figure "
		"(failed or skipped) and are left out ('b.time_failed')\n");
	assert_int_equal(run->nresults, 1);
	at_same(at_result(run, "b.time_ok")->mean, 5e8, "ok");
	gb_run_free(run);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated("asv/old-layout.json", "not valid JSON (truncated");
	at_truncated("asv/new-layout.json", "not valid JSON (truncated");
	at_damaged("asv/old-layout.json", "\"params\": [\n                [\n"
		"                    \"10\",", "\"params\": [\n                [\n", NULL,
		"benchmark 'benchmarks.Params.time_param': 3 results for 2 "
		"combinations of its parameters");
	at_damaged("asv/old-layout.json", "\"benchmarks.Track.track_value\": 17.0",
		"\"benchmarks.Track.track_value\": \"x\"", NULL,
		"benchmark 'benchmarks.Track.track_value': expected a number or "
		"{\"result\", \"params\"}");
	at_fails_str("{\"commit_hash\": \"a\", \"env_name\": \"e\", \"results\": "
		"{\"b.time_x\": {\"result\": [\"x\"], \"params\": []}}}", NULL,
		"benchmark 'b.time_x': result 1 is not a number");
	at_fails_str("{\"commit_hash\": \"a\", \"env_name\": \"e\", \"results\": 3}",
		NULL, "not asv results (expected an object with a \"results\" object)");
	/* A "NaN" inside a name stays a name. */
	at_fails_str("{\"commit_hash\": \"a\", \"env_name\": \"e\", \"results\": "
		"{\"b.NaN\": \"NaN\"}}", NULL, "benchmark 'b.NaN': expected");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_layout),
		cmocka_unit_test(test_old_layout),
		cmocka_unit_test(test_example_without_env_name),
		cmocka_unit_test(test_failed_row),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
