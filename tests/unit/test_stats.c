/*
 * Statistics: values worked by hand (the arithmetic is in the comments),
 * published quantiles, and cross-checks against SciPy 1.10.1 where the
 * arithmetic is too long to show; plus every degenerate input.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define assert_near(actual, expected, tol) do { \
	double a_ = (actual), e_ = (expected); \
	if (!(fabs(a_ - e_) <= (tol))) \
		fail_msg("%s = %.17g, expected %.17g (within %g)", \
			#actual, a_, e_, (double)(tol)); \
} while (0)

#define assert_nan(x) assert_true(isnan(x))

static void test_summaries(void **state)
{
	const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	const double odd[] = { 3, 1, 2 };

	(void)state;
	/* Sum 40 over 8; squared deviations 9+1+1+1+0+0+4+16 = 32, / 7. */
	assert_near(gb_stats_mean(x, 8), 5, 0);
	assert_near(gb_stats_stddev(x, 8), sqrt(32.0 / 7), 1e-15);
	assert_near(gb_stats_median(x, 8), 4.5, 0);
	assert_near(gb_stats_median(odd, 3), 2, 0);
	/* The input stays in its order. */
	assert_true(odd[0] == 3 && odd[1] == 1 && odd[2] == 2);
	/* ln 1 + ln 2 + ln 4 = 3 ln 2, over 3: the geometric mean is 2. */
	assert_near(gb_stats_geomean((const double[]){ 1, 2, 4 }, 3), 2, 1e-15);
}

static void test_summaries_undefined(void **state)
{
	const double one[] = { 7 }, bad[] = { 1, NAN, 3 };

	(void)state;
	assert_nan(gb_stats_mean(NULL, 0));
	assert_nan(gb_stats_stddev(one, 1));
	assert_nan(gb_stats_median(NULL, 0));
	assert_nan(gb_stats_mad(NULL, 0));
	assert_near(gb_stats_mad(one, 1), 0, 0);
	assert_nan(gb_stats_successive_spread(one, 1));
	assert_nan(gb_stats_successive_spread((const double[]){ 1, 2 }, 2));
	assert_nan(gb_stats_geomean(NULL, 0));
	assert_nan(gb_stats_geomean((const double[]){ 1, 0, 2 }, 3));
	assert_nan(gb_stats_geomean((const double[]){ 1, -2 }, 2));
	assert_nan(gb_stats_mean(bad, 3));
	assert_nan(gb_stats_median(bad, 3));
	assert_nan(gb_stats_mad(bad, 3));
	assert_nan(gb_stats_successive_spread(bad, 3));
	assert_nan(gb_stats_geomean(bad, 3));
	/* More than half infinite: no finite centre to deviate from. */
	assert_nan(gb_stats_mad((const double[]){ INFINITY, INFINITY, 1 }, 3));
	assert_near(gb_stats_median((const double[]){ INFINITY, 2, 1 }, 3), 2, 0);
}

/*
 * The median found by selection, whatever the order of the values: orders
 * of 0..n-1 against the median written down from n alone, among them the
 * orders that defeat a naive pivot (sorted, reversed, zigzag), and ties:
 * all equal, two values in halves or alternating.
 */
static void test_median_orders(void **state)
{
	enum { N = 1001 };
	static double x[N];
	size_t n, i, order;

	(void)state;
	for (n = 1; n <= N; n += n < 40 ? 1 : 97) {
		/* Values 0..n-1 have median (n - 1) / 2. */
		double want = (double)(n - 1) / 2;

		for (order = 0; order < 4; order++) {
			for (i = 0; i < n; i++)
				x[i] = order == 0 ? (double)i
				     : order == 1 ? (double)(n - 1 - i)
				     : order == 2 ? (double)(i % 2 ? n - 1 - i / 2 : i / 2)
				     : (double)((i * 7919) % n); /* 7919 prime, > n */
			assert_near(gb_stats_median(x, n), want, 0);
		}
		for (i = 0; i < n; i++)
			x[i] = 5;
		assert_near(gb_stats_median(x, n), 5, 0);
		assert_near(gb_stats_mad(x, n), 0, 0);
		for (i = 0; i < n; i++)
			x[i] = i < n / 2 ? 1 : 2;
		assert_near(gb_stats_median(x, n), n % 2 ? 2 : 1.5, 0);
		for (i = 0; i < n; i++)
			x[i] = i % 2 ? 1 : 2;
		assert_near(gb_stats_median(x, n), n % 2 ? 2 : 1.5, 0);
	}
}

