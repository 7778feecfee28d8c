/* The Google Benchmark adapter against the real JSON outputs. */
#include "adapter_test.h"

#define MAX_VALUES 64

static const char *const files[] = {
	"google-benchmark/baseline/stdout.json",
	"google-benchmark/baseline/out.json",
	"google-benchmark/baseline/repetitions.json",
	"google-benchmark/baseline/aggregates-only.json",
};

static bool is_aggregate(const cJSON *row)
{
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(row, "run_type"));

	return t && strcmp(t, "aggregate") == 0;
}

/* mean, median and stddev rows describe a benchmark; cv, BigO, RMS not. */
static const char *statistic(const cJSON *row)
{
	const char *a = cJSON_GetStringValue(cJSON_GetObjectItem(row, "aggregate_name"));

	if (!a || (strcmp(a, "mean") && strcmp(a, "median") && strcmp(a, "stddev")))
		return NULL;
	return a;
}

static bool counter(const char *key)
{
	static const char *const not[] = { "family_index",
		"per_family_instance_index", "repetitions", "repetition_index",
		"threads", "iterations", "real_time", "cpu_time" };
	size_t i;

	for (i = 0; i < sizeof(not) / sizeof(not[0]); i++)
		if (strcmp(key, not[i]) == 0)
			return false;
	return true;
}

static double factor(const cJSON *row)
{
	const char *u = cJSON_GetStringValue(cJSON_GetObjectItem(row, "time_unit"));

	if (strcmp(u, "ns") == 0)
		return 1;
	if (strcmp(u, "us") == 0)
		return 1e3;
	if (strcmp(u, "ms") == 0)
		return 1e6;
	assert_string_equal(u, "s");
	return 1e9;
}

/* The unit and direction documented for each kind of counter. */
static void expect_counter_kind(const gb_result *r, const char *key)
{
	if (strcmp(key, "bytes_per_second") == 0)
		at_kind(r, "B/s", GB_HIGHER_IS_BETTER);
	else if (strcmp(key, "items_per_second") == 0)
		at_kind(r, "items/s", GB_HIGHER_IS_BETTER);
	else if (strcmp(key, "rate") == 0)
		at_kind(r, "/s", GB_HIGHER_IS_BETTER);
	else
		at_kind(r, "", GB_LOWER_IS_BETTER);
}

/*
 * One metric of benchmark `group`: its samples are the values of the
 * iteration rows, its estimates those of the aggregate rows.
 */
static void check_metric(const gb_run *run, const cJSON *rows,
	const char *group, const char *key)
{
	double values[MAX_VALUES], mean = NAN, median = NAN, stddev = NAN;
	double total = 0, sum = 0;
	size_t n = 0;
	const cJSON *row;
	const gb_result *r;
	char name[512];
	bool time = strcmp(key, "real_time") == 0 || strcmp(key, "cpu_time") == 0;

	if (strcmp(key, "real_time") == 0)
		snprintf(name, sizeof(name), "%s", group);
	else
		snprintf(name, sizeof(name), "%s [%s]", group, key);
	r = at_result(run, name);
	cJSON_ArrayForEach(row, rows) {
		const cJSON *v = cJSON_GetObjectItem(row, key);
		const char *stat = statistic(row);
		double x;

		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(row, "run_name")),
			   group) != 0 || !cJSON_IsNumber(v) ||
		    (is_aggregate(row) && !stat))
			continue;
		x = v->valuedouble * (time ? factor(row) : 1);
		if (!stat) {
			assert_true(n < MAX_VALUES);
			values[n++] = x;
			sum += x;
			total += cJSON_GetObjectItem(row, "iterations")->valuedouble;
		} else if (strcmp(stat, "mean") == 0) {
			mean = x;
		} else if (strcmp(stat, "median") == 0) {
			median = x;
		} else {
			stddev = x;
		}
	}
	if (time)
		at_kind(r, "ns", GB_LOWER_IS_BETTER);
	else
		expect_counter_kind(r, key);
	at_samples(r, values, n, 1);
	at_same(r->mean, isnan(mean) ? sum / (double)n : mean, name);
	if (!isnan(median))
		at_same(r->median, median, name);
	if (!isnan(stddev))
		at_same(r->stddev, stddev, name);
	if (n == 1)
		assert_true(isnan(r->stddev));
	assert_int_equal(r->iterations, (uint64_t)total);
	assert_true(r->count == n || (n == 0 && r->count == 5));
}

