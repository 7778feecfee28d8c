/*
 * Comparisons: the results of two sides gathered by benchmark and
 * measure, each one's change as a log-ratio d = ln(head / base), oriented
 * so that d > 0 is worse, and its standard error from the best evidence of
 * the noise between runs (several runs a side; the spread learned from
 * stored runs; one run's samples, which the output owns up to). verdict.c
 * judges them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "gitbench/compare.h"
#include "gitbench/stats.h"
#include "gitbench/units.h"
#include "analysis/compare_int.h"
#include "util/index.h"

/*
 * The degrees of freedom of a count's spread: taken as known, so judged
 * with the normal's quantiles.
 */
#define COUNT_DF 1e6


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
	o->within_confidence = GB_DEFAULT_WITHIN_CONFIDENCE;
	if (gb_on_uncertain_parse(&o->on_uncertain, GB_DEFAULT_ON_UNCERTAIN) < 0)
		return GB_ERROR;
	if (!cfg)
		return 0;
	if (gb_config_get(cfg, "bench.onUncertain", NULL) &&
	    gb_on_uncertain_parse(&o->on_uncertain,
		    gb_config_get(cfg, "bench.onUncertain", NULL)) < 0)
		return gb_error_set(GB_EINVALID, "bench.onUncertain: %s",
			gb_error_last()->message);
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

/* The measure's own budget, "*.<measure>", or NULL. */
static const gb_budget *measure_default(const char *measure)
{
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(measure_defaults); i++)
		if (!strcmp(measure_defaults[i].pattern + 2, measure))
			return &measure_defaults[i];
	return NULL;
}

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
	return best ? best : measure_default(measure);
}

bool gb_measure_is_count(const char *measure)
{
	return measure && measure_default(measure);
}

const gb_budget *gb_budget_for(const gb_budget *b, size_t n, const char *name)
{
	return gb_budget_for_measure(b, n, name, GB_MEASURE_TIME);
}

/*
 * ---- gathering: every result of every run, looked up once ---------------
 * A row is one benchmark in one measure: its key is the pair.
 */

enum { BASE, HEAD };

typedef struct {
	const gb_result **names; /* a result naming each row, in order: the
				    current side's first */
	size_t n, alloc;
	gb_index map;
	size_t *off[2];         /* results of row r: res[off[r]..off[r+1]) */
	const gb_result **res[2];
	bool *copy[2];          /* runs left out as copies of earlier ones */
	size_t runs[2], copies[2];
} gather;

static void gather_dispose(gather *g)
{
	int s;

	free(g->names);
	gb_index_dispose(&g->map);
	for (s = 0; s < 2; s++) {
		free(g->off[s]);
		free(g->res[s]);
		free(g->copy[s]);
	}
}

static const gb_run *const *side_runs(const gb_compare_input *in, int s,
	size_t *n)
{
	*n = s == BASE ? in->nbase : in->nhead;
	return s == BASE ? in->base : in->head;
}

static gb_index_key result_key(const gb_result *r)
{
	gb_index_key k = { r->name, r->measure };

	return k;
}

static gb_index_key key_at(const void *items, size_t pos)
{
	return result_key(((const gb_result *const *)items)[pos]);
}

static int add_name(gather *g, const gb_result *r)
{
	size_t i;

	if (gb_index_find(&i, &g->map, result_key(r), key_at, g->names))
		return 0;
	if (GB_ARRAY_GROW(g->names, g->n, g->alloc) < 0)
		return GB_ERROR;
	g->names[g->n] = r;
	if (gb_index_add(&g->map, result_key(r), g->n, key_at, g->names) < 0)
		return GB_ERROR;
	g->n++;
	return 0;
}

/*
 * The rows: current benchmarks in their order, each in its measures, then
 * the baseline's others.
 */
static int gather_names(gather *g, const gb_compare_input *in,
	const gb_selector *sel)
{
	static const int order[2] = { HEAD, BASE };
	size_t i, j, n;
	int k;

	for (k = 0; k < 2; k++) {
		int s = order[k];
		const gb_run *const *runs = side_runs(in, s, &n);

		if (!(g->copy[s] = gb_calloc(n ? n : 1, sizeof(bool))) ||
		    gb_runs_mark_copies(g->copy[s], runs, n) < 0)
			return GB_ERROR;
		for (i = 0; i < n; i++) {
			g->copies[s] += g->copy[s][i];
			g->runs[s] += !g->copy[s][i];
			for (j = 0; !g->copy[s][i] && j < runs[i]->nresults; j++) {
				const gb_result *r = &runs[i]->results[j];

				if (gb_selector_match(sel, r->name, r->measure) &&
				    add_name(g, r) < 0)
					return GB_ERROR;
			}
		}
	}
	return 0;
}

