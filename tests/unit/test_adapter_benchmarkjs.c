/* benchmark.js (JSON and printed lines) and Ruby benchmark-ips. */
#include "adapter_test.h"

#define JS_JSON "benchmarkjs/baseline/stats.json"
#define JS_TEXT "benchmarkjs/baseline/stdout.txt"
#define IPS "benchmark-ips/baseline/ips.json"

static void test_js_json(void **state)
{
	gb_run *run = at_read_fixture(JS_JSON, NULL, "benchmarkjs");
	cJSON *json = at_load_json(JS_JSON);
	const cJSON *list = cJSON_GetObjectItem(json, "benchmarks"), *b, *v;

	(void)state;
	cJSON_ArrayForEach(b, list) {
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(b, "name"));
		const cJSON *stats = cJSON_GetObjectItem(b, "stats");
		const cJSON *sample = cJSON_GetObjectItem(stats, "sample");
		double values[256];
		char hz[256];
		size_t n = 0;
		const gb_result *r = at_result(run, name);

		at_kind(r, "ns", GB_LOWER_IS_BETTER);
		at_same(r->mean, cJSON_GetObjectItem(stats, "mean")->valuedouble * 1e9, name);
		at_same(r->stddev, cJSON_GetObjectItem(stats, "deviation")->valuedouble * 1e9, name);
		cJSON_ArrayForEach(v, sample)
			values[n++] = v->valuedouble;
		at_samples(r, values, n, 1e9);
		snprintf(hz, sizeof(hz), "%s [hz]", name);
		r = at_result(run, hz);
		at_kind(r, "ops/s", GB_HIGHER_IS_BETTER);
		at_same(r->mean, cJSON_GetObjectItem(b, "hz")->valuedouble, hz);
	}
	assert_int_equal(run->nresults, 2 * (size_t)cJSON_GetArraySize(list));
	cJSON_Delete(json);
	gb_run_free(run);
}

/*
 * A benchmark that threw (benchmark.js 2.1.4, node 20: hz 0, empty stats,
 * the error the script kept): left out with a warning, not stored as a
 * time of 0 that would read as infinitely fast. Alone, it is an error.
 */
static void test_js_failed(void **state)
{
	gb_run *run;

	(void)state;
	run = at_fixture_warned("benchmarkjs/throws/stats.json", "benchmarkjs",
		"1 benchmark failed (no rate and no time) and is left out "
		"('throws')");
	assert_null(gb_run_find(run, "throws"));
	assert_int_equal(run->nresults, 8);
	assert_true(at_result(run, "slow busy")->mean > 0);
	gb_run_free(run);
	at_fails_str("[{\"name\":\"throws\",\"hz\":0,\"stats\":{\"mean\":0,"
		"\"deviation\":0,\"sample\":[]},\"error\":\"Error: boom\"}]",
		"benchmarkjs", "every benchmark failed ('throws' has no rate and no "
		"time)");
}

/*
 * The Benchmark objects saved whole, JSON.stringify(Array.from(suite))
 * (benchmark.js 2.1.4, node 20.20.2): one that threw has its error ({}),
 * "aborted" and no hz at all. Left out with the same warning; it refused
 * the file ("missing hz").
 */
static void test_js_raw(void **state)
{
	cJSON *json = at_load_json("benchmarkjs/raw/raw.json");
	const cJSON *b;
	gb_run *run;

	(void)state;
	run = at_fixture_warned("benchmarkjs/raw/raw.json", "benchmarkjs",
		"1 benchmark failed (no rate and no time) and is left out "
		"('throws')");
	assert_int_equal(run->nresults, 4);
	assert_null(gb_run_find(run, "throws"));
	cJSON_ArrayForEach(b, json) {
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(b,
			"name"));

		if (!strcmp(name, "throws"))
			continue;
		at_same(at_result(run, name)->mean, cJSON_GetObjectItem(
			cJSON_GetObjectItem(b, "stats"), "mean")->valuedouble * 1e9,
			name);
		at_same(at_result_in(run, name, "hz")->mean,
			cJSON_GetObjectItem(b, "hz")->valuedouble, name);
	}
	gb_run_free(run);
	cJSON_Delete(json);
	/* No hz and a time is still damage. */
	at_fails_str("[{\"name\":\"a\",\"stats\":{\"mean\":1e-9}}]", "benchmarkjs",
		"benchmark 'a': missing hz");
}

/*
 * What the same run printed: a benchmark that threw an Error prints
 * "<name>: " and nothing more (benchmark.js 2.1.4 joins the Error's
 * enumerable fields, none). Left out with a warning; it vanished unsaid.
 */