static void check_file(const char *rel)
{
	gb_run *run = at_read_fixture(rel, NULL, "google-benchmark");
	cJSON *json = at_load_json(rel);
	const cJSON *rows = cJSON_GetObjectItem(json, "benchmarks"), *row, *m;
	size_t expected = 0;
	const char *last = "";

	cJSON_ArrayForEach(row, rows) {
		const char *group = cJSON_GetStringValue(cJSON_GetObjectItem(row, "run_name"));

		/* Rows of a benchmark are together; check it at its first. */
		if ((is_aggregate(row) && !statistic(row)) ||
		    strcmp(group, last) == 0)
			continue;
		last = group;
		cJSON_ArrayForEach(m, row) {
			if (!cJSON_IsNumber(m) || !counter(m->string))
				continue;
			check_metric(run, rows, group, m->string);
			expected++;
		}
		check_metric(run, rows, group, "real_time");
		check_metric(run, rows, group, "cpu_time");
		expected += 2;
	}
	/* Aggregates, BigO and RMS are no benchmarks of their own. */
	assert_int_equal(run->nresults, expected);
	assert_null(gb_run_find(run, "BM_VectorSort_BigO"));
	assert_null(gb_run_find(run, "BM_StringCopy_mean"));
	cJSON_Delete(json);
	gb_run_free(run);
}

static void test_fixtures(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		check_file(files[i]);
}

/* Named explicitly, the same files read the same way. */
static void test_format_by_name(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_fixture(files[0], "google-benchmark", "google-benchmark");
	assert_int_equal(run->nresults, 29);
	at_same(at_result(run, "BM_SumOfSquares")->mean, 1.5424115263158455e6,
		"ms to ns");
	gb_run_free(run);
}

static void test_truncated(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		at_truncated(files[i], "truncated");
}

static void test_malformed(void **state)
{
	(void)state;
	at_damaged(files[0], "\"real_time\": 9.9798661157674591e+00",
		"\"real_time\": \"fast\"", NULL,
		"benchmark 'BM_StringCopy': real_time is not a number");
	at_damaged(files[0], "\"time_unit\": \"ms\"", "\"time_unit\": \"fortnights\"",
		NULL, "benchmark 'BM_SumOfSquares': unknown time_unit");
	at_damaged(files[0], "\"real_time\": 9.9798661157674591e+00,", "", NULL,
		"benchmark 'BM_StringCopy': missing real_time");
	at_damaged(files[0], "\"benchmarks\": [", "\"benchmarks\": {\"x\": [",
		NULL, "not valid JSON");
	at_damaged(files[0], "\"name\": \"BM_StringCopy\",", "", NULL,
		"benchmarks[0] has no name");
	at_damaged(files[0], "\"bytes_per_second\": 2.0477168750735874e+09",
		"\"bytes_per_second\": 1e999", NULL, "out of range");
	at_damaged(files[0], "\"real_time\": 9.9798661157674591e+00",
		"\"real_time\": -1", NULL, "negative");
	at_fails_str("{\"context\": {}, \"benchmarks\": 3}", NULL,
		"no \"benchmarks\" array");
}

