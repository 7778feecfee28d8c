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

/* A fixture, auto-detected, is refused saying `problem`. */
static void fixture_fails(const char *rel, const char *problem)
{
	size_t len;
	char *text = th_slurp(th_fixture(rel), &len);

	at_fails(text, len, NULL, problem);
	free(text);
}

/*
 * tinybench 3.1.1 writes a result's keys in alphabetical order: every
 * sample of "latency" before "period", which detection needed and which
 * can then be more than its first MiB on. A task that threw is left out
 * with a warning; it vanished unsaid.
 */
static void test_tinybench_v3(void **state)
{
	cJSON *json = at_load_json("tinybench/v3/tasks.json");
	const cJSON *lat = cJSON_GetObjectItem(cJSON_GetObjectItem(
		cJSON_GetArrayItem(json, 0), "result"), "latency");
	gb_buf big = GB_BUF_INIT;
	char *text;
	gb_run *run;
	size_t i;

	(void)state;
	run = at_fixture_warned("tinybench/v3/tasks.json", "tinybench",
		"1 task threw an error and is left out ('throws')");
	assert_int_equal(run->nresults, 4);
	assert_null(gb_run_find_measure(run, "throws", "time"));
	at_same(at_result(run, "fib(15)")->mean,
		cJSON_GetObjectItem(lat, "mean")->valuedouble * 1e6, "mean");
	at_same(at_result(run, "fib(15)")->median,
		cJSON_GetObjectItem(lat, "p50")->valuedouble * 1e6, "p50");
	/* No samplesCount in tinybench 3: the samples are the count. */
	assert_int_equal(at_result(run, "fib(15)")->nsamples, 32);
	assert_int_equal(at_result(run, "fib(15)")->count, 32);
	at_result(run, "string join [throughput]");
	gb_run_free(run);
	/* Its first task with 150,000 more samples, "period" past 1 MiB. */
	text = th_slurp(th_fixture("tinybench/v3/tasks.json"), NULL);
	gb_buf_put(&big, text, (size_t)(strstr(text, "\"samples\":[") - text));
	gb_buf_puts(&big, "\"samples\":[");
	for (i = 0; i < 150000; i++)
		gb_buf_puts(&big, "0.0087815,");
	gb_buf_puts(&big, strstr(text, "\"samples\":[") + 11);
	assert_true(strstr(big.ptr, "\"period\"") - big.ptr > 1024 * 1024);
	at_warnings_start();
	run = at_read_text(big.ptr, NULL, "tinybench");
	at_warnings();
	assert_int_equal(at_result(run, "fib(15)")->count, 150032);
	gb_run_free(run);
	/* Pretty-printed, as a script may write it. */
	run = at_read_text("[\n  {\n    \"name\": \"a \\\" b\",\n    \"result\": "
		"{\n      \"latency\": {\"mean\": 2, \"samples\": [2]}\n    }\n  }\n]",
		NULL, "tinybench");
	at_same(at_result(run, "a \" b")->mean, 2e6, "ms");
	gb_run_free(run);
	gb_buf_dispose(&big);
	free(text);
	cJSON_Delete(json);
}

/*
 * tinybench 6.2.5 when a task was aborted: one completed, one aborted
 * after 31 samples ("aborted-with-statistics": kept, said to be
 * partial), one never run ("aborted", no latency: left out). The whole
 * file was refused, and so was its table ('N/A' in every figure).
 */
static void test_tinybench_aborted(void **state)
{
	static const char *const files[] = { "tinybench/v6/aborted.json",
		"tinybench/v6/aborted.txt" };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		gb_run *run;
		const char *w;

		at_warnings_start();
		run = at_read_fixture(files[i], NULL, "tinybench");
		w = at_warnings();
		if (!strstr(w, ": 1 task did not finish and is left out ('never "
			    "run': aborted)\n") ||
		    !strstr(w, ": 1 task was aborted and is kept with partial "
			    "figures ('abort here': aborted-with-statistics)\n") ||
		    strchr(strchr(w, '\n') + 1, '\n') != w + strlen(w) - 1)
			fail_msg("%s: warnings '%s'", files[i], w);
		assert_int_equal(run->nresults, 4);
		assert_int_equal(at_result(run, "abort here")->count, 31);
		assert_null(gb_run_find_measure(run, "never run", "time"));
		gb_run_free(run);
	}
	/* Aborted before it started: every task. */
	fixture_fails("tinybench/v6/allaborted.json",
		"every task was aborted ('fib(15)': aborted)");
	fixture_fails("tinybench/v6/allaborted.txt",
		"every task was aborted ('fib(15)': aborted)");
	at_fails_str("[{\"name\":\"a\",\"result\":{\"state\":\"not-started\"}},"
		"{\"name\":\"b\",\"result\":{\"state\":\"errored\",\"error\":{}}}]",
		NULL, "every task threw an error or was aborted ('b')");
	/* A state that is not one of these still needs its figures. */
	at_fails_str("[{\"name\":\"a\",\"result\":{\"state\":\"completed\"}}]",
		NULL, "benchmark 'a': missing mean");
}

