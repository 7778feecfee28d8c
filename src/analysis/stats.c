/*
 * Summaries, distributions and two-sample tests. Everything is computed
 * in double; inputs are never modified, scratch copies are O(n).
 */
#include <math.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "gitbench/stats.h"

/* 1 / Phi^-1(3/4): the MAD of normal data times this estimates sigma. */
#define MAD_SCALE 1.4826
#define SQRT1_2 0.70710678118654752440

/*
 * Beyond this many degrees of freedom the t distribution is taken as the
 * normal: the tails differ by a relative (t^4 + 2t^2) / 4df, under 3e-4
 * at t = 10, and the incomplete beta loses digits in lgamma there.
 */
#define T_NORMAL_DF 1e7

/* Enough for a and b up to about 1e9; b = 1/2 (the t CDF) needs few. */
#define INCBETA_MAX_ITER 100000

static bool all_finite(const double *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return false;
	return true;
}

double gb_stats_mean(const double *x, size_t n)
{
	double sum = 0;
	size_t i;

	if (!n)
		return NAN;
	for (i = 0; i < n; i++)
		sum += x[i];
	return sum / (double)n;
}

double gb_stats_stddev(const double *x, size_t n)
{
	double mean, ss = 0;
	size_t i;

	if (n < 2)
		return NAN;
	/* Two passes: the sum of squares minus the squared sum cancels. */
	mean = gb_stats_mean(x, n);
	for (i = 0; i < n; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	return sqrt(ss / (double)(n - 1));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void insertion_sort(double *x, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		double v = x[i];

		for (j = i; j > 0 && x[j - 1] > v; j--)
			x[j] = x[j - 1];
		x[j] = v;
	}
}

static void sift_down(double *x, size_t at, size_t n)
{
	size_t child;

	while ((child = 2 * at + 1) < n) {
		double t;

		if (child + 1 < n && x[child + 1] > x[child])
			child++;
		if (!(x[child] > x[at]))
			return;
		t = x[at];
		x[at] = x[child];
		x[child] = t;
		at = child;
	}
}

static void heap_sort(double *x, size_t n)
{
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift_down(x, i, n);
	for (i = n; i-- > 1;) {
		double t = x[0];

		x[0] = x[i];
		x[i] = t;
		sift_down(x, 0, i);
	}
}

static double median3(double a, double b, double c)
{
	if (a > b) {
		double t = a;

		a = b;
		b = t;
	}
	return c < a ? a : c > b ? b : c;
}

/*
 * Hoare's partition of x[lo..hi] about the median of three: afterwards
 * x[lo..*j] <= pivot <= x[*i..hi], and what lies between equals it.
 */
static void partition(ptrdiff_t *i_out, ptrdiff_t *j_out, double *x,
	ptrdiff_t lo, ptrdiff_t hi)
{
	double v = median3(x[lo], x[lo + (hi - lo) / 2], x[hi]);
	ptrdiff_t i = lo, j = hi;

	do {
		while (x[i] < v)
			i++;
		while (v < x[j])
			j--;
		if (i <= j) {
			double t = x[i];

			x[i++] = x[j];
			x[j--] = t;
		}
	} while (i <= j);
	*i_out = i;
	*j_out = j;
}

/*
 * Put in buf[k] what the sort would, the k values before it no greater:
 * Hoare's selection, linear on average where the sort was n log n (the
 * medians of change point detection, over every series of a history).
 * Rounds are limited, then the sort finishes, so that no order of the
 * values costs more than n log n.
 */
static void select_nth(double *buf, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, i, j;
	size_t rounds = 8;

	for (i = (ptrdiff_t)n; i > 1; i >>= 1)
		rounds += 2;
	while (lo < hi) {
		if (rounds-- == 0) {
			gb_stats_sort(buf + lo, (size_t)(hi - lo + 1));
			return;
		}
		partition(&i, &j, buf, lo, hi);
		if (j < (ptrdiff_t)k)
			lo = i;
		if ((ptrdiff_t)k < i)
			hi = j;
	}
}

/*
 * Quicksort partitioned as select_nth does, the shorter side first and
 * the longer one looped on (the stack stays log n deep), short runs by
 * insertion, and heapsort past 2 log2 n levels, so that no order of the
 * values costs more than n log n. The spreads of the noise model sort
 * short arrays for every benchmark of every commit a report judges:
 * qsort's call per comparison was half of `report`.
 */
void gb_stats_sort(double *x, size_t n)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, i, j;
	size_t depth = 0;

	for (i = (ptrdiff_t)n; i > 1; i >>= 1)
		depth += 2;
	while (hi - lo >= 16) {
		if (depth-- == 0) {
			heap_sort(x + lo, (size_t)(hi - lo + 1));
			return;
		}
		partition(&i, &j, x, lo, hi);
		if (j - lo < hi - i) {
			gb_stats_sort(x + lo, (size_t)(j - lo + 1));
			lo = i;
		} else {
			gb_stats_sort(x + i, (size_t)(hi - i + 1));
			hi = j;
		}
	}
	if (hi > lo)
		insertion_sort(x + lo, (size_t)(hi - lo + 1));
}

