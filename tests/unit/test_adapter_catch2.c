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

#define EDGES "catch2/edges/"
#define REAL "catch2/real/"

/*
 * Catch2 before 2.9 measured a BENCHMARK as one run of many iterations:
 * "<name> <iters> <elapsed ns> <average>", the mean the elapsed time over
 * the iterations, a sample with no spread. A real output (Catch v2.6.1).
 */
static void test_legacy_table(void **state)
{
	static const char table[] =
		"benchmark name                                  iters   "
		"elapsed ns      average \n"
		"-----------------------------------------------------------"
		"--------------------\n"
		"%s\n%s\n%s\n\n"
		"==========================================================="
		"====================\n";
	gb_run *run = at_read_fixture(REAL "gravity-v2.6.1-legacy.txt", NULL,
		"catch2");
	const gb_result *r;
	char text[1024];

	(void)state;
	assert_int_equal(run->nresults, 9);
	r = at_result(run, "Benchmarking with 200 particles");
	at_same(r->mean, 3663900, "200");
	assert_true(isnan(r->stddev));
	assert_int_equal(r->count, 1);
	assert_int_equal(r->iterations, 1);
	at_same(at_result(run, "Benchmarking with 25.6K particles")->mean,
		46714864800.0, "25.6K");
	gb_run_free(run);
	/* Many iterations; a name wrapped over two lines as in 2.9. */
	snprintf(text, sizeof(text), table,
		"a benchmark name that is long enough to wrap            "
		"                        ",
		"here                                               10   "
		"   1234567  123.457 us ",
		"one                                                 3   "
		"       100   33.333 ns ");
	run = at_read_text(text, NULL, "catch2");
	assert_int_equal(run->nresults, 2);
	r = at_result(run, "a benchmark name that is long enough to wrap here");
	at_same(r->mean, 123456.7, "wrapped");
	assert_int_equal(r->iterations, 10);
	assert_int_equal(r->count, 1);
	at_same(at_result(run, "one")->mean, 100.0 / 3, "one");
	gb_run_free(run);
	at_damaged(REAL "gravity-v2.6.1-legacy.txt", "3.6639 ms", "3.6639 h",
		NULL, "line 14: expected \"<name> <iters> <elapsed ns> "
		"<average time>\" with times in ns, us, ms, s or m, found "
		"\"Benchmarking with 200");
}

/*
 * Catch2's durations go up to minutes, printed "m": a slow benchmark's
 * estimated time (samples x iterations x mean) reaches them past 60 s. A
 * row in a unit not read is an error, not a name, which would have the
 * benchmark and the rows up to the next blank line vanish.
 */
static void test_minutes(void **state)
{
	gb_run *run = at_read_fixture(REAL "josephus-v3-minutes.txt", NULL,
		"catch2");
	const gb_result *r;
	char *text;

	(void)state;
	assert_int_equal(run->nresults, 3);
	r = at_result(run, "josephus3");
	at_same(r->mean, 603.662e6, "josephus3");
	at_same(r->stddev, 1.48506e6, "josephus3 sd");
	assert_int_equal(r->iterations, 100);
	gb_run_free(run);
	run = at_read_fixture(REAL "blade-minutes.txt", NULL, "catch2");
	assert_int_equal(run->nresults, 3);
	at_same(at_result(run, "std::async")->mean, 1.13085e9, "std::async");
	at_same(at_result(run, "std::async")->stddev, 143.835e6, "sd");
	gb_run_free(run);
	/* In minutes on the mean line too, and in the table's first row. */
	text = at_changed(REAL "blade-minutes.txt", " 1.13085 s     1.10487 s"
		"     1.16167 s", "    1.5 m        1.25 m     1.16167 s");
	run = at_read_text(text, NULL, "catch2");
	at_same(at_result(run, "std::async")->mean, 90e9, "mean in m");
	assert_int_equal(run->nresults, 3);
	gb_run_free(run);
	free(text);
	text = at_changed(REAL "blade-minutes.txt", "12.5247 s", "1.25247 m");
	run = at_read_text(text, NULL, "catch2");
	at_same(at_result(run, "b_queue.async")->mean, 124.142e6, "first");
	assert_int_equal(run->nresults, 3);
	gb_run_free(run);
	free(text);
	/* No unit Catch2 prints: an error, not a benchmark passed over. */
	at_damaged(REAL "blade-minutes.txt", "1.53998 m", "1.53998 h", NULL,
		"line 19: expected \"<name> <samples> <iterations> <estimated "
		"time>\" with times in ns, us, ms, s or m, found \"std::async");
	at_damaged(REAL "blade-minutes.txt", "12.5247 s", "12.5247 h", NULL,
		"line 11: expected");
	at_damaged(REAL "josephus-v3-minutes.txt", "josephus3      "
		"                                100             1     "
		"1.00273 m\n", "", NULL, "line 19: expected \"<name>");
}

