/* The go test -bench adapter against real text and -json outputs. */
#include "adapter_test.h"

#define MAX_LINES 64

/* What a benchmark line says, re-read here with strtok and strtod. */
typedef struct {
	char name[256];
	double iters;
	char units[8][32];
	double values[8];
	size_t n;
} line;

static size_t parse_lines(const char *text, line *out)
{
	char *copy = strdup(text), *save = NULL, *l;
	size_t n = 0;

	for (l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *fsave = NULL, *f = strtok_r(l, " \t", &fsave), *dash;
		line *x = &out[n];

		if (strncmp(l, "Benchmark", 9) != 0 || !(f = strtok_r(NULL, " \t", &fsave)))
			continue;
		assert_true(n < MAX_LINES);
		snprintf(x->name, sizeof(x->name), "%s", l);
		/* BenchmarkSort/size=1000-2: GOMAXPROCS=2 is not part of it */
		dash = strrchr(x->name, '-');
		assert_non_null(dash);
		*dash = '\0';
		x->iters = strtod(f, NULL);
		for (x->n = 0; (f = strtok_r(NULL, " \t", &fsave)); x->n++) {
			x->values[x->n] = strtod(f, NULL);
			snprintf(x->units[x->n], sizeof(x->units[0]), "%s",
				strtok_r(NULL, " \t", &fsave));
		}
		n++;
	}
	free(copy);
	return n;
}

static void expect_kind(const gb_result *r, const char *unit, double *scale)
{
	*scale = 1;
	if (strcmp(unit, "ns/op") == 0) {
		at_kind(r, "ns", GB_LOWER_IS_BETTER);
	} else if (strcmp(unit, "B/op") == 0) {
		at_kind(r, "B", GB_LOWER_IS_BETTER);
	} else if (strcmp(unit, "allocs/op") == 0) {
		at_kind(r, "allocs", GB_LOWER_IS_BETTER);
	} else if (strcmp(unit, "MB/s") == 0) {
		at_kind(r, "B/s", GB_HIGHER_IS_BETTER);
		*scale = 1e6;
	} else {
		at_kind(r, unit, GB_LOWER_IS_BETTER);
	}
}

/* Every metric of every benchmark: its lines are its samples. */
static void check(const gb_run *run, const line *lines, size_t n)
{
	size_t i, j, k, expected = 0;

	for (i = 0; i < n; i++) {
		bool first = true;

		for (k = 0; k < i; k++)
			first = first && strcmp(lines[k].name, lines[i].name) != 0;
		if (!first)
			continue;
		for (j = 0; j < lines[i].n; j++) {
			double values[MAX_LINES], iters = 0, scale;
			char name[512];
			const gb_result *r;
			size_t m = 0;

			if (strcmp(lines[i].units[j], "ns/op") == 0)
				snprintf(name, sizeof(name), "%s", lines[i].name);
			else
				snprintf(name, sizeof(name), "%s [%s]", lines[i].name,
					lines[i].units[j]);
			for (k = i; k < n; k++) {
				if (strcmp(lines[k].name, lines[i].name) != 0)
					continue;
				values[m++] = lines[k].values[j];
				iters += lines[k].iters;
			}
			r = at_result(run, name);
			expect_kind(r, lines[i].units[j], &scale);
			at_samples(r, values, m, scale);
			assert_int_equal(r->count, m);
			assert_int_equal(r->iterations, (uint64_t)iters);
			expected++;
		}
	}
	assert_int_equal(run->nresults, expected);
}

static void test_text(void **state)
{
	const char *rel = "go/baseline/bench.txt";
	char *text = th_slurp(th_fixture(rel), NULL);
	gb_run *run = at_read_fixture(rel, NULL, "go");
	line lines[MAX_LINES];
	size_t n = parse_lines(text, lines);

	(void)state;
	assert_int_equal(n, 30);
	check(run, lines, n);
	at_same(at_result(run, "BenchmarkFib/n=10")->mean,
		(225.6 + 232.9 + 225.2 + 225.1 + 228.3) / 5, "mean of 5 lines");
	free(text);
	gb_run_free(run);
}