/* Reorders buf; NaN would break the ordering, so callers keep it out. */
static double median_inplace(double *buf, size_t n)
{
	double below;
	size_t i;

	select_nth(buf, n, n / 2);
	if (n % 2)
		return buf[n / 2];
	/* The other middle value: the greatest of those before it. */
	for (below = buf[0], i = 1; i < n / 2; i++)
		if (buf[i] > below)
			below = buf[i];
	return (below + buf[n / 2]) / 2;
}

static double mad_inplace(double *buf, size_t n)
{
	double med = median_inplace(buf, n);
	size_t i;

	if (!isfinite(med))
		return NAN;
	for (i = 0; i < n; i++)
		buf[i] = fabs(buf[i] - med);
	return MAD_SCALE * median_inplace(buf, n);
}

static bool has_nan(const double *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isnan(x[i]))
			return true;
	return false;
}

static double *copy_sample(const double *x, size_t n)
{
	double *buf;

	if (!n || has_nan(x, n))
		return NULL;
	if (!(buf = gb_calloc(n, sizeof(double))))
		return NULL;
	memcpy(buf, x, n * sizeof(double));
	return buf;
}

double gb_stats_median(const double *x, size_t n)
{
	double *buf = copy_sample(x, n), med;

	if (!buf)
		return NAN;
	med = median_inplace(buf, n);
	free(buf);
	return med;
}

double gb_stats_mad(const double *x, size_t n)
{
	double *buf = copy_sample(x, n), mad;

	if (!buf)
		return NAN;
	mad = mad_inplace(buf, n);
	free(buf);
	return mad;
}

double gb_stats_successive_spread(const double *x, size_t n)
{
	double *diff, spread;
	size_t i;

	if (n < 3 || has_nan(x, n) || !(diff = gb_calloc(n - 1, sizeof(double))))
		return NAN;
	for (i = 0; i + 1 < n; i++)
		diff[i] = x[i + 1] - x[i];
	/* Inf - Inf in a difference is NaN, which the sort cannot order. */
	spread = has_nan(diff, n - 1) ? NAN
		: mad_inplace(diff, n - 1) * SQRT1_2;
	free(diff);
	return spread;
}

double gb_stats_geomean(const double *x, size_t n)
{
	double sum = 0;
	size_t i;

	if (!n)
		return NAN;
	for (i = 0; i < n; i++) {
		if (!(x[i] > 0))
			return NAN;
		sum += log(x[i]);
	}
	return exp(sum / (double)n);
}

double gb_stats_normal_cdf(double z)
{
	/* erfc keeps the lower tail's digits where 1 + erf would not. */
	return 0.5 * erfc(-z * SQRT1_2);
}

/*
 * The continued fraction of I_x(a,b) (Abramowitz and Stegun 26.5.8),
 * evaluated by the modified Lentz method; converges quickly when
 * x < (a+1)/(a+b+2), which the caller ensures. NAN if it does not.
 */