/* The warnings of reading fixture `rel` (auto-detected as catch2). */
static gb_run *read_warned(const char *rel, const char *format, gb_buf *out)
{
	gb_run *run;

	at_warnings_start();
	run = at_read_fixture(rel, format, "catch2");
	gb_buf_clear(out);
	gb_buf_puts(out, at_warnings());
	return run;
}

static void has_warning(const gb_buf *w, const char *rel, const char *text)
{
	char want[512];

	snprintf(want, sizeof(want), "%s: %s\n", th_fixture(rel), text);
	if (!w->ptr || !strstr(w->ptr, want))
		fail_msg("warnings '%s' should say '%s'", w->ptr ? w->ptr : "",
			want);
}

static size_t lines(const gb_buf *w)
{
	size_t n = 0, i;

	for (i = 0; i < w->size; i++)
		n += w->ptr[i] == '\n';
	return n;
}

static bool among(const char *name, const char *const *list)
{
	for (; list && *list; list++)
		if (!strcmp(name, *list))
			return true;
	return false;
}

/*
 * The console output has every benchmark the XML of the same benchmarks
 * has, under the same name (but those in `unlike`, NULL-terminated, whose
 * names one of them does not print as they are).
 */
static void same_names(const char *console, const char *xml,
	const char *const *unlike)
{
	gb_run *c = at_read_fixture(console, NULL, "catch2");
	gb_run *x = at_read_fixture(xml, NULL, "catch2");
	size_t i;

	for (i = 0; i < x->nresults; i++)
		if (!among(x->results[i].name, unlike))
			at_result(c, x->results[i].name);
	assert_int_equal(c->nresults, x->nresults);
	gb_run_free(c);
	gb_run_free(x);
}

/* Names starting with "-" or "=" are names, not the table's rule. */
static void test_rule_or_name(void **state)
{
	/*
	 * The console drops a name's trailing space; XML reads a tab in an
	 * attribute as a space (Catch2 writes it unescaped).
	 */
	static const char *const unlike[] = { "trailing space ", "tab here",
		NULL };
	gb_run *run = at_read_fixture(EDGES "edge3.txt", NULL, "catch2");

	(void)state;
	assert_int_equal(run->nresults, 10);
	at_same(at_result(run, "=equals first")->mean, 66.849, "=");
	at_same(at_result(run, "-O2 style name")->mean, 62.7009, "-");
	at_same(at_result(run, "-O2 style name")->stddev, 0.889782, "- sd");
	at_same(at_result(run, "after dash")->mean, 44.8855, "after -");
	at_same(at_result(run, "last")->stddev, 16.8487, "last");
	gb_run_free(run);
	run = at_read_fixture(EDGES "edge.txt", NULL, "catch2");
	assert_int_equal(run->nresults, 8);
	at_same(at_result(run, "-O2 style name")->mean, 51.2662, "first -");
	at_same(at_result(run, "tab\there")->stddev, 2295.48, "tab");
	gb_run_free(run);
	same_names(EDGES "edge3.txt", EDGES "edge3.xml", unlike);
}

/*
 * A word too long for the name column is cut with a hyphen that the
 * reporter adds; the name is joined back without it.
 */
static void test_cut_word(void **state)
{
	const char *name = "averyveryveryverylongbenchmarknamewithoutanyspaces"
		"atallthatmustbebrokensomewhere";
	gb_run *run = at_read_fixture(EDGES "edge3-noeq.txt", NULL, "catch2");

	(void)state;
	at_same(at_result(run, name)->mean, 85.075, "cut");
	assert_int_equal(at_result(run, name)->iterations, 10 * 760);
	assert_int_equal(run->nresults, 9);
	gb_run_free(run);
	run = at_read_fixture(EDGES "edge3.xml", NULL, "catch2");
	at_result(run, name);
	gb_run_free(run);
}

/*
 * "Benchmark failed (boom)" is that benchmark's failure, told, not a part
 * of the next one's name; <failed> in XML is told alike; a test case that
 * failed after measuring is named.
 */
