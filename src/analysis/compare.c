/*
 * Verdicts. A change counts only when it is larger than its threshold and
 * larger than the noise, and the noise that matters is between runs: two
 * processes running the same code differ far more than one run's samples
 * suggest. So the evidence, best first: several runs per side (a test on
 * their per-run estimates); else the run-to-run spread of the benchmark
 * learned from the history along the baseline's first parents; else one run
 * per side with a test on its samples, which the output owns up to.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "gitbench/compare.h"
#include "gitbench/stats.h"
#include "gitbench/units.h"

/* How many recent per-run estimates the spread is learned from. */
#define HISTORY_WINDOW 20
/* Runs per side from which Mann-Whitney U replaces Welch's t-test. */
#define RANK_TEST_RUNS 5
/*
 * Samples per side from which it does for samples: with a handful (three
 * repetitions of Google Benchmark) the exact rank test cannot reach the
 * significance level at all (3 against 3: p >= 0.1), Welch's can.
 */
#define RANK_TEST_SAMPLES 8

const char *gb_verdict_name(gb_verdict v)
{
	static const char *names[] = { "REGRESSION", "SLOWER", "STABLE",
				       "FASTER", "IMPROVED", "NEW", "REMOVED" };

	return (unsigned)v < GB_ARRAY_SIZE(names) ? names[v] : "?";
}

const char *gb_evidence_name(gb_evidence e)
{
	static const char *names[] = { "runs", "history", "samples", "none" };

	return (unsigned)e < GB_ARRAY_SIZE(names) ? names[e] : "?";
}

/* ---- options and budgets ---------------------------------------------- */

static int get_percent(double *out, const gb_config *cfg, const char *key)
{
	int error = gb_config_get_double(out, cfg, key);

	if (error == GB_ENOTFOUND)
		return 0;
	if (error == 0 && !(*out >= 0 && *out < 1e6))
		return gb_error_set(GB_EINVALID, "%s: must be a percentage >= 0",
			key);
	return error;
}

int gb_compare_options_init(gb_compare_options *o, const gb_config *cfg)
{
	int error;

	memset(o, 0, sizeof(*o));
	o->version = GB_COMPARE_OPTIONS_VERSION;
	o->estimator = GB_ESTIMATOR_MEAN;
	o->max_regression = GB_DEFAULT_MAX_REGRESSION;
	o->warn_regression = GB_DEFAULT_WARN_REGRESSION;
	o->improvement = GB_DEFAULT_IMPROVEMENT;
	o->significance = GB_DEFAULT_SIGNIFICANCE;
	o->noise_sigma = GB_DEFAULT_NOISE_SIGMA;
	o->min_history = 6;
	if (!cfg)
		return 0;
	if ((error = gb_estimator_parse(&o->estimator,
		     gb_config_get(cfg, "bench.estimator", NULL))) < 0)
		return gb_error_set(GB_EINVALID, "bench.estimator: %s",
			gb_error_last()->message);
	if ((error = get_percent(&o->max_regression, cfg, "bench.maxRegression")) < 0 ||
	    (error = get_percent(&o->warn_regression, cfg, "bench.warnRegression")) < 0 ||
	    (error = get_percent(&o->improvement, cfg, "bench.improvement")) < 0)
		return error;
	error = gb_config_get_double(&o->significance, cfg, "bench.significance");
	if (error == 0 && !(o->significance > 0 && o->significance < 1))
		return gb_error_set(GB_EINVALID,
			"bench.significance: must be between 0 and 1");
	if (error < 0 && error != GB_ENOTFOUND)
		return error;
	error = gb_config_get_double(&o->noise_sigma, cfg, "bench.noiseSigma");
	if (error == 0 && !(o->noise_sigma > 0 && o->noise_sigma < 1000))
		return gb_error_set(GB_EINVALID, "bench.noiseSigma: must be above 0");
	return error == GB_ENOTFOUND ? 0 : error;
}

typedef struct {
	gb_budget *b;
	size_t n, alloc;
} budget_list;

