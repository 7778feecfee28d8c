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

/*
 * error_occurred rows are left out, and said in one warning (a benchmark
 * that stopped measuring must not vanish in silence); a file of nothing
 * else is an error. The table says ERROR OCCURRED the same way.
 */
static void test_errors_reported(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_warned("{\"context\":{},\"benchmarks\":["
		"{\"name\":\"BM_ok\",\"run_name\":\"BM_ok\",\"run_type\":\"iteration\","
		"\"iterations\":10,\"real_time\":2,\"cpu_time\":2,\"time_unit\":\"us\"},"
		"{\"name\":\"BM_bad\",\"run_name\":\"BM_bad\",\"run_type\":\"iteration\","
		"\"error_occurred\":true,\"error_message\":\"no device\","
		"\"iterations\":0,\"real_time\":0,\"cpu_time\":0,\"time_unit\":\"ns\"}]}",
		"google-benchmark",
		"1 benchmark reported an error or a skip and is left out ('BM_bad': no device)");
	assert_int_equal(run->nresults, 2);
	at_same(at_result(run, "BM_ok")->mean, 2000, "us to ns");
	assert_null(gb_run_find(run, "BM_bad"));
	gb_run_free(run);
	at_fails_str("{\"context\":{},\"benchmarks\":["
		"{\"name\":\"BM_bad\",\"run_type\":\"iteration\","
		"\"error_occurred\":true,\"error_message\":\"no device\"}]}",
		NULL, "every benchmark reported an error ('BM_bad': no device)");
	run = at_read_warned("-------------------------------------------------"
		"----\nBenchmark       Time             CPU   Iterations\n"
		"-----------------------------------------------------\n"
		"BM_ok        2.00 us         2.00 us           10\n"
		"BM_bad     ERROR OCCURRED: 'no device'\n", "google-benchmark",
		"1 benchmark reported an error and is left out ('BM_bad')");
	assert_non_null(gb_run_find(run, "BM_ok"));
	assert_null(gb_run_find(run, "BM_bad"));
	gb_run_free(run);
	/* 1.8's SkipWithMessage: its message is skip_message. */
	run = at_read_warned("{\"context\":{},\"benchmarks\":["
		"{\"name\":\"BM_ok\",\"run_name\":\"BM_ok\",\"run_type\":\"iteration\","
		"\"iterations\":10,\"real_time\":2,\"cpu_time\":2,\"time_unit\":\"us\"},"
		"{\"name\":\"BM_Skip\",\"run_name\":\"BM_Skip\",\"run_type\":\"iteration\","
		"\"skipped\":true,\"skip_message\":\"not supported here\","
		"\"iterations\":0,\"real_time\":0,\"cpu_time\":0,\"time_unit\":\"ns\"}]}",
		"google-benchmark", "1 benchmark reported an error or a skip and "
		"is left out ('BM_Skip': not supported here)");
	assert_null(gb_run_find(run, "BM_Skip"));
	gb_run_free(run);
}

/*
 * Google Benchmark 1.8 prints "SKIPPED: '<message>'" for a benchmark that
 * called SkipWithMessage: left out as an error is, wherever it is in the
 * table, and the rows after it read.
 */