/* The -json stream: its output events, joined, are the text. */
static void test_json(void **state)
{
	const char *rel = "go/baseline/bench.json";
	char *text = th_slurp(th_fixture(rel), NULL), *save = NULL, *l;
	gb_buf output = GB_BUF_INIT;
	gb_run *run = at_read_fixture(rel, NULL, "go");
	line lines[MAX_LINES];
	size_t n;

	(void)state;
	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		cJSON *event = cJSON_Parse(l);
		const char *out = cJSON_GetStringValue(cJSON_GetObjectItem(event, "Output"));

		assert_non_null(event);
		if (out)
			gb_buf_puts(&output, out);
		cJSON_Delete(event);
	}
	n = parse_lines(output.ptr, lines);
	assert_int_equal(n, 30);
	check(run, lines, n);
	gb_buf_dispose(&output);
	free(text);
	gb_run_free(run);
}

static void test_text_forms(void **state)
{
	gb_run *run;

	(void)state;
	/* Printing by the benchmark comes between its name and its numbers. */
	run = at_read_text("BenchmarkA-4   \tsome output\n"
		"more output\n"
		"  100\t  12.5 ns/op\n", NULL, "go");
	assert_int_equal(run->nresults, 1);
	at_same(at_result(run, "BenchmarkA")->mean, 12.5, "A");
	assert_true(isnan(at_result(run, "BenchmarkA")->stddev));
	gb_run_free(run);
	/* Without -benchmem and GOMAXPROCS=1 there is no "-N". */
	run = at_read_text("BenchmarkB\t 10\t 1 ns/op\t 3.5 p99-ms\n"
		"BenchmarkB\t 10\t 3 ns/op\t 4.5 p99-ms\n", NULL, "go");
	assert_int_equal(run->nresults, 2);
	at_same(at_result(run, "BenchmarkB [p99-ms]")->mean, 4, "B p99");
	gb_run_free(run);
	/* Names that do not all end in one "-N" are kept as printed. */
	run = at_read_text("BenchmarkA-4\t 100\t 12.5 ns/op\n"
		"BenchmarkB\t 10\t 1 ns/op\n", NULL, "go");
	at_same(at_result(run, "BenchmarkA-4")->mean, 12.5, "A-4");
	at_same(at_result(run, "BenchmarkB")->mean, 1, "B");
	gb_run_free(run);
}

/* The mean, sample count and iterations of one benchmark's time. */
static void expect_time(const gb_run *run, const char *name, double mean,
	uint64_t count, uint64_t iterations)
{
	const gb_result *r = at_result(run, name);

	at_same(r->mean, mean, name);
	assert_int_equal(r->count, count);
	assert_int_equal(r->iterations, iterations);
}

/*
 * go prints "-N" only when GOMAXPROCS N is not 1: with -cpu 1 the "-10"
 * of "n-10" is the sub-benchmark's, and with -cpu 1,2,4 each setting is
 * a benchmark of its own.
 */
static void test_gomaxprocs(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_fixture("go/cases/a-cpu1.txt", NULL, "go");
	assert_int_equal(run->nresults, 3);
	expect_time(run, "BenchmarkSub/n-10", (3.181 + 3.150) / 2, 2,
		37902224 + 38773390);
	expect_time(run, "BenchmarkSub/n-20", (6.232 + 6.203) / 2, 2,
		19605916 + 19391685);
	expect_time(run, "BenchmarkSub/n-100", (33.58 + 33.70) / 2, 2,
		3397683 + 3590952);
	gb_run_free(run);
	run = at_read_fixture("go/cases/a-cpu124.txt", NULL, "go");
	assert_int_equal(run->nresults, 12);
	expect_time(run, "BenchmarkWork", (392.5 + 415.4) / 2, 2,
		302751 + 304986);
	expect_time(run, "BenchmarkWork-2", (397.8 + 428.1) / 2, 2,
		300806 + 305527);
	expect_time(run, "BenchmarkWork-4", (398.3 + 734.0) / 2, 2,
		298321 + 301078);
	expect_time(run, "BenchmarkSub/n-10", (5.453 + 5.447) / 2, 2,
		22469359 + 22600792);
	expect_time(run, "BenchmarkSub/n-10-4", (5.231 + 5.127) / 2, 2,
		21545834 + 23400856);
	expect_time(run, "BenchmarkSub/n-100-2", (33.46 + 46.18) / 2, 2,
		3505286 + 3605337);
	gb_run_free(run);
}

/*
 * What a benchmark prints comes after go printed its name: lines of its
 * own, text before the figures on their line, or before the next name
 * when it printed no newline. None of it is a name or a figure.
 */