static int cmp_ascending(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The sort against qsort, value for value, over sizes around its cut to
 * insertion sort and orders that defeat a naive quicksort: sorted,
 * reversed, organ pipe, few distinct values, all equal, random; then
 * NaN among the values, which may land anywhere but must not take the
 * sort out of its array (ASan watches).
 */
static void test_sort_orders(void **state)
{
	enum { N = 4099 };
	static double x[N], want[N];
	size_t n, i, order;
	unsigned seed = 12345;

	(void)state;
	for (n = 0; n <= N; n += n < 70 ? 1 : 509) {
		for (order = 0; order < 6; order++) {
			for (i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				x[i] = order == 0 ? (double)i
				     : order == 1 ? (double)(n - i)
				     : order == 2 ? (double)(i < n / 2 ? i : n - i)
				     : order == 3 ? (double)(seed >> 16 & 3)
				     : order == 4 ? 7.0
				     : (double)(seed >> 8) / 3.0 - 1e6;
			}
			memcpy(want, x, n * sizeof(double));
			qsort(want, n, sizeof(double), cmp_ascending);
			gb_stats_sort(x, n);
			assert_memory_equal(x, want, n * sizeof(double));
		}
		for (i = 0; i < n; i++)
			x[i] = i % 5 == 2 ? NAN : (double)((i * 7919) % (n + 1));
		gb_stats_sort(x, n);
	}
}

static void test_mad(void **state)
{
	/*
	 * Sorted 10 11 11 12 12 13 100: median 12. Deviations 2 0 1 1 88 0 1,
	 * sorted 0 0 1 1 1 2 88: median 1, so the MAD is 1.4826. The stddev
	 * of the same values is 33.5: the outlier is ignored.
	 */
	const double x[] = { 10, 12, 11, 13, 100, 12, 11 };

	(void)state;
	assert_near(gb_stats_mad(x, 7), 1.4826, 1e-15);
	assert_true(gb_stats_stddev(x, 7) > 30);
	/* Even count: median of 1 2 3 4 is 2.5, deviations .5 .5 1.5 1.5. */
	assert_near(gb_stats_mad((const double[]){ 4, 1, 3, 2 }, 4),
		1.4826, 1e-15);
}

static void test_successive_spread(void **state)
{
	/*
	 * Differences 1 2 3 4: median 2.5, deviations 1.5 .5 .5 1.5, median 1:
	 * 1.4826 / sqrt(2).
	 */
	const double ramp[] = { 1, 2, 4, 7, 11 };
	/*
	 * Noise around 11.5, then a step of +20 at index 6. Differences
	 * 2 -1 2 -2 1 20 -1 2 -2 1, sorted -2 -2 -1 -1 1 1 2 2 2 20: median 1.
	 * Deviations 1 2 1 3 0 19 2 1 3 0, sorted 0 0 1 1 1 2 2 3 3 19:
	 * median 1.5, so 1.5 * 1.4826 / sqrt(2) = 1.57253...
	 */
	const double step[] = { 10, 12, 11, 13, 11, 12, 32, 31, 33, 31, 32 };
	/* The same noise without the step: differences ... 1 0 -1 ... give
	 * median 0.5 and again a median deviation of 1.5. */
	const double flat[] = { 10, 12, 11, 13, 11, 12, 12, 11, 13, 11, 12 };
	/*
	 * One outlier (60) makes two large differences, 49 and -48. Sorted
	 * -48 -2 -1 -1 -1 -1 2 2 2 49: median -1; deviations sorted
	 * 0 0 0 0 1 3 3 3 47 50: median 2, so 2 * 1.4826 / sqrt(2).
	 */
	const double outlier[] = { 10, 12, 11, 13, 11, 60, 12, 11, 13, 12, 11 };

	(void)state;
	assert_near(gb_stats_successive_spread(ramp, 5), 1.4826 / sqrt(2), 1e-15);
	assert_near(gb_stats_successive_spread(step, 11), 1.5 * 1.4826 / sqrt(2), 1e-14);
	assert_near(gb_stats_successive_spread(flat, 11), 1.5 * 1.4826 / sqrt(2), 1e-14);
	/* The stddev sees the step (10.6); the spread stays at the noise. */
	assert_true(gb_stats_stddev(step, 11) > 10);
	assert_near(gb_stats_successive_spread(outlier, 11), 2 * 1.4826 / sqrt(2), 1e-14);
}

static void test_normal_cdf(void **state)
{
	(void)state;
	assert_near(gb_stats_normal_cdf(0), 0.5, 0);
	/* Published: Phi(1.96) = 0.9750021048517795 (SciPy agrees). */
	assert_near(gb_stats_normal_cdf(1.96), 0.9750021048517795, 1e-15);
	assert_near(gb_stats_normal_cdf(-1.96), 1 - 0.9750021048517795, 1e-15);
	/* Far tails keep their relative precision: Phi(-10) = 7.62e-24. */
	assert_near(gb_stats_normal_cdf(-10) / 7.61985302416047e-24, 1, 1e-12);
	assert_near(gb_stats_normal_cdf(INFINITY), 1, 0);
	assert_nan(gb_stats_normal_cdf(NAN));
}

static void test_t_cdf(void **state)
{
	(void)state;
	/*
	 * Tables: t(0.975; 10) = 2.228138851986. (SciPy's ppf says
	 * 2.2281388519649385, 2e-11 short; its cdf there, 0.9749999999990957,
	 * matches ours to the last digit.)
	 */
	assert_near(gb_stats_t_cdf(2.228138851986, 10), 0.975, 1e-13);
	assert_near(gb_stats_t_cdf(-2.228138851986, 10), 0.025, 1e-13);
	assert_near(gb_stats_t_cdf(2.2281388519649385, 10), 0.9749999999990957, 1e-15);
	/* df = 1 is Cauchy: 1/2 + atan(t)/pi, so 0.75 at t = 1. */
	assert_near(gb_stats_t_cdf(1, 1), 0.75, 1e-14);
	assert_near(gb_stats_t_cdf(-7, 1), 0.5 + atan(-7) / M_PI, 1e-14);
	/* df = 2 in closed form: 1/2 + t / (2 sqrt(2 + t^2)). */
	assert_near(gb_stats_t_cdf(1.5, 2), 0.5 + 1.5 / (2 * sqrt(4.25)), 1e-14);
	/* Fractional df, SciPy: t.cdf(-3, 2.5) = 0.036288047774515914. */
	assert_near(gb_stats_t_cdf(-3, 2.5), 0.036288047774515914, 1e-13);
	/* Two-sided p keeps small values: SciPy 2 * t.sf(50, 3). */
	assert_near(gb_stats_t_pvalue(50, 3) / 1.761715204127195e-05, 1, 1e-10);
	assert_near(gb_stats_t_pvalue(0, 5), 1, 1e-15);
	assert_near(gb_stats_t_pvalue(INFINITY, 5), 0, 0);
	/* Huge df is the normal. */
	assert_near(gb_stats_t_cdf(1.96, INFINITY), 0.9750021048517795, 1e-15);
	assert_near(gb_stats_t_cdf(1.96, 1e12), 0.9750021048517795, 1e-12);
	assert_near(gb_stats_t_pvalue(1e200, 3), 0, 1e-300);
	assert_nan(gb_stats_t_cdf(1, 0));
	assert_nan(gb_stats_t_cdf(1, -2));
	assert_nan(gb_stats_t_cdf(NAN, 3));
	assert_nan(gb_stats_t_pvalue(1, NAN));
}

/* Published quantiles: normal 0.975 and 0.995; t tables (4, 1 and 2.1 df). */
static void test_quantiles(void **state)
{
	(void)state;
	assert_true(fabs(gb_stats_normal_quantile(0.975) - 1.959963984540054) < 1e-12);
	assert_true(fabs(gb_stats_normal_quantile(0.995) - 2.575829303548901) < 1e-12);
	assert_true(fabs(gb_stats_normal_quantile(1e-10) + 6.361340902404056) < 1e-9);
	assert_true(gb_stats_normal_quantile(0.5) == 0);
	assert_true(fabs(gb_stats_t_quantile(0.975, 4) - 2.776445105197793) < 1e-9);
	assert_true(fabs(gb_stats_t_quantile(0.995, 4) - 4.604094871415897) < 1e-9);
	assert_true(fabs(gb_stats_t_quantile(0.995, 1) - 63.65674116287399) < 1e-7);
	assert_true(fabs(gb_stats_t_quantile(0.025, 4) + 2.776445105197793) < 1e-9);
	/* Fractional df: the quantile's CDF is the level asked for. */
	assert_true(fabs(gb_stats_t_cdf(gb_stats_t_quantile(0.84, 2.1), 2.1) - 0.84) < 1e-12);
	assert_true(isnan(gb_stats_t_quantile(0, 4)));
	assert_true(isnan(gb_stats_t_quantile(0.5, 0)));
	assert_true(isnan(gb_stats_normal_quantile(1)));
}

static void test_incbeta(void **state)
{
	(void)state;
	/*
	 * Integer a, b: I_x(a, b) = sum_{j=a}^{a+b-1} C(a+b-1, j) x^j
	 * (1-x)^(a+b-1-j). For a = 2, b = 3, x = 1/2: (6 + 4 + 1) / 16.
	 */
	assert_near(gb_stats_incbeta(2, 3, 0.5), 11.0 / 16, 1e-15);
	/* I_x(1/2, 1/2) = (2/pi) asin(sqrt(x)) (the arcsine law). */
	assert_near(gb_stats_incbeta(0.5, 0.5, 0.3), 2 / M_PI * asin(sqrt(0.3)), 1e-14);
	/* I_x(a, 1) = x^a, I_x(1, b) = 1 - (1-x)^b. */
	assert_near(gb_stats_incbeta(3.5, 1, 0.7), pow(0.7, 3.5), 1e-15);
	assert_near(gb_stats_incbeta(1, 4, 0.2), 1 - pow(0.8, 4), 1e-15);
	/* Symmetric: I_{1/2}(a, a) = 1/2. lgamma(74) ~ 229 costs digits. */
	assert_near(gb_stats_incbeta(37, 37, 0.5), 0.5, 1e-13);
	/* SciPy betainc, on both sides of the switch at (a+1)/(a+b+2). */
	assert_near(gb_stats_incbeta(10, 20, 0.4), 0.785318389762826, 1e-13);
	assert_near(gb_stats_incbeta(5, 0.5, 0.99), 0.7571581091015623, 1e-13);
	assert_near(gb_stats_incbeta(100, 100, 0.45), 0.07838793271222329, 1e-12);
	assert_near(gb_stats_incbeta(1000, 2000, 0.33), 0.35063267613295773, 1e-11);
	assert_near(gb_stats_incbeta(2, 3, 0), 0, 0);
	assert_near(gb_stats_incbeta(2, 3, 1), 1, 0);
	assert_nan(gb_stats_incbeta(0, 3, 0.5));
	assert_nan(gb_stats_incbeta(2, -1, 0.5));
	assert_nan(gb_stats_incbeta(2, 3, 1.5));
	assert_nan(gb_stats_incbeta(2, 3, NAN));
	assert_nan(gb_stats_incbeta(INFINITY, 3, 0.5));
}

static void test_welch(void **state)
{
	/*
	 * a: mean 3, squared deviations 4+1+0+1+4 = 10, variance 10/4 = 2.5.
	 * b: mean 7, squared deviations 25+9+1+1+9+25 = 70, variance 70/5 = 14.
	 * v1 = 2.5/5 = 0.5, v2 = 14/6 = 7/3; se = sqrt(17/6) = 1.683251.
	 * t = (3 - 7) / 1.683251 = -2.376354.
	 * df = (17/6)^2 / (0.5^2/4 + (7/3)^2/5) = 8.027778 / 1.151389
	 *    = 6.972256.
	 * SciPy ttest_ind(equal_var=False): t -2.3763541031440183,
	 * p 0.04928433820673049, and df 6.9722557297949335 by the same formula.
	 */
	const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 2, 4, 6, 8, 10, 12 };
	gb_test_result r;

	(void)state;
	assert_int_equal(gb_stats_welch(&r, a, 5, b, 6), 0);
	assert_near(r.statistic, -2.3763541031440183, 1e-13);
	assert_near(r.df, 6.9722557297949335, 1e-12);
	assert_near(r.p, 0.04928433820673049, 1e-13);
	assert_int_equal(gb_stats_welch(&r, b, 6, a, 5), 0);
	assert_near(r.statistic, 2.3763541031440183, 1e-13);
	assert_near(r.p, 0.04928433820673049, 1e-13);
	/* The same from summaries. */
	assert_int_equal(gb_stats_welch_summary(&r, 3, sqrt(2.5), 5,
				 7, sqrt(14), 6), 0);
	assert_near(r.statistic, -2.3763541031440183, 1e-13);
	assert_near(r.p, 0.04928433820673049, 1e-13);
}

