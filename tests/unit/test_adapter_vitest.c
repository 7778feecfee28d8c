/* vitest bench --outputJson and what it prints, and tinybench's results. */
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

/* tinybench's table against the tasks' JSON of the same run. */
static void check_table(const char *table, const char *tasks,
	bool median)
{
	gb_run *out = at_read_fixture(table, NULL, "tinybench");
	gb_run *json = at_read_fixture(tasks, NULL, "tinybench");
	size_t i;

	for (i = 0; i < json->nresults; i++) {
		const gb_result *j = &json->results[i];
		const gb_result *c = at_counterpart(out, json, i);

		assert_true(fabs(c->mean - j->mean) <= 1e-4 * j->mean);
		if (!strcmp(j->measure, "time")) {
			assert_int_equal(c->count, j->count);
			/* tinybench 2 prints no median. */
			if (median)
				assert_true(fabs(c->median - j->median) <=
					1e-4 * j->median);
			else
				assert_true(isnan(c->median));
		}
	}
	gb_run_free(out);
	gb_run_free(json);
}

static void test_tinybench_table(void **state)
{
	static const char *const head = "\xe2\x94\x8c\xe2\x94\x80\n"
		"\xe2\x94\x82 (index) \xe2\x94\x82 Task name \xe2\x94\x82 "
		"Latency avg (ns) \xe2\x94\x82 Samples \xe2\x94\x82\n";
	gb_buf text = GB_BUF_INIT;
	gb_run *run;

	(void)state;
	check_table("tinybench/v2/stdout.txt", "tinybench/v2/tasks.json", false);
	check_table("tinybench/v6/stdout.txt", "tinybench/v6/tasks.json", true);
	/* A name with a quote in it is printed in double quotes. */
	gb_buf_printf(&text, "%s\xe2\x94\x82 0 \xe2\x94\x82 \"it's\" "
		"\xe2\x94\x82 '12.5 \xc2\xb1 1.0%%' \xe2\x94\x82 40 "
		"\xe2\x94\x82\n\xe2\x94\x94\xe2\x94\x80\n", head);
	run = at_read_text(text.ptr, NULL, "tinybench");
	assert_int_equal(run->nresults, 1);
	at_same(at_result(run, "it's")->mean, 12.5, "mean");
	assert_int_equal(at_result(run, "it's")->count, 40);
	gb_run_free(run);
	/* Cut before its closing line, a cell short, a word for a number. */
	gb_buf_clear(&text);
	gb_buf_printf(&text, "%s\xe2\x94\x82 0 \xe2\x94\x82 'a' \xe2\x94\x82 "
		"'12.5' \xe2\x94\x82 40 \xe2\x94\x82\n", head);
	at_fails_str(text.ptr, NULL, "truncated: the table started on line 1 "
		"has no closing line");
	gb_buf_clear(&text);
	gb_buf_printf(&text, "%s\xe2\x94\x82 0 \xe2\x94\x82 'a' \xe2\x94\x82 "
		"40 \xe2\x94\x82\n\xe2\x94\x94\n", head);
	at_fails_str(text.ptr, NULL, "line 3: expected a row with as many cells");
	gb_buf_clear(&text);
	gb_buf_printf(&text, "%s\xe2\x94\x82 0 \xe2\x94\x82 'a' \xe2\x94\x82 "
		"'fast' \xe2\x94\x82 40 \xe2\x94\x82\n\xe2\x94\x94\n", head);
	at_fails_str(text.ptr, NULL, "line 3: expected a number in every column");
	at_truncated("tinybench/v6/stdout.txt", "truncated");
	gb_buf_dispose(&text);
}

/*
 * Node prints a task's name as it is, in the quotes util.inspect picks:
 * bars, quotes and backslashes in names, tinybench 6.2.5's own table.
 */
static void test_tinybench_table_names(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_fixture("tinybench/v6/bars.txt", NULL, "tinybench");
	assert_int_equal(run->nresults, 12);
	at_same(at_result(run, "a \xe2\x94\x82 b")->mean, 44.88, "mean");
	assert_int_equal(at_result(run, "a \xe2\x94\x82 b")->count, 2228397);
	at_same(at_result(run, "it's \xe2\x94\x82 quoted")->mean, 50.13, "mean");
	at_same(at_result(run, "both ' and \" \xe2\x94\x82 x")->mean, 61.61,
		"mean");
	at_same(at_result(run, "all ' \" ` three")->mean, 57.55, "mean");
	at_same(at_result(run, "back\\slash")->mean, 45.89, "mean");
	at_same(at_result(run, "plain [throughput]")->mean, 24458051,
		"throughput");
	assert_int_equal(at_result(run, "plain")->count, 2340435);
	gb_run_free(run);
}

