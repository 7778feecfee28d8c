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

#define TABLES "pytest-benchmark/tables/"

/*
 * Parametrize ids with a blank are read whole: a row's figures are read
 * from its end, the rest is the name.
 */
static void test_table_blank_names(void **state)
{
	gb_run *run = at_read_fixture(TABLES "run1-table.txt", NULL,
		"pytest-benchmark");
	const gb_result *r;

	(void)state;
	r = at_result(run, "test_ids[a b]");
	at_same(r->mean, 1884.4674, "ns");
	at_same(r->min, 1316.0, "min");
	at_same(r->max, 768674.9984, "max");
	at_same(r->stddev, 5368.7698, "stddev");
	at_same(r->median, 1666.3325, "median");
	assert_int_equal(r->count, 39301);
	assert_int_equal(r->iterations, 39301 * 3);
	at_same(at_result(run, "test_ids[a b] [ops]")->mean, 530653.9012,
		"ops");
	at_same(at_result(run, "test_ids[q[1]]")->mean, 1928.0247, "brackets");
	/* pytest escapes the id "ünï" to "\xfcn\xef", as in the JSON. */
	at_same(at_result(run, "test_ids[\\xfcn\\xef]")->mean, 1904.2043,
		"escaped");
	at_same(at_result(run, "test_sleep")->min, 20271613.9975, "(>1000.0)");
	at_same(at_result(run, "test_group [ops]")->mean, 740.2416e3,
		"second group");
	/* test_fail failed after its benchmark: left out, as pytest's
	 * summary lists it FAILED. */
	assert_null(gb_run_find(run, "test_fail"));
	assert_int_equal(run->nresults, 24);
	gb_run_free(run);
	/* Full names, with OPS after Rounds and Iterations. */
	run = at_read_fixture(TABLES "cols-long.txt", NULL, "pytest-benchmark");
	r = at_result(run, "test_b.py::test_ids[a b]");
	at_same(r->mean, 1117.8866, "long name");
	assert_int_equal(r->count, 10072);
	assert_int_equal(r->iterations, 100720);
	at_same(at_result(run, "test_b.py::test_ids[a b] [ops]")->mean,
		894545.0928, "OPS last");
	assert_int_equal(run->nresults, 16);
	gb_run_free(run);
}

/* A fixture's text with every `from` replaced by `to`; free() it. */
static char *changed_all(const char *rel, const char *from, const char *to)
{
	char *text = th_slurp(th_fixture(rel), NULL), *p = text, *at;
	gb_buf out = GB_BUF_INIT;

	while ((at = strstr(p, from))) {
		gb_buf_put(&out, p, (size_t)(at - p));
		gb_buf_puts(&out, to);
		p = at + strlen(from);
	}
	gb_buf_puts(&out, p);
	free(text);
	return gb_buf_detach(&out);
}

/*
 * --benchmark-compare: the "(NOW)" rows are this run, read under the
 * test's name; the saved run's rows are earlier results, left out in
 * silence. A table of saved runs alone has nothing of this run.
 */
static void test_table_compare(void **state)
{
	gb_run *run;
	char *text;

	(void)state;
	at_warnings_start();
	run = at_read_fixture(TABLES "compare.txt", NULL, "pytest-benchmark");
	assert_string_equal(at_warnings(), "");
	at_same(at_result(run, "test_param[10]")->mean, 478.7622, "NOW");
	at_same(at_result(run, "test_ids[a b]")->mean, 1821.5367, "NOW");
	assert_int_equal(at_result(run, "test_ids[a b]")->count, 19418);
	at_same(at_result(run, "test_param[100] [ops]")->mean, 286.8358e3,
		"NOW ops");
	assert_null(gb_run_find(run, "test_param[10] (NOW)"));
	assert_null(gb_run_find(run, "test_param[10] (0001_first)"));
	assert_int_equal(run->nresults, 12);
	gb_run_free(run);
	/* Tests the saved run does not have are shown without a run. */
	run = at_read_fixture(TABLES "compare2.txt", NULL, "pytest-benchmark");
	at_same(at_result(run, "test_fast")->mean, 40.3519, "not compared");
	at_same(at_result(run, "test_param[100]")->mean, 2118.3143, "NOW");
	at_same(at_result(run, "test_group")->mean, 645.2649, "second group");
	assert_null(gb_run_find(run, "test_fail"));
	assert_int_equal(run->nresults, 16);
	gb_run_free(run);
	text = changed_all(TABLES "compare.txt", "(NOW)", "(0002_next)");
	at_fails_str(text, NULL, "every row of the table is a saved run's, "
		"none this run's (NOW)");
	free(text);
}