static void test_welch_published(void **state)
{
	/*
	 * The first example of Wikipedia's "Welch's t-test" article
	 * (15 values each side): t = -2.46, p = 0.021 there; SciPy gives
	 * t = -2.455356398286006, p = 0.021378001462866985.
	 */
	const double a[] = { 27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1,
		21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4 };
	const double b[] = { 27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0,
		24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4 };
	gb_test_result r;

	(void)state;
	assert_int_equal(gb_stats_welch(&r, a, 15, b, 15), 0);
	assert_near(r.statistic, -2.455356398286006, 1e-12);
	assert_near(r.p, 0.021378001462866985, 1e-12);
}

static void test_welch_degenerate(void **state)
{
	const double c5[] = { 5, 5, 5 }, c6[] = { 6, 6, 6, 6 };
	const double noisy[] = { 4, 6, 5, 5 }, bad[] = { 1, INFINITY, 2 };
	gb_test_result r;

	(void)state;
	/* Identical constants: nothing differs. */
	assert_int_equal(gb_stats_welch(&r, c5, 3, c5, 3), 0);
	assert_near(r.statistic, 0, 0);
	assert_near(r.p, 1, 0);
	assert_nan(r.df);
	/* Different constants: the difference is certain. */
	assert_int_equal(gb_stats_welch(&r, c5, 3, c6, 4), 0);
	assert_true(isinf(r.statistic) && r.statistic < 0);
	assert_near(r.p, 0, 0);
	/* One constant side: df comes from the other, n - 1 = 3. */
	assert_int_equal(gb_stats_welch(&r, noisy, 4, c5, 3), 0);
	assert_near(r.statistic, 0, 0);
	assert_near(r.df, 3, 1e-12);
	assert_near(r.p, 1, 1e-15);
	assert_int_equal(gb_stats_welch(&r, c5, 1, c6, 4), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "at least 2"));
	assert_int_equal(gb_stats_welch(&r, bad, 3, c6, 4), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "non-finite"));
	assert_int_equal(gb_stats_welch(&r, c6, 4, (const double[]){ NAN, 1 }, 2),
		GB_EINVALID);
	assert_int_equal(gb_stats_welch_summary(&r, 1, 1, 1, 2, 1, 5), GB_EINVALID);
	assert_int_equal(gb_stats_welch_summary(&r, 1, -1, 5, 2, 1, 5), GB_EINVALID);
	assert_int_equal(gb_stats_welch_summary(&r, NAN, 1, 5, 2, 1, 5), GB_EINVALID);
	assert_int_equal(gb_stats_welch_summary(&r, 1, 1, NAN, 2, 1, 5), GB_EINVALID);
}