static void test_failures(void **state)
{
	gb_buf w = GB_BUF_INIT;
	gb_run *run;

	(void)state;
	run = read_warned(EDGES "c20-nosec.txt", NULL, &w);
	at_same(at_result(run, "after thrower")->mean, 77.7181, "after");
	at_same(at_result(run, "after thrower")->stddev, 10.4704, "after sd");
	assert_int_equal(at_result(run, "after thrower")->iterations, 20 * 870);
	assert_null(gb_run_find(run, "thrower"));
	assert_int_equal(run->nresults, 10);
	has_warning(&w, EDGES "c20-nosec.txt", "1 benchmark failed and is "
		"left out ('thrower': boom)");
	has_warning(&w, EDGES "c20-nosec.txt", "1 test case with benchmarks "
		"failed; its benchmarks are kept ('failing')");
	assert_int_equal(lines(&w), 2);
	gb_run_free(run);
	run = read_warned(EDGES "x20-nosec.xml", NULL, &w);
	at_same(at_result(run, "before failure")->mean, 60.0579, "kept");
	has_warning(&w, EDGES "x20-nosec.xml", "1 benchmark failed and is "
		"left out ('thrower': boom)");
	has_warning(&w, EDGES "x20-nosec.xml", "1 test case with benchmarks "
		"failed; its benchmarks are kept ('failing')");
	assert_int_equal(lines(&w), 2);
	gb_run_free(run);
	/* Durations between tables; a CHECK failed between benchmarks. */
	run = read_warned(EDGES "dur.txt", NULL, &w);
	at_same(at_result(run, "after thrower")->mean, 48.1651, "dur");
	assert_int_equal(run->nresults, 7);
	gb_run_free(run);
	run = read_warned(EDGES "msgs.txt", NULL, &w);
	assert_int_equal(run->nresults, 4);
	at_same(at_result(run, "fourth")->mean, 191.714, "after output");
	has_warning(&w, EDGES "msgs.txt", "1 test case with benchmarks "
		"failed; its benchmarks are kept ('messages between')");
	assert_int_equal(lines(&w), 1);
	gb_run_free(run);
	gb_buf_dispose(&w);
	same_names(EDGES "c20-nosec.txt", EDGES "x20-nosec.xml", NULL);
}

/*
 * --benchmark-no-analysis: Catch2 writes a deviation of 0 with ci="0" and
 * prints one line per benchmark; a single sample has no spread either.
 */
static void test_no_analysis(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_fixture(EDGES "noanal-nosec.xml", NULL, "catch2");
	at_same(at_result(run, "work 1000")->mean, 896.282, "xml mean");
	at_same(at_result(run, "work 1000")->stddev, NAN, "xml sd");
	assert_int_equal(at_result(run, "work 1000")->count, 15);
	gb_run_free(run);
	run = at_read_fixture(EDGES "noanal-a.xml", NULL, "catch2");
	at_same(at_result(run, "fast")->stddev, NAN, "a sd");
	gb_run_free(run);
	run = at_read_fixture(EDGES "noanal-nosec.txt", NULL, "catch2");
	assert_int_equal(run->nresults, 10);
	at_same(at_result(run, "work 1000")->mean, 848.198, "text mean");
	at_same(at_result(run, "work 1000")->stddev, NAN, "text sd");
	assert_int_equal(at_result(run, "work 1000")->count, 15);
	assert_int_equal(at_result(run, "work 1000")->iterations, 15 * 88);
	at_same(at_result(run, "sleepish")->mean, 2.28236e6, "ms");
	at_same(at_result(run, "a very long benchmark name that will certainly "
		"wrap in the console reporter because it exceeds the column "
		"width")->mean, 173.607, "wrapped");
	gb_run_free(run);
	run = at_read_fixture(EDGES "noanal-nosec.txt", "catch2", "catch2");
	assert_int_equal(run->nresults, 10);
	gb_run_free(run);
	same_names(EDGES "noanal-nosec.txt", EDGES "noanal-nosec.xml", NULL);
	run = at_read_fixture(EDGES "s1.xml", NULL, "catch2");
	at_same(at_result(run, "work 1000")->mean, 871.119, "s1 xml");
	at_same(at_result(run, "work 1000")->stddev, NAN, "s1 xml sd");
	assert_int_equal(at_result(run, "work 1000")->count, 1);
	gb_run_free(run);
	run = at_read_fixture(EDGES "s1.txt", NULL, "catch2");
	at_same(at_result(run, "fast")->mean, 0.456513, "s1 text");
	at_same(at_result(run, "fast")->stddev, NAN, "s1 text sd");
	gb_run_free(run);
}

