/*
 * Statistics for verdicts and history: summaries of a sample, the normal,
 * Student t and beta distributions, and two-sample tests.
 *
 * Summaries return a double and NAN where the value is undefined (an empty
 * sample, the stddev of one value); a NaN in the input gives NAN. Tests
 * return 0 or GB_EINVALID: they refuse NaN and infinite inputs rather than
 * answer something meaningless. No function modifies its input.
 */
#ifndef GITBENCH_STATS_H
#define GITBENCH_STATS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

GB_EXTERN(double) gb_stats_mean(const double *x, size_t n);
/* Sample standard deviation (divides by n-1); NAN when n < 2. */
GB_EXTERN(double) gb_stats_stddev(const double *x, size_t n);
/* Works on a copy; NAN when n is 0 or the copy cannot be allocated. */
GB_EXTERN(double) gb_stats_median(const double *x, size_t n);
/*
 * Sorts x ascending in place, as qsort would, in n log n at worst. NaN has
 * no place in the order: callers keep it out (it is not unsafe, only
 * unordered).
 */
GB_EXTERN(void) gb_stats_sort(double *x, size_t n);
/*
 * Median absolute deviation scaled by 1.4826, so that it estimates sigma
 * for normal data. 0 for one value; NAN when the median is infinite.
 */
GB_EXTERN(double) gb_stats_mad(const double *x, size_t n);
/*
 * The root mean square of the n - drop smallest of `abs_sorted` (absolute
 * values, ascending), corrected to estimate sigma for normal data: the
 * variance of a normal cut where that fraction of it lies. Unlike the MAD
 * it sees the tails; the `drop` largest are room for real changes.
 */
/*
 * Digamma and trigamma (the first two derivatives of ln Gamma) for x > 0,
 * to about 1e-9 (recurrence up to 6, then the asymptotic series); their
 * inverse for y > 0: the x with trigamma(x) = y (Newton's steps).
 */
GB_EXTERN(double) gb_stats_digamma(double x);
GB_EXTERN(double) gb_stats_trigamma(double x);
GB_EXTERN(double) gb_stats_trigamma_inverse(double y);
GB_EXTERN(double) gb_stats_trimmed_rms(const double *abs_sorted, size_t n,
	size_t drop);
/*
 * Run-to-run spread of a series of per-run estimates taken in order (e.g.
 * one per measured commit), robust to outliers and to steps: the scaled MAD
 * of successive differences divided by sqrt(2). A step is one large
 * difference and an outlier two, which the MAD ignores; a steady trend
 * shifts the median difference and is ignored too. NAN when n < 3.
 */
GB_EXTERN(double) gb_stats_successive_spread(const double *x, size_t n);
/* Geometric mean of positive ratios (NAN if none or any <= 0 or NaN). */
GB_EXTERN(double) gb_stats_geomean(const double *x, size_t n);

/* Distributions; NAN for NaN arguments or parameters out of range. */
GB_EXTERN(double) gb_stats_normal_cdf(double z);
/* Student t with df > 0 (fractional df allowed, INFINITY is the normal). */
GB_EXTERN(double) gb_stats_t_cdf(double t, double df);
/*
 * Two-sided p-value of a t statistic, P(|T| >= |t|), computed without
 * the cancellation of 2 * (1 - cdf) so small p-values keep their digits.
 */
GB_EXTERN(double) gb_stats_t_pvalue(double t, double df);
/*
 * Quantiles: the x with P(X <= x) = p, for 0 < p < 1 (NAN otherwise).
 * The normal's to full double precision (Acklam's approximation refined
 * by a Halley step); Student t's with df > 0 by safeguarded Newton steps
 * on gb_stats_t_cdf.
 */
GB_EXTERN(double) gb_stats_normal_quantile(double p);
GB_EXTERN(double) gb_stats_t_quantile(double p, double df);
/*
 * Regularized incomplete beta I_x(a,b) for a, b > 0 and 0 <= x <= 1.
 * NAN outside that, or when the continued fraction fails to converge
 * (only for a and b both beyond about 1e9).
 */
GB_EXTERN(double) gb_stats_incbeta(double a, double b, double x);

typedef struct {
	double statistic;  /* t, or U of the first sample */
	double df;         /* Welch-Satterthwaite df (NAN for U) */
	double p;          /* two-sided p-value */
} gb_test_result;

/*
 * Welch's t-test from two samples; GB_EINVALID when either has < 2 values
 * or a value is NaN or infinite. The statistic is positive when the first
 * sample's mean is the larger.
 *
 * When neither side varies (identical constants) there is no noise to
 * measure against: equal means give t = 0 and p = 1, different means
 * t = +/-INFINITY and p = 0; df is NAN in both cases.
 */
GB_EXTERN(int) gb_stats_welch(gb_test_result *out,
	const double *a, size_t na, const double *b, size_t nb);
/*
 * Welch's t-test from summary statistics (mean, sample stddev, count of
 * each side). The counts are doubles so that pooled or weighted counts can
 * be passed; each must be at least 2. Stddevs must be finite and >= 0.
 */
GB_EXTERN(int) gb_stats_welch_summary(gb_test_result *out,
	double mean1, double sd1, double n1,
	double mean2, double sd2, double n2);

/* Largest sample size, on each side, for the exact Mann-Whitney p-value. */
#define GB_STATS_MW_EXACT_MAX 49

/*
 * Mann-Whitney U, two-sided. The statistic is U of the first sample: the
 * number of pairs (a_i, b_j) with b_j < a_i, ties counting one half.
 *
 * Without ties and with both sides at most GB_STATS_MW_EXACT_MAX values
 * (R's wilcox.test uses the same bound), p is exact: twice the tail of the
 * permutation distribution of U, at most 1; the table it needs is at most
 * 50 x 1201 doubles. Otherwise p comes from the normal approximation with
 * the tie correction of the variance and a continuity correction of 0.5.
 * When every value is the same, p is 1.
 *
 * GB_EINVALID when a side is empty or a value is NaN or infinite.
 */
GB_EXTERN(int) gb_stats_mann_whitney(gb_test_result *out,
	const double *a, size_t na, const double *b, size_t nb);

#ifdef __cplusplus
}
#endif
#endif
