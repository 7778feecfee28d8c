/*
 * The noise model: run-to-run spreads of benchmarks learned from stored
 * runs, from replicates of one commit and from successive commits. The
 * header says how and why.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "gitbench/noise.h"
#include "gitbench/stats.h"
#include "util/index.h"

/*
 * Degrees of freedom one successive difference is worth: the mean square
 * successive difference is about 2/3 as efficient as a variance, and
 * trimming costs a little more.
 */
#define SEQ_DF_PER_DIFF 0.7
/* Fewest differences the sequence's spread is taken from. */
#define SEQ_MIN_DIFFS 3
/* The trimmed RMS leaves out the largest 1 in this many differences. */
#define TRIM_PART 8

typedef struct {
	char *name;
	double rep_ss, rep_df;
	double *diffs;
	size_t ndiffs, adiffs;
	gb_noise_estimate est;
} entry;

struct gb_noise {
	entry *e;
	size_t n, alloc;
	gb_index index;
};

int gb_noise_new(gb_noise **out)
{
	return (*out = gb_calloc(1, sizeof(gb_noise))) ? 0 : GB_ERROR;
}

void gb_noise_free(gb_noise *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++) {
		free(n->e[i].name);
		free(n->e[i].diffs);
	}
	free(n->e);
	gb_index_dispose(&n->index);
	free(n);
}

static const char *entry_name(const void *items, size_t pos)
{
	return ((const entry *)items)[pos].name;
}

static entry *entry_for(gb_noise *n, const char *name)
{
	size_t i;

	if (gb_index_find(&i, &n->index, name, entry_name, n->e))
		return &n->e[i];
	if (GB_ARRAY_GROW(n->e, n->n, n->alloc) < 0)
		return NULL;
	memset(&n->e[n->n], 0, sizeof(entry));
	if (!(n->e[n->n].name = gb_strdup(name)) ||
	    gb_index_add(&n->index, n->e[n->n].name, n->n, entry_name, n->e) < 0) {
		free(n->e[n->n].name);
		return NULL;
	}
	return &n->e[n->n++];
}