static void test_console_skipped(void **state)
{
	static const char heading[] =
		"------------------------------------------------------------"
		"------------------\n"
		"Benchmark                    Time             CPU   Iterations "
		"UserCounters...\n"
		"------------------------------------------------------------"
		"------------------\n";
	static const char skip[] =
		"BM_Skip              SKIPPED: 'not supported here'\n";
	static const char rows[] =
		"BM_Alloc                   250 ns          250 ns         5000 "
		"allocs=3\n"
		"BM_Fail              ERROR OCCURRED: 'could not open file'\n"
		"BM_Slow                   1.50 s           1.40 s            1\n";
	gb_buf text = GB_BUF_INIT;
	gb_run *run;

	(void)state;
	gb_buf_printf(&text, "%s%.*s%s%s", heading,
		(int)(strchr(rows, '\n') - rows + 1), rows, skip,
		strchr(rows, '\n') + 1);
	run = at_read_warned(text.ptr, "google-benchmark", "2 benchmarks "
		"reported an error or a skip and are left out ('BM_Skip')");
	assert_int_equal(run->nresults, 5);
	at_same(at_result(run, "BM_Alloc [allocs]")->mean, 3, "before");
	at_same(at_result(run, "BM_Slow")->mean, 1.5e9, "after the skip");
	assert_null(gb_run_find(run, "BM_Skip"));
	gb_run_free(run);
	/* First in the table, it does not end it either. */
	gb_buf_clear(&text);
	gb_buf_printf(&text, "%s%s%s", heading, skip, rows);
	run = at_read_warned(text.ptr, "google-benchmark", "2 benchmarks "
		"reported an error or a skip and are left out ('BM_Skip')");
	assert_int_equal(run->nresults, 5);
	gb_run_free(run);
	gb_buf_clear(&text);
	gb_buf_printf(&text, "%s%s", heading, skip);
	at_fails_str(text.ptr, NULL, "every benchmark reported an error or a "
		"skip");
	gb_buf_dispose(&text);
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

/* A row of Google Benchmark 1.4 and older: no run_type, run_name. */
#define OLD_ROW(name, t) "{\"name\":\"" name "\",\"iterations\":100," \
	"\"real_time\":" #t ",\"cpu_time\":" #t ",\"time_unit\":\"ns\"}"
#define OLD_FILE(rows) "{\"context\":{\"num_cpus\":8}," \
	"\"benchmarks\":[" rows "]}"

/*
 * Before run_type a benchmark's aggregates are rows of its name and
 * "_mean", "_median", "_stddev": its estimates, not benchmarks of their
 * own; its complexity rows ("_BigO" with big_o, "_RMS" with rms, after the
 * name up to its '/') are passed over as they are with run_type.
 */
static void test_before_run_type(void **state)
{
	const gb_result *r;
	gb_run *run;

	(void)state;
	run = at_read_text(OLD_FILE(OLD_ROW("BM_Copy/repeats:3", 21) ","
		OLD_ROW("BM_Copy/repeats:3", 23) ","
		OLD_ROW("BM_Copy/repeats:3", 22) ","
		OLD_ROW("BM_Copy/repeats:3_mean", 22) ","
		OLD_ROW("BM_Copy/repeats:3_median", 22.5) ","
		OLD_ROW("BM_Copy/repeats:3_stddev", 1) ","
		OLD_ROW("BM_Copy/repeats:3_cv", 0.05) ","
		OLD_ROW("BM_Sort/1024", 34567) ","
		OLD_ROW("BM_Sort/4096", 155678) ","
		"{\"name\":\"BM_Sort_BigO\",\"cpu_coefficient\":3.18,"
		"\"real_coefficient\":3.181,\"big_o\":\"NlgN\","
		"\"time_unit\":\"ns\"},"
		"{\"name\":\"BM_Sort_RMS\",\"rms\":0.012},"
		OLD_ROW("BM_Sort/1024_RMS", 1)), NULL, "google-benchmark");
	assert_int_equal(run->nresults, 6);
	r = at_result(run, "BM_Copy/repeats:3");
	assert_int_equal(r->nsamples, 3);
	at_same(r->mean, 22, "_mean row");
	at_same(r->median, 22.5, "_median row");
	at_same(r->stddev, 1, "_stddev row");
	assert_int_equal(r->iterations, 300);
	at_same(at_result(run, "BM_Copy/repeats:3 [cpu_time]")->stddev, 1,
		"_stddev row, cpu_time");
	assert_null(gb_run_find(run, "BM_Copy/repeats:3_mean"));
	assert_null(gb_run_find(run, "BM_Copy/repeats:3_cv"));
	assert_null(gb_run_find(run, "BM_Sort_BigO"));
	assert_null(gb_run_find(run, "BM_Sort/1024_RMS"));
	at_same(at_result(run, "BM_Sort/1024")->mean, 34567, "benchmark");
	gb_run_free(run);
	/* ReportAggregatesOnly: the aggregates alone, of one benchmark. */
	run = at_read_text(OLD_FILE(OLD_ROW("BM_x_mean", 4) ","
		OLD_ROW("BM_x_median", 3) "," OLD_ROW("BM_x_stddev", 1)), NULL,
		"google-benchmark");
	assert_int_equal(run->nresults, 2);
	at_same(at_result(run, "BM_x")->mean, 4, "_mean alone");
	at_same(at_result(run, "BM_x")->median, 3, "_median alone");
	gb_run_free(run);
	/* A name ending in _mean, of no other row's: a benchmark's own. */
	run = at_read_text(OLD_FILE(OLD_ROW("BM_a_mean", 4) ","
		OLD_ROW("BM_b_stddev", 5) "," OLD_ROW("BM_b_BigO", 6)), NULL,
		"google-benchmark");
	assert_int_equal(run->nresults, 6);
	at_same(at_result(run, "BM_a_mean")->mean, 4, "a name");
	at_same(at_result(run, "BM_b_BigO")->mean, 6, "a name");
	gb_run_free(run);
	/* The first versions wrote no time_unit: their times are in ns. */
	run = at_read_text(OLD_FILE("{\"name\":\"BM_SetInsert/1024/1\","
		"\"iterations\":94877,\"real_time\":29275,\"cpu_time\":29836,"
		"\"bytes_per_second\":134066,\"items_per_second\":33516}"),
		NULL, "google-benchmark");
	assert_int_equal(run->nresults, 4);
	at_same(at_result(run, "BM_SetInsert/1024/1")->mean, 29275, "ns");
	at_same(at_result(run, "BM_SetInsert/1024/1 [cpu_time]")->mean, 29836,
		"ns");
	at_same(at_result(run, "BM_SetInsert/1024/1 [bytes_per_second]")->mean,
		134066, "B/s");
	gb_run_free(run);
	/* A row of a later version still says its unit. */
	at_fails_str("{\"context\":{},\"benchmarks\":[{\"name\":\"BM_x\","
		"\"run_type\":\"iteration\",\"iterations\":5,"
		"\"real_time\":3,\"cpu_time\":3}]}", NULL,
		"benchmark 'BM_x': missing time_unit");
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

/* Printed to about 3 significant digits: as close as that allows. */
static void near_printed(const gb_result *c, double printed, double exact,
	const char *what)
{
	if (isnan(exact) ? !isnan(printed) :
	    fabs(printed - exact) > 6e-3 * fabs(exact))
		fail_msg("%s [%s] %s: %g, JSON %g", c->name, c->measure, what,
			printed, exact);
}

/*
 * The console table `txt` gives the results that `json`, the JSON of the
 * same run (--benchmark_out), gives: every estimate to the digits printed,
 * and the count of repetitions.
 */
static void same_as_json(const char *txt, const char *json)
{
	gb_run *run = at_read_fixture(txt, NULL, "google-benchmark");
	gb_run *file = at_read_fixture(json, NULL, "google-benchmark");
	size_t i;

	for (i = 0; i < file->nresults; i++) {
		const gb_result *j = &file->results[i];
		const gb_result *c = at_counterpart(run, file, i);

		near_printed(c, c->mean, j->mean, "mean");
		near_printed(c, c->median, j->median, "median");
		near_printed(c, c->stddev, j->stddev, "stddev");
		assert_int_equal(c->count, j->count);
	}
	gb_run_free(run);
	gb_run_free(file);
}

#define CONSOLE "google-benchmark/console/"

/*
 * Counters under 1 are printed with the small SI prefixes (avg=301.688n,
 * micro=2.5u, milli=1.35m, and f in a deviation); a counter that is not a
 * number is quoted in the error.
 */
static void test_console_small_counters(void **state)
{
	gb_run *run;

	(void)state;
	same_as_json(CONSOLE "names-counters.txt", CONSOLE "names-counters.json");
	run = at_read_fixture(CONSOLE "names-counters.txt", NULL,
		"google-benchmark");
	at_same(at_result(run, "BM_Small [milli]")->mean, 1.35e-3, "m");
	at_same(at_result(run, "BM_Small [micro]")->mean, 2.5e-6, "u");
	at_same(at_result(run, "BM_Small [avg]")->mean, 301.688e-9, "n");
	gb_run_free(run);
	at_damaged(CONSOLE "names-counters.txt", "milli=1.35m", "milli=1.35q",
		NULL, "line 4: expected a counter value such as \"1.5G/s\", "
		"found \"milli=1.35q\"");
	at_damaged(CONSOLE "names-counters.txt", "micro=2.5u", "=2.5u", NULL,
		"line 4: expected counters as \"<name>=<value>\", found \"=2.5u\"");
}

/*
 * What follows the iterations, as Google Benchmark 1.7.1 prints it: the
 * counters, a rate marked "/s" (higher is better, whatever its name), an
 * inverted rate "s" (seconds an item), then the label of SetLabel, which
 * is not a counter; a counter's name may hold a blank. Each as the JSON
 * of the same benchmark gives it, to the digits printed.
 */
static void test_console_counters_labels(void **state)
{
	gb_run *run, *json;

	(void)state;
	run = at_read_fixture(CONSOLE "label.txt", NULL, "google-benchmark");
	assert_int_equal(run->nresults, 2);
	at_same(at_result(run, "BM_Label")->mean, 0.776, "labelled");
	gb_run_free(run);
	run = at_read_fixture(CONSOLE "label-counters.txt", NULL,
		"google-benchmark");
	assert_int_equal(run->nresults, 3);
	at_kind(at_result(run, "BM_LabelCounters [items_per_second]"),
		"items/s", GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "BM_LabelCounters [items_per_second]")->mean,
		1.18294e9, "counter before the label");
	gb_run_free(run);
	/* The decimals printed, scaled: 1595.8, not 1595.8000000000002. */
	run = at_read_text("Benchmark       Time             CPU   Iterations\n"
		"BM_x         1.5958 us       55.3 ms          100 "
		"r=32.5403M/s\n", NULL, "google-benchmark");
	assert_true(at_result(run, "BM_x")->mean == 1595.8);
	assert_true(at_result(run, "BM_x [cpu_time]")->mean == 55300000);
	assert_true(at_result(run, "BM_x [r]")->mean == 32540300);
	gb_run_free(run);
	run = at_read_fixture(CONSOLE "spaced-counter.txt", NULL,
		"google-benchmark");
	json = at_read_fixture(CONSOLE "spaced-counter.json", NULL,
		"google-benchmark");
	at_same(at_result(run, "BM_Space [my counter]")->mean, 7, "spaced");
	at_same(at_result(json, "BM_Space [my counter]")->mean, 7, "spaced");
	gb_run_free(run);
	gb_run_free(json);
	run = at_read_fixture(CONSOLE "invert.txt", NULL, "google-benchmark");
	json = at_read_fixture(CONSOLE "invert.json", NULL, "google-benchmark");
	at_kind(at_result(run, "BM_Invert [secs_per_item]"), "ns",
		GB_LOWER_IS_BETTER);
	/* 515.278ps an item; the JSON gives the same seconds, unmarked. */
	at_same(at_result(run, "BM_Invert [secs_per_item]")->mean, 0.515278,
		"inverted rate");
	assert_true(at_result(run, "BM_Invert [secs_per_item]")->mean ==
		0.515278);
	near_printed(at_result(run, "BM_Invert [secs_per_item]"),
		at_result(run, "BM_Invert [secs_per_item]")->mean,
		at_result(json, "BM_Invert [secs_per_item]")->mean * 1e9, "s");
	gb_run_free(run);
	gb_run_free(json);
	/* A label that reads as a counter is one: the table cannot say. */
	run = at_read_fixture(CONSOLE "label-eq.txt", NULL, "google-benchmark");
	at_same(at_result(run, "BM_L [dataset]")->mean, 42, "label as counter");
	gb_run_free(run);
	run = at_read_text("Benchmark       Time             CPU   Iterations\n"
		"BM_x         5.00 ns         5.00 ns          100 a=1 my note "
		"b=fast\n", NULL, "google-benchmark");
	assert_int_equal(run->nresults, 3);
	assert_null(gb_run_find(run, "BM_x [my note b]"));
	gb_run_free(run);
}

/*
 * Rates the table marks "/s" are rates, as the JSON cannot say: myrate
 * (kIsRate) and iirate (kIsIterationInvariantRate) are higher-is-better
 * in "/s"; the rest of the table is the JSON's to the digits printed.
 */
static void test_console_rates(void **state)
{
	gb_run *run, *json;
	const char *w;
	size_t i;

	(void)state;
	at_warnings_start();
	run = at_read_fixture(CONSOLE "counters.txt", NULL, "google-benchmark");
	w = at_warnings();
	assert_non_null(strstr(w, "1 benchmark reported an error and is left "
		"out ('BM_Error')\n"));
	assert_non_null(strstr(w, "1 CPU time printed with no significant "
		"digits is left out ('BM_Sleep/20000': its CPU time is printed "
		"as \"0.000 s\")"));
	json = at_read_fixture(CONSOLE "counters.json", NULL,
		"google-benchmark");
	at_kind(at_result(run, "BM_Counters [myrate]"), "/s",
		GB_HIGHER_IS_BETTER);
	at_kind(at_result(run, "BM_Counters [iirate]"), "/s",
		GB_HIGHER_IS_BETTER);
	at_kind(at_result(run, "BM_Counters [bytes_per_second]"), "B/s",
		GB_HIGHER_IS_BETTER);
	at_kind(at_result(run, "BM_Counters [plain]"), "", GB_LOWER_IS_BETTER);
	for (i = 0; i < json->nresults; i++) {
		const gb_result *j = &json->results[i];
		const gb_result *c = gb_run_find_measure(run, j->name,
			j->measure);

		if (!c) {
			/* The one CPU time printed as 0.000 s. */
			assert_string_equal(j->name, "BM_Sleep/20000");
			assert_string_equal(j->measure, "cpu_time");
			continue;
		}
		/* kib (kIs1024) prints 4M: the table cannot say 1024; the
		 * sleeps' times print as "0.020 s" and "0.040 ms". */
		if (strcmp(j->measure, "kib") && strncmp(j->name, "BM_Sleep", 8))
			near_printed(c, c->mean, j->mean, "mean");
	}
	assert_int_equal(run->nresults + 1, json->nresults);
	gb_run_free(run);
	gb_run_free(json);
}

/*
 * Google Benchmark 1.8 prints a 1024-based counter (bytes_per_second,
 * kIs1024) with an IEC prefix, "20.3428Gi/s": a power of 1024, whatever
 * the counter's name; "k", "M" without "i" stay what they were.
 */
static void test_console_iec(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("Benchmark                   Time             CPU   "
		"Iterations UserCounters...\n"
		"BM_Filter/1000           11.4 ms         11.4 ms           58 "
		"bytes_per_second=20.3428Gi/s\n"
		"BM_Copy                  26.3 us         92.5 us         1000 "
		"bytes_per_second=953.674Mi/s kib=4Mi small=1.5Ki tib=2Ti "
		"plain=4M rate=1.5k/s\n", NULL, "google-benchmark");
	at_kind(at_result(run, "BM_Filter/1000 [bytes_per_second]"), "B/s",
		GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "BM_Filter/1000 [bytes_per_second]")->mean,
		20.3428 * 1024 * 1024 * 1024, "Gi");
	at_same(at_result(run, "BM_Copy [bytes_per_second]")->mean,
		953.674 * 1024 * 1024, "Mi");
	at_same(at_result(run, "BM_Copy [kib]")->mean, 4 * 1024 * 1024,
		"Mi of a counter of any name");
	at_same(at_result(run, "BM_Copy [small]")->mean, 1.5 * 1024, "Ki");
	at_same(at_result(run, "BM_Copy [tib]")->mean, 2 * pow(1024, 4), "Ti");
	at_same(at_result(run, "BM_Copy [plain]")->mean, 4e6, "M");
	at_same(at_result(run, "BM_Copy [rate]")->mean, 1.5e3, "k");
	gb_run_free(run);
	at_fails_str("Benchmark       Time             CPU   Iterations\n"
		"BM_x         5.00 ns         5.00 ns          100 a=1ki\n",
		NULL, "expected a counter value such as \"1.5G/s\", found "
		"\"a=1ki\"");
}