/* --color=yes: the colours around the figures are dropped. */
static void test_table_colours(void **state)
{
	gb_run *run = at_read_fixture(TABLES "color-table.txt", NULL,
		"pytest-benchmark");
	const gb_result *r;

	(void)state;
	r = at_result(run, "test_ids[a b]");
	at_same(r->mean, 2309.1741, "mean");
	at_same(r->max, 484182.3, "max");
	assert_int_equal(r->count, 2512);
	assert_int_equal(r->iterations, 2512 * 20);
	at_same(at_result(run, "test_work [ops]")->mean, 23.2849e3, "ops");
	assert_int_equal(run->nresults, 14);
	gb_run_free(run);
}

/*
 * --benchmark-columns without mean: the median is the estimate compared;
 * with neither there is no time, and the table is refused.
 */
static void test_table_without_mean(void **state)
{
	gb_run *run = at_read_fixture(TABLES "median.txt", NULL,
		"pytest-benchmark");
	const gb_result *r = at_result(run, "test_param[100]");

	(void)state;
	at_same(r->median, 3426.0011, "median");
	at_same(r->mean, 3426.0011, "the median compared");
	assert_true(isnan(r->stddev));
	assert_int_equal(r->count, 0);
	assert_int_equal(run->nresults, 3);
	gb_run_free(run);
	at_damaged(TABLES "median.txt", "Median", "   Min", NULL,
		"line 4: the table has no Mean or Median column, no time to "
		"record: keep mean in --benchmark-columns, or record "
		"--benchmark-json FILE");
}

/*
 * Tests of the same name in two modules are one name in the table, which
 * shows no module: refused, saying so, rather than kept as one.
 */
static void test_table_repeated_name(void **state)
{
	(void)state;
	at_damaged(TABLES "err/err-table.txt", "\ntest_one_round ",
		"\ntest_ok        ", NULL, "line 64: test 'test_ok' is in the "
		"table twice (tests of the same name in two modules, which the "
		"table does not tell apart): record --benchmark-json FILE, or "
		"the table of --benchmark-name=long");
}

/*
 * One round (pedantic(rounds=1), or a test that raised after it) has no
 * deviation: pytest-benchmark's 0 is not kept, in the JSON or the table.
 * Otherwise the table gives the JSON's figures to the digits printed.
 */
static void test_one_round(void **state)
{
	gb_run *json = at_read_fixture(TABLES "err/err.json", NULL,
		"pytest-benchmark");
	gb_run *table = at_fixture_warned(TABLES "err/err-table.txt",
		"pytest-benchmark", "1 benchmark failed and is left out "
		"('test_weave_like': its test is FAILED in pytest's summary)");
	const gb_result *j = at_result(json, "test_e.py::test_one_round");
	const gb_result *t = at_result(table, "test_one_round");

	(void)state;
	assert_true(isnan(j->stddev));
	assert_true(isnan(t->stddev));
	assert_int_equal(j->count, 1);
	assert_int_equal(t->count, 1);
	assert_int_equal(j->iterations, 5);
	assert_int_equal(t->iterations, 5);
	at_same(j->mean, 2.694120048545301e-05 * 1e9, "json");
	at_same(t->mean, 26941.2005, "table");
	at_same(t->median, 26941.2005, "table");
	j = at_result(json, "test_e.py::test_ok");
	t = at_result(table, "test_ok");
	at_same(j->stddev, 0.00010650454838914233 * 1e9, "json");
	at_same(t->stddev, 106504.5484, "table");
	assert_true(fabs(t->stddev - j->stddev) < 0.5e-4);
	assert_true(fabs(t->mean - j->mean) < 0.5e-4);
	assert_int_equal(t->count, j->count);
	assert_int_equal(json->nresults, 4);
	assert_int_equal(table->nresults, 4);
	gb_run_free(json);
	gb_run_free(table);
}