static double incbeta_cf(double a, double b, double x)
{
	const double tiny = 1e-300, eps = 1e-15;
	double c = 1, d, f, delta, num;
	int m;

	d = 1 - (a + b) * x / (a + 1);
	d = 1 / (fabs(d) < tiny ? tiny : d);
	f = d;
	for (m = 1; m <= INCBETA_MAX_ITER; m++) {
		/* Even term, then odd term, of the fraction. */
		num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + num * d;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = 1 + num / c;
		c = fabs(c) < tiny ? tiny : c;
		f *= d * c;
		num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + num * d;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = 1 + num / c;
		c = fabs(c) < tiny ? tiny : c;
		delta = d * c;
		f *= delta;
		if (fabs(delta - 1) < eps)
			return f;
	}
	return NAN;
}

/*
 * I_x(a,b) with y = 1 - x given by the caller, who often knows it more
 * precisely than 1 - x (the t test's y = t^2 / (df + t^2)).
 */
static double incbeta(double a, double b, double x, double y)
{
	int sign;
	double lbeta, front;

	if (x <= 0)
		return 0;
	if (y <= 0)
		return 1;
	/* lgamma_r: lgamma writes the global signgam, a data race. */
	lbeta = lgamma_r(a, &sign) + lgamma_r(b, &sign) - lgamma_r(a + b, &sign);
	if (x > (a + 1) / (a + b + 2)) {
		front = exp(b * log(y) + a * log(x) - lbeta) / b;
		return 1 - front * incbeta_cf(b, a, y);
	}
	front = exp(a * log(x) + b * log(y) - lbeta) / a;
	return front * incbeta_cf(a, b, x);
}

double gb_stats_incbeta(double a, double b, double x)
{
	if (!(a > 0) || !(b > 0) || isinf(a) || isinf(b) || !(x >= 0) ||
	    !(x <= 1))
		return NAN;
	return incbeta(a, b, x, 1 - x);
}

double gb_stats_t_pvalue(double t, double df)
{
	double t2, x, y;

	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(t))
		return 0;
	if (df > T_NORMAL_DF)
		return erfc(fabs(t) * SQRT1_2);
	t2 = t * t;
	if (isinf(t2)) {
		/* |t| beyond 1e154: df / t^2 without forming t^2. */
		x = df / fabs(t) / fabs(t);
		y = 1;
	} else {
		x = df / (df + t2);
		y = t2 / (df + t2);
	}
	return incbeta(df / 2, 0.5, x, y);
}

double gb_stats_t_cdf(double t, double df)
{
	double tail;

	if (isnan(t) || !(df > 0))
		return NAN;
	if (df > T_NORMAL_DF)
		return gb_stats_normal_cdf(t);
	tail = gb_stats_t_pvalue(t, df) / 2;
	return t > 0 ? 1 - tail : tail;
}

/* Acklam's rational approximation: relative error below 1.2e-9. */
static double acklam(double p)
{
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
		-2.759285104469687e+02, 1.383577518672690e+02,
		-3.066479806614716e+01, 2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
		-1.556989798598866e+02, 6.680131188771972e+01,
		-1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
		-2.400758277161838e+00, -2.549732539343734e+00,
		4.374664141464968e+00, 2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
		2.445134137142996e+00, 3.754408661907416e+00 };
	double q, r;

	if (p < 0.02425 || p > 1 - 0.02425) {
		q = sqrt(-2 * log(p < 0.5 ? p : 1 - p));
		r = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q +
		     c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
		return p < 0.5 ? r : -r;
	}
	q = p - 0.5;
	r = q * q;
	return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r +
		a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r +
		b[4]) * r + 1);
}

double gb_stats_normal_quantile(double p)
{
	double x, e, u;

	if (!(p > 0 && p < 1))
		return NAN;
	x = acklam(p);
	/* One Halley step on the exact CDF brings it to full precision. */
	e = gb_stats_normal_cdf(x) - p;
	u = e * sqrt(2 * M_PI) * exp(x * x / 2);
	return x - u / (1 + x * u / 2);
}