/*
 * --benchmark_counters_tabular=true: counters under columns the heading
 * names, read as the same counters are without it.
 */
static void test_console_tabular(void **state)
{
	gb_run *run = at_fixture_warned(CONSOLE "tabular.txt",
		"google-benchmark", "1 benchmark reported an error");

	(void)state;
	at_same(at_result(run, "BM_Counters [plain]")->mean, 42.5, "column");
	at_same(at_result(run, "BM_Counters [small]")->mean, 1.23e-3, "m");
	at_kind(at_result(run, "BM_Counters [myrate]"), "/s",
		GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "BM_Counters [myrate]")->mean, 44.9883e6,
		"rate column");
	at_same(at_result(run, "BM_Memcpy/size:1024/align:0")->mean, 18.2,
		"under the next heading");
	assert_null(gb_run_find_measure(run, "BM_Plain", "plain"));
	gb_run_free(run);
	at_damaged(CONSOLE "tabular.txt", "42.5      1.23m", "42.5", NULL,
		"line 8: expected a value under every counter of the heading");
}

/*
 * Counters of infinity or NaN: left out of the table's reading with a
 * warning; the JSON, where they are no JSON, refused saying so.
 */
static void test_not_finite_counters(void **state)
{
	gb_run *run = at_fixture_warned(CONSOLE "not-finite.txt",
		"google-benchmark", "2 counters printed as inf or nan and are "
		"left out ('BM_Weird [inf]')");
	char *text;

	(void)state;
	assert_null(gb_run_find_measure(run, "BM_Weird", "nan"));
	at_same(at_result(run, "BM_Weird [neg]")->mean, -2.5, "negative");
	gb_run_free(run);
	text = th_slurp(th_fixture(CONSOLE "not-finite.json"), NULL);
	at_fails_str(text, NULL, "not valid JSON (line 52: NaN or Infinity, "
		"which JSON has no value for)");
	free(text);
}