/* error_occurred rows are left out; a file of nothing else is an error. */
static void test_errors_reported(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("{\"context\":{},\"benchmarks\":["
		"{\"name\":\"BM_ok\",\"run_name\":\"BM_ok\",\"run_type\":\"iteration\","
		"\"iterations\":10,\"real_time\":2,\"cpu_time\":2,\"time_unit\":\"us\"},"
		"{\"name\":\"BM_bad\",\"run_name\":\"BM_bad\",\"run_type\":\"iteration\","
		"\"error_occurred\":true,\"error_message\":\"no device\","
		"\"iterations\":0,\"real_time\":0,\"cpu_time\":0,\"time_unit\":\"ns\"}]}",
		NULL, "google-benchmark");
	assert_int_equal(run->nresults, 2);
	at_same(at_result(run, "BM_ok")->mean, 2000, "us to ns");
	assert_null(gb_run_find(run, "BM_bad"));
	gb_run_free(run);
	at_fails_str("{\"context\":{},\"benchmarks\":["
		"{\"name\":\"BM_bad\",\"run_type\":\"iteration\","
		"\"error_occurred\":true,\"error_message\":\"no device\"}]}",
		NULL, "every benchmark reported an error ('BM_bad': no device)");
}

/* Older files without run_name: aggregates still find their benchmark. */
static void test_without_run_name(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("{\"context\":{},\"benchmarks\":["
		"{\"name\":\"BM_x\",\"iterations\":5,\"real_time\":3,\"cpu_time\":3,\"time_unit\":\"ns\"},"
		"{\"name\":\"BM_x\",\"iterations\":5,\"real_time\":5,\"cpu_time\":5,\"time_unit\":\"ns\"},"
		"{\"name\":\"BM_x_mean\",\"run_type\":\"aggregate\",\"aggregate_name\":\"mean\","
		"\"repetitions\":2,\"iterations\":2,\"real_time\":4,\"cpu_time\":4,\"time_unit\":\"ns\"}]}",
		NULL, "google-benchmark");
	assert_int_equal(run->nresults, 2);
	at_same(at_result(run, "BM_x")->mean, 4, "mean");
	assert_int_equal(at_result(run, "BM_x")->nsamples, 2);
	assert_int_equal(at_result(run, "BM_x")->iterations, 10);
	gb_run_free(run);
}

/*
 * The console table: the same names as the JSON, times in their units,
 * counters with their SI suffixes (1024-based for bytes_per_second), and
 * with repetitions the aggregate rows as estimates.
 */
static void test_console(void **state)
{
	gb_run *run = at_read_fixture("google-benchmark/baseline/console.txt",
		NULL, "google-benchmark");
	gb_run *json = at_read_fixture("google-benchmark/baseline/out.json", NULL,
		"google-benchmark");
	size_t i;

	(void)state;
	assert_int_equal(run->nresults, json->nresults);
	for (i = 0; i < json->nresults; i++) {
		const gb_result *j = &json->results[i];
		const gb_result *c = at_result_in(run, j->name, j->measure);

		at_kind(c, j->unit, j->direction);
		/* The table shows about 6 significant digits, times 3 or 4. */
		if (fabs(c->mean - j->mean) > 6e-3 * fabs(j->mean))
			fail_msg("%s: %g, JSON %g", j->name, c->mean, j->mean);
	}
	at_same(at_result(run, "BM_SumOfSquares")->mean, 1.54e6, "ms");
	gb_run_free(run);
	gb_run_free(json);
	run = at_read_fixture("google-benchmark/baseline/repetitions.console.txt",
		NULL, "google-benchmark");
	at_same(at_result(run, "BM_StringCopy")->mean, 11.2, "_mean row");
	at_same(at_result(run, "BM_StringCopy")->median, 11.1, "_median row");
	at_same(at_result(run, "BM_StringCopy")->stddev, 1.01, "_stddev row");
	assert_int_equal(at_result(run, "BM_StringCopy")->nsamples, 5);
	assert_null(gb_run_find(run, "BM_StringCopy_cv"));
	gb_run_free(run);
	at_damaged("google-benchmark/baseline/console.txt", "9.85 ns         9.85 ns",
		"9.85 ns         9.85 lightyears", NULL, "line 14: expected \"<name> "
		"<time> <unit> <cpu> <unit> <iterations>\"");
	at_damaged("google-benchmark/baseline/console.txt", "rate=1.30233G/s",
		"rate=fast", NULL, "line 23: expected a counter value such as \"1.5G/s\"");
	at_truncated("google-benchmark/baseline/console.txt", "truncated");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_format_by_name),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_errors_reported),
		cmocka_unit_test(test_without_run_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