static void test_welch_extremes(void **state)
{
	gb_test_result r;

	(void)state;
	/*
	 * Huge counts and stddevs must not overflow: t = 1 / sqrt(2 * 1e-12)
	 * = 707106.78 with sd 1e200 and means 1e200 apart.
	 */
	assert_int_equal(gb_stats_welch_summary(&r, 1e200, 1e200, 1e12,
				 0, 1e200, 1e12), 0);
	assert_near(r.statistic / 707106.78118654752, 1, 1e-12);
	assert_near(r.df / (2e12 - 2), 1, 1e-9);
	assert_near(r.p, 0, 0);
	/* Opposite huge means whose difference overflows a double. */
	assert_int_equal(gb_stats_welch_summary(&r, 1.5e308, 1e307, 10,
				 -1.5e308, 1e307, 10), 0);
	assert_true(isfinite(r.statistic) && r.statistic > 0);
	/* t = 3e308 / (1e307 * sqrt(2/10)) = 30 / sqrt(0.2). */
	assert_near(r.statistic / (30 / sqrt(0.2)), 1, 1e-12);
	/* Tiny, equal spreads: t is 2 / sqrt(2/3) whatever the scale. */
	assert_int_equal(gb_stats_welch_summary(&r, 3e-300, 1e-300, 3,
				 1e-300, 1e-300, 3), 0);
	assert_near(r.statistic, 2 / sqrt(2.0 / 3), 1e-12);
	assert_near(r.df, 4, 1e-12);
}