/*
 * One benchmark registered twice under one name (BM_A/200, once in ms):
 * its two rows are no repetitions, and were pooled as one benchmark's
 * samples. Refused, in the JSON and the table; a benchmark's repetitions
 * that report an error are one benchmark left out, not five.
 */
static void test_same_name_twice(void **state)
{
	char *text;
	gb_run *run;

	(void)state;
	text = th_slurp(th_fixture(CONSOLE "same-name.json"), NULL);
	at_fails_str(text, NULL, "benchmark 'BM_A/200' has more rows than its "
		"1 repetition: benchmarks of one name");
	free(text);
	text = th_slurp(th_fixture(CONSOLE "same-name.txt"), NULL);
	at_fails_str(text, NULL, "benchmark 'BM_A/200' is in the table 2 "
		"times with no _mean row");
	free(text);
	run = at_fixture_warned(CONSOLE "repetitions-error.json",
		"google-benchmark", "1 benchmark reported an error or a skip "
		"and is left out ('BM_Error'");
	assert_int_equal(at_result(run, "BM_Plain")->nsamples, 5);
	gb_run_free(run);
	run = at_fixture_warned(CONSOLE "repetitions-error.txt",
		"google-benchmark", "1 benchmark reported an error and is left "
		"out ('BM_Error')");
	assert_int_equal(at_result(run, "BM_Plain")->nsamples, 5);
	gb_run_free(run);
}

