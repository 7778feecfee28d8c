/* BenchmarkDotNet's JSON exporters: full, brief, compressed. */
#include "adapter_test.h"

static void check_file(const char *rel, bool measurements)
{
	gb_run *run = at_read_fixture(rel, NULL, "benchmarkdotnet");
	cJSON *json = at_load_json(rel);
	const cJSON *b;
	size_t n = 0;

	cJSON_ArrayForEach(b, cJSON_GetObjectItem(json, "Benchmarks")) {
		const cJSON *st = cJSON_GetObjectItem(b, "Statistics");
		const gb_result *r = at_result(run,
			cJSON_GetObjectItem(b, "FullName")->valuestring);
		const cJSON *orig = cJSON_GetObjectItem(st, "OriginalValues");
		size_t i = 0;
		const cJSON *v, *mem;

		at_kind(r, "ns", GB_LOWER_IS_BETTER);
		at_same(r->mean, cJSON_GetObjectItem(st, "Mean")->valuedouble, r->name);
		at_same(r->median, cJSON_GetObjectItem(st, "Median")->valuedouble, r->name);
		at_same(r->stddev, cJSON_GetObjectItem(st, "StandardDeviation")->valuedouble,
			r->name);
		at_same(r->min, cJSON_GetObjectItem(st, "Min")->valuedouble, r->name);
		at_same(r->max, cJSON_GetObjectItem(st, "Max")->valuedouble, r->name);
		assert_int_equal(r->count, cJSON_GetObjectItem(st, "N")->valueint);
		assert_int_equal(r->nsamples, (size_t)cJSON_GetArraySize(orig));
		cJSON_ArrayForEach(v, orig)
			at_same(r->samples[i++], v->valuedouble, r->name);
		assert_int_equal(cJSON_HasObjectItem(b, "Measurements"), measurements);
		n++;
		mem = cJSON_GetObjectItem(cJSON_GetObjectItem(b, "Memory"),
			"BytesAllocatedPerOperation");
		if (mem) {
			/* Allocated bytes per operation: a measure of it. */
			r = gb_run_find_measure(run, r->name, "allocated");
			assert_non_null(r);
			at_kind(r, "B", GB_LOWER_IS_BETTER);
			at_same(r->mean, mem->valuedouble, r->name);
			n++;
		}
	}
	assert_int_equal(run->nresults, n);
	cJSON_Delete(json);
	gb_run_free(run);
}

static void test_exporters(void **state)
{
	gb_run *run;

	(void)state;
	check_file("benchmarkdotnet/full.json", true);
	check_file("benchmarkdotnet/brief.json", false);
	check_file("benchmarkdotnet/brief-compressed.json", false);
	run = at_read_fixture("benchmarkdotnet/brief.json", NULL, "benchmarkdotnet");
	at_result(run, "Bench.StringBuilding.Concat(Count: 10, Separator: \",\")");
	at_result(run, "Bench.StringBuilding.Join");
	gb_run_free(run);
}

/* Without OriginalValues, the full exporter's workload results. */
static void test_measurements(void **state)
{
	char *text = at_changed("benchmarkdotnet/full.json", "\"OriginalValues\"",
		"\"OtherValues\"");
	gb_run *run, *whole;
	const gb_result *r, *w;
	size_t i;

	(void)state;
	run = at_read_text(text, NULL, "benchmarkdotnet");
	whole = at_read_fixture("benchmarkdotnet/full.json", NULL, "benchmarkdotnet");
	r = at_result(run, "Bench.Md5VsSha256.Sha256(N: 1000)");
	w = at_result(whole, "Bench.Md5VsSha256.Sha256(N: 1000)");
	assert_int_equal(r->nsamples, w->nsamples);
	for (i = 0; i < r->nsamples; i++)
		assert_true(fabs(r->samples[i] - w->samples[i]) < 1e-6 * w->samples[i]);
	gb_run_free(run);
	gb_run_free(whole);
	free(text);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated("benchmarkdotnet/full.json", "not valid JSON (truncated");
	at_truncated("benchmarkdotnet/brief-compressed.json",
		"not valid JSON (truncated");
	at_damaged("benchmarkdotnet/brief.json", "\"Mean\": ", "\"Mean\": \"x\", \"M\": ",
		NULL, "benchmark 'Bench.StringBuilding.Concat(Count: 10, Separator: "
		"\",\")': Mean is not a number");
	at_fails_str("{\"HostEnvironmentInfo\": {}, \"Benchmarks\": [{\"Method\": \"m\"}]}",
		NULL, "Benchmarks[0] has no FullName (nor Type and Method)");
	at_fails_str("{\"HostEnvironmentInfo\": {}, \"Benchmarks\": [{\"FullName\": "
		"\"a\", \"Statistics\": null}]}", NULL,
		"no benchmark has Statistics (did they all fail?)");
	at_fails_str("{\"HostEnvironmentInfo\": {}, \"Benchmarks\": 3}", NULL,
		"not BenchmarkDotNet JSON (expected an object with a \"Benchmarks\" array)");
}

/*
 * A run of several jobs has each FullName once per job: the name says the
 * job, without the id BenchmarkDotNet makes up for each run, so that the
 * next run's results meet these. A benchmark alone in its job keeps its
 * FullName; one without Statistics is named in a warning.
 */
static void test_jobs(void **state)
{
	static const char text[] = "{\"HostEnvironmentInfo\": {}, "
		"\"Benchmarks\": ["
		"{\"FullName\": \"B.J.Ser\", \"DisplayInfo\": \"J.Ser: "
		"Job-ABCDEF(Runtime=.NET 6.0)\", \"Statistics\": {\"Mean\": 100}},"
		"{\"FullName\": \"B.J.Ser\", \"DisplayInfo\": \"J.Ser: "
		"Job-QWERTY(Runtime=.NET 8.0)\", \"Statistics\": {\"Mean\": 80}},"
		"{\"FullName\": \"B.J.De(N: 1)\", \"DisplayInfo\": \"J.De: "
		"ShortRun [N=1]\", \"Statistics\": {\"Mean\": 7}},"
		"{\"FullName\": \"B.J.De(N: 1)\", \"DisplayInfo\": \"J.De: "
		"MediumRun [N=1]\", \"Statistics\": {\"Mean\": 9}},"
		"{\"FullName\": \"B.J.Alone\", \"DisplayInfo\": \"J.Alone: "
		"Job-ABCDEF(Runtime=.NET 6.0)\", \"Statistics\": {\"Mean\": 5}},"
		"{\"FullName\": \"B.J.Broken\", \"Statistics\": null}]}";
	gb_run *run;

	(void)state;
	run = at_read_warned(text, "benchmarkdotnet", "1 benchmark has no "
		"Statistics (failed) and is left out ('B.J.Broken')");
	at_same(at_result(run, "B.J.Ser (Runtime=.NET 6.0)")->mean, 100, "6");
	at_same(at_result(run, "B.J.Ser (Runtime=.NET 8.0)")->mean, 80, "8");
	at_same(at_result(run, "B.J.De(N: 1) (job=ShortRun)")->mean, 7, "s");
	at_same(at_result(run, "B.J.De(N: 1) (job=MediumRun)")->mean, 9, "m");
	at_same(at_result(run, "B.J.Alone")->mean, 5, "alone");
	assert_int_equal(run->nresults, 5);
	gb_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exporters),
		cmocka_unit_test(test_measurements),
		cmocka_unit_test(test_jobs),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