/*
 * One benchmark name in two sections (or test cases): each is named by
 * its test case and sections, in XML and console alike; the others keep
 * their names.
 */
static void test_same_name_apart(void **state)
{
	static const char *const files[] = { EDGES "x20.xml", EDGES "c20.txt",
		EDGES "noanal.xml", EDGES "noanal.txt" };
	static const double s1[] = { 36.4528, 39.0143, 31.2313, 42.1344 };
	static const double s2[] = { 328.426, 442.291, 294.142, 556.878 };
	gb_run *run;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		run = at_read_fixture(files[i], NULL, "catch2");
		at_same(at_result(run, "sections/s1/in section")->mean, s1[i],
			files[i]);
		at_same(at_result(run, "sections/s2/in section")->mean, s2[i],
			files[i]);
		assert_null(gb_run_find(run, "in section"));
		at_result(run, "work 1000");
		assert_int_equal(run->nresults, 12);
		gb_run_free(run);
	}
	same_names(EDGES "c20.txt", EDGES "x20.xml", NULL);
	same_names(EDGES "noanal.txt", EDGES "noanal.xml", NULL);
}

/* --use-colour yes: the escape sequences are passed over. */
static void test_colour(void **state)
{
	gb_buf w = GB_BUF_INIT;
	gb_run *run = read_warned(EDGES "colour.txt", NULL, &w);

	(void)state;
	assert_int_equal(run->nresults, 7);
	at_same(at_result(run, "work 1000")->mean, 504.13, "colour");
	at_same(at_result(run, "after thrower")->stddev, 0.0427056, "red");
	has_warning(&w, EDGES "colour.txt", "1 benchmark failed and is "
		"left out ('thrower': boom)");
	gb_run_free(run);
	gb_buf_dispose(&w);
}

#define WRAP "catch2/wrap/"

/*
 * A name too long for the console's column is wrapped where Catch2's
 * TextFlow finds a boundary: at a space, which is dropped, or after one
 * of "])}>.,:;*+-=&/\\" or before one of "[({<|", where nothing is: each
 * name is read as the XML of the same program has it.
 */
static void test_wrapped_names(void **state)
{
	static const char *const unlike[] = { "tab here and   three spaces",
		"ends with spaces   ", NULL };
	gb_run *run = at_read_fixture(WRAP "names.txt", NULL, "catch2");

	(void)state;
	at_same(at_result(run, "std::vector<int>::push_back/size=1000000")->mean,
		19.0626, "push_back");
	at_same(at_result(run, "BM_sort/size:1048576/threads:4/real_time")->mean,
		29.8825, "sort");
	at_result(run, "encode-decode-roundtrip-with-large-buffer");
	at_result(run, "percent 100% & <xml> 'single' \"double\"");
	at_result(run, "ends with spaces");
	gb_run_free(run);
	same_names(WRAP "names.txt", WRAP "names.xml", unlike);
	same_names(WRAP "wrap.txt", WRAP "wrap.xml", NULL);
}

/*
 * A wrap after a break-after character, or before a break-before one, may
 * have dropped blanks too: it did when, without them, the next line's
 * first word would have fitted on the line above.
 */
static void test_wrapped_at_blank(void **state)
{
	/* "after_comma_xxxxxxxxxxxxxxxxxx," and "continued" (one line). */
	char *text = at_changed(WRAP "wrap.txt",
		"\ncontinued                                        5         11375",
		"\na                                                5         11375");
	gb_run *run = at_read_text(text, NULL, "catch2");

	(void)state;
	at_result(run, "after_comma_xxxxxxxxxxxxxxxxxx, a");
	at_result(run, "before_paren_yyyyyyyyyyyyyyyyyyy(continued");
	gb_run_free(run);
	free(text);
	/* "before_paren_yyyyyyyyyyyyyyyyyyy" and "(x": a blank went. */
	text = at_changed(WRAP "wrap.txt",
		"(continued                                       5          6440",
		"(x                                               5          6440");
	run = at_read_text(text, NULL, "catch2");
	at_result(run, "before_paren_yyyyyyyyyyyyyyyyyyy (x");
	gb_run_free(run);
	free(text);
}

#define ASSERT "catch2/assert/"