/*
 * A template's name has spaces in it: the name column is as wide as the
 * heading says. Its rows and those after are read, and a file cut inside
 * the last row is still refused.
 */
static void test_console_spaced_names(void **state)
{
	gb_run *run;
	size_t len;
	char *text;

	(void)state;
	run = at_read_fixture(CONSOLE "names-counters.txt", NULL,
		"google-benchmark");
	assert_int_equal(run->nresults, 12);
	at_same(at_result(run, "BM_Tmpl<std::map<int, std::string>, 1000>")->mean,
		300, "spaced name");
	at_same(at_result(run, "BM_Tmpl<std::map<int, std::string>, 2000>/3 "
		"[cpu_time]")->mean, 570, "spaced name, its cpu_time");
	at_same(at_result(run, "BM_After")->mean, 846, "the row after");
	gb_run_free(run);
	text = th_slurp(th_fixture(CONSOLE "names-counters.txt"), &len);
	at_fails(text, len - 6, NULL, "truncated: the file ends inside line 7");
	free(text);
}

/*
 * With --benchmark_display_aggregates_only or _report_aggregates_only
 * there are only the _mean, _median, _stddev (and _cv) rows: still the
 * estimates of one benchmark, over the repetitions, as in the JSON.
 */
static void test_console_aggregates_only(void **state)
{
	gb_run *run;

	(void)state;
	same_as_json(CONSOLE "display-aggregates-only.txt",
		CONSOLE "display-aggregates-only.json");
	same_as_json(CONSOLE "report-aggregates-only.txt",
		CONSOLE "report-aggregates-only.json");
	run = at_read_fixture(CONSOLE "report-aggregates-only.txt", NULL,
		"google-benchmark");
	assert_int_equal(run->nresults, 8);
	assert_null(gb_run_find(run, "BM_Small_mean"));
	assert_int_equal(at_result(run, "BM_Small")->count, 5);
	at_same(at_result(run, "BM_Small")->median, 435, "_median row");
	gb_run_free(run);
	/* Not followed by its _median, a name ending in _mean is a name. */
	run = at_read_text("Benchmark           Time             CPU   Iterations\n"
		"BM_x_mean        5.00 ns         5.00 ns          100\n",
		NULL, "google-benchmark");
	at_same(at_result(run, "BM_x_mean")->mean, 5, "a benchmark's own row");
	gb_run_free(run);
}