static void test_mann_whitney_exact(void **state)
{
	gb_test_result r;

	(void)state;
	/*
	 * 2 against 3 values: the two first-sample values take 2 of 5 ranked
	 * places, C(5,2) = 10 ways, U = p1 + p2 - 3:
	 *   (1,2) 0  (1,3) 1  (1,4) 2  (1,5) 3  (2,3) 2
	 *   (2,4) 3  (2,5) 4  (3,4) 4  (3,5) 5  (4,5) 6
	 * so P(U=0..6) = 1 1 2 2 2 1 1 tenths. a = {1.1, 4.4} sits at
	 * places 1 and 4: U = 2, P(U <= 2) = 4/10, p = 0.8.
	 */
	assert_int_equal(gb_stats_mann_whitney(&r,
				 (const double[]){ 1.1, 4.4 }, 2,
				 (const double[]){ 2.2, 3.3, 5.5 }, 3), 0);
	assert_near(r.statistic, 2, 0);
	assert_nan(r.df);
	assert_near(r.p, 0.8, 1e-15);
	/* Separated: U = 0, P(U <= 0) = 1/10, p = 0.2; mirrored U = 6. */
	assert_int_equal(gb_stats_mann_whitney(&r,
				 (const double[]){ 1, 2 }, 2,
				 (const double[]){ 3, 4, 5 }, 3), 0);
	assert_near(r.p, 0.2, 1e-15);
	assert_int_equal(gb_stats_mann_whitney(&r,
				 (const double[]){ 3, 4, 5 }, 3,
				 (const double[]){ 1, 2 }, 2), 0);
	assert_near(r.statistic, 6, 0);
	assert_near(r.p, 0.2, 1e-15);
	/*
	 * 4 against 4, C(8,4) = 70 orderings; U = 1 only with the second
	 * sample's smallest below the first's largest by one place: orderings
	 * with U = 0 (aaaabbbb) and U = 1 (aaababbb), so p = 2 * 2/70 = 4/70.
	 */
	assert_int_equal(gb_stats_mann_whitney(&r,
				 (const double[]){ 1, 2, 3, 5 }, 4,
				 (const double[]){ 4, 6, 7, 8 }, 4), 0);
	assert_near(r.statistic, 1, 0);
	assert_near(r.p, 4.0 / 70, 1e-15);
}