/*
 * A task that threw, in the tasks' JSON: tinybench 2.9.0's {"error": {}}
 * (an Error's message is not enumerable), tinybench 6.2.5's with
 * "state": "errored". Left out with a warning naming it, as in the table;
 * every one, refused. Both vanished unsaid.
 */
static void test_tinybench_threw(void **state)
{
	gb_run *run;

	(void)state;
	run = at_fixture_warned("tinybench/v2/throws.json", "tinybench",
		"1 task threw an error and is left out ('throws')");
	assert_int_equal(run->nresults, 4);
	assert_int_equal(at_result(run, "string join")->nsamples, 32);
	gb_run_free(run);
	fixture_fails("tinybench/v6/allthrow.json",
		"every task threw an error ('a throws')");
	/* A message the script kept is said. */
	run = at_read_warned("[{\"name\":\"a\",\"result\":{\"error\":\"boom\"}},"
		"{\"name\":\"b\",\"result\":{\"error\":{\"message\":\"bang\"}}},"
		"{\"name\":\"c\",\"result\":{\"mean\":2,\"period\":2}}]",
		"tinybench", "2 tasks threw an error and are left out ('a': boom)");
	assert_int_equal(run->nresults, 1);
	gb_run_free(run);
	at_fails_str("[{\"name\":\"b\",\"result\":{\"error\":{\"message\":"
		"\"bang\"}}}]", NULL, "every task threw an error ('b': bang)");
	/* The table of tinybench 6.2.5 when every task threw: no figures. */
	fixture_fails("tinybench/v6/allthrow.txt",
		"every task threw an error ('a throws': boom a)");
	at_damaged("tinybench/v6/allthrow.txt", "'boom a'", "        ", NULL,
		"line 4: expected an error in every row of a table without "
		"figures");
}

/*
 * tinybench 2 keeps every sample, which can be more than a record holds
 * (2.9 million of a fast task in 200 ms): they are skipped with a
 * warning, and their number is still the count, as its table says. The
 * count was lost.
 */
static void test_tinybench_too_many_samples(void **state)
{
	size_t n = GB_RECORD_MAX_ELEMENTS + 1, i;
	gb_buf text = GB_BUF_INIT;
	gb_run *run;

	(void)state;
	gb_buf_puts(&text, "[{\"name\":\"fast\",\"result\":{\"mean\":1e-5,"
		"\"period\":1e-5,\"hz\":1e5,\"sd\":0,\"min\":1e-5,\"max\":1e-5,"
		"\"samples\":[");
	for (i = 0; i < n; i++)
		gb_buf_puts(&text, i ? ",1e-5" : "1e-5");
	gb_buf_puts(&text, "]}}]");
	run = at_read_warned(text.ptr, "tinybench", "benchmark 'fast': samples "
		"has 1048577 samples, more than a record holds (1048576); read "
		"from its statistics, without samples");
	assert_int_equal(at_result(run, "fast")->nsamples, 0);
	assert_int_equal(at_result(run, "fast")->count, n);
	at_same(at_result(run, "fast")->mean, 10, "mean");
	gb_run_free(run);
	gb_buf_dispose(&text);
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
	/* tinybench 3.1.1, with a task that threw. */
	check_table("tinybench/v3/stdout.txt", "tinybench/v3/tasks.json", true);
	/* A name with a quote in it is printed in double quotes. */
	gb_buf_printf(&text, "%s\xe2\x94\x82 0 \xe2\x94\x82 \"it's\" "
		"\xe2\x94\x82 '12.5 \xc2\xb1 1.0%%' \xe2\x94\x82 40 "
		"\xe2\x94\x82\n\xe2\x94\x94\xe2\x94\x80\n", head);
	run = at_read_text(text.ptr, NULL, "tinybench");
	assert_int_equal(run->nresults, 1);
	at_same(at_result(run, "it's")->mean, 12.5, "mean");
	assert_int_equal(at_result(run, "it's")->count, 40);
	gb_run_free(run);
	/* A figure in ms is the decimal it prints in ns: 1001000, not
	 * 1000999.9999999999 (1.001 * 1e6). */
	gb_buf_clear(&text);
	gb_buf_printf(&text, "\xe2\x94\x8c\xe2\x94\x80\n\xe2\x94\x82 (index) "
		"\xe2\x94\x82 Task name \xe2\x94\x82 Latency avg (ms) \xe2\x94\x82 "
		"Latency med (ms) \xe2\x94\x82 Samples \xe2\x94\x82\n"
		"\xe2\x94\x82 0 \xe2\x94\x82 'a' \xe2\x94\x82 '1.001 \xc2\xb1 1.0%%' "
		"\xe2\x94\x82 '1.003 \xc2\xb1 0.01' \xe2\x94\x82 40 \xe2\x94\x82\n"
		"\xe2\x94\x94\xe2\x94\x80\n");
	run = at_read_text(text.ptr, NULL, "tinybench");
	assert_true(at_result(run, "a")->mean == 1001000);
	assert_true(at_result(run, "a")->median == 1003000);
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
	/*
	 * Control characters as util.inspect escapes them (\n, \t, \b,
	 * \x0B, \x7F, \x85...) name the task as the JSON does (tinybench
	 * 6.2.5, node 20.20.2); they were kept as written.
	 */
	check_table("tinybench/v6/names.txt", "tinybench/v6/names.json", true);
	run = at_read_fixture("tinybench/v6/names.txt", NULL, "tinybench");
	at_result(run, "new\nline");
	at_result(run, "vertical\vtab");
	at_result(run, "next line \xc2\x85");
	gb_run_free(run);
}