/*
 * A test that raised after some rounds (test_weave_like: 50 calls, then
 * an error) has a row of the rounds before, which the JSON leaves out: so
 * does the table, as pytest's short summary lists the test FAILED, by
 * its node id, which a parameter id may cut with " - " or "::". A test
 * that raised at once has no row.
 */
static void test_table_failed(void **state)
{
	char *text;
	gb_run *run;

	(void)state;
	text = at_changed(TABLES "err/err-table.txt",
		"FAILED test_e.py::test_weave_like - RuntimeError: fails "
		"mid-way", "FAILED test_e.py::TestK::test_weave_like");
	run = at_read_warned(text, "pytest-benchmark", "1 benchmark failed");
	assert_null(gb_run_find(run, "test_weave_like"));
	assert_null(gb_run_find_measure(run, "test_weave_like", "ops"));
	assert_non_null(gb_run_find(run, "test_ok"));
	gb_run_free(run);
	free(text);

	/* --benchmark-name=long names the row by its node id. */
	text = at_changed(TABLES "err/err-table.txt", "\ntest_ok     ",
		"\nt.py::t[a - b::c]");
	run = at_read_text(text, NULL, "pytest-benchmark");
	assert_non_null(gb_run_find(run, "t.py::t[a - b::c]"));
	free(text);
	gb_run_free(run);
	text = at_changed(TABLES "err/err-table.txt", "\ntest_ok     ",
		"\nt.py::t[a - b::c]");
	{
		char *more = strstr(text, "FAILED test_e.py::test_raises");
		gb_buf with = GB_BUF_INIT;

		gb_buf_put(&with, text, (size_t)(more - text));
		gb_buf_puts(&with, "FAILED t.py::t[a - b::c] - "
			"AssertionError: x - y\n");
		gb_buf_puts(&with, more);
		run = at_read_warned(with.ptr, "pytest-benchmark",
			"2 benchmarks failed and are left out "
			"('test_weave_like'");
		assert_null(gb_run_find(run, "t.py::t[a - b::c]"));
		assert_int_equal(run->nresults, 2);
		assert_non_null(gb_run_find(run, "test_one_round"));
		gb_run_free(run);
		gb_buf_dispose(&with);
	}
	free(text);

	/* --benchmark-name=short: the row drops the "test_" of the node id
	 * the summary gives. */
	run = at_fixture_warned(TABLES "short/short-table.txt",
		"pytest-benchmark", "2 benchmarks failed and are left out "
		"('raise_late': its test is FAILED in pytest's summary)");
	assert_null(gb_run_find(run, "pedantic_raise"));
	assert_non_null(gb_run_find(run, "ok"));
	gb_run_free(run);

	/* Every row's test failed: nothing to record. */
	text = at_changed(TABLES "err/err-table.txt",
		"FAILED test_e.py::test_raises",
		"FAILED test_e.py::test_ok\nFAILED test_one_round - E\n"
		"FAILED x");
	at_fails_str(text, NULL, "every benchmark's test failed "
		"('test_weave_like' is FAILED in pytest's summary)");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_blank_names),
		cmocka_unit_test(test_table_compare),
		cmocka_unit_test(test_table_colours),
		cmocka_unit_test(test_table_without_mean),
		cmocka_unit_test(test_table_repeated_name),
		cmocka_unit_test(test_one_round),
		cmocka_unit_test(test_table_failed),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_without_data),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_junk_in_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