static void test_mann_whitney_exact_larger(void **state)
{
	/* 12 against 10 with U = 8; SciPy method='exact': 0.0002072231174398357. */
	const double a[] = { 1.2, 3.4, 0.7, 5.6, 2.2, 8.1, 4.4, 9.9, 6.3, 7.7,
		0.1, 3.0 };
	const double b[] = { 10.5, 6.6, 12.1, 8.8, 11.3, 9.4, 14.0, 7.1, 13.2,
		15.5 };
	double *x, *y;
	gb_test_result r;
	size_t i;

	(void)state;
	assert_int_equal(gb_stats_mann_whitney(&r, a, 12, b, 10), 0);
	assert_near(r.statistic, 8, 0);
	assert_near(r.p / 0.0002072231174398357, 1, 1e-12);
	/*
	 * At the bound (49 each) the exact path still runs: complete
	 * separation has P(U = 0) = 1 / C(98, 49), p = 2 / C(98, 49).
	 */
	x = malloc(49 * sizeof(double));
	y = malloc(49 * sizeof(double));
	for (i = 0; i < 49; i++) {
		x[i] = (double)i;
		y[i] = 100.0 + (double)i;
	}
	assert_int_equal(gb_stats_mann_whitney(&r, x, 49, y, 49), 0);
	/* C(98, 49) = 25477612258980856902730428600 */
	assert_near(r.p / (2 / 2.54776122589808569e28), 1, 1e-12);
	free(x);
	free(y);
}