/*
 * Escapes Node does not print but for a lone surrogate, decoded when they
 * make a character; a NUL, which would end the name, and a lone surrogate
 * stay as written.
 */
static void test_tinybench_table_escapes(void **state)
{
	gb_buf text = GB_BUF_INIT;
	gb_run *run;

	(void)state;
	gb_buf_printf(&text, "\xe2\x94\x8c\xe2\x94\x80\n\xe2\x94\x82 (index) "
		"\xe2\x94\x82 Task name \xe2\x94\x82 Latency avg (ns) "
		"\xe2\x94\x82\n\xe2\x94\x82 0 \xe2\x94\x82 'a\\u00e9\\ud83d"
		"\\ude00\\x41\\f\\r' \xe2\x94\x82 '1.5' \xe2\x94\x82\n"
		"\xe2\x94\x82 1 \xe2\x94\x82 'b\\x00\\ud83d\\q\\x4' "
		"\xe2\x94\x82 '2.5' \xe2\x94\x82\n\xe2\x94\x94\xe2\x94\x80\n");
	run = at_read_text(text.ptr, NULL, "tinybench");
	at_same(at_result(run, "a\xc3\xa9\xf0\x9f\x98\x80" "A\f\r")->mean,
		1.5, "decoded");
	at_same(at_result(run, "b\\x00\\ud83d\\q\\x4")->mean, 2.5, "as is");
	gb_run_free(run);
	gb_buf_dispose(&text);
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
	/*
	 * vitest 1.x: a file's line, then its describes, each indented
	 * deeper; two files each with a describe "simple.ts" stay apart.
	 */
	run = at_read_text(" \xe2\x9c\x93 src/a.bench.js (4) 3830ms\n"
		"   \xe2\x9c\x93 simple.ts (2) 1232ms\n"
		"     name  hz  min  max  mean  samples\n"
		"   \xc2\xb7 oxc  24,225.18  0.0384  0.5413  0.0413  12113\n\n"
		"   \xe2\x9c\x93 vue.ts (2) 1214ms\n"
		"     name  hz  min  max  mean  samples\n"
		"   \xc2\xb7 oxc  9,363.41  0.1025  1.3848  0.1068  4682\n\n"
		" \xe2\x9c\x93 src/b.bench.js (2) 900ms\n"
		"   \xe2\x9c\x93 simple.ts (2) 800ms\n"
		"     name  hz  min  max  mean  samples\n"
		"   \xc2\xb7 oxc  100.5  9.0  11.0  9.95  50\n\n"
		" \xe2\x9c\x93 src/b.bench.js > flat 10ms\n"
		"     name  hz  min  max  mean  samples\n"
		"   \xc2\xb7 oxc  100.5  9.0  11.0  9.95  50\n\n", NULL, "vitest");
	assert_int_equal(at_result(run, "src/a.bench.js > simple.ts > oxc")
				 ->count, 12113);
	assert_int_equal(at_result(run, "src/a.bench.js > vue.ts > oxc")->count,
		4682);
	assert_int_equal(at_result(run, "src/b.bench.js > simple.ts > oxc")
				 ->count, 50);
	at_result(run, "src/b.bench.js > flat > oxc");
	assert_int_equal(run->nresults, 8);
	gb_run_free(run);
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
		cmocka_unit_test(test_tinybench_v3),
		cmocka_unit_test(test_tinybench_aborted),
		cmocka_unit_test(test_tinybench_threw),
		cmocka_unit_test(test_tinybench_too_many_samples),
		cmocka_unit_test(test_tinybench_table),
		cmocka_unit_test(test_tinybench_table_names),
		cmocka_unit_test(test_tinybench_table_escapes),
		cmocka_unit_test(test_tinybench_table_threw),
		cmocka_unit_test(test_vitest_threw),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