/*
 * An assertion that failed inside a benchmark: a CHECK's benchmark is
 * kept, its rows read across the failure's text and the table printed
 * again; a REQUIRE's never ends, and is left out with a warning (XML:
 * <BenchmarkResults> without <mean>), the other benchmarks kept.
 */
static void test_assertion_in_benchmark(void **state)
{
	gb_buf w = GB_BUF_INIT;
	gb_run *run = read_warned(ASSERT "cut.txt", NULL, &w);
	char *text;

	(void)state;
	assert_int_equal(run->nresults, 6);
	at_same(at_result(run, "check fails first")->mean, 1.09857e6, "first");
	at_same(at_result(run, "check fails first")->stddev, 10351, "first sd");
	assert_int_equal(at_result(run, "check fails first")->iterations, 5);
	at_same(at_result(run, "check fails ninth")->mean, 30.7454e6, "ninth");
	at_same(at_result(run, "check fails ninth")->stddev, 1.10786e6,
		"ninth sd");
	assert_int_equal(at_result(run, "check fails ninth")->count, 5);
	at_same(at_result(run, "fine after")->mean, 6.08703, "after");
	assert_null(gb_run_find(run, "require fails ninth"));
	assert_null(gb_run_find(run, "require fails first"));
	has_warning(&w, ASSERT "cut.txt", "2 benchmarks failed and are left "
		"out ('require fails ninth': rows cut by the assertion that "
		"failed at fail.cc:25)");
	gb_run_free(run);
	run = read_warned(ASSERT "fail.xml", NULL, &w);
	assert_int_equal(run->nresults, 7);
	at_result(run, "check fails first");
	at_result(run, "after misaligned");
	assert_null(gb_run_find(run, "require fails ninth"));
	has_warning(&w, ASSERT "fail.xml", "2 benchmarks failed and are left "
		"out ('require fails ninth': no <mean>: the assertion that "
		"failed at fail.cc:25 ended it)");
	gb_run_free(run);
	/* Without analysis: a REQUIRE's benchmark cut after its samples. */
	run = read_warned(ASSERT "noanal-cut.txt", NULL, &w);
	assert_int_equal(run->nresults, 4);
	at_same(at_result(run, "check fails first")->mean, 1.22137e6, "plain");
	at_same(at_result(run, "fine after")->mean, 5.42247, "plain after");
	has_warning(&w, ASSERT "noanal-cut.txt", "2 benchmarks failed and "
		"are left out ('require fails ninth': rows cut by the assertion "
		"that failed at fail.cc:25)");
	gb_run_free(run);
	gb_buf_dispose(&w);
	at_truncated(ASSERT "cut.txt", "truncated");
	at_truncated(ASSERT "fail.xml", "truncated");
	/* A benchmark without <mean> and no assertion is left out too. */
	text = at_changed(FIXTURE, "<mean value=\"5783.7\"",
		"<notmean value=\"5783.7\"");
	run = at_read_warned(text, "catch2", "1 benchmark failed and is left "
		"out ('fib 20': no <mean>)");
	assert_int_equal(run->nresults, 4);
	gb_run_free(run);
	free(text);
}

/*
 * A REQUIRE that failed before a benchmark's first row was whole leaves
 * Catch2 printing every later row a column off: the file is refused,
 * saying so, rather than misread.
 */
static void test_out_of_line(void **state)
{
	size_t len;
	char *text = th_slurp(th_fixture(ASSERT "fail.txt"), &len);

	(void)state;
	at_fails(text, len, NULL, "line 126: the table is out of line: a "
		"failed assertion cut benchmark 'require fails first' after its "
		"name, and Catch2 then prints every row a column off; record -r "
		"xml");
	free(text);
	text = th_slurp(th_fixture(ASSERT "noanal.txt"), &len);
	at_fails(text, len, NULL, "line 42: the table is out of line: a "
		"failed assertion (line 36) cut benchmark 'check fails ninth' "
		"before its mean");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_v3),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_rule_or_name),
		cmocka_unit_test(test_cut_word),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_no_analysis),
		cmocka_unit_test(test_same_name_apart),
		cmocka_unit_test(test_colour),
		cmocka_unit_test(test_wrapped_names),
		cmocka_unit_test(test_wrapped_at_blank),
		cmocka_unit_test(test_assertion_in_benchmark),
		cmocka_unit_test(test_out_of_line),
		cmocka_unit_test(test_minutes),
		cmocka_unit_test(test_legacy_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
