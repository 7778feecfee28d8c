/* The bencher text adapter against Criterion's --output-format bencher. */
#include "adapter_test.h"

#define FIXTURE "criterion/slow/bencher.stdout.txt"

static void test_fixture(void **state)
{
	char *text = th_slurp(th_fixture(FIXTURE), NULL), *save = NULL, *l;
	gb_run *run = at_read_fixture(FIXTURE, NULL, "bencher");
	size_t n = 0;

	(void)state;
	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char name[256];
		double value, spread;
		const gb_result *r;

		if (sscanf(l, "test %255s ... bench: %lf ns/iter (+/- %lf)", name,
			   &value, &spread) != 3)
			continue;
		r = at_result(run, name);
		at_kind(r, "ns", GB_LOWER_IS_BETTER);
		at_same(r->mean, value, name);
		at_same(r->stddev, spread, name);
		n++;
	}
	assert_int_equal(n, 8);
	assert_int_equal(run->nresults, n);
	free(text);
	gb_run_free(run);
}

/* libtest's own #[bench] lines: separators, a throughput. */
static void test_libtest(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("running 2 tests\n"
		"test tests::parse  ... bench:       1,234 ns/iter (+/- 56) = 830 MB/s\n"
		"test tests::encode ... bench:          12 ns/iter (+/- 1)\n"
		"test result: ok. 0 passed; 0 failed; 0 ignored; 2 measured\n",
		NULL, "bencher");
	assert_int_equal(run->nresults, 3);
	at_same(at_result(run, "tests::parse")->mean, 1234, "separators");
	at_kind(at_result(run, "tests::parse [MB/s]"), "B/s", GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "tests::parse [MB/s]")->mean, 830e6, "MB/s");
	gb_run_free(run);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated(FIXTURE, "line 6: expected \"<n> <unit>/iter (+/- <n>)\" "
		"after \"bench:\", found \"1 ns/iter\" (truncated: the file ends "
		"inside this line)");
	at_damaged(FIXTURE, "113 ns/iter", "11x3 ns/iter", NULL,
		"line 5: expected \"<n> <unit>/iter (+/- <n>)\" after \"bench:\", "
		"found \"11x3 ns/iter (+/- 4)\"");
	at_damaged(FIXTURE, "(+/- 4)", "(+/- 4", NULL, "line 5: expected");
	at_damaged(FIXTURE, "(+/- 4)", "(+/- 4) = lots", NULL,
		"line 5: expected \"= <n> MB/s\" after the figure, found \"= lots\"");
	at_damaged(FIXTURE, "test fibonacci/iterative/10", "test fibonacci/recursive/10",
		NULL, "benchmark 'fibonacci/recursive/10' appears more than once");
	at_fails_str("test  ... bench: 5 ns/iter (+/- 1)\n", NULL,
		"a benchmark has an empty name");
}

/*
 * Every unit libtest and Criterion's bencher output print: times per
 * iteration in ns, other counts per iteration as they are, rates higher
 * is better. A complete line is never called cut short.
 */
static void test_units(void **state)
{
	gb_run *run;
	const char *msg;

	(void)state;
	run = at_read_fixture("libtest/other-units.txt", NULL, "bencher");
	at_kind(at_result(run, "rdtsc_overhead [cycles]"), "cycles", GB_LOWER_IS_BETTER);
	at_same(at_result(run, "rdtsc_overhead [cycles]")->mean, 2835, "cycles");
	at_same(at_result(run, "rdtsc_overhead [cycles]")->stddev, 12, "cycles spread");
	at_kind(at_result(run, "adc_sample_rate [throughput]"), "MS/s", GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "adc_sample_rate [throughput]")->mean, 9001, "MS/s");
	at_kind(at_result(run, "memcpy_4k"), "ns", GB_LOWER_IS_BETTER);
	at_same(at_result(run, "memcpy_4k")->mean, 112e3, "us/iter");
	at_same(at_result(run, "memcpy_4k")->stddev, 3e3, "us/iter spread");
	gb_run_free(run);
	run = at_read_fixture("libtest/ns.txt", NULL, "bencher");
	at_same(at_result(run, "bench::sort_10000")->mean, 412004.5, "decimals");
	at_same(at_result(run, "bench::parse_config [MB/s]")->mean, 830e6, "MB/s");
	gb_run_free(run);
	at_fails_str("test a ... bench: 5 furlongs (+/- 1)\n", NULL,
		"line 1: expected \"<n> <unit>/iter (+/- <n>)\" after \"bench:\", "
		"found \"5 furlongs (+/- 1)\"");
	msg = gb_error_last()->message;
	assert_null(strstr(msg, "truncated"));
	assert_null(strstr(msg, "cut short"));
	at_fails_str("running 1 test\ntest a ... bench: 5 ns/iter (+/- 1)\n",
		NULL, "truncated: the tests started at line 1 have no \"test "
		"result:\" line");
	at_truncated("libtest/ns.txt", "truncated");
	at_truncated("libtest/other-units.txt", "truncated");
}

/*
 * Criterion.rs 0.3.6's --output-format bencher prints its median point
 * estimate, cut to an integer (and libtest its median): it is the median, and the
 * mean too, so that comparisons, which take the mean unless told, still
 * have it. thr/bytes_sum: median 677.4, mean 742.8, printed 677.
 */
static void test_median(void **state)
{
	static const char *const dir = "criterion/shapes/C/";
	char rel[256];
	gb_run *run, *tree;
	size_t i, n = 0;

	(void)state;
	snprintf(rel, sizeof(rel), "%sbencher.stdout.txt", dir);
	run = at_read_fixture(rel, NULL, "bencher");
	snprintf(rel, sizeof(rel), "%scriterion", dir);
	tree = at_read_fixture(rel, NULL, "criterion");
	for (i = 0; i < run->nresults; i++) {
		const gb_result *r = &run->results[i];
		const gb_result *t = gb_run_find_measure(tree, r->name, "time");

		at_same(r->median, r->mean, r->name);
		at_same(gb_series_estimate(r, GB_ESTIMATOR_MEDIAN),
			gb_series_estimate(r, GB_ESTIMATOR_MEAN), r->name);
		/* Names Criterion cut at 100 bytes are not the tree's. */
		if (!t)
			continue;
		/* Criterion prints it as an integer, cut: `n as u64`. */
		if (!(t->median - r->median >= 0 && t->median - r->median < 1))
			fail_msg("%s: %g, the tree's median %g", r->name,
				r->median, t->median);
		n++;
	}
	assert_int_equal(n, 15);
	at_same(at_result(run, "thr/bytes_sum")->median, 677, "median");
	assert_true(fabs(at_result(tree, "thr/bytes_sum")->mean - 677) > 60);
	at_same(at_result(run, "thr/bytes_sum")->stddev, 191, "std_dev");
	gb_run_free(run);
	gb_run_free(tree);
	/* libtest's: the median too, and its rate. */
	run = at_read_fixture("libtest/ns.txt", NULL, "bencher");
	at_same(at_result(run, "bench::sort_10000")->median, 412004.5, "median");
	at_same(at_result(run, "bench::parse_config [MB/s]")->median, 830e6,
		"MB/s");
	gb_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_libtest),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_median),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