static int add_diff(entry *e, double d)
{
	if (GB_ARRAY_GROW(e->diffs, e->ndiffs, e->adiffs) < 0)
		return GB_ERROR;
	e->diffs[e->ndiffs++] = d;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double sorted_median(const double *x, size_t n)
{
	return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

/* Replace x by its absolute deviations from its median, sorted. */
static void deviations(double *x, size_t n)
{
	double med;
	size_t i;

	qsort(x, n, sizeof(double), cmp_double);
	med = sorted_median(x, n);
	for (i = 0; i < n; i++)
		x[i] = fabs(x[i] - med);
	qsort(x, n, sizeof(double), cmp_double);
}

/*
 * The root mean square of x, the largest n / TRIM_PART left out (x holds
 * absolute values, sorted), corrected to estimate sigma for normal data:
 * the truncated normal's variance at that cut. Where the MAD looks at the
 * middle half only, this sees the tails: a machine that is quiet most of
 * the time and off by half now and then is not quiet. The differences
 * left out are room for the steps real changes make.
 */
static double trimmed_rms(const double *x, size_t n)
{
	size_t keep = n - n / TRIM_PART, i;
	double ss = 0, a, kept;

	for (i = 0; i < keep; i++)
		ss += x[i] * x[i];
	if (keep == n)
		return sqrt(ss / (double)n);
	/* The cut at the fraction kept: E[Z^2 | |Z| < a] for normal Z. */
	kept = (double)keep / (double)n;
	a = gb_stats_normal_quantile(0.5 + kept / 2);
	return sqrt(ss / (double)keep /
		(1 - 2 * a * exp(-a * a / 2) / sqrt(2 * M_PI) / kept));
}

/*
 * The sequence's spread: the differences about their median (a steady
 * trend is not noise), their RMS with the largest eighth left out.
 */
static double seq_spread(double *diffs, size_t n)
{
	deviations(diffs, n);
	return trimmed_rms(diffs, n);
}

void gb_noise_estimate_make(gb_noise_estimate *out, double rep_ss,
	double rep_df, double *diffs, size_t ndiffs)
{
	double seq_df = 0, pooled;

	out->rep_df = rep_df;
	out->rep_sigma = rep_df > 0 ? sqrt(rep_ss / rep_df) : NAN;
	out->seq_n = ndiffs;
	out->seq_sigma = ndiffs >= SEQ_MIN_DIFFS ? seq_spread(diffs, ndiffs) : NAN;
	if (!isnan(out->seq_sigma))
		seq_df = SEQ_DF_PER_DIFF * (double)ndiffs;
	out->df = rep_df + seq_df;
	out->sigma = NAN;
	if (out->df <= 0)
		return;
	pooled = ((rep_df > 0 ? rep_ss : 0) +
		  (seq_df > 0 ? seq_df * out->seq_sigma * out->seq_sigma : 0)) /
		 out->df;
	/*
	 * Runs made back to back agree better than runs made apart; the
	 * verdicts compare runs made apart, so replicates may add degrees of
	 * freedom but never make the sequence's spread smaller.
	 */
	if (seq_df > 0 && pooled < out->seq_sigma * out->seq_sigma)
		pooled = out->seq_sigma * out->seq_sigma;
	out->sigma = sqrt(pooled);
}

/* A commit's runs in points [from, to): their mean log and its sum of squares. */
static void commit_stats(const gb_point *p, size_t from, size_t to,
	double *mean, double *ss, size_t *n)
{
	size_t i;

	*mean = *ss = 0;
	*n = 0;
	for (i = from; i < to; i++)
		if (p[i].value > 0 && isfinite(p[i].value)) {
			*mean += log(p[i].value);
			(*n)++;
		}
	if (!*n)
		return;
	*mean /= (double)*n;
	for (i = from; i < to; i++)
		if (p[i].value > 0 && isfinite(p[i].value))
			*ss += (log(p[i].value) - *mean) * (log(p[i].value) - *mean);
}

/* Where the newest GB_NOISE_MAX_COMMITS commits of the series begin. */
static size_t window_start(const gb_series *s)
{
	size_t i = s->n, commits = 0;

	while (i > 0 && commits < GB_NOISE_MAX_COMMITS) {
		size_t c = s->points[i - 1].commit;

		while (i > 0 && s->points[i - 1].commit == c)
			i--;
		commits++;
	}
	return i;
}

int gb_noise_add_series(gb_noise *n, const gb_series *s)
{
	entry *e = entry_for(n, s->name);
	double prev_mean = 0, mean, ss;
	size_t i, j, prev_n = 0, k;

	if (!e)
		return GB_ERROR;
	for (i = window_start(s); i < s->n; i = j) {
		for (j = i; j < s->n && s->points[j].commit == s->points[i].commit; j++)
			;
		commit_stats(s->points, i, j, &mean, &ss, &k);
		if (!k)
			continue;
		e->rep_ss += ss;
		e->rep_df += (double)(k - 1);
		/* Scaled so that every difference has the spread of one run. */
		if (prev_n && add_diff(e, (mean - prev_mean) /
			     sqrt(1.0 / (double)prev_n + 1.0 / (double)k)) < 0)
			return GB_ERROR;
		prev_mean = mean;
		prev_n = k;
	}
	{
		/* The median sorts: estimate from a copy, keep the order. */
		double *copy = e->ndiffs ? gb_malloc(e->ndiffs * sizeof(double)) : NULL;

		if (e->ndiffs && !copy)
			return GB_ERROR;
		if (copy)
			memcpy(copy, e->diffs, e->ndiffs * sizeof(double));
		gb_noise_estimate_make(&e->est, e->rep_ss, e->rep_df, copy, e->ndiffs);
		free(copy);
	}
	return 0;
}

int gb_noise_add_series_set(gb_noise *n, const gb_series_set *set)
{
	size_t i;
	int error;

	for (i = 0; i < set->nseries; i++)
		if ((error = gb_noise_add_series(n, &set->series[i])) < 0)
			return error;
	return 0;
}

const gb_noise_estimate *gb_noise_find(const gb_noise *n, const char *name)
{
	size_t i;

	if (!n || !gb_index_find(&i, &n->index, name, entry_name, n->e) || isnan(n->e[i].est.sigma))
		return NULL;
	return &n->e[i].est;
}