static void test_mann_whitney_ties(void **state)
{
	/*
	 * Pooled: 1(a) 2(a) 2(a) 2(b) 3(a) 3(b) 4(b) 4(b); mid-ranks 1, 3, 3,
	 * 3, 5.5, 5.5, 7.5, 7.5. R1 = 1 + 3 + 3 + 5.5 = 12.5, U = 12.5 - 10
	 * = 2.5. Ties: groups of 3, 2, 2 give sum(t^3 - t) = 24 + 6 + 6 = 36.
	 * var = 4*4/12 * (9 - 36/(8*7)) = 11.142857, sd = 3.338092.
	 * z = (|2.5 - 8| - 0.5) / 3.338092 = 1.497862; p = 2(1 - Phi(z))
	 * = 0.13417. SciPy (asymptotic, continuity): 0.13416918012812584.
	 */
	gb_test_result r;
	double z = 5 / sqrt(16.0 / 12 * (9 - 36.0 / 56));

	(void)state;
	assert_int_equal(gb_stats_mann_whitney(&r,
				 (const double[]){ 1, 2, 2, 3 }, 4,
				 (const double[]){ 2, 3, 4, 4 }, 4), 0);
	assert_near(r.statistic, 2.5, 0);
	assert_near(r.p, 2 * (1 - gb_stats_normal_cdf(z)), 1e-15);
	assert_near(r.p, 0.13416918012812584, 1e-14);
	/* All values equal: no evidence at all. */
	assert_int_equal(gb_stats_mann_whitney(&r,
				 (const double[]){ 3, 3 }, 2,
				 (const double[]){ 3, 3, 3 }, 3), 0);
	assert_near(r.statistic, 3, 0);
	assert_near(r.p, 1, 0);
}

static void test_mann_whitney_large(void **state)
{
	/*
	 * 60 against 70 (beyond the exact bound), no ties: x = 0, 0.5, ...,
	 * 29.5 and y = 7.25, 7.75, ..., 41.75. U counts, for each x, the y
	 * below it: x = 7.5 + k/2 exceeds k + 1 of them, so
	 * U = 1 + 2 + ... + 45 = 1035. mu = 2100,
	 * sd = sqrt(60*70*131/12) = 214.126, z = (1065 - 0.5)/214.126 = 4.9713.
	 * SciPy (asymptotic, continuity): p = 6.648179450723367e-07.
	 */
	double x[60], y[70], z;
	gb_test_result r;
	size_t i;

	(void)state;
	for (i = 0; i < 60; i++)
		x[i] = 0.5 * (double)i;
	for (i = 0; i < 70; i++)
		y[i] = 0.5 * (double)i + 7.25;
	assert_int_equal(gb_stats_mann_whitney(&r, x, 60, y, 70), 0);
	assert_near(r.statistic, 1035, 0);
	z = (2100 - 1035 - 0.5) / sqrt(60.0 * 70 * 131 / 12);
	assert_near(r.p / (2 * gb_stats_normal_cdf(-z)), 1, 1e-12);
	assert_near(r.p / 6.648179450723367e-07, 1, 1e-9);
}

static void test_mann_whitney_bound(void **state)
{
	/*
	 * 50 values against 3, no ties: one past the exact bound, so normal.
	 * a = 0..49, b = 10.5, 20.5, 30.5: U = 10*1 + 10*2 + 19*3 = 87,
	 * mu = 75, var = 150/12 * 54 = 675, z = (12 - 0.5) / sqrt(675).
	 * SciPy: asymptotic 0.6580296152987896; exact would be 0.6753180.
	 */
	const double b[] = { 10.5, 20.5, 30.5 };
	double a[50];
	gb_test_result r;
	size_t i;

	(void)state;
	for (i = 0; i < 50; i++)
		a[i] = (double)i;
	assert_int_equal(gb_stats_mann_whitney(&r, a, 50, b, 3), 0);
	assert_near(r.statistic, 87, 0);
	assert_near(r.p, 2 * gb_stats_normal_cdf(-11.5 / sqrt(675)), 1e-15);
	assert_near(r.p, 0.6580296152987896, 1e-14);
	/* a = 1..49 is within the bound: exact, SciPy 0.6285067873303168. */
	assert_int_equal(gb_stats_mann_whitney(&r, a + 1, 49, b, 3), 0);
	assert_near(r.statistic, 87, 0);
	assert_near(r.p, 0.6285067873303168, 1e-14);
}