/* Density of Student's t, for the Newton steps of the quantile. */
static double t_pdf(double t, double df)
{
	int sign;
	double lg = lgamma_r((df + 1) / 2, &sign) - lgamma_r(df / 2, &sign);

	return exp(lg - 0.5 * log(df * M_PI) - (df + 1) / 2 * log1p(t * t / df));
}

static double t_quantile(double p, double df)
{
	double x, lo = -INFINITY, hi = INFINITY, f, step;
	int i;

	/* Start from the normal's, widened for the heavier tails. */
	x = gb_stats_normal_quantile(p);
	x += (x * x * x + x) / (4 * df);
	for (i = 0; i < 200; i++) {
		f = gb_stats_t_cdf(x, df) - p;
		if (f == 0)
			return x;
		if (f < 0)
			lo = x;
		else
			hi = x;
		step = f / t_pdf(x, df);
		x -= step;
		/* Outside the bracket Newton has overshot: bisect instead. */
		if (!(x > lo && x < hi))
			x = isinf(lo) ? hi - fmax(1, fabs(hi)) : isinf(hi)
				? lo + fmax(1, fabs(lo)) : (lo + hi) / 2;
		if (fabs(step) <= 1e-13 * fmax(1, fabs(x)))
			return x;
	}
	return x;
}

/*
 * The last quantiles asked for, by (p, df): a report judges every
 * benchmark of every commit at the same one or two confidences and few
 * degrees of freedom, and each inversion is tens of incomplete betas.
 */
#define T_QUANTILE_MEMO 8
static _Thread_local struct {
	double p, df, q;
} t_memo[T_QUANTILE_MEMO];
static _Thread_local unsigned t_memo_next;

double gb_stats_t_quantile(double p, double df)
{
	double q;
	unsigned i;

	if (!(p > 0 && p < 1) || !(df > 0))
		return NAN;
	if (df > T_NORMAL_DF)
		return gb_stats_normal_quantile(p);
	if (p == 0.5)
		return 0;
	for (i = 0; i < T_QUANTILE_MEMO; i++)
		if (t_memo[i].p == p && t_memo[i].df == df)
			return t_memo[i].q;
	q = t_quantile(p, df);
	i = t_memo_next++ % T_QUANTILE_MEMO;
	t_memo[i].p = p;
	t_memo[i].df = df;
	t_memo[i].q = q;
	return q;
}

/* Both sides constant: no noise to measure the difference against. */
static void welch_no_variance(gb_test_result *out, double mean1, double mean2)
{
	out->df = NAN;
	if (mean1 == mean2) {
		out->statistic = 0;
		out->p = 1;
	} else {
		out->statistic = mean1 > mean2 ? INFINITY : -INFINITY;
		out->p = 0;
	}
}

int gb_stats_welch_summary(gb_test_result *out, double mean1, double sd1,
	double n1, double mean2, double sd2, double n2)
{
	double s, v1, v2, w1, w2, diff;

	if (!out)
		return gb_error_set(GB_EINVALID, "welch test without a result");
	if (!isfinite(mean1) || !isfinite(mean2) || !isfinite(sd1) ||
	    !isfinite(sd2) || sd1 < 0 || sd2 < 0 || isnan(n1) || isnan(n2))
		return gb_error_set(GB_EINVALID, "welch test on non-finite statistics");
	if (n1 < 2 || n2 < 2)
		return gb_error_set(GB_EINVALID, "welch test needs at least 2 values on each side");
	if ((s = fmax(sd1, sd2)) == 0) {
		welch_no_variance(out, mean1, mean2);
		return 0;
	}
	/*
	 * Scale by the larger stddev so that neither squaring overflows nor
	 * a huge count underflows: only ratios matter to t and df.
	 */
	v1 = (sd1 / s) * (sd1 / s) / n1;
	v2 = (sd2 / s) * (sd2 / s) / n2;
	w1 = v1 / (v1 + v2);
	w2 = v2 / (v1 + v2);
	diff = mean1 - mean2;
	if (!isfinite(diff)) {
		/* Opposite huge means: halve both sides of the ratio. */
		diff = mean1 / 2 - mean2 / 2;
		s /= 2;
	}
	out->statistic = diff / s / sqrt(v1 + v2);
	out->df = 1 / (w1 * w1 / (n1 - 1) + w2 * w2 / (n2 - 1));
	out->p = gb_stats_t_pvalue(out->statistic, out->df);
	return 0;
}