static void test_printed(void **state)
{
	gb_run *run;

	(void)state;
	/* Numbers, one a line: the iteration counts go tried. */
	run = at_read_fixture("go/cases/c-printsnum.txt", NULL, "go");
	assert_int_equal(run->nresults, 1);
	expect_time(run, "BenchmarkPrintsNum", (35.50 + 34.73) / 2, 2,
		1731826 + 1795678);
	gb_run_free(run);
	/* "xxx" without a newline, then the figures. */
	run = at_read_fixture("go/cases/c-nonl.txt", NULL, "go");
	assert_int_equal(run->nresults, 2);
	expect_time(run, "BenchmarkPrintsNoNL", 151.1, 1, 1000000);
	expect_time(run, "BenchmarkZ", 272.6, 1, 338076);
	gb_run_free(run);
	/* go -v: the "x"s come before the name. */
	run = at_read_fixture("go/cases/c-nonl.json", NULL, "go");
	assert_int_equal(run->nresults, 2);
	expect_time(run, "BenchmarkPrintsNoNL", 101.2, 1, 1205949);
	gb_run_free(run);
	/* log lines (2>&1) that start with a date. */
	run = at_read_fixture("go/cases/f-stdlog.txt", NULL, "go");
	assert_int_equal(run->nresults, 2);
	expect_time(run, "BenchmarkLogs", 0.7010, 1, 30388401);
	expect_time(run, "BenchmarkAfter", 0.6603, 1, 62098140);
	gb_run_free(run);
	/* "Benchmarking ..." is no benchmark's name. */
	run = at_read_fixture("go/cases/h-benchword.txt", NULL, "go");
	assert_int_equal(run->nresults, 2);
	expect_time(run, "BenchmarkSetup", 0.3924, 1, 52319436);
	expect_time(run, "BenchmarkOther", 0.4453, 1, 67930551);
	gb_run_free(run);
	/* All of it in one run, with -benchmem and -count 2. */
	run = at_fixture_warned("go/cases/c-mixed.txt", "go", "2 benchmarks failed");
	assert_int_equal(run->nresults, 18);
	expect_time(run, "BenchmarkPrints", (35.10 + 47.19) / 2, 2,
		1512240 + 1513298);
	expect_time(run, "BenchmarkPrintsNum", (36.07 + 36.48) / 2, 2,
		1589158 + 1555983);
	expect_time(run, "BenchmarkPrintsNoNL", (49.73 + 41.87) / 2, 2,
		1362786 + 1437145);
	expect_time(run, "BenchmarkZ", (83.26 + 86.96) / 2, 2, 734650 + 719055);
	gb_run_free(run);
}

/* Figures found after printed text are still read strictly. */
static void test_printed_damaged(void **state)
{
	(void)state;
	at_damaged("go/cases/f-stdlog.txt", "0.7010 ns/op", "0.70x10 ns/op",
		NULL, "line 10: benchmark 'BenchmarkLogs': '0.70x10' is not a number");
	/* go pads a count under 8 digits: letters stuck to it are damage. */
	at_damaged("go/cases/c-nonl.txt", "xxx 1000000", "xxx1000000", NULL,
		"line 5: benchmark 'BenchmarkPrintsNoNL': 'xxx1000000' is not an iteration count");
	at_damaged("go/cases/c-printsnum.txt", " 1731826\t        35.50 ns/op\n",
		"", NULL, "line 6: benchmark 'BenchmarkPrintsNum': no measurements after its name");
	at_fails_str("BenchmarkX-2 \txxx 100\t 12.5 ns/", "go",
		"line 1: benchmark 'BenchmarkX': truncated: the file ends inside this line");
}

/*
 * Failed, skipped and panicked benchmarks have no figures: left out,
 * named in one warning, the others kept.
 */