/*
 * A task that threw: its row has empty figures and an Error; it is left
 * out with a warning, the others read.
 */
static void test_tinybench_table_threw(void **state)
{
	static const char *const head = "\xe2\x94\x8c\xe2\x94\x80\n"
		"\xe2\x94\x82 (index) \xe2\x94\x82 Task name \xe2\x94\x82 "
		"Latency avg (ns) \xe2\x94\x82 Samples \xe2\x94\x82 Error "
		"\xe2\x94\x82\n";
	gb_buf b = GB_BUF_INIT;
	gb_run *run;

	(void)state;
	run = at_fixture_warned("tinybench/v6/throws.txt", "tinybench",
		"1 task threw an error and is left out ('throws': boom)");
	assert_int_equal(run->nresults, 6);
	at_same(at_result(run, "fast noop")->mean, 73.59, "mean");
	at_same(at_result(run, "slow busy")->median, 2000534, "median");
	assert_int_equal(at_result(run, "slow busy")->count, 93);
	at_same(at_result(run, "sort 1000 \xe2\x9a\xa1 numbers [throughput]")->mean,
		9444, "throughput");
	assert_null(gb_run_find_measure(run, "throws", "time"));
	gb_run_free(run);
	/* Empty figures and no error: damage. */
	at_damaged("tinybench/v6/throws.txt", "'boom'", "      ", NULL,
		"line 7: expected a number in every column of figures");
	/* Every task threw. */
	gb_buf_printf(&b, "%s\xe2\x94\x82 0 \xe2\x94\x82 'a' \xe2\x94\x82 "
		"\xe2\x94\x82 \xe2\x94\x82 'it failed' \xe2\x94\x82\n"
		"\xe2\x94\x82 1 \xe2\x94\x82 'b' \xe2\x94\x82 \xe2\x94\x82 "
		"\xe2\x94\x82 'boom' \xe2\x94\x82\n\xe2\x94\x94\n", head);
	at_fails_str(b.ptr, NULL, "every task threw an error ('a': it failed)");
	/* Two of them, said in one warning. */
	gb_buf_clear(&b);
	gb_buf_printf(&b, "%s\xe2\x94\x82 0 \xe2\x94\x82 'a' \xe2\x94\x82 "
		"\xe2\x94\x82 \xe2\x94\x82 'it failed' \xe2\x94\x82\n"
		"\xe2\x94\x82 1 \xe2\x94\x82 'b' \xe2\x94\x82 \xe2\x94\x82 "
		"\xe2\x94\x82 'boom' \xe2\x94\x82\n"
		"\xe2\x94\x82 2 \xe2\x94\x82 'c' \xe2\x94\x82 '12.5' "
		"\xe2\x94\x82 40 \xe2\x94\x82 \xe2\x94\x82\n\xe2\x94\x94\n",
		head);
	run = at_read_warned(b.ptr, "tinybench", "2 tasks threw an error and "
		"are left out ('a': it failed)");
	assert_int_equal(run->nresults, 1);
	at_same(at_result(run, "c")->mean, 12.5, "mean");
	gb_run_free(run);
	/* A figure's cell filled beside an error is still read as a number. */
	gb_buf_clear(&b);
	gb_buf_printf(&b, "%s\xe2\x94\x82 0 \xe2\x94\x82 'a' \xe2\x94\x82 "
		"\xe2\x94\x82 fast \xe2\x94\x82 'boom' \xe2\x94\x82\n"
		"\xe2\x94\x94\n", head);
	at_fails_str(b.ptr, NULL, "line 3: expected a number in every column");
	gb_buf_dispose(&b);
}

/*
 * A bench that threw (vitest 3.2.7 writes it with a name, a rank and no
 * figures): left out with one warning, the others read; it refused the
 * whole file. A bench with a rate and no mean is still damage.
 */