static gb_budget *budget_named(budget_list *l, const char *pattern)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->b[i].pattern, pattern) == 0)
			return &l->b[i];
	if (GB_ARRAY_GROW(l->b, l->n, l->alloc) < 0)
		return NULL;
	if (!(l->b[l->n].pattern = gb_strdup(pattern)))
		return NULL;
	l->b[l->n].max_regression = NAN;
	l->b[l->n].max_time = NAN;
	return &l->b[l->n++];
}

static int budget_entry(const char *sub, const char *name, const char *value,
	void *payload)
{
	gb_budget *b;
	char *end;
	double v;

	if (strcasecmp(name, "maxRegression") && strcasecmp(name, "maxTime"))
		return 0;
	if (!(b = budget_named(payload, sub)))
		return GB_ERROR;
	if (!strcasecmp(name, "maxTime")) {
		if (gb_units_parse_duration(&b->max_time, value) < 0)
			return gb_error_set(GB_EINVALID, "bench.%s.maxTime: %s", sub,
				gb_error_last()->message);
		return 0;
	}
	v = strtod(value, &end);
	if (end != value && *end == '%')
		end++;
	if (end == value || *end || !(v >= 0 && v < 1e6))
		return gb_error_set(GB_EINVALID,
			"bench.%s.maxRegression: '%s' is not a percentage", sub, value);
	b->max_regression = v;
	return 0;
}

int gb_budgets_load(gb_budget **out, size_t *n, const gb_config *cfg)
{
	budget_list l = { NULL, 0, 0 };
	int error = gb_config_foreach_subsection(cfg, budget_entry, &l);

	if (error < 0) {
		gb_budgets_free(l.b, l.n);
		return error;
	}
	*out = l.b;
	*n = l.n;
	return 0;
}

void gb_budgets_free(gb_budget *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(b[i].pattern);
	free(b);
}

/* Counts that hardly move between runs: a change of 1% is one. */
static gb_budget measure_defaults[] = {
	{ (char *)"*.instructions", 1.0, NAN },
	{ (char *)"*.estimated-cycles", 1.0, NAN },
};

/* Whether `sub` with `measure` cut off its end ("." or " [...]") matches. */
static bool budget_in_measure(const char *sub, const char *name,
	const char *measure)
{
	size_t len = strlen(sub), mlen = strlen(measure), name_len;
	const char *in;
	char *pattern = NULL;
	bool yes = false;

	if (gb_measure_label_split(&name_len, &in, &len, sub, len)) {
		if (len == mlen && !memcmp(in, measure, mlen))
			pattern = gb_strndup(sub, name_len);
	} else if (len > mlen + 1 && sub[len - mlen - 1] == '.' &&
		   !strcmp(sub + len - mlen, measure)) {
		pattern = gb_strndup(sub, len - mlen - 1);
	}
	yes = pattern && gb_series_pattern_match(pattern, name);
	free(pattern);
	return yes;
}

const gb_budget *gb_budget_for_measure(const gb_budget *b, size_t n,
	const char *name, const char *measure)
{
	const gb_budget *best = NULL;
	size_t i;

	if (!measure)
		measure = GB_MEASURE_TIME;
	for (i = 0; i < n; i++)
		if ((gb_series_pattern_match(b[i].pattern, name) ||
		     budget_in_measure(b[i].pattern, name, measure)) &&
		    (!best || strlen(b[i].pattern) >= strlen(best->pattern)))
			best = &b[i];
	for (i = 0; !best && i < GB_ARRAY_SIZE(measure_defaults); i++)
		if (!strcmp(measure_defaults[i].pattern + 2, measure))
			best = &measure_defaults[i];
	return best;
}

const gb_budget *gb_budget_for(const gb_budget *b, size_t n, const char *name)
{
	return gb_budget_for_measure(b, n, name, GB_MEASURE_TIME);
}

/* ---- one benchmark ------------------------------------------------------- */

typedef struct {
	double *values;      /* per-run estimates */
	size_t n;
	double *samples;     /* all samples of all runs */
	size_t nsamples;
	double mean, sd;     /* of the first run, for a summary test */
	uint64_t count;
	const gb_result *first;
} side;