static void test_failures(void **state)
{
	gb_run *run;

	(void)state;
	run = at_fixture_warned("go/cases/c-mixed2.txt", "go",
		"2 benchmarks failed and are left out ('BenchmarkFatal': also 'BenchmarkError')");
	assert_int_equal(run->nresults, 15);
	expect_time(run, "BenchmarkA", (45.09 + 42.05) / 2, 2, 1403371 + 1471098);
	expect_time(run, "BenchmarkPrintsNoNL", (79.53 + 57.97) / 2, 2, 2000000);
	gb_run_free(run);
	/* go -v also says which were skipped. */
	run = at_fixture_warned("go/cases/c-mixed2-v.txt", "go",
		"3 benchmarks failed or were skipped and are left out "
		"('BenchmarkSkip': also 'BenchmarkFatal', 'BenchmarkError')");
	assert_int_equal(run->nresults, 12);
	expect_time(run, "BenchmarkZ", (250.9 + 233.3) / 2, 2, 390945 + 644647);
	gb_run_free(run);
	run = at_fixture_warned("go/cases/c-mixed2.json", "go",
		"3 benchmarks failed or were skipped and are left out "
		"('BenchmarkSkip': also 'BenchmarkFatal', 'BenchmarkError')");
	assert_int_equal(run->nresults, 12);
	gb_run_free(run);
	/* A panic ends the test binary: BenchmarkZ never ran. */
	run = at_fixture_warned("go/cases/d-panic.txt", "go",
		"1 benchmark failed and is left out ('BenchmarkPanic': panic: "
		"kaboom: the run stopped there, the benchmarks after it did not run)");
	assert_int_equal(run->nresults, 1);
	expect_time(run, "BenchmarkA", 1.085, 1, 100000000);
	gb_run_free(run);
	/* b.Errorf in one of three -count runs: the other two runs'
	 * figures are left out with it, as the warning says. */
	run = at_fixture_warned("go/cases/p-flaky.txt", "go",
		"2 benchmarks failed and are left out ('BenchmarkFlaky': also "
		"'BenchmarkSubFail/bad')");
	assert_null(gb_run_find(run, "BenchmarkFlaky"));
	expect_time(run, "BenchmarkSubFail/good", (0.5410 + 0.7820 + 0.6810) / 3,
		3, 3000);
	assert_int_equal(run->nresults, 1);
	gb_run_free(run);
}

/*
 * A benchmark that prints go's own verdicts, "PASS" (m) or a line
 * starting "FAIL" (n), before its figures: the package is not over, and
 * nothing failed. Each such line before the figures was taken as the end
 * of the package or of the test binary.
 */
static void test_prints_verdicts(void **state)
{
	gb_run *run;

	(void)state;
	at_warnings_start();
	run = at_read_fixture("go/cases/m-prints-pass.txt", NULL, "go");
	assert_string_equal(at_warnings(), "");
	expect_time(run, "BenchmarkWarm", (84.51 + 61.85 + 84.06) / 3, 3, 3000);
	expect_time(run, "BenchmarkNext", (1.843 + 1.523 + 1.383) / 3, 3, 3000);
	gb_run_free(run);
	at_warnings_start();
	run = at_read_fixture("go/cases/n-prints-fail.txt", NULL, "go");
	assert_string_equal(at_warnings(), "");
	expect_time(run, "BenchmarkWarm", (211.6 + 289.2 + 213.9) / 3, 3, 3000);
	gb_run_free(run);
}

/*
 * b.ReportMetric's values as go prints them: lines copied from the same
 * run of mod/e (e-metrics.txt, e-zeron.txt) put into e-neg.txt.
 */
static void test_metrics(void **state)
{
	const char *f = "go/cases/e-neg.txt", *after = "BenchmarkAfter-2   \t";
	gb_buf with = GB_BUF_INIT;
	char *text;
	gb_run *run;

	(void)state;
	gb_buf_printf(&with, "BenchmarkInf-2     \t70789150\t         0.4411 ns/op"
		"\t      +Inf ratio/op\n%s", after);
	text = at_changed(f, after, with.ptr);
	run = at_read_warned(text, "go", "input: line 6: benchmark "
		"'BenchmarkInf': '+Inf ratio/op' is not a finite number and is left out");
	assert_int_equal(run->nresults, 6);
	expect_time(run, "BenchmarkInf", 0.4411, 1, 70789150);
	at_same(at_result(run, "BenchmarkNeg [delta/op]")->mean, -5.5, "delta");
	assert_null(gb_run_find_measure(run, "BenchmarkInf", "ratio/op"));
	gb_run_free(run);
	free(text);
	/* ReportMetric(0, "ns/op"): go prints the iteration count alone. */
	gb_buf_clear(&with);
	gb_buf_printf(&with, "BenchmarkZeroN-2   \t1000000000\n%s", after);
	at_damaged(f, after, with.ptr, NULL, "line 6: benchmark 'BenchmarkZeroN': "
		"an iteration count and no measurements (go prints no ns/op when it is 0)");
	gb_buf_dispose(&with);
	/* 35 of them, besides ns/op, B/op and allocs/op. */
	run = at_read_fixture("go/cases/g-many.txt", NULL, "go");
	assert_int_equal(run->nresults, 38);
	at_same(at_result(run, "BenchmarkMany [m34/op]")->mean, 34, "m34");
	at_same(at_result(run, "BenchmarkMany")->mean, 0.8723, "ns");
	gb_run_free(run);
	at_damaged("go/cases/g-many.txt", "0 allocs/op", "0 allocs/op\t 1 a/op\t "
		"1 b/op\t 1 c/op\t 1 d/op\t 1 e/op\t 1 f/op\t 1 g/op\t 1 h/op\t "
		"1 i/op\t 1 j/op\t 1 k/op\t 1 l/op\t 1 m/op\t 1 n/op\t 1 o/op\t "
		"1 p/op\t 1 q/op\t 1 r/op\t 1 s/op\t 1 t/op\t 1 u/op\t 1 v/op\t "
		"1 w/op\t 1 x/op\t 1 y/op\t 1 z/op\t 1 A/op", NULL,
		"line 5: benchmark 'BenchmarkMany': too many values (more than 64 on one line)");
}