/*
 * Visit each (row, result) of side s once per run: a benchmark given twice
 * in one measure of one run counts once. `fill` NULL counts into off[], else places.
 */
static void side_pass(gather *g, const gb_compare_input *in, int s,
	size_t *last, size_t *fill)
{
	size_t n, i, j, row;
	const gb_run *const *runs = side_runs(in, s, &n);

	for (i = 0; i < n; i++)
		for (j = 0; !g->copy[s][i] && j < runs[i]->nresults; j++) {
			const gb_result *r = &runs[i]->results[j];

			if (!gb_index_find(&row, &g->map, result_key(r), key_at,
				     g->names) || last[row] == i + 1)
				continue;
			last[row] = i + 1;
			if (fill)
				g->res[s][g->off[s][row] + fill[row]++] = r;
			else
				g->off[s][row + 1]++;
		}
}

static int gather_side(gather *g, const gb_compare_input *in, int s)
{
	size_t row, *last = NULL, *fill = NULL;
	int error = GB_ERROR;

	if (!(g->off[s] = gb_calloc(g->n + 1, sizeof(size_t))) ||
	    !(last = gb_calloc(g->n + 1, sizeof(size_t))) ||
	    !(fill = gb_calloc(g->n + 1, sizeof(size_t))))
		goto cleanup;
	side_pass(g, in, s, last, NULL);
	for (row = 0; row < g->n; row++)
		g->off[s][row + 1] += g->off[s][row];
	if (!(g->res[s] = gb_calloc(g->off[s][g->n] + 1, sizeof(gb_result *))))
		goto cleanup;
	memset(last, 0, (g->n + 1) * sizeof(size_t));
	side_pass(g, in, s, last, fill);
	error = 0;
cleanup:
	free(last);
	free(fill);
	return error;
}

/* ---- one benchmark: the change and its standard error ------------------- */

/* One side of one benchmark: its runs' estimates, as logs where positive. */
typedef struct {
	const gb_result *const *res;
	size_t n;            /* runs with an estimate */
	double mean;         /* of the estimates, as shown */
	double lmean, ss;    /* mean of the logs, and their sum of squares */
	bool positive;       /* every estimate > 0: logs are defined */
} side;

static void side_make(side *sd, const gb_result *const *res, size_t n,
	gb_estimator est)
{
	double sum = 0, v;
	size_t i;

	memset(sd, 0, sizeof(*sd));
	sd->res = res;
	sd->positive = true;
	for (i = 0; i < n; i++) {
		if (isnan(v = gb_series_estimate(res[i], est)))
			continue;
		sd->n++;
		sum += v;
		if (v > 0 && isfinite(v))
			sd->lmean += log(v);
		else
			sd->positive = false;
	}
	sd->mean = sd->n ? sum / (double)sd->n : NAN;
	if (!sd->n || !sd->positive)
		return;
	sd->lmean /= (double)sd->n;
	for (i = 0; i < n; i++)
		if (!isnan(v = gb_series_estimate(res[i], est)))
			sd->ss += (log(v) - sd->lmean) * (log(v) - sd->lmean);
}

/*
 * The spread of the log of one run's estimate, from its samples (or its
 * stddev and count): what a test on samples rests on. NAN when unknown.
 * The log samples' spread, and for the mean the samples' own relative
 * spread where it is wider: a mean moves with the few samples far above
 * the rest (a collector's pauses: 3% of samples 2-5x slow) by more than
 * the spread of their logs allows, and one run a side of one unchanged
 * benchmark was a REGRESSION in 9% of pairs.
 */
