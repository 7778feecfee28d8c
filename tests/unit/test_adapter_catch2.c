/* The Catch2 XML adapter against a real -r xml report. */
#include "adapter_test.h"

#define FIXTURE "catch2/baseline/catch2.xml"

/* The number in attribute `key` of the first element after `from`. */
static double attr(const char *from, const char *element, const char *key)
{
	char pat[64];
	const char *e = strstr(from, element), *a;

	assert_non_null(e);
	snprintf(pat, sizeof(pat), " %s=\"", key);
	a = strstr(e, pat);
	assert_non_null(a);
	return strtod(a + strlen(pat), NULL);
}

static void test_fixture(void **state)
{
	char *xml = th_slurp(th_fixture(FIXTURE), NULL), *p = xml;
	gb_run *run = at_read_fixture(FIXTURE, NULL, "catch2");
	size_t n = 0;

	(void)state;
	while ((p = strstr(p, "<BenchmarkResults name=\""))) {
		const char *start = p;
		char name[256];
		const gb_result *r;
		size_t len;

		p += strlen("<BenchmarkResults name=\"");
		len = strcspn(p, "\"");
		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		r = at_result(run, name);
		at_kind(r, "ns", GB_LOWER_IS_BETTER);
		at_same(r->mean, attr(p, "<mean ", "value"), name);
		at_same(r->stddev, attr(p, "<standardDeviation ", "value"), name);
		assert_int_equal(r->count, (uint64_t)attr(start, "<BenchmarkResults", "samples"));
		assert_int_equal(r->iterations,
			(uint64_t)(attr(start, "<BenchmarkResults", "samples") *
				   attr(start, "<BenchmarkResults", "iterations")));
		assert_int_equal(r->nsamples, 0);
		n++;
	}
	assert_int_equal(n, 5);
	assert_int_equal(run->nresults, n);
	free(xml);
	gb_run_free(run);
}

/* Catch2 v3's root, entities in names, a failed benchmark left out. */
static void test_v3(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<Catch2TestRun name=\"t\"><TestCase name=\"c\"><Section name=\"s\">"
		"<BenchmarkResults name=\"vector&lt;int&gt; push\" samples=\"10\" iterations=\"3\">"
		"<mean value=\"1.5e+03\"/><standardDeviation value=\"2\"/></BenchmarkResults>"
		"</Section><BenchmarkResults name=\"broken\" samples=\"10\" iterations=\"1\">"
		"<failed message=\"threw\"/></BenchmarkResults></TestCase></Catch2TestRun>",
		NULL, "catch2");
	assert_int_equal(run->nresults, 1);
	at_same(at_result(run, "vector<int> push")->mean, 1500, "scientific");
	assert_int_equal(at_result(run, "vector<int> push")->iterations, 30);
	gb_run_free(run);
	/* Found behind a comment and a doctype with an internal subset. */
	run = at_read_text("<!-- run 2 -->\n<!DOCTYPE Catch [<!ENTITY v \"v2\">]>\n"
		"<Catch><BenchmarkResults name=\"&v;\" samples=\"1\" iterations=\"1\">"
		"<mean value=\"7\"/></BenchmarkResults></Catch>", NULL, "catch2");
	at_same(at_result(run, "v2")->mean, 7, "entity name");
	gb_run_free(run);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated(FIXTURE, "not valid XML (truncated: it ends at line 24");
	at_damaged(FIXTURE, "<mean value=\"54.1077\"", "<mean value=\"fast\"",
		NULL, "line 7: benchmark 'fib 10': <mean value=\"fast\"> is not a number");
	at_damaged(FIXTURE, "<mean value=\"54.1077\"", "<mean value=\"1e999\"",
		NULL, "benchmark 'fib 10': <mean value=\"1e999\"> is not a number");
	at_damaged(FIXTURE, "<mean value=\"54.1077\"", "<mean",
		NULL, "line 7: benchmark 'fib 10': <mean> has no value");
	at_damaged(FIXTURE, "<mean value=\"5783.7\"", "<notmean value=\"5783.7\"",
		NULL, "benchmark 'fib 20' has no <mean>");
	at_damaged(FIXTURE, "</TestCase>", "</TestCas>", NULL,
		"not valid XML (line 18: mismatched tag)");
	at_damaged(FIXTURE, "<BenchmarkResults name=\"fib 10\"",
		"<BenchmarkResults", NULL, "line 5: <BenchmarkResults> has no name");
	at_fails_str("<Other><BenchmarkResults name=\"x\"/></Other>", "catch2",
		"not Catch2 XML (the root element is <Other>)");
	at_fails_str("<Other><BenchmarkResults name=\"x\"/></Other>", NULL,
		"cannot tell what format this is");
	/* A doctype whose internal subset never ends (found by fuzzing). */
	at_fails_str("<!DOCTYPE Catch [ <!ENTITY v \"v\">", NULL,
		"cannot tell what format this is");
	at_fails_str("<!DOCTYPE Catch [ <!ENTITY v \"v\">", "catch2",
		"not valid XML");
	/* An entity bomb is refused by expat, not expanded. */
	at_fails_str("<?xml version=\"1.0\"?><!DOCTYPE Catch ["
		"<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
		"<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
		"<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
		"<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>"
		"<Catch><BenchmarkResults name=\"&f;\"><mean value=\"1\"/>"
		"</BenchmarkResults></Catch>", NULL, "not valid XML");
}

/*
 * The console reporter, v2 and v3: names wrapped over lines joined back,
 * times in their units, samples x iterations; the same figures as -r xml
 * gives for the same run.
 */
static void test_console(void **state)
{
	gb_run *run = at_read_fixture("catch2/v2-console/console.txt", NULL,
		"catch2");
	const gb_result *r;

	(void)state;
	r = at_result(run, "a benchmark name that is longer than the column the "
		"console reporter gives it");
	at_same(r->mean, 2815.76, "us");
	at_same(r->stddev, 393.704, "ns");
	assert_int_equal(r->count, 30);
	assert_int_equal(r->iterations, 30 * 15);
	at_same(at_result(run, "fib 5")->mean, 4.22401, "ns");
	assert_int_equal(run->nresults, 4);
	gb_run_free(run);
	run = at_read_fixture("catch2/v3-console/console.txt", NULL, "catch2");
	at_same(at_result(run, "push_back 1000 ints with the capacity reserved "
		"beforehand")->mean, 2757.91, "v3");
	at_same(at_result(run, "Fibonacci 25")->stddev, 9461.51, "v3 std dev");
	gb_run_free(run);
	at_damaged("catch2/v2-console/console.txt", "4.22401 ns", "4.22401 weeks",
		NULL, "line 17: expected the mean line, three times: \"<n> <unit> "
		"<n> <unit> <n> <unit>\", found \"  ");
	at_damaged("catch2/v2-console/console.txt", "0.672186 ns", "0.672186",
		NULL, "line 18: expected the standard deviation line");
	at_truncated("catch2/v2-console/console.txt", "truncated");
	at_truncated("catch2/v3-console/console.txt", "truncated");
	at_truncated("catch2/baseline/console.txt", "truncated");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_v3),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