/*
 * ->Unit(benchmark::kSecond) on a benchmark of about 60 us (real output of
 * GB 1.7.1; its JSON says 6.05e-05 s): nothing of it is printed, and 0
 * would read as infinitely fast. Refused, pointing to the JSON.
 */
static void test_console_zero_time(void **state)
{
	static const char seconds[] =
		"-----------------------------------------------------\n"
		"Benchmark           Time             CPU   Iterations\n"
		"-----------------------------------------------------\n"
		"BM_Sec          0.000 s         0.000 s          1261\n";
	gb_run *run;

	(void)state;
	at_fails_str(seconds, NULL, "line 4: benchmark 'BM_Sec': its time is "
		"printed as \"0.000 s\", with no significant digits; record its "
		"JSON output instead");
	/* A CPU time under the last digit (a benchmark that sleeps) is
	 * left out, with a warning; the wall time is kept. */
	run = at_read_warned("Benchmark           Time             CPU   "
		"Iterations\n"
		"BM_Sec          0.001 s         0.000 s          1261\n",
		"google-benchmark", "1 CPU time printed with no significant "
		"digits is left out ('BM_Sec': its CPU time is printed as "
		"\"0.000 s\"); its JSON output has them");
	at_same(at_result(run, "BM_Sec")->mean, 1e6, "wall time kept");
	assert_null(gb_run_find_measure(run, "BM_Sec", "cpu_time"));
	gb_run_free(run);
	/* A deviation under the last digit is left unknown, not made 0. */
	run = at_read_text("Benchmark           Time             CPU   Iterations\n"
		"BM_x_mean        1.00 ms         1.00 ms            5\n"
		"BM_x_median      1.00 ms         1.00 ms            5\n"
		"BM_x_stddev     0.000 ms        0.001 ms            5\n",
		NULL, "google-benchmark");
	at_same(at_result(run, "BM_x")->stddev, NAN, "stddev 0.000");
	at_same(at_result(run, "BM_x [cpu_time]")->stddev, 1e3, "stddev 0.001");
	gb_run_free(run);
}

/* --benchmark_color=true: the colours are passed over. */
static void test_console_colour(void **state)
{
	(void)state;
	same_as_json(CONSOLE "color.txt", CONSOLE "color.json");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console),
		cmocka_unit_test(test_console_small_counters),
		cmocka_unit_test(test_console_counters_labels),
		cmocka_unit_test(test_console_rates),
		cmocka_unit_test(test_console_tabular),
		cmocka_unit_test(test_console_iec),
		cmocka_unit_test(test_not_finite_counters),
		cmocka_unit_test(test_same_name_twice),
		cmocka_unit_test(test_console_spaced_names),
		cmocka_unit_test(test_console_aggregates_only),
		cmocka_unit_test(test_console_zero_time),
		cmocka_unit_test(test_console_colour),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_format_by_name),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_errors_reported),
		cmocka_unit_test(test_console_skipped),
		cmocka_unit_test(test_without_run_name),
		cmocka_unit_test(test_before_run_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
