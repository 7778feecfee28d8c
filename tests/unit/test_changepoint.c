/*
 * Change points on synthetic histories: known steps are found at their
 * exact index, flat noise gives none, and bad input is refused.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/changepoint_int.h"
#include "helpers.h"

/* xorshift64 and Box-Muller: the same series on every machine. */
static uint64_t rng;

static void seed(uint64_t s)
{
	rng = 0x9E3779B97F4A7C15ULL * (s + 1);
}

static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}

static double gaussian(void)
{
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

/* len points of level + sigma * noise; the caller adds steps. */
static double *noise(size_t len, uint64_t s, double level, double sigma)
{
	double *x = malloc(len * sizeof(double));
	size_t i;

	assert_non_null(x);
	seed(s);
	for (i = 0; i < len; i++)
		x[i] = level + sigma * gaussian();
	return x;
}

static void step(double *x, size_t from, size_t to, double by)
{
	for (; from < to; from++)
		x[from] += by;
}

/* Run with opts and check the indices found are exactly `want`. */
static gb_changepoint *expect(const double *x, size_t len,
	const gb_changepoint_options *opts, const size_t *want, size_t nwant)
{
	gb_changepoint *cps = NULL;
	size_t count = 99, i;

	assert_int_equal(gb_changepoints(&cps, &count, x, len, opts), 0);
	if (count != nwant) {
		for (i = 0; i < count; i++)
			print_message("found %zu (%+.2f%%, p %.3g)\n", cps[i].index,
				cps[i].change, cps[i].pvalue);
		fail_msg("%zu change points, expected %zu", count, nwant);
	}
	for (i = 0; i < count; i++)
		assert_int_equal(cps[i].index, want[i]);
	if (!count)
		assert_null(cps);
	return cps;
}

static void test_one_step(void **state)
{
	double *x = noise(60, 1, 100, 1);
	gb_changepoint *cps;

	(void)state;
	step(x, 30, 60, 10);
	cps = expect(x, 60, NULL, (const size_t[]){ 30 }, 1);
	assert_true(fabs(cps[0].mean_before - 100) < 1);
	assert_true(fabs(cps[0].mean_after - 110) < 1);
	assert_true(fabs(cps[0].change - 10) < 1.5);
	assert_true(cps[0].pvalue < 0.001);
	free(cps);
	free(x);
}

static void test_two_steps(void **state)
{
	double *x = noise(90, 2, 100, 1);

	(void)state;
	step(x, 30, 90, 10);
	step(x, 60, 90, 10);
	free(expect(x, 90, NULL, (const size_t[]){ 30, 60 }, 2));
	free(x);
}

static void test_up_then_down(void **state)
{
	double *x = noise(100, 3, 100, 1);
	gb_changepoint *cps;

	(void)state;
	step(x, 40, 70, 15);
	cps = expect(x, 100, NULL, (const size_t[]){ 40, 70 }, 2);
	assert_true(cps[0].change > 10);
	assert_true(cps[1].change < -10);
	free(cps);
	free(x);
}

/* Steps further apart than a window, so several windows must agree. */
static void test_steps_across_windows(void **state)
{
	double *x = noise(400, 4, 1000, 10);
	gb_changepoint *cps;
	size_t i;

	(void)state;
	step(x, 100, 400, 100);
	step(x, 220, 400, -200);
	step(x, 333, 400, 300);
	cps = expect(x, 400, NULL, (const size_t[]){ 100, 220, 333 }, 3);
	/* Each point's means are those of the segments to its neighbours. */
	assert_true(fabs(cps[0].mean_before - gb_stats_mean(x, 100)) < 1e-9);
	for (i = 0; i < 3; i++) {
		size_t from = i ? cps[i - 1].index : 0;
		size_t to = i < 2 ? cps[i + 1].index : 400;

		assert_true(fabs(cps[i].mean_before -
			gb_stats_mean(x + from, cps[i].index - from)) < 1e-9);
		assert_true(fabs(cps[i].mean_after -
			gb_stats_mean(x + cps[i].index, to - cps[i].index)) < 1e-9);
		assert_true(fabs(cps[i].change - 100 * (cps[i].mean_after -
			cps[i].mean_before) / cps[i].mean_before) < 1e-9);
		assert_true(cps[i].pvalue >= 0 && cps[i].pvalue < 0.001);
	}
	free(cps);
	free(x);
}

/* Without noise the sides are constants: the step is certain. */
static void test_noiseless_step(void **state)
{
	const double x[] = { 5, 5, 5, 5, 5, 9, 9, 9, 9, 9 };
	gb_changepoint *cps;

	(void)state;
	cps = expect(x, 10, NULL, (const size_t[]){ 5 }, 1);
	assert_true(cps[0].mean_before == 5 && cps[0].mean_after == 9);
	assert_true(cps[0].change == 80);
	assert_true(cps[0].pvalue == 0);
	free(cps);
}

/*
 * Flat gaussian noise, 8 seeds at each of 5 lengths, finds nothing. (The
 * rate over many seeds is about 1% of series at 300 points; these 40
 * are seeds 0..7, not chosen.)
 */
static void test_flat_noise(void **state)
{
	const size_t lens[] = { 20, 50, 100, 200, 300 };
	size_t l;
	uint64_t s;

	(void)state;
	for (l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		for (s = 0; s < 8; s++) {
			double *x = noise(lens[l], 100 + s, 50, 2);

			free(expect(x, lens[l], NULL, NULL, 0));
			free(x);
		}
	}
}

/* One wild value is not a level: a segment needs min_segment points. */
static void test_outlier(void **state)
{
	double *x = noise(80, 5, 100, 1);

	(void)state;
	x[40] = 1000;
	free(expect(x, 80, NULL, NULL, 0));
	free(x);
}

static void test_min_magnitude(void **state)
{
	gb_changepoint_options opts = GB_CHANGEPOINT_OPTIONS_INIT;
	double *x = noise(80, 6, 100, 0.2);

	(void)state;
	/* +3%: far beyond the noise, below a 5% floor. */
	step(x, 40, 80, 3);
	free(expect(x, 80, &opts, (const size_t[]){ 40 }, 1));
	opts.min_magnitude = 0.05;
	free(expect(x, 80, &opts, NULL, 0));
	opts.min_magnitude = 0.025;
	free(expect(x, 80, &opts, (const size_t[]){ 40 }, 1));
	free(x);
}

static void test_short_series(void **state)
{
	const double five[] = { 1, 1, 1, 50, 50 };
	const double six[] = { 1, 1, 1, 50, 50, 50 };
	gb_changepoint_options opts = GB_CHANGEPOINT_OPTIONS_INIT;

	(void)state;
	/* Fewer than 2 * min_segment points: nothing to split. */
	free(expect(five, 5, NULL, NULL, 0));
	free(expect(six, 6, NULL, (const size_t[]){ 3 }, 1));
	opts.min_segment = 2;
	free(expect(five, 5, &opts, (const size_t[]){ 3 }, 1));
	free(expect(five, 1, NULL, NULL, 0));
	free(expect(NULL, 0, NULL, NULL, 0));
}

/* A change right at the edge is found when clear, never inside it. */
static void test_edges(void **state)
{
	double *x = noise(40, 7, 100, 1);

	(void)state;
	step(x, 0, 3, -90);
	free(expect(x, 40, NULL, (const size_t[]){ 3 }, 1));
	step(x, 0, 3, 90);
	step(x, 38, 40, 100);
	free(expect(x, 40, NULL, NULL, 0));
	free(x);
}

static void test_constant(void **state)
{
	double x[300];
	size_t i;

	(void)state;
	for (i = 0; i < 300; i++)
		x[i] = 1234.5;
	free(expect(x, 300, NULL, NULL, 0));
	for (i = 0; i < 300; i++)
		x[i] = 0;
	free(expect(x, 300, NULL, NULL, 0));
}

/* A narrow window still finds the step, from the overlapping windows. */
static void test_small_window(void **state)
{
	gb_changepoint_options opts = GB_CHANGEPOINT_OPTIONS_INIT;
	double *x = noise(100, 8, 100, 1);

	(void)state;
	opts.window = 12;
	step(x, 47, 100, 20);
	free(expect(x, 100, &opts, (const size_t[]){ 47 }, 1));
	free(x);
}

/*
 * Many 10% steps over a long series, 1% noise: all found, none extra.
 * Noise alone yields a spurious pair (around a run some 0.8 sigma off)
 * about once per 20,000 points; a 2% floor, as a user who knows the
 * noise would set, keeps those out without touching the steps.
 */
static void test_long_series(void **state)
{
	gb_changepoint_options opts = GB_CHANGEPOINT_OPTIONS_INIT;
	size_t len = 20000, i, count = 0;
	double *x = noise(len, 9, 1000, 10);
	gb_changepoint *cps = NULL;

	(void)state;
	opts.min_magnitude = 0.02;
	for (i = 500; i < len; i += 500)
		step(x, i, len, i % 1000 ? 100 : -100);
	assert_int_equal(gb_changepoints(&cps, &count, x, len, &opts), 0);
	assert_int_equal(count, len / 500 - 1);
	for (i = 0; i < count; i++)
		assert_int_equal(cps[i].index, 500 * (i + 1));
	free(cps);
	free(x);
}

/* The points of x[0, len) with and without the memo are the same. */
static void expect_same(const double *x, size_t len,
	const gb_changepoint_options *opts, gb_split_memo **memo)
{
	gb_changepoint *a = NULL, *b = NULL;
	size_t na = 0, nb = 0, i;

	assert_int_equal(gb_changepoints(&a, &na, x, len, opts), 0);
	assert_int_equal(gb_changepoints_memo(&b, &nb, x, len, opts, memo), 0);
	assert_non_null(*memo);
	assert_int_equal(na, nb);
	for (i = 0; i < na; i++) {
		assert_int_equal(a[i].index, b[i].index);
		assert_true(a[i].pvalue == b[i].pvalue);
		assert_true(a[i].mean_before == b[i].mean_before);
		assert_true(a[i].mean_after == b[i].mean_after);
	}
	free(a);
	free(b);
}

/*
 * A series and its prefixes (as a trend searches them: all points, then
 * the newest few left out) share one memo and find what each finds
 * alone; so does a memo moved to another array.
 */
static void test_memo_prefixes(void **state)
{
	gb_changepoint_options opts = GB_CHANGEPOINT_OPTIONS_INIT;
	gb_split_memo *memo = NULL;
	size_t len = 400, cut, s;
	double *x, *y;

	(void)state;
	opts.window = 40;
	for (s = 0; s < 12; s++) {
		x = noise(len, 100 + s, 100, 1 + (double)(s % 3));
		step(x, 37 + 11 * s, len, 4);
		step(x, 180 + 7 * s, 260, -6);
		step(x, len - 1 - s % 4, len, 9);
		for (cut = 0; cut < 6; cut++)
			expect_same(x, len - cut, &opts, &memo);
		/* Another array at another address, then this one changed. */
		y = noise(len, 200 + s, 50, 2);
		expect_same(y, len, &opts, &memo);
		gb_split_memo_free(memo);
		memo = NULL;
		expect_same(x, len, &opts, &memo);
		step(x, 300, len, 20);
		gb_split_memo_free(memo);
		memo = NULL;
		expect_same(x, len, &opts, &memo);
		gb_split_memo_free(memo);
		memo = NULL;
		free(y);
		free(x);
	}
}

static void test_invalid_series(void **state)
{
	double x[40];
	gb_changepoint sentinel, *cps = &sentinel;
	size_t count = 7, i;

	(void)state;
	for (i = 0; i < 40; i++)
		x[i] = (double)(i % 3);
	x[17] = NAN;
	assert_int_equal(gb_changepoints(&cps, &count, x, 40, NULL), GB_EINVALID);
	assert_string_equal(gb_error_last()->message,
		"change point series has a non-finite value at 17");
	assert_null(cps);
	assert_int_equal(count, 0);
	x[17] = -INFINITY;
	assert_int_equal(gb_changepoints(&cps, &count, x, 40, NULL), GB_EINVALID);
	assert_int_equal(gb_changepoints(&cps, &count, NULL, 3, NULL), GB_EINVALID);
	assert_int_equal(gb_changepoints(NULL, &count, x, 3, NULL), GB_EINVALID);
	assert_int_equal(gb_changepoints(&cps, NULL, x, 3, NULL), GB_EINVALID);
}

static void expect_bad_option(const gb_changepoint_options *opts,
	const char *what)
{
	const double x[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	gb_changepoint *cps = NULL;
	size_t count;

	assert_int_equal(gb_changepoints(&cps, &count, x, 8, opts), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, what));
	assert_null(cps);
}

static void test_invalid_options(void **state)
{
	const gb_changepoint_options good = GB_CHANGEPOINT_OPTIONS_INIT;
	gb_changepoint_options o;

	(void)state;
	o = good;
	o.version = 3;
	expect_bad_option(&o, "version 3");
	o.version = 0;
	expect_bad_option(&o, "version 0");
	o = good;
	o.min_segment = 1;
	expect_bad_option(&o, "min_segment");
	o = good;
	o.window = 5;
	expect_bad_option(&o, "window");
	o = good;
	o.max_pvalue = 0;
	expect_bad_option(&o, "max_pvalue");
	o.max_pvalue = 1.5;
	expect_bad_option(&o, "max_pvalue");
	o.max_pvalue = NAN;
	expect_bad_option(&o, "max_pvalue");
	o = good;
	o.min_magnitude = -0.1;
	expect_bad_option(&o, "min_magnitude");
	o.min_magnitude = NAN;
	expect_bad_option(&o, "min_magnitude");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_step),
		cmocka_unit_test(test_two_steps),
		cmocka_unit_test(test_up_then_down),
		cmocka_unit_test(test_steps_across_windows),
		cmocka_unit_test(test_noiseless_step),
		cmocka_unit_test(test_flat_noise),
		cmocka_unit_test(test_outlier),
		cmocka_unit_test(test_min_magnitude),
		cmocka_unit_test(test_short_series),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_constant),
		cmocka_unit_test(test_small_window),
		cmocka_unit_test(test_long_series),
		cmocka_unit_test(test_memo_prefixes),
		cmocka_unit_test(test_invalid_series),
		cmocka_unit_test(test_invalid_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