static void side_dispose(side *s)
{
	free(s->values);
	free(s->samples);
}

static int side_gather(side *s, const gb_run *const *runs, size_t n,
	const char *name, const char *measure, gb_estimator est)
{
	size_t i, total = 0;

	memset(s, 0, sizeof(*s));
	if (!(s->values = gb_calloc(n, sizeof(double))))
		return GB_ERROR;
	for (i = 0; i < n; i++) {
		const gb_result *r = gb_run_find_measure(runs[i], name, measure);
		double v;

		if (!r || isnan(v = gb_series_estimate(r, est)))
			continue;
		if (!s->first)
			s->first = r;
		s->values[s->n++] = v;
		total += r->nsamples;
	}
	if (!s->first)
		return 0;
	s->mean = s->first->mean;
	s->sd = s->first->stddev;
	s->count = s->first->count;
	if (total && (s->samples = gb_malloc(total * sizeof(double)))) {
		for (i = 0; i < n; i++) {
			const gb_result *r = gb_run_find_measure(runs[i], name,
				measure);

			if (r && r->nsamples) {
				memcpy(s->samples + s->nsamples, r->samples,
					r->nsamples * sizeof(double));
				s->nsamples += r->nsamples;
			}
		}
	}
	return 0;
}

/* The run-to-run spread of `name` in `measure` from history, or NAN. */
static double history_spread(const gb_series_set *h, const char *name,
	const char *measure, size_t min_points)
{
	const gb_series *s = h ? gb_series_find_measure(h, name, measure) : NULL;
	double values[HISTORY_WINDOW];
	size_t i, n = 0, from;

	if (!s || s->n < min_points)
		return NAN;
	from = s->n > HISTORY_WINDOW ? s->n - HISTORY_WINDOW : 0;
	for (i = from; i < s->n; i++)
		if (!isnan(s->points[i].value))
			values[n++] = s->points[i].value;
	if (n < min_points)
		return NAN;
	return gb_stats_successive_spread(values, n);
}

/* Decide whether the change is beyond noise, and on what evidence. */
static void weigh(gb_compare_row *row, const side *b, const side *h,
	const gb_compare_input *in, const gb_compare_options *o)
{
	gb_test_result t;
	double sigma;

	row->p = NAN;
	row->noise = NAN;
	if (b->n >= 2 && h->n >= 2) {
		row->evidence = GB_EVIDENCE_RUNS;
		if ((b->n >= RANK_TEST_RUNS && h->n >= RANK_TEST_RUNS
			     ? gb_stats_mann_whitney(&t, b->values, b->n, h->values, h->n)
			     : gb_stats_welch(&t, b->values, b->n, h->values, h->n)) == 0)
			row->p = t.p;
		row->significant = row->p < o->significance;
		return;
	}
	sigma = history_spread(in->history, row->name, row->measure,
		o->min_history);
	if (isfinite(sigma) && sigma > 0) {
		double se = sigma * sqrt(1.0 / (double)b->n + 1.0 / (double)h->n);
		double z = fabs(row->head - row->base) / se;

		row->evidence = GB_EVIDENCE_HISTORY;
		row->noise = 100 * sigma / fabs(row->base);
		row->p = erfc(z / sqrt(2)); /* two-sided, exact in the tail */
		row->significant = z > o->noise_sigma;
		return;
	}
	row->evidence = GB_EVIDENCE_SAMPLES;
	if (b->nsamples >= RANK_TEST_SAMPLES && h->nsamples >= RANK_TEST_SAMPLES &&
	    gb_stats_mann_whitney(&t, b->samples, b->nsamples, h->samples,
		    h->nsamples) == 0)
		row->p = t.p;
	else if (b->nsamples >= 2 && h->nsamples >= 2 &&
		 gb_stats_welch(&t, b->samples, b->nsamples, h->samples,
			 h->nsamples) == 0)
		row->p = t.p;
	else if (b->count >= 2 && h->count >= 2 && !isnan(b->sd) && !isnan(h->sd) &&
		 gb_stats_welch_summary(&t, b->mean, b->sd, (double)b->count,
			 h->mean, h->sd, (double)h->count) == 0)
		row->p = t.p;
	else
		row->evidence = GB_EVIDENCE_NONE;
	/* Without any measure of noise, the thresholds alone decide. */
	row->significant = row->evidence == GB_EVIDENCE_NONE ||
			   row->p < o->significance;
}