static double run_se(const gb_result *r, double *df, gb_estimator est)
{
	double sum = 0, ss = 0, m, raw = 0, raw_ss = 0, se;
	size_t i, n = 0;

	*df = NAN;
	for (i = 0; i < r->nsamples; i++)
		if (r->samples[i] > 0 && isfinite(r->samples[i])) {
			sum += log(r->samples[i]);
			raw += r->samples[i];
			n++;
		}
	if (n >= 2) {
		m = sum / (double)n;
		raw /= (double)n;
		for (i = 0; i < r->nsamples; i++)
			if (r->samples[i] > 0 && isfinite(r->samples[i])) {
				ss += (log(r->samples[i]) - m) * (log(r->samples[i]) - m);
				raw_ss += (r->samples[i] - raw) * (r->samples[i] - raw);
			}
		*df = (double)(n - 1);
		se = sqrt(ss / (double)(n - 1) / (double)n);
		if (est == GB_ESTIMATOR_MEAN)
			se = fmax(se, sqrt(raw_ss / (double)(n - 1) / (double)n) / raw);
		return se;
	}
	if (r->count >= 2 && r->mean > 0 && isfinite(r->stddev) && r->stddev >= 0) {
		/* The log's spread is the relative spread, to first order. */
		*df = (double)(r->count - 1);
		return r->stddev / r->mean / sqrt((double)r->count);
	}
	return NAN;
}

/* Evidence from several runs: their spread, with the stored replicates'. */
static void weigh_runs(gb_compare_row *row, const side *b, const side *h,
	const gb_noise_estimate *est)
{
	double ss = b->ss + h->ss;
	double df = (double)(b->n - 1) + (double)(h->n - 1);

	if (est && est->rep_df > 0) {
		ss += est->rep_sigma * est->rep_sigma * est->rep_df;
		df += est->rep_df;
	}
	row->evidence = GB_EVIDENCE_RUNS;
	row->sigma = sqrt(ss / df);
	row->df = df;
	/*
	 * Counts that repeated exactly (each repetition of measure
	 * --instructions a run) still vary between commits by the
	 * environment's size: no less than their known spread.
	 */
	if (gb_measure_is_count(row->measure) && !(row->sigma >= GB_COUNT_SPREAD))
		row->sigma = GB_COUNT_SPREAD;
}

/*
 * One run a side of a count (Valgrind's instructions) without samples:
 * counts repeat between runs, within GB_COUNT_SPREAD (docs/verdicts.md
 * gives the measurements), taken as known rather than estimated.
 */
static void weigh_counts(gb_compare_row *row)
{
	row->evidence = GB_EVIDENCE_COUNTS;
	row->sigma = GB_COUNT_SPREAD;
	row->df = COUNT_DF;
	row->se = row->sigma * sqrt(2);
}

/* One run a side and nothing stored: the two runs' samples (Welch). */
static void weigh_samples(gb_compare_row *row, const side *b, const side *h,
	gb_estimator est)
{
	double dfb, dfh, sb = run_se(b->res[0], &dfb, est);
	double sh = run_se(h->res[0], &dfh, est);
	double vb = sb * sb, vh = sh * sh;

	if ((isnan(sb) || isnan(sh)) && gb_measure_is_count(row->measure)) {
		weigh_counts(row);
		return;
	}
	if (isnan(sb) || isnan(sh)) {
		row->evidence = GB_EVIDENCE_NONE;
		return;
	}
	row->evidence = GB_EVIDENCE_SAMPLES;
	row->se = sqrt(vb + vh);
	row->df = vb + vh > 0 ? (vb + vh) * (vb + vh) /
			(vb * vb / dfb + vh * vh / dfh) : dfb + dfh;
	/* As if of one run, so that the runs a side would need can be told. */
	row->sigma = row->se / sqrt(2);
}