static void test_vitest_threw(void **state)
{
	gb_run *run;

	(void)state;
	run = at_fixture_warned("vitest/v3-throws/bench.json", "vitest",
		"1 benchmark failed (no mean and no hz) and is left out "
		"('throw.bench.js > throws')");
	assert_null(gb_run_find(run, "throw.bench.js > throws"));
	assert_non_null(gb_run_find(run, "throw.bench.js > ok after throw"));
	assert_int_equal(run->nresults, 10);
	gb_run_free(run);
	at_fails_str("{\"files\":[{\"groups\":[{\"fullName\":\"f\","
		"\"benchmarks\":[{\"name\":\"t\",\"rank\":1}]}]}]}",
		"vitest", "every benchmark failed ('f > t' has no mean and no hz)");
	at_fails_str("{\"files\":[{\"groups\":[{\"fullName\":\"f\","
		"\"benchmarks\":[{\"name\":\"t\",\"hz\":5}]}]}]}",
		"vitest", "missing mean");
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

/*
 * What vitest printed for the same run as bench.json: the same names, the
 * mean from hz (to its digits), the samples, min and max when printed with
 * three digits; the table printed twice is read once.
 */
static void test_vitest_console(void **state)
{
	gb_run *json = at_read_fixture("vitest/v3/bench.json", NULL, "vitest");
	gb_run *out = at_read_fixture("vitest/v3/stdout.txt", NULL, "vitest");
	size_t i;

	(void)state;
	for (i = 0; i < json->nresults; i++) {
		const gb_result *j = &json->results[i];
		const gb_result *c = at_counterpart(out, json, i);

		assert_true(fabs(c->mean - j->mean) <= 1e-6 * j->mean);
		if (!strcmp(j->measure, "time"))
			assert_int_equal(c->count, j->count);
	}
	/* min 0.0843 ms has three digits; fib(10)'s 0.0004 has one. */
	at_same(at_result(out, "bench/sort.bench.js > sort > normal")->min, 84300,
		"min");
	assert_true(isnan(at_result(out, "bench/sort.bench.js > fib > fib(10)")->min));
	at_same(at_result(out, "bench/sort.bench.js > fib > fib(10)")->max, 8189700,
		"max");
	gb_run_free(json);
	gb_run_free(out);
	/* vitest 4, which writes no JSON, prints its colours to a pipe. */
	out = at_read_fixture("vitest/v4/stdout.txt", NULL, "vitest");
	assert_int_equal(out->nresults, 6);
	at_same(at_result(out, "bench/sort.bench.js > sort > normal")->mean,
		1e9 / 9614.55, "v4 mean");
	assert_int_equal(at_result(out, "bench/sort.bench.js > string join")->count,
		3186592);
	gb_run_free(out);
}

/* vitest 0.x's count and marks, colours; then what is refused. */
static void test_vitest_console_variants(void **state)
{
	static const char table[] = " \xe2\x9c\x93 src/sort.bench.ts (2) 5300ms\n"
		"     name          hz     min     max    mean     p75     p99    "
		"p995    p999     rme  samples\n"
		"   \xc2\xb7 normal sort  6,063.84  0.1400  1.4040  0.1649  0.1600  "
		"0.3500  0.4190  0.8050  \xc2\xb1" "0.80%     3032   fastest\n"
		"   \x1b[32m\xc2\xb7 reverse\x1b[0m  5,867.15  0.1500  1.5040  0.1704  "
		"0.1600  0.3500  0.4190  0.8050  \xc2\xb1" "0.80%     2934   slowest\n";
	gb_buf text = GB_BUF_INIT;
	gb_run *run;

	(void)state;
	/* vitest ends each table with a blank line. */
	gb_buf_puts(&text, table);
	gb_buf_puts(&text, "\n");
	run = at_read_text(text.ptr, NULL, "vitest");
	gb_buf_dispose(&text);
	assert_int_equal(run->nresults, 4);
	at_same(at_result(run, "src/sort.bench.ts > normal sort")->mean,
		1e9 / 6063.84, "mean");
	assert_int_equal(at_result(run, "src/sort.bench.ts > reverse")->count, 2934);
	at_same(at_result_in(run, "src/sort.bench.ts > reverse", "throughput")->mean,
		5867.15, "hz");
	gb_run_free(run);
	at_fails_str(" \xe2\x9c\x93 a.bench.js 10ms\n   \xc2\xb7 x  1.0  1  1  1  "
		"1\n", "vitest", "line 2: expected a \xe2\x9c\x93 line and the "
		"table's heading before a row");
	at_fails_str(" \xe2\x9c\x93 a.bench.js 10ms\n  name  hz  min  max  mean  "
		"samples\n  \xc2\xb7 x  fast  1  1  1  5\n", NULL, "line 3: expected");
	at_fails_str(" \xe2\x9c\x93 a.bench.js 10ms\n  name  hz  min  max  mean  "
		"samples\n  \xc2\xb7 x  1  1  1  1  5\n  \xc2\xb7 x  2  1  1  1  5\n\n",
		NULL, "appears more than once");
	at_truncated("vitest/v3/stdout.txt", "truncated");
	/* Cut at the end of a row: the rows after it would be lost. */
	at_fails_str(table, "vitest", "truncated: the input ends with the "
		"table row on line 4 (vitest ends each table with a blank line)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vitest),
		cmocka_unit_test(test_vitest_console),
		cmocka_unit_test(test_vitest_console_variants),
		cmocka_unit_test(test_tinybench),
		cmocka_unit_test(test_tinybench_table),
		cmocka_unit_test(test_tinybench_table_names),
		cmocka_unit_test(test_tinybench_table_threw),
		cmocka_unit_test(test_vitest_threw),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
