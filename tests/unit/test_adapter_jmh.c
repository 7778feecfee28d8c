/* JMH's JSON results: every mode, parameters, units, secondary metrics. */
#include "adapter_test.h"

/* Every run of a file against the JSON itself. */
static void check_file(const char *rel)
{
	gb_run *run = at_read_fixture(rel, NULL, "jmh");
	cJSON *json = at_load_json(rel);
	const cJSON *r;
	size_t n = 0, k = 0;

	cJSON_ArrayForEach(r, json) {
		const cJSON *pm = cJSON_GetObjectItem(r, "primaryMetric");
		const char *unit = cJSON_GetObjectItem(pm, "scoreUnit")->valuestring;
		double score = cJSON_GetObjectItem(pm, "score")->valuedouble;
		const gb_result *res = &run->results[k];

		/* The primary metric, then each secondary one as a measure. */
		n += 1 + (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(r,
			"secondaryMetrics"));
		k = n;
		assert_string_equal(res->measure, unit[0] == 'o' ? "throughput"
								 : "time");

		assert_non_null(strstr(res->name,
			cJSON_GetObjectItem(r, "benchmark")->valuestring));
		if (strcmp(unit, "us/op") == 0)
			at_same(res->mean, score * 1e3, res->name);
		else if (strcmp(unit, "ms/op") == 0)
			at_same(res->mean, score * 1e6, res->name);
		else if (strcmp(unit, "s/op") == 0)
			at_same(res->mean, score * 1e9, res->name);
		else if (strcmp(unit, "ns/op") == 0)
			at_same(res->mean, score, res->name);
		else if (strcmp(unit, "ops/ms") == 0)
			at_same(res->mean, score * 1e3, res->name);
		else if (strcmp(unit, "ops/us") == 0)
			at_same(res->mean, score * 1e6, res->name);
		else if (strcmp(unit, "ops/s") == 0)
			at_same(res->mean, score, res->name);
		else
			fail_msg("%s: unit %s not covered", rel, unit);
		at_kind(res, unit[0] == 'o' ? "ops/s" : "ns", unit[0] == 'o' ?
			GB_HIGHER_IS_BETTER : GB_LOWER_IS_BETTER);
	}
	assert_int_equal(run->nresults, n);
	cJSON_Delete(json);
	gb_run_free(run);
}

static void test_modes(void **state)
{
	gb_run *run;
	const gb_result *r;

	(void)state;
	check_file("jmh/thrpt.json");
	check_file("jmh/avgt-gc.json");
	check_file("jmh/sample.json");
	check_file("jmh/ss.json");
	check_file("jmh/all-modes.json");
	run = at_read_fixture("jmh/avgt-gc.json", NULL, "jmh");
	r = at_result(run, "org.sample.SortBenchmark.sort (size=1000, kind=random)");
	/* rawData: 2 forks of 5 iterations. */
	assert_int_equal(r->nsamples, 10);
	assert_int_equal(r->count, 10);
	/* Secondary metrics (-prof gc): measures, in their units. */
	r = at_result(run,
		"org.sample.SortBenchmark.sort (size=1000, kind=random) [\xc2\xb7gc.alloc.rate]");
	/* JMH's MB are MiB: kept in B/s, as every rate per second. */
	at_kind(r, "B/s", GB_LOWER_IS_BETTER);
	at_same(r->mean, 918.3 * 1048576, "gc.alloc.rate");
	gb_run_free(run);
	run = at_read_fixture("jmh/all-modes.json", NULL, "jmh");
	at_kind(at_result(run, "org.sample.HashBenchmark.sha256 (mode=thrpt) [throughput]"),
		"ops/s", GB_HIGHER_IS_BETTER);
	at_kind(at_result(run, "org.sample.HashBenchmark.sha256 (mode=ss)"),
		"ns", GB_LOWER_IS_BETTER);
	gb_run_free(run);
	/* A single benchmark in one mode keeps its plain name. */
	run = at_read_fixture("jmh/thrpt.json", NULL, "jmh");
	at_result(run, "org.sample.ListBenchmark.arrayList [throughput]");
	gb_run_free(run);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated("jmh/thrpt.json", "not valid JSON (truncated");
	at_damaged("jmh/thrpt.json", "\"score\": ", "\"score\": \"x\", \"y\": ",
		NULL, "benchmark 'org.sample.ListBenchmark.arrayList': score is "
		"not a number");
	at_damaged("jmh/thrpt.json", "\"primaryMetric\"", "\"otherMetric\"", NULL,
		"benchmark 'org.sample.ListBenchmark.arrayList': no primaryMetric");
	at_damaged("jmh/thrpt.json", "\"scoreUnit\": \"ops/s\"", "\"unit\": 1",
		NULL, "primaryMetric has no scoreUnit");
	at_fails_str("[{\"mode\": \"avgt\", \"primaryMetric\": {}}]", "jmh",
		"item 1 has no benchmark");
	at_fails_str("{\"benchmark\": \"x\", \"primaryMetric\": {}}", "jmh",
		"not JMH JSON (expected an array of benchmark runs)");
}

/* Junk in rawData: the score is kept, the samples left out, one warning. */
static void test_junk_in_raw_data(void **state)
{
	char *text = at_changed("jmh/ss.json", "\"rawData\": [\n                [",
		"\"rawData\": [\n                [\"x\", ");
	gb_run *run;

	(void)state;
	run = at_read_warned(text, "jmh", "benchmark "
		"'org.sample.StartupBenchmark.coldStart': rawData holds something "
		"that is not a number");
	assert_int_equal(at_result(run, "org.sample.StartupBenchmark.coldStart")
				 ->nsamples, 0);
	assert_int_equal(at_result(run, "org.sample.StartupBenchmark.loadConfig")
				 ->nsamples, 3);
	gb_run_free(run);
	free(text);
}

/*
 * Newer JMH names the gc profiler's figures without the "·": an
 * allocation rate is a cost either way. A secondary metric scored "NaN"
 * is left out, named in a warning; the rest of the file is read.
 */
static void test_secondary_spellings_and_nan(void **state)
{
	static const char text[] = "[{\"benchmark\": \"a.B.c\", \"mode\": "
		"\"avgt\", \"primaryMetric\": {\"score\": 2.0, \"scoreUnit\": "
		"\"ns/op\"}, \"secondaryMetrics\": {\"gc.alloc.rate\": "
		"{\"score\": 1500.0, \"scoreUnit\": \"MB/sec\"}, "
		"\"\xc2\xb7gc.alloc.rate\": {\"score\": 1400.0, \"scoreUnit\": "
		"\"MB/sec\"}, \"\xc2\xb7stack\": {\"score\": \"NaN\", "
		"\"scoreUnit\": \"---\"}, \"ops\": {\"score\": 9.0, "
		"\"scoreUnit\": \"ops/s\"}}}]";
	gb_run *run;

	(void)state;
	run = at_read_warned(text, "jmh", "1 secondary metric has no score "
		"(NaN) and is left out ('a.B.c \xc2\xb7stack')");
	at_kind(at_result(run, "a.B.c [gc.alloc.rate]"), "B/s",
		GB_LOWER_IS_BETTER);
	at_kind(at_result(run, "a.B.c [\xc2\xb7gc.alloc.rate]"), "B/s",
		GB_LOWER_IS_BETTER);
	at_kind(at_result(run, "a.B.c [ops]"), "ops/s", GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "a.B.c")->mean, 2.0, "primary");
	assert_int_equal(run->nresults, 4);
	gb_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_junk_in_raw_data),
		cmocka_unit_test(test_secondary_spellings_and_nan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
