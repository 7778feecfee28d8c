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
/* Differences of a kind needed to tell how heavy its tails are. */
#define TAIL_MIN_DIFFS 30
/* The trimmed RMS leaves out the largest 1 in this many differences. */
#define TRIM_PART 8

/* One benchmark in one measure. */
typedef struct {
	char *name;
	char *measure;
	char *kind;          /* gb_series_kind: spreads pool within one */
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
		free(n->e[i].measure);
		free(n->e[i].kind);
		free(n->e[i].diffs);
	}
	free(n->e);
	gb_index_dispose(&n->index);
	free(n);
}

static gb_index_key entry_key(const void *items, size_t pos)
{
	const entry *e = &((const entry *)items)[pos];
	gb_index_key k = { e->name, e->measure };

	return k;
}

static entry *entry_for(gb_noise *n, const char *name, const char *measure)
{
	gb_index_key k = { name, measure };
	entry *e;
	size_t i;

	if (gb_index_find(&i, &n->index, k, entry_key, n->e))
		return &n->e[i];
	if (GB_ARRAY_GROW(n->e, n->n, n->alloc) < 0)
		return NULL;
	e = &n->e[n->n];
	memset(e, 0, sizeof(entry));
	if (!(e->name = gb_strdup(name)) ||
	    !(e->measure = gb_strdup(measure)) ||
	    gb_index_add(&n->index, k, n->n, entry_key, n->e) < 0) {
		free(e->name);
		free(e->measure);
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

static double sorted_median(const double *x, size_t n)
{
	return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

/* Replace x by its absolute deviations from its median, sorted. */
static void deviations(double *x, size_t n)
{
	double med;
	size_t i;

	gb_stats_sort(x, n);
	med = sorted_median(x, n);
	for (i = 0; i < n; i++)
		x[i] = fabs(x[i] - med);
	gb_stats_sort(x, n);
}

/*
 * The sequence's spread: the differences about their median (a steady
 * trend is not noise), their RMS with the largest eighth left out, and
 * at least the largest one where SEQ_MIN_DIFFS remain: a short series
 * with one real step in it would otherwise take the step for its noise
 * (seven commits with an 8x step: a spread of 63% a run, and the step
 * itself UNCERTAIN).
 */
static double seq_spread(double *diffs, size_t n)
{
	size_t drop = n / TRIM_PART;

	if (!drop && n > SEQ_MIN_DIFFS)
		drop = 1;
	deviations(diffs, n);
	return gb_stats_trimmed_rms(diffs, n, drop);
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
	out->prior_sigma = out->prior_df = NAN;
	out->tail_df = INFINITY;
	out->own_df = out->df;
	out->own_sigma = NAN;
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
	out->sigma = out->own_sigma = sqrt(pooled);
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

static int set_kind(entry *e, const gb_series *s)
{
	gb_buf kind = GB_BUF_INIT;
	int error = 0;

	if (e->kind)
		return 0;
	if (gb_series_kind(&kind, s->measure, s->unit) < 0 ||
	    !(e->kind = gb_strdup(kind.ptr)))
		error = GB_ERROR;
	gb_buf_dispose(&kind);
	return error;
}

/* A series' evidence into its entry, and the entry's own estimate. */
static int add_one(gb_noise *n, const gb_series *s)
{
	entry *e = entry_for(n, s->name, s->measure ? s->measure
						      : GB_MEASURE_TIME);
	double prev_mean = 0, mean, ss;
	size_t i, j, prev_n = 0, k;

	if (!e || set_kind(e, s) < 0)
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

/* ---- pooling within a kind ---------------------------------------------- */

static bool has_own(const entry *e)
{
	return e->est.own_df > 0 && e->est.own_sigma > 0 &&
	       isfinite(e->est.own_sigma);
}

/*
 * Smyth's moment estimates over the kind's entries `of[0..k)`: *s0 the
 * typical spread and *d0 its weight (INFINITY: they differ no more than
 * their degrees of freedom explain). The log variance of a spread on d
 * degrees of freedom is off by digamma(d/2) - ln(d/2) on average, and
 * spreads by trigamma(d/2) beyond what the benchmarks really differ;
 * where they differ no more than that, s0 is their pooled variance's.
 */
static void kind_prior(double *s0, double *d0, const entry *const *of,
	size_t k)
{
	double sum = 0, ss = 0, tri = 0, mean, var, e;
	size_t i;

	for (i = 0; i < k; i++) {
		double h = of[i]->est.own_df / 2;

		e = log(of[i]->est.own_sigma * of[i]->est.own_sigma) -
		    gb_stats_digamma(h) + log(h);
		sum += e;
		tri += gb_stats_trigamma(h);
	}
	mean = sum / (double)k;
	for (i = 0; i < k; i++) {
		double h = of[i]->est.own_df / 2;

		e = log(of[i]->est.own_sigma * of[i]->est.own_sigma) -
		    gb_stats_digamma(h) + log(h) - mean;
		ss += e * e;
	}
	var = ss / (double)(k - 1) - tri / (double)k;
	if (var > 0) {
		*d0 = 2 * gb_stats_trigamma_inverse(var);
		*s0 = sqrt(exp(mean + gb_stats_digamma(*d0 / 2) - log(*d0 / 2)));
	} else {
		/* One spread for all: their pooled variance estimates it. */
		double ssq = 0, df = 0;

		for (i = 0; i < k; i++) {
			ssq += of[i]->est.own_df * of[i]->est.own_sigma *
			       of[i]->est.own_sigma;
			df += of[i]->est.own_df;
		}
		*d0 = INFINITY;
		*s0 = sqrt(ssq / df);
	}
}

/*
 * The tails of the kind's noise: each entry's successive differences
 * about their median, in units of its own spread, pooled; their excess
 * kurtosis k is that of a Student t on 4 + 6 / k degrees of freedom.
 * Bursts that one benchmark's few commits may miss show over many.
 */
static double kind_tails(entry *const *of, size_t k)
{
	double m2 = 0, m4 = 0, kurt, u;
	size_t i, j, n = 0;

	for (i = 0; i < k; i++) {
		double med = 0;

		if (of[i]->ndiffs &&
		    isnan(med = gb_stats_median(of[i]->diffs, of[i]->ndiffs)))
			return INFINITY;
		for (j = 0; j < of[i]->ndiffs; j++) {
			u = (of[i]->diffs[j] - med) / of[i]->est.own_sigma;
			m2 += u * u;
			m4 += u * u * u * u;
			n++;
		}
	}
	if (n < TAIL_MIN_DIFFS || !(m2 > 0))
		return INFINITY;
	kurt = (m4 / (double)n) / ((m2 / (double)n) * (m2 / (double)n)) - 3;
	return kurt > 0 ? 4 + 6 / kurt : INFINITY;
}

/* Each entry of the kind shrunk toward its typical spread. */
static void shrink_kind(entry *const *of, size_t k)
{
	double s0, d0, total = 0, tails = kind_tails(of, k);
	size_t i;

	kind_prior(&s0, &d0, (const entry *const *)of, k);
	for (i = 0; i < k; i++)
		total += of[i]->est.own_df;
	for (i = 0; i < k; i++) {
		gb_noise_estimate *est = &of[i]->est;
		double w = fmin(fmin(d0, GB_NOISE_PRIOR_MAX_DF),
				total - est->own_df);

		est->prior_sigma = s0;
		est->prior_df = w;
		est->tail_df = tails;
		est->df = est->own_df + w;
		est->sigma = sqrt((w * s0 * s0 +
				   est->own_df * est->own_sigma * est->own_sigma) /
				  est->df);
	}
}

static int cmp_kind(const void *a, const void *b)
{
	const entry *x = *(const entry *const *)a, *y = *(const entry *const *)b;

	return strcmp(x->kind, y->kind);
}

/* Every entry's spread: its own, shrunk within kinds large enough. */
static int pool(gb_noise *n)
{
	entry **of = gb_calloc(n->n + 1, sizeof(*of));
	size_t i, j, k = 0;

	if (!of)
		return GB_ERROR;
	for (i = 0; i < n->n; i++) {
		gb_noise_estimate *est = &n->e[i].est;

		est->sigma = est->own_sigma;
		est->df = est->own_df;
		est->prior_sigma = est->prior_df = NAN;
		est->tail_df = INFINITY;
		if (has_own(&n->e[i]))
			of[k++] = &n->e[i];
	}
	qsort(of, k, sizeof(*of), cmp_kind);
	for (i = 0; i < k; i = j) {
		for (j = i; j < k && !strcmp(of[j]->kind, of[i]->kind); j++)
			;
		if (j - i >= GB_NOISE_POOL_MIN)
			shrink_kind(of + i, j - i);
	}
	free(of);
	return 0;
}

int gb_noise_add_series(gb_noise *n, const gb_series *s)
{
	int error;

	return (error = add_one(n, s)) < 0 ? error : pool(n);
}

int gb_noise_add_series_set(gb_noise *n, const gb_series_set *set)
{
	size_t i;
	int error;

	for (i = 0; i < set->nseries; i++)
		if ((error = add_one(n, &set->series[i])) < 0)
			return error;
	return pool(n);
}

const gb_noise_estimate *gb_noise_find(const gb_noise *n, const char *name,
	const char *measure)
{
	gb_index_key k = { name, measure ? measure : GB_MEASURE_TIME };
	size_t i;

	if (!n || !gb_index_find(&i, &n->index, k, entry_key, n->e) ||
	    isnan(n->e[i].est.sigma))
		return NULL;
	return &n->e[i].est;
}