int gb_stats_welch(gb_test_result *out, const double *a, size_t na,
	const double *b, size_t nb)
{
	if (na < 2 || nb < 2 || !a || !b)
		return gb_error_set(GB_EINVALID, "welch test needs at least 2 values on each side");
	if (!all_finite(a, na) || !all_finite(b, nb))
		return gb_error_set(GB_EINVALID, "welch test on a sample with a non-finite value");
	return gb_stats_welch_summary(out,
		gb_stats_mean(a, na), gb_stats_stddev(a, na), (double)na,
		gb_stats_mean(b, nb), gb_stats_stddev(b, nb), (double)nb);
}

typedef struct {
	double value;
	bool first;  /* from the first sample */
} mw_item;

static int cmp_item(const void *a, const void *b)
{
	return cmp_double(&((const mw_item *)a)->value,
		&((const mw_item *)b)->value);
}

/*
 * U of the first sample and the tie term sum(t^3 - t), from one sweep of
 * the sorted pooled sample: each value of the first sample counts the
 * second sample's smaller values and half of its equal ones. Counting
 * pairs rather than summing ranks keeps U exact while na * nb < 2^53.
 */
static void mw_sweep(const mw_item *items, size_t n, double *u, double *ties)
{
	double below = 0, t;
	size_t i = 0, j, in_a, in_b;

	*u = *ties = 0;
	while (i < n) {
		in_a = in_b = 0;
		for (j = i; j < n && items[j].value == items[i].value; j++) {
			if (items[j].first)
				in_a++;
			else
				in_b++;
		}
		*u += (double)in_a * (below + (double)in_b / 2);
		t = (double)(j - i);
		*ties += t * t * t - t;
		below += (double)in_b;
		i = j;
	}
}

/*
 * P(U <= u) under the null for samples of m and n values, by recurrence
 * on the largest value: from the first sample it adds n to U, from the
 * second nothing:
 *     f(i, j, v) = f(i - 1, j, v - j) + f(i, j - 1, v).
 * One row per i holds the counts for the current j, cut at v <= u since
 * only the tail is needed. Counts reach C(98, 49) ~ 2.5e28; doubles hold
 * them to full relative precision because only positive terms are added.
 */
static int mw_exact_cdf(double *out, size_t m, size_t n, size_t u)
{
	double *f, tail = 0, total = 1;
	size_t i, j, v, w = u + 1;
	int error = GB_ERROR;

	if (!(f = gb_calloc((m + 1) * w, sizeof(double))))
		goto cleanup;
	for (i = 0; i <= m; i++)
		f[i * w] = 1;
	for (j = 1; j <= n; j++)
		for (i = 1; i <= m; i++)
			for (v = j; v <= u && v <= i * j; v++)
				f[i * w + v] += f[(i - 1) * w + v - j];
	for (v = 0; v <= u; v++)
		tail += f[m * w + v];
	for (i = 1; i <= m; i++)
		total = total * (double)(n + i) / (double)i;
	*out = tail / total;
	error = 0;
cleanup:
	free(f);
	return error;
}

static double mw_normal_p(double u, double na, double nb, double ties)
{
	double n = na + nb, var, z;

	var = na * nb / 12 * ((n + 1) - ties / (n * (n - 1)));
	if (!(var > 0))
		return 1;
	z = (fabs(u - na * nb / 2) - 0.5) / sqrt(var);
	return z <= 0 ? 1 : erfc(z * SQRT1_2);
}

