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
	/* Printing by the benchmark comes between its name and its numbers;
	 * without -benchmem and GOMAXPROCS=1 there is no "-N". */
	run = at_read_text("BenchmarkA-4   \tsome output\n"
		"more output\n"
		"  100\t  12.5 ns/op\n"
		"BenchmarkB\t 10\t 1 ns/op\t 3.5 p99-ms\n"
		"BenchmarkB\t 10\t 3 ns/op\t 4.5 p99-ms\n", NULL, "go");
	assert_int_equal(run->nresults, 3);
	at_same(at_result(run, "BenchmarkA")->mean, 12.5, "A");
	assert_true(isnan(at_result(run, "BenchmarkA")->stddev));
	at_same(at_result(run, "BenchmarkB [p99-ms]")->mean, 4, "B p99");
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
		cmocka_unit_test(test_packages),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