static void test_js_text_threw(void **state)
{
	gb_run *run;

	(void)state;
	run = at_fixture_warned("benchmarkjs/raw/stdout.txt", "benchmarkjs",
		"1 benchmark threw an error and is left out ('throws')");
	assert_int_equal(run->nresults, 2);
	assert_int_equal(at_result(run, "RegExp#test [hz]")->count, 5);
	gb_run_free(run);
	at_fails_str("throws: \nfails too: \n", "benchmarkjs",
		"every benchmark threw an error ('throws')");
	/* Other lines with a colon are not such a line. */
	at_warnings_start();
	run = at_read_text("Node: v20\nResults:\n  indented: \n"
		"a x 5 ops/sec \xc2\xb1" "1.00% (5 runs sampled)\n", NULL,
		"benchmarkjs");
	assert_string_equal(at_warnings(), "");
	assert_int_equal(run->nresults, 1);
	gb_run_free(run);
}

/*
 * More samples than a record holds (tinybench 2 took 2.9 million of a
 * fast task in 200 ms): read from the statistics, with one warning naming
 * the file and the benchmark. The whole file was refused, unnamed.
 */
static void test_js_too_many_samples(void **state)
{
	const char *head = "[{\"name\":\"fast\",\"hz\":1e8,\"stats\":{"
		"\"mean\":1e-8,\"deviation\":1e-9,\"sample\":[";
	size_t n = GB_RECORD_MAX_ELEMENTS + 1, i;
	gb_buf text = GB_BUF_INIT;
	gb_run *run;

	(void)state;
	gb_buf_puts(&text, head);
	for (i = 0; i < n; i++)
		gb_buf_puts(&text, i ? ",1e-8" : "1e-8");
	gb_buf_puts(&text, "]}}]");
	run = at_read_warned(text.ptr, "benchmarkjs", "benchmark 'fast': sample "
		"has 1048577 samples, more than a record holds (1048576); read "
		"from its statistics, without samples");
	at_same(at_result(run, "fast")->mean, 10, "the mean kept");
	assert_int_equal(at_result(run, "fast")->nsamples, 0);
	gb_run_free(run);
	gb_buf_dispose(&text);
}

static void test_js_text(void **state)
{
	char *text = th_slurp(th_fixture(JS_TEXT), NULL), *save = NULL, *l;
	gb_run *run = at_read_fixture(JS_TEXT, NULL, "benchmarkjs");
	size_t n = 0;

	(void)state;
	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *x = strstr(l, " x "), name[256], digits[64];
		const char *p;
		size_t k = 0;
		const gb_result *r;

		if (!x)
			continue;
		snprintf(name, sizeof(name), "%.*s [hz]", (int)(x - l), l);
		for (p = x + 3; *p != ' '; p++)
			if (*p != ',')
				digits[k++] = *p;
		digits[k] = '\0';
		r = at_result(run, name);
		at_kind(r, "ops/s", GB_HIGHER_IS_BETTER);
		at_same(r->mean, strtod(digits, NULL), name);
		assert_int_equal(r->count, strtoull(strchr(x, '(') + 1, NULL, 10));
		n++;
	}
	assert_int_equal(n, 5);
	assert_int_equal(run->nresults, n);
	free(text);
	gb_run_free(run);
}

static void test_ips(void **state)
{
	gb_run *run = at_read_fixture(IPS, NULL, "benchmark-ips");
	cJSON *json = at_load_json(IPS);
	const cJSON *b;

	(void)state;
	cJSON_ArrayForEach(b, json) {
		char name[256];
		const gb_result *r;

		snprintf(name, sizeof(name), "%s [ips]",
			cJSON_GetStringValue(cJSON_GetObjectItem(b, "name")));
		r = at_result(run, name);
		at_kind(r, "ops/s", GB_HIGHER_IS_BETTER);
		at_same(r->mean, cJSON_GetObjectItem(b, "ips")->valuedouble, name);
		at_same(r->stddev, cJSON_GetObjectItem(b, "stddev")->valuedouble, name);
		assert_int_equal(r->iterations,
			(uint64_t)cJSON_GetObjectItem(b, "iterations")->valuedouble);
	}
	assert_int_equal(run->nresults, (size_t)cJSON_GetArraySize(json));
	cJSON_Delete(json);
	gb_run_free(run);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated(JS_JSON, "truncated");
	at_truncated(JS_TEXT, "line 3: not a \"<name> x <n> ops/sec");
	at_truncated(IPS, "truncated");
	at_damaged(JS_JSON, "\"hz\": 2489777.0221974896", "\"hz\": \"fast\"", NULL,
		"benchmark 'fib#10': hz is not a number");
	at_damaged(JS_JSON, "\"mean\": 4.016423925052513e-7,", "", NULL,
		"benchmark 'fib#10': missing mean");
	at_damaged(JS_TEXT, "(96 runs sampled)", "(many runs sampled)", NULL,
		"line 1: not a \"<name> x <n> ops/sec");
	at_damaged(IPS, "\"ips\": 24446.10290531168", "\"ips\": null", NULL,
		"benchmark 'fib(15)': missing ips");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_js_json),
		cmocka_unit_test(test_js_failed),
		cmocka_unit_test(test_js_raw),
		cmocka_unit_test(test_js_text_threw),
		cmocka_unit_test(test_js_too_many_samples),
		cmocka_unit_test(test_js_text),
		cmocka_unit_test(test_ips),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