/* Choose the evidence; sets sigma, df, se (NAN when there is none). */
static void weigh(gb_compare_row *row, const side *b, const side *h,
	const gb_noise_estimate *est, gb_estimator estimator)
{
	double runs = sqrt(1.0 / (double)b->n + 1.0 / (double)h->n);

	row->sigma = row->se = row->df = NAN;
	if (!b->positive || !h->positive) {
		row->evidence = GB_EVIDENCE_NONE;
		return;
	}
	if ((b->n >= 2 && h->n >= 2) || (!est && b->n + h->n >= 3))
		weigh_runs(row, b, h, est);
	else if (est) {
		row->evidence = GB_EVIDENCE_HISTORY;
		row->sigma = est->sigma;
		/* Heavy tails weigh as few degrees of freedom do. */
		row->df = fmin(est->df, est->tail_df);
	} else {
		weigh_samples(row, b, h, estimator);
		return;
	}
	row->se = row->sigma * runs;
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

/* Everything but the verdict: sides, change, evidence. */
static int measure_row(gb_compare_row *row, const gather *g, size_t i,
	const gb_noise *noise, const gb_compare_options *o)
{
	side b, h;
	const gb_result *first;

	side_make(&b, g->res[BASE] + g->off[BASE][i],
		g->off[BASE][i + 1] - g->off[BASE][i], o->estimator);
	side_make(&h, g->res[HEAD] + g->off[HEAD][i],
		g->off[HEAD][i + 1] - g->off[HEAD][i], o->estimator);
	first = g->off[HEAD][i + 1] > g->off[HEAD][i] ? g->res[HEAD][g->off[HEAD][i]]
						    : g->res[BASE][g->off[BASE][i]];
	row->order = i;
	if (!(row->name = gb_strdup(first->name)) ||
	    !(row->measure = gb_strdup(first->measure)) ||
	    !(row->unit = gb_strdup(first->unit)))
		return GB_ERROR;
	row->direction = first->direction;
	row->base_runs = b.n;
	row->head_runs = h.n;
	row->base = b.mean;
	row->head = h.mean;
	row->change = row->worse = row->p = row->noise = row->shift = NAN;
	row->base_off_level = NAN;
	row->log_change = row->se = row->sigma = row->df = NAN;
	row->low = row->high = NAN;
	check_budget(row, o);
	if (!h.n || !b.n) {
		row->verdict = h.n ? GB_VERDICT_NEW : GB_VERDICT_REMOVED;
		row->evidence = GB_EVIDENCE_NONE;
		return 0;
	}
	if (row->base != 0)
		row->change = 100 * (row->head - row->base) / fabs(row->base);
	else if (row->head == 0)
		row->change = 0;
	row->worse = row->direction == GB_HIGHER_IS_BETTER ? -row->change
							   : row->change;
	if (b.positive && h.positive)
		row->log_change = row->direction == GB_HIGHER_IS_BETTER
					  ? b.lmean - h.lmean : h.lmean - b.lmean;
	else if (row->change == 0)
		row->log_change = 0;
	weigh(row, &b, &h, gb_noise_find(noise, row->name, row->measure),
		o->estimator);
	return 0;
}

/* ---- all benchmarks ------------------------------------------------------ */

static int rank(const gb_compare_row *r)
{
	static const int by_verdict[] = { 0, 1, 2, 8, 7, 6, 3, 4 };

	return r->failed ? -1 : by_verdict[r->verdict];
}

/* Worst first; ties keep the benchmarks' order, so the sort is stable. */
static int cmp_rows(const void *a, const void *b)
{
	const gb_compare_row *x = a, *y = b;
	int rx = rank(x), ry = rank(y);

	if (rx != ry)
		return rx - ry;
	if (rx <= 2 && x->worse != y->worse && !isnan(x->worse) && !isnan(y->worse))
		return x->worse < y->worse ? 1 : -1;
	return (x->order > y->order) - (x->order < y->order);
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

static int rows_from(gb_comparison *out, const gather *g, const gb_noise *noise,
	const gb_compare_options *o)
{
	size_t i;
	int error;

	if (g->n && !(out->rows = gb_calloc(g->n, sizeof(gb_compare_row))))
		return GB_ERROR;
	for (i = 0; i < g->n; i++) {
		out->nrows++;
		if ((error = measure_row(&out->rows[i], g, i, noise, o)) < 0)
			return error;
	}
	return 0;
}

/* ---- a baseline run off its level ---------------------------------------- */

/* The measured commits before the baseline its level is taken from. */
#define LEVEL_COMMITS 10
#define LEVEL_MIN_COMMITS 5
/* A median's standard error against a mean's, for normal noise. */
#define MEDIAN_SE_FACTOR 1.2533

/* What the commits before a baseline say of its series' level. */
typedef struct {
	double level;        /* median of their mean logs */
	size_t commits;      /* how many it rests on */
	double prev;         /* the mean log of the nearest of them */
	size_t prev_runs;
} level_before;

/*
 * The level of `s` before commit `base`, from the LEVEL_COMMITS measured
 * commits before it. false unless `base` is the series' newest commit
 * with LEVEL_MIN_COMMITS before it.
 */
static bool find_level(level_before *out, const gb_series_set *set,
	const gb_series *s, const git_oid *base)
{
	double means[LEVEL_COMMITS];
	size_t i = s->n, n = 0;

	while (i > 0 && git_oid_equal(&set->commits[s->points[i - 1].commit].id,
				base))
		i--;
	if (i == s->n)
		return false;
	while (i > 0 && n < LEVEL_COMMITS) {
		uint32_t c = s->points[i - 1].commit;
		double sum = 0;
		size_t m = 0;

		for (; i > 0 && s->points[i - 1].commit == c; i--)
			if (s->points[i - 1].value > 0 &&
			    isfinite(s->points[i - 1].value)) {
				sum += log(s->points[i - 1].value);
				m++;
			}
		if (!m)
			continue;
		if (!n)
			out->prev_runs = m;
		means[n++] = sum / (double)m;
	}
	if (n < LEVEL_MIN_COMMITS)
		return false;
	out->prev = means[0];
	out->level = gb_stats_median(means, n);
	out->commits = n;
	return !isnan(out->level);
}

/* Whether x, a log-ratio, is beyond noise at standard error se. */
static bool beyond(double x, double se, double df, const gb_compare_options *o)
{
	return gb_stats_t_pvalue(x / se, df) < o->significance;
}

/*
 * A baseline of one run that reads far off the level of the commits
 * before it makes every row's change look like a change of the code
 * (20 commits at one level, the baseline's run 40% above it, the current
 * side back at the level: "3 improved"). Where it is also beyond noise
 * off the commit just before it, the same way (a step a few commits back
 * moved the level the baseline agrees with), its rows are judged against
 * the level too (gb_compare_doubt_base).
 */
static void doubt_base(gb_comparison *c, const gb_compare_input *in,
	const gb_noise *noise, const gb_compare_options *o)
{
	const git_oid *base;
	size_t i;

	if (!in->history || in->nbase != 1)
		return;
	base = &in->base[0]->commit;
	for (i = 0; i < c->nrows; i++) {
		gb_compare_row *r = &c->rows[i];
		const gb_noise_estimate *est;
		const gb_series *s;
		level_before lb;
		double off, off_prev, sigma, df;

		/* Counts repeat: a baseline off their level is the code. */
		if (r->base_runs != 1 || r->evidence != GB_EVIDENCE_HISTORY ||
		    r->why != GB_WHY_NONE || !(r->base > 0) ||
		    gb_measure_is_count(r->measure) ||
		    !(est = gb_noise_find(noise, r->name, r->measure)) ||
		    !(s = gb_series_find_measure(in->history, r->name,
			      r->measure)) ||
		    !find_level(&lb, in->history, s, base))
			continue;
		sigma = est->sigma;
		df = fmin(est->df, est->tail_df);
		off = log(r->base) - lb.level;
		off_prev = log(r->base) - lb.prev;
		if ((off > 0) != (off_prev > 0) ||
		    !beyond(off_prev, sigma * sqrt(1 + 1.0 / (double)lb.prev_runs),
			    df, o))
			continue;
		if (r->direction == GB_HIGHER_IS_BETTER)
			off = -off;
		c->base_off_level += gb_compare_doubt_base(r, off,
			MEDIAN_SE_FACTOR * sigma / sqrt((double)lb.commits),
			lb.commits, sigma, df, o);
	}
}

int gb_compare(gb_comparison *out, const gb_compare_input *in,
	const gb_compare_options *o)
{
	gather g;
	gb_selector sel = GB_SELECTOR_INIT;
	gb_noise *learned = NULL;
	const gb_noise *noise = in->noise;
	int error;

	memset(out, 0, sizeof(*out));
	memset(&g, 0, sizeof(g));
	if (!o || o->version != GB_COMPARE_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported compare options version");
	if (!noise && in->history &&
	    ((error = gb_noise_new(&learned)) < 0 ||
	     (error = gb_noise_add_series_set(learned, in->history)) < 0))
		goto cleanup;
	noise = noise ? noise : learned;
	if ((error = gb_selector_init(&sel, o->pattern, o->measure)) < 0 ||
	    (error = gather_names(&g, in, &sel)) < 0 ||
	    (error = gather_side(&g, in, BASE)) < 0 ||
	    (error = gather_side(&g, in, HEAD)) < 0 ||
	    (error = rows_from(out, &g, noise, o)) < 0 ||
	    (error = gb_compare_judge_rows(out, o)) < 0)
		goto cleanup;
	doubt_base(out, in, noise, o);
	if (out->nrows)
		qsort(out->rows, out->nrows, sizeof(*out->rows), cmp_rows);
	out->base_runs = g.runs[BASE];
	out->head_runs = g.runs[HEAD];
	out->base_copies = g.copies[BASE];
	out->head_copies = g.copies[HEAD];
	summarise(out);
cleanup:
	gather_dispose(&g);
	gb_selector_dispose(&sel);
	gb_noise_free(learned);
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
	free(c->shift_measure);
	memset(c, 0, sizeof(*c));
}