static void test_mann_whitney_huge(void **state)
{
	/* 200,000 values a side: no exact table, no overflow in U or var. */
	size_t n = 200000, i;
	double *x = malloc(n * sizeof(double)), *y = malloc(n * sizeof(double));
	gb_test_result r;

	(void)state;
	for (i = 0; i < n; i++) {
		x[i] = (double)(i % 1000);
		y[i] = (double)(i % 1000);
	}
	assert_int_equal(gb_stats_mann_whitney(&r, x, n, y, n), 0);
	assert_near(r.statistic, (double)n * (double)n / 2, 0);
	assert_near(r.p, 1, 0);
	y[0] = 5000;
	assert_int_equal(gb_stats_mann_whitney(&r, x, n, y, n), 0);
	assert_true(r.p > 0.99);
	free(x);
	free(y);
}

static void test_mann_whitney_invalid(void **state)
{
	const double a[] = { 1, 2 }, bad[] = { 1, NAN };
	gb_test_result r;

	(void)state;
	assert_int_equal(gb_stats_mann_whitney(&r, a, 2, a, 0), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "values on each side"));
	assert_int_equal(gb_stats_mann_whitney(&r, NULL, 0, a, 2), GB_EINVALID);
	assert_int_equal(gb_stats_mann_whitney(&r, a, 2, bad, 2), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "non-finite"));
	assert_int_equal(gb_stats_mann_whitney(&r,
				 (const double[]){ -INFINITY }, 1, a, 2), GB_EINVALID);
}

/* Known values: psi(1) = -gamma, psi'(1) = pi^2/6, psi(1/2), psi'(1/2). */
static void test_digamma_trigamma(void **state)
{
	double x;

	(void)state;
	assert_true(fabs(gb_stats_digamma(1) + 0.5772156649015329) < 1e-9);
	assert_true(fabs(gb_stats_digamma(0.5) + 1.9635100260214235) < 1e-9);
	assert_true(fabs(gb_stats_trigamma(1) - M_PI * M_PI / 6) < 1e-9);
	assert_true(fabs(gb_stats_trigamma(0.5) - M_PI * M_PI / 2) < 1e-9);
	/* psi(x + 1) = psi(x) + 1/x, across the recurrence's edge at 6. */
	assert_true(fabs(gb_stats_digamma(6.5) - gb_stats_digamma(5.5) - 1 / 5.5) < 1e-12);
	for (x = 0.1; x < 100; x *= 3)
		assert_true(fabs(gb_stats_trigamma_inverse(gb_stats_trigamma(x)) - x) <
			    1e-8 * x);
	assert_true(isnan(gb_stats_digamma(0)));
	assert_true(isnan(gb_stats_trigamma_inverse(-1)));
}

/* Normal-like data: RMS of the 6 smallest of 8 |x| corrected for the cut. */
static void test_trimmed_rms(void **state)
{
	const double x[] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	const double y[] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 5, 9 };

	(void)state;
	assert_true(fabs(gb_stats_trimmed_rms(x, 8, 0) - 1) < 1e-12);
	/* Dropping the two outliers: they cannot inflate it. */
	assert_true(gb_stats_trimmed_rms(y, 8, 2) < 1);
	assert_true(gb_stats_trimmed_rms(y, 8, 0) > 3);
	assert_true(isnan(gb_stats_trimmed_rms(y, 2, 2)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digamma_trigamma),
		cmocka_unit_test(test_trimmed_rms),
		cmocka_unit_test(test_summaries),
		cmocka_unit_test(test_summaries_undefined),
		cmocka_unit_test(test_median_orders),
		cmocka_unit_test(test_sort_orders),
		cmocka_unit_test(test_mad),
		cmocka_unit_test(test_successive_spread),
		cmocka_unit_test(test_normal_cdf),
		cmocka_unit_test(test_t_cdf),
		cmocka_unit_test(test_quantiles),
		cmocka_unit_test(test_incbeta),
		cmocka_unit_test(test_welch),
		cmocka_unit_test(test_welch_published),
		cmocka_unit_test(test_welch_degenerate),
		cmocka_unit_test(test_welch_extremes),
		cmocka_unit_test(test_mann_whitney_exact),
		cmocka_unit_test(test_mann_whitney_exact_larger),
		cmocka_unit_test(test_mann_whitney_ties),
		cmocka_unit_test(test_mann_whitney_large),
		cmocka_unit_test(test_mann_whitney_bound),
		cmocka_unit_test(test_mann_whitney_huge),
		cmocka_unit_test(test_mann_whitney_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