static void classify(gb_compare_row *row, const gb_compare_options *o)
{
	double t = row->threshold, warn = fmin(o->warn_regression, t);
	double better = -row->worse;

	row->verdict = GB_VERDICT_STABLE;
	if (isnan(row->worse))
		return;
	if (!row->significant) {
		row->within_noise = fabs(row->worse) > warn;
		return;
	}
	if (row->worse > t)
		row->verdict = GB_VERDICT_REGRESSION;
	else if (row->worse > warn)
		row->verdict = GB_VERDICT_SLOWER;
	else if (better > t)
		row->verdict = GB_VERDICT_IMPROVED;
	else if (better > o->improvement)
		row->verdict = GB_VERDICT_FASTER;
}

static void check_budget(gb_compare_row *row, const gb_compare_options *o)
{
	row->budget = gb_budget_for_measure(o->budgets, o->nbudgets, row->name,
		row->measure);
	row->threshold = row->budget && !isnan(row->budget->max_regression)
				 ? row->budget->max_regression : o->max_regression;
	/* An absolute budget holds whatever the noise: it is a limit. */
	if (row->budget && !isnan(row->budget->max_time))
		row->over_time = gb_units_to_ns(row->head, row->unit) >
				 row->budget->max_time;
}

static int compare_one(gb_compare_row *row, const gb_result *key,
	const gb_compare_input *in, const gb_compare_options *o)
{
	const char *name = key->name, *measure = key->measure;
	side b = { 0 }, h = { 0 };
	int error;

	if ((error = side_gather(&b, in->base, in->nbase, name, measure,
		     o->estimator)) < 0 ||
	    (error = side_gather(&h, in->head, in->nhead, name, measure,
		     o->estimator)) < 0)
		goto cleanup;
	{
		const gb_result *r = h.first ? h.first : b.first;

		if (!(row->name = gb_strdup(name)) ||
		    !(row->measure = gb_strdup(measure)) ||
		    !(row->unit = gb_strdup(r->unit))) {
			error = GB_ERROR;
			goto cleanup;
		}
		row->direction = r->direction;
	}
	row->base_runs = b.n;
	row->head_runs = h.n;
	row->base = b.n ? gb_stats_mean(b.values, b.n) : NAN;
	row->head = h.n ? gb_stats_mean(h.values, h.n) : NAN;
	row->change = row->worse = row->p = row->noise = NAN;
	check_budget(row, o);
	if (!h.n || !b.n) {
		row->verdict = h.n ? GB_VERDICT_NEW : GB_VERDICT_REMOVED;
		row->evidence = GB_EVIDENCE_NONE;
		row->failed = row->over_time;
		goto cleanup;
	}
	if (row->base != 0)
		row->change = 100 * (row->head - row->base) / fabs(row->base);
	else if (row->head == 0)
		row->change = 0;
	row->worse = row->direction == GB_HIGHER_IS_BETTER ? -row->change
							   : row->change;
	weigh(row, &b, &h, in, o);
	classify(row, o);
	row->failed = row->verdict == GB_VERDICT_REGRESSION || row->over_time;
cleanup:
	side_dispose(&b);
	side_dispose(&h);
	return error;
}

/* ---- all benchmarks ---------------------------------------------------- */

/* The benchmarks in each measure, by a result that names them. */
typedef struct {
	const gb_result **names;
	size_t n, alloc;
} name_list;