static int mw_p(gb_test_result *out, size_t na, size_t nb, double ties)
{
	double mn = (double)na * (double)nb, tail;
	int error;

	if (ties > 0 || na > GB_STATS_MW_EXACT_MAX || nb > GB_STATS_MW_EXACT_MAX) {
		out->p = mw_normal_p(out->statistic, (double)na, (double)nb, ties);
		return 0;
	}
	/* The distribution is symmetric: take the lower tail. */
	error = mw_exact_cdf(&tail, na < nb ? na : nb, na < nb ? nb : na,
		(size_t)fmin(out->statistic, mn - out->statistic));
	if (!error)
		out->p = fmin(1, 2 * tail);
	return error;
}

int gb_stats_mann_whitney(gb_test_result *out, const double *a, size_t na,
	const double *b, size_t nb)
{
	mw_item *items = NULL;
	double ties;
	size_t i;
	int error = GB_EINVALID;

	if (!out || !a || !b || !na || !nb) {
		gb_error_set(error, "mann-whitney test needs values on each side");
		goto cleanup;
	}
	if (!all_finite(a, na) || !all_finite(b, nb)) {
		gb_error_set(error, "mann-whitney test on a sample with a non-finite value");
		goto cleanup;
	}
	error = GB_ERROR;
	if (na > SIZE_MAX - nb) {
		gb_error_oom();
		goto cleanup;
	}
	if (!(items = gb_calloc(na + nb, sizeof(*items))))
		goto cleanup;
	for (i = 0; i < na; i++)
		items[i] = (mw_item){ a[i], true };
	for (i = 0; i < nb; i++)
		items[na + i] = (mw_item){ b[i], false };
	qsort(items, na + nb, sizeof(*items), cmp_item);
	mw_sweep(items, na + nb, &out->statistic, &ties);
	out->df = NAN;
	error = mw_p(out, na, nb, ties);
cleanup:
	free(items);
	return error;
}

double gb_stats_trimmed_rms(const double *abs_sorted, size_t n, size_t drop)
{
	size_t keep = drop < n ? n - drop : 0, i;
	double ss = 0, a, kept;

	if (!keep)
		return NAN;
	for (i = 0; i < keep; i++)
		ss += abs_sorted[i] * abs_sorted[i];
	if (keep == n)
		return sqrt(ss / (double)n);
	/* The cut at the fraction kept: E[Z^2 | |Z| < a] for normal Z. */
	kept = (double)keep / (double)n;
	a = gb_stats_normal_quantile(0.5 + kept / 2);
	return sqrt(ss / (double)keep /
		(1 - 2 * a * exp(-a * a / 2) / sqrt(2 * M_PI) / kept));
}

double gb_stats_digamma(double x)
{
	double r = 0, f;

	if (!(x > 0))
		return NAN;
	for (; x < 6; x++)
		r -= 1 / x;
	f = 1 / (x * x);
	return r + log(x) - 0.5 / x -
	       f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f / 240)));
}

double gb_stats_trigamma(double x)
{
	double r = 0, f;

	if (!(x > 0))
		return NAN;
	for (; x < 6; x++)
		r += 1 / (x * x);
	f = 1 / (x * x);
	return r + 1 / x + f / 2 +
	       f / x * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f / 30)));
}

/* The derivative of trigamma, for the Newton steps of its inverse. */
static double tetragamma(double x)
{
	double r = 0, f;

	for (; x < 6; x++)
		r -= 2 / (x * x * x);
	f = 1 / (x * x);
	return r - f - f / x - f * f * (0.5 - f * (1.0 / 6 - f / 6));
}

double gb_stats_trigamma_inverse(double y)
{
	double x, step;
	int i;

	if (!(y > 0))
		return NAN;
	if (y > 1e7)
		return 1 / sqrt(y);
	if (y < 1e-6)
		return 1 / y;
	/* trigamma is convex and falling: from here Newton never overshoots. */
	x = 0.5 + 1 / y;
	for (i = 0; i < 50; i++) {
		double t = gb_stats_trigamma(x);

		step = t * (1 - t / y) / tetragamma(x);
		x += step;
		if (-step / x < 1e-10)
			break;
	}
	return x;
}