/* A name longer than a record holds is read, with a warning naming it. */
static void test_long_name(void **state)
{
	gb_run *run;

	(void)state;
	run = at_fixture_warned("go/cases/k-long.txt", "go", "input: line 5: "
		"benchmark 'BenchmarkLong/xxxxx");
	assert_non_null(strstr(at_warned.ptr, "its name of 5024 bytes is over the "
		"4096 a record holds"));
	assert_int_equal(run->nresults, 5);
	expect_time(run, "BenchmarkLong/dup#01", (0.4405 + 0.4355 + 0.4224) / 3,
		3, 13235040 + 11995177 + 14338424);
	expect_time(run, "BenchmarkLong/tab_and_newline",
		(0.4102 + 0.4076 + 0.4312) / 3, 3, 13466864 + 13005394 + 13998902);
	gb_run_free(run);
}

/* go test ./... : names carry their package. */
static void test_packages(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("pkg: example.com/a\nBenchmarkX-2\t10\t5 ns/op\nPASS\n"
		"ok  \texample.com/a\t1.0s\n"
		"pkg: example.com/b\nBenchmarkX-2\t10\t7 ns/op\nPASS\n"
		"ok  \texample.com/b\t1.0s\n", NULL, "go");
	assert_int_equal(run->nresults, 2);
	at_same(at_result(run, "example.com/a.BenchmarkX")->mean, 5, "a");
	at_same(at_result(run, "example.com/b.BenchmarkX")->mean, 7, "b");
	gb_run_free(run);
}

static void test_truncated(void **state)
{
	size_t len;
	char *text = th_slurp(th_fixture("go/baseline/bench.txt"), &len);
	char *cut = strstr(text, "BenchmarkSort/size=1000-2");

	(void)state;
	at_truncated("go/baseline/bench.txt",
		"line 20: benchmark 'BenchmarkSort/size=10000': truncated: the file ends inside this line");
	at_truncated("go/baseline/bench.json", "(truncated: the file ends inside it)");
	/* Cut at the end of a line: the package's closing line is missing. */
	at_fails(text, (size_t)(cut - text), NULL,
		"truncated: no PASS, FAIL or ok line after the benchmarks of example.com/acceptance/gobench");
	/* Cut inside the unit of the last value. */
	at_fails(text, (size_t)(strstr(cut, "ns/op") - text) + 3, "go",
		"line 15: benchmark 'BenchmarkSort/size=1000': truncated");
	free(text);
}

static void test_malformed(void **state)
{
	const char *f = "go/baseline/bench.txt";

	(void)state;
	at_damaged(f, "225.6 ns/op", "22x5.6 ns/op", NULL,
		"line 5: benchmark 'BenchmarkFib/n=10': '22x5.6' is not a number");
	at_damaged(f, " 5457402\t", " 54x7402\t", NULL,
		"line 5: benchmark 'BenchmarkFib/n=10': '54x7402' is not an iteration count");
	at_damaged(f, "       0 allocs/op\n", "       0\n", NULL,
		"line 5: benchmark 'BenchmarkFib/n=10': a value without a unit");
	at_damaged("go/baseline/bench.json", "230.7 ns/op", "23x0.7 ns/op", NULL,
		"output of example.com/acceptance/gobench, line 17: benchmark 'BenchmarkFib/n=10': '23x0.7' is not a number");
	at_damaged("go/baseline/bench.json", "\"Action\":\"run\"", "\"Act\":\"run\"",
		NULL, "line 1: not a go test event (no Action)");
	at_fails_str("BenchmarkX-2\t10\t-5 ns/op\n", NULL, "its mean is negative");
	at_fails_str("BenchmarkX-2\t10\t1e999 ns/op\n", NULL, "out of range");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text_forms),
		cmocka_unit_test(test_gomaxprocs),
		cmocka_unit_test(test_printed),
		cmocka_unit_test(test_printed_damaged),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_prints_verdicts),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_packages),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