static int add_name(name_list *l, const gb_result *r, const gb_selector *sel)
{
	size_t i;

	if (!gb_selector_match(sel, r->name, r->measure))
		return 0;
	for (i = 0; i < l->n; i++)
		if (gb_result_is(l->names[i], r->name, r->measure))
			return 0;
	if (GB_ARRAY_GROW(l->names, l->n, l->alloc) < 0)
		return GB_ERROR;
	l->names[l->n++] = r;
	return 0;
}

/* Current benchmarks in their order, then those only the baseline has. */
static int all_names(name_list *l, const gb_compare_input *in,
	const gb_selector *sel)
{
	const gb_run *const *sides[2] = { in->head, in->base };
	size_t counts[2] = { in->nhead, in->nbase };
	size_t s, i, k;

	for (s = 0; s < 2; s++)
		for (i = 0; i < counts[s]; i++)
			for (k = 0; k < sides[s][i]->nresults; k++)
				if (add_name(l, &sides[s][i]->results[k],
					     sel) < 0)
					return GB_ERROR;
	return 0;
}

static int rank(const gb_compare_row *r)
{
	static const int by_verdict[] = { 0, 1, 6, 5, 4, 2, 3 };

	return r->failed ? -1 : by_verdict[r->verdict];
}

/* Worst first; ties keep the benchmarks' order. */
static int cmp_rows(const void *a, const void *b)
{
	const gb_compare_row *x = a, *y = b;
	int rx = rank(x), ry = rank(y);

	if (rx != ry)
		return rx - ry;
	if (rx <= 1 && x->worse != y->worse)
		return x->worse < y->worse ? 1 : -1;
	return 0;
}

/* Insertion sort: stable, and a comparison has hundreds of rows at most. */
static void sort_rows(gb_compare_row *rows, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		gb_compare_row r = rows[i];

		for (j = i; j > 0 && cmp_rows(&rows[j - 1], &r) > 0; j--)
			rows[j] = rows[j - 1];
		rows[j] = r;
	}
}

static void summarise(gb_comparison *c)
{
	double *ratios = gb_calloc(c->nrows ? c->nrows : 1, sizeof(double));
	size_t i, n = 0;

	for (i = 0; i < c->nrows; i++) {
		const gb_compare_row *r = &c->rows[i];

		c->count[r->verdict]++;
		c->failures += r->failed;
		if (r->verdict != GB_VERDICT_NEW && r->verdict != GB_VERDICT_REMOVED)
			c->evidence_count[r->evidence]++;
		/* Ratios oriented so that above 1 is worse. */
		if (ratios && r->base > 0 && r->head > 0)
			ratios[n++] = r->direction == GB_HIGHER_IS_BETTER
					      ? r->base / r->head : r->head / r->base;
	}
	c->geomean = n ? 100 * (gb_stats_geomean(ratios, n) - 1) : NAN;
	free(ratios);
}

int gb_compare(gb_comparison *out, const gb_compare_input *in,
	const gb_compare_options *o)
{
	name_list names = { NULL, 0, 0 };
	gb_selector sel = GB_SELECTOR_INIT;
	size_t i;
	int error;

	memset(out, 0, sizeof(*out));
	if (!o || o->version != GB_COMPARE_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported compare options version");
	if ((error = gb_selector_init(&sel, o->pattern, o->measure)) < 0 ||
	    (error = all_names(&names, in, &sel)) < 0)
		goto cleanup;
	if (names.n && !(out->rows = gb_calloc(names.n, sizeof(gb_compare_row)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < names.n; i++) {
		if ((error = compare_one(&out->rows[i], names.names[i], in, o)) < 0)
			goto cleanup;
		out->nrows++;
	}
	sort_rows(out->rows, out->nrows);
	out->base_runs = in->nbase;
	out->head_runs = in->nhead;
	summarise(out);
cleanup:
	free(names.names);
	gb_selector_dispose(&sel);
	if (error < 0)
		gb_comparison_dispose(out);
	return error;
}

void gb_comparison_dispose(gb_comparison *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nrows; i++) {
		free(c->rows[i].name);
		free(c->rows[i].measure);
		free(c->rows[i].unit);
	}
	free(c->rows);
	memset(c, 0, sizeof(*c));
}
