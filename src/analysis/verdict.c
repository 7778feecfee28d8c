/*
 * The one rule, on log-ratios: d = ln(head / base), oriented so that
 * d > 0 is worse, with its standard error se on df degrees of freedom.
 * With B = ln(1 + budget):
 *
 *   REGRESSION  d > B and d beyond noise (one-sided, significance / 2)
 *   UNCERTAIN   otherwise, when d + q * se > B: the evidence cannot show
 *               the change within budget (q: within_confidence)
 *   SLOWER      d > ln(1 + warn) and beyond noise
 *   IMPROVED    d < -B and beyond noise; FASTER d < -ln(1 + improvement)
 *   STABLE      the rest: shown within budget
 *
 * compare, log's steps, the report's markers and bisect all judge with
 * gb_compare_judge. docs/verdicts.md works out why these boundaries meet
 * the false-alarm and detection rates the project promises.
 *
 * A comparison of many benchmarks can also doubt its own evidence: a
 * whole run that moved (the median change of a kind of result, beyond
 * its noise), and a pair of runs noisier than the evidence says (the
 * changes, standardised, spread wider than chance allows). Each row is
 * then judged a second time, against the move and with its error widened.
 * These checks can only add doubt: where the two judgements differ on
 * whether a row breaks or may break its budget, it is UNCERTAIN; a change
 * beyond budget and noise in both stays a REGRESSION; and of two calls
 * within budget (SLOWER, FASTER, IMPROVED, STABLE) the milder stands,
 * saying why.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "gitbench/compare.h"
#include "gitbench/stats.h"
#include "analysis/compare_int.h"
#include "util/index.h"

/* Results of one kind needed to tell a run's move or noise from its rows'. */
#define SHIFT_MIN_ROWS 6
/* How far beyond its own standard error a run's move must be. */
#define SHIFT_Z 4
/*
 * Degrees of freedom each row kept is worth to the spread of a pair's
 * changes (a trimmed RMS about a median is not quite a variance).
 */
#define WIDEN_DF_PER_ROW 0.7
/*
 * The largest 1 in this many standardised changes are left out of that
 * spread (at least one): real changes, which must not widen the errors
 * of the benchmarks beside them.
 */
#define WIDEN_TRIM 4
/*
 * A change beyond budget and this many of the errors its runs or history
 * measured is a change of the code, not the pair's noise: it is left out
 * of the pair's spread (while at most half the rows are such). Real
 * series (bench/verdicts) kept their false alarms at 10 where 6 let
 * heavy-tailed bursts through as code.
 */
#define REAL_Z 10
/*
 * One run a side, nothing stored, and too few results of a kind to
 * measure how far the pair moves apart (SHIFT_MIN_ROWS): a run's samples
 * say how steady it was inside, not how far the next run lands (within
 * 1% against 3% between runs, in a suite of one benchmark: a fifth of
 * unchanged pairs read SLOWER or FASTER). The pair's spread of one
 * change is then taken as that of runs 2% apart, on few degrees of
 * freedom, for the calls that settle no gate: SLOWER, FASTER or IMPROVED
 * that it does not bear out are STABLE, saying why. A regression is still
 * judged on the samples (docs/verdicts.md: one run a side).
 */
#define ASSUMED_DF 8

const char *gb_verdict_name(gb_verdict v)
{
	static const char *names[] = { "REGRESSION", "SLOWER", "UNCERTAIN",
				       "STABLE", "FASTER", "IMPROVED", "NEW",
				       "REMOVED", "ACCEPTED" };

	return (unsigned)v < GB_ARRAY_SIZE(names) ? names[v] : "?";
}

const char *gb_evidence_name(gb_evidence e)
{
	static const char *names[] = { "runs", "history", "samples", "counts",
				       "none" };

	return (unsigned)e < GB_ARRAY_SIZE(names) ? names[e] : "?";
}

const char *gb_why_name(gb_why w)
{
	static const char *names[] = { "", "noise", "one-run", "no-noise",
				       "run-moved", "noisy-pair", "near-budget",
				       "no-ratio", "baseline-off-level" };

	return (unsigned)w < GB_ARRAY_SIZE(names) ? names[w] : "?";
}

static const char *const on_uncertain_names[] = { "pass", "fail", "confirm" };

int gb_on_uncertain_parse(gb_on_uncertain *out, const char *text)
{
	size_t i;

	for (i = 0; text && i < GB_ARRAY_SIZE(on_uncertain_names); i++)
		if (!strcmp(text, on_uncertain_names[i])) {
			*out = (gb_on_uncertain)i;
			return 0;
		}
	return gb_error_set(GB_EINVALID, "'%s' is not pass, fail or confirm",
		text ? text : "");
}

const char *gb_on_uncertain_name(gb_on_uncertain v)
{
	return (unsigned)v < GB_ARRAY_SIZE(on_uncertain_names)
		       ? on_uncertain_names[v] : "?";
}

/* ---- the verdict --------------------------------------------------------- */

gb_verdict gb_compare_judge(double *p, double d, double se, double df,
	double threshold, const gb_compare_options *o)
{
	double budget = log1p(threshold / 100);
	double warn = log1p(fmin(o->warn_regression, threshold) / 100);
	double better = log1p(o->improvement / 100);
	double t, q;
	bool sig;

	*p = NAN;
	if (isnan(d))
		return GB_VERDICT_STABLE;
	if (isnan(se))  /* nothing measures the noise */
		return d > warn ? GB_VERDICT_UNCERTAIN : GB_VERDICT_STABLE;
	if (se == 0) {
		t = d == 0 ? 0 : d > 0 ? INFINITY : -INFINITY;
		*p = d == 0 ? 1 : 0;
	} else {
		t = d / se;
		*p = gb_stats_t_pvalue(t, df);
	}
	sig = *p < o->significance;
	if (d > budget && sig)
		return GB_VERDICT_REGRESSION;
	q = se > 0 ? gb_stats_t_quantile(o->within_confidence, df) : 0;
	if (d + q * se > budget)
		return GB_VERDICT_UNCERTAIN;
	if (d > warn && sig)
		return GB_VERDICT_SLOWER;
	if (d < -budget && sig)
		return GB_VERDICT_IMPROVED;
	if (d < -better && sig)
		return GB_VERDICT_FASTER;
	return GB_VERDICT_STABLE;
}

/* Why a row is UNCERTAIN, from what its evidence lacked. */
static gb_why why_of(const gb_compare_row *row)
{
	if (row->verdict != GB_VERDICT_UNCERTAIN)
		return GB_WHY_NONE;
	if (row->evidence == GB_EVIDENCE_NONE)
		return GB_WHY_NO_NOISE;
	if (row->evidence == GB_EVIDENCE_COUNTS)
		return GB_WHY_NEAR_BUDGET;
	return row->evidence == GB_EVIDENCE_SAMPLES ? GB_WHY_ONE_RUN : GB_WHY_NOISE;
}

/* The change's interval at the significance level, in percent. */
static void interval(gb_compare_row *row, const gb_compare_options *o)
{
	double c = row->direction == GB_HIGHER_IS_BETTER ? -row->log_change
							 : row->log_change;
	double q = row->se > 0 ? gb_stats_t_quantile(1 - o->significance / 2,
					 row->df) : 0;

	row->low = row->high = NAN;
	if (isnan(row->se) || isnan(c))
		return;
	row->low = 100 * expm1(c - q * row->se);
	row->high = 100 * expm1(c + q * row->se);
}

/* ---- doubts of a whole comparison ---------------------------------------- */

/* A kind of result: its measure and unit (gb_series_kind). */
typedef struct {
	char *key;
	double *d, *se;      /* the rows' log changes and standard errors */
	bool *real;          /* beyond budget and the noise measured apart */
	size_t n, alloc, alloc_se, alloc_real;
	double shift;        /* the median change: how far the run moved */
	double shift_se;     /* its standard error */
	double floor;        /* the pair's own spread of one change (NAN: too
				few rows to tell) */
	double floor_df;     /* the degrees of freedom of that spread */
	bool noisier;        /* shown beyond the rows' errors */
	bool moved;
	bool assumed;        /* floor is GB_ASSUMED_RUN_SPREAD's, not measured */
} measure_group;

typedef struct {
	measure_group *g;
	size_t n, alloc;
	gb_index map;
	size_t *of_row;      /* group of each row, SIZE_MAX: none */
} groups;

static void groups_dispose(groups *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++) {
		free(gs->g[i].key);
		free(gs->g[i].d);
		free(gs->g[i].se);
		free(gs->g[i].real);
	}
	free(gs->g);
	free(gs->of_row);
	gb_index_dispose(&gs->map);
}

static gb_index_key group_key_at(const void *items, size_t pos)
{
	gb_index_key k = { ((const measure_group *)items)[pos].key, NULL };

	return k;
}

static measure_group *group_for(groups *gs, const char *key)
{
	gb_index_key k = { key, NULL };
	size_t i;
	measure_group *m;

	if (gb_index_find(&i, &gs->map, k, group_key_at, gs->g))
		return &gs->g[i];
	if (GB_ARRAY_GROW(gs->g, gs->n, gs->alloc) < 0)
		return NULL;
	m = &gs->g[gs->n];
	memset(m, 0, sizeof(*m));
	if (!(m->key = gb_strdup(key)) ||
	    gb_index_add(&gs->map, k, gs->n, group_key_at, gs->g) < 0) {
		free(m->key);
		return NULL;
	}
	return &gs->g[gs->n++];
}

static int group_add(measure_group *m, const gb_compare_row *r)
{
	if (GB_ARRAY_GROW(m->d, m->n, m->alloc) < 0 ||
	    GB_ARRAY_GROW(m->se, m->n, m->alloc_se) < 0 ||
	    GB_ARRAY_GROW(m->real, m->n, m->alloc_real) < 0)
		return GB_ERROR;
	m->d[m->n] = r->log_change;
	m->real[m->n] = (r->evidence == GB_EVIDENCE_RUNS ||
			 r->evidence == GB_EVIDENCE_HISTORY) &&
			fabs(r->log_change) > log1p(r->threshold / 100) &&
			r->se > 0 && fabs(r->log_change) > REAL_Z * r->se;
	m->se[m->n++] = r->se;
	return 0;
}

/*
 * The lower bound, at confidence `conf`, of a spread estimated on `df`
 * degrees of freedom: what the data show at least (Wilson and
 * Hilferty's cube root for the chi-square quantile).
 */
static double spread_at_least(double spread, double df, double conf)
{
	double v = 2 / (9 * df);
	double q = 1 - v + gb_stats_normal_quantile(conf) * sqrt(v);

	return q > 0 ? spread / sqrt(q * q * q) : 0;
}

/*
 * The pair's own spread of one change: the changes about the run's move,
 * but those of the code (REAL_Z), their trimmed RMS with the largest
 * quarter left out, so that a few real changes cannot widen the others'
 * errors (three among eight, a regression and two improvements, kept one
 * in the trimmed RMS: 12% where the rest moved 2%, and the regression
 * passed as UNCERTAIN); on *df degrees of freedom, NAN with too few
 * rows. *noisier when even its lower bound at `conf` is beyond a typical
 * row's error (the median: one row's error, itself estimated, must not
 * set the scale): a spread that chance alone could make does not widen,
 * and a clear call stays clear.
 */
static double pair_spread(double *df, bool *noisier, const measure_group *m,
	double conf)
{
	double *x = gb_calloc(2 * m->n + 1, sizeof(double)), *se, spread = NAN;
	size_t i, n = 0, nse = 0, nreal = 0, drop;

	*df = NAN;
	*noisier = false;
	if (!x)
		return NAN;
	se = x + m->n;
	for (i = 0; i < m->n; i++)
		nreal += m->real[i];
	for (i = 0; i < m->n; i++) {
		if (m->real[i] && 2 * nreal <= m->n)
			continue;
		x[n++] = fabs(m->d[i] - m->shift);
		if (m->se[i] > 0 && isfinite(m->se[i]))
			se[nse++] = m->se[i];
	}
	if (n >= SHIFT_MIN_ROWS) {
		gb_stats_sort(x, n);
		drop = (n + WIDEN_TRIM - 1) / WIDEN_TRIM;
		spread = gb_stats_trimmed_rms(x, n, drop);
		*df = WIDEN_DF_PER_ROW * (double)(n - drop);

		*noisier = nse >= SHIFT_MIN_ROWS &&
			   spread_at_least(spread, *df, conf) >
				   gb_stats_median(se, nse);
	}
	free(x);
	return spread;
}

/* Too few rows to measure the pair's spread: the one assumed instead. */
static void group_assume(measure_group *m)
{
	/* A run that moved is doubted for that, as it was. */
	if (!isnan(m->floor) || m->moved)
		return;
	m->floor = GB_ASSUMED_RUN_SPREAD * sqrt(2);
	m->floor_df = ASSUMED_DF;
	m->noisier = false;
	m->assumed = true;
}

/*
 * The median change of a kind of result is how far its whole run moved;
 * it counts when beyond warnRegression and SHIFT_Z of its own standard
 * error (1.2533 times the changes' MAD over sqrt(n), for a median).
 */
static void group_settle(measure_group *m, const gb_compare_options *o)
{
	m->shift = m->shift_se = m->floor = NAN;
	m->noisier = false;
	m->assumed = m->moved = false;
	if (m->n < SHIFT_MIN_ROWS) {
		group_assume(m);
		return;
	}
	m->shift = gb_stats_median(m->d, m->n);
	m->shift_se = 1.2533 * gb_stats_mad(m->d, m->n) / sqrt((double)m->n);
	m->moved = fabs(m->shift) > log1p(o->warn_regression / 100) &&
		   fabs(m->shift) > SHIFT_Z * m->shift_se;
	m->floor = pair_spread(&m->floor_df, &m->noisier, m, 1 - o->significance);
	group_assume(m);
}


/*
 * A rate computed from a benchmark's own time (Criterion.rs's
 * throughput: each sample n over a sample of the time) changes exactly
 * as the time does: it is judged with its time's group, so that one set
 * of samples gets one verdict, and it does not count twice in it.
 */
static bool rate_of_time(const gb_compare_row *r)
{
	return !strcmp(r->measure, "throughput") ||
	       !strncmp(r->measure, "throughput-", 11);
}

static gb_index_key row_key_at(const void *items, size_t pos)
{
	const gb_compare_row *r = &((const gb_compare_row *)items)[pos];
	gb_index_key k = { r->name, r->measure };

	return k;
}

/* Each rate of a time joins the group of its benchmark's time, if any. */
static int rates_to_time(groups *gs, const gb_comparison *c)
{
	gb_index times = GB_INDEX_INIT;
	size_t i, t;
	int error = 0;

	for (i = 0; i < c->nrows && !error; i++)
		if (!strcmp(c->rows[i].measure, GB_MEASURE_TIME))
			error = gb_index_add(&times, row_key_at(c->rows, i), i,
				row_key_at, c->rows);
	for (i = 0; i < c->nrows && !error; i++) {
		gb_index_key k = { c->rows[i].name, GB_MEASURE_TIME };

		if (rate_of_time(&c->rows[i]) && gs->of_row[i] == SIZE_MAX &&
		    gb_index_find(&t, &times, k, row_key_at, c->rows) &&
		    !isnan(c->rows[i].log_change) && !isinf(c->rows[i].log_change))
			gs->of_row[i] = gs->of_row[t];
	}
	gb_index_dispose(&times);
	return error;
}

static int group_rows(groups *gs, const gb_comparison *c,
	const gb_compare_options *o)
{
	gb_buf key = GB_BUF_INIT;
	size_t i;
	int error = GB_ERROR;

	if (!(gs->of_row = gb_calloc(c->nrows + 1, sizeof(size_t))))
		goto cleanup;
	for (i = 0; i < c->nrows; i++) {
		const gb_compare_row *r = &c->rows[i];
		measure_group *m;

		gs->of_row[i] = SIZE_MAX;
		if (isnan(r->log_change) || isinf(r->log_change) ||
		    rate_of_time(r))
			continue;
		if (gb_series_kind(&key, r->measure, r->unit) < 0 ||
		    !(m = group_for(gs, key.ptr)) || group_add(m, r) < 0)
			goto cleanup;
		gs->of_row[i] = (size_t)(m - gs->g);
	}
	if (rates_to_time(gs, c) < 0)
		goto cleanup;
	/* A rate without a time of its benchmark here keeps a group of its own. */
	for (i = 0; i < c->nrows; i++) {
		const gb_compare_row *r = &c->rows[i];
		measure_group *m;

		if (gs->of_row[i] != SIZE_MAX || !rate_of_time(r) ||
		    isnan(r->log_change) || isinf(r->log_change))
			continue;
		if (gb_series_kind(&key, r->measure, r->unit) < 0 ||
		    !(m = group_for(gs, key.ptr)) || group_add(m, r) < 0)
			goto cleanup;
		gs->of_row[i] = (size_t)(m - gs->g);
	}
	for (i = 0; i < gs->n; i++)
		group_settle(&gs->g[i], o);
	error = 0;
cleanup:
	gb_buf_dispose(&key);
	return error;
}

static bool may_break(gb_verdict v)
{
	return v == GB_VERDICT_REGRESSION || v == GB_VERDICT_UNCERTAIN;
}

/*
 * The row judged again, against the run's move and with its error no
 * less than the pair's own spread (on that spread's degrees of freedom
 * where it sets the error). It may only add doubt: UNCERTAIN where the
 * two judgements disagree on the budget, the milder of two calls within
 * it, else the verdict as measured.
 */
/* Evidence that says nothing of the noise between runs. */
static bool one_run_only(const gb_compare_row *r)
{
	return r->evidence == GB_EVIDENCE_SAMPLES || r->evidence == GB_EVIDENCE_NONE;
}

/* Whether the pair's own spread bounds this row's error from below. */
static bool widens(const gb_compare_row *r, const measure_group *m)
{
	if (m->assumed)
		return r->evidence == GB_EVIDENCE_SAMPLES;
	return !isnan(m->floor) && (m->noisier || one_run_only(r));
}

/* How much a verdict that settles no gate claims: STABLE nothing. */
static int claim(gb_verdict v)
{
	switch (v) {
	case GB_VERDICT_SLOWER:
		return 1;
	case GB_VERDICT_FASTER:
		return -1;
	case GB_VERDICT_IMPROVED:
		return -2;
	default:
		return 0;
	}
}

/*
 * The doubt is the verdict's evidence: its reason (when `say_why`), and
 * the interval and p-value of the widened error, not of the ones it
 * overruled.
 */
static void take_doubt(gb_compare_row *r, const measure_group *m, double se,
	double df, double p, const gb_compare_options *o, bool say_why)
{
	if (say_why)
		r->why = m->moved ? GB_WHY_RUN_MOVED : m->assumed ?
			GB_WHY_ONE_RUN : GB_WHY_NOISY_PAIR;
	if (r->why == GB_WHY_NOISY_PAIR)
		r->noise = 100 * se / sqrt(1.0 / (double)r->base_runs +
					   1.0 / (double)r->head_runs);
	r->se = se;
	r->df = df;
	r->p = p;
	r->significant = p < o->significance;
}

static gb_verdict doubted(gb_compare_row *r, const measure_group *m,
	gb_verdict as_measured, const gb_compare_options *o)
{
	double p, d = r->log_change, se = r->se, df = r->df;
	gb_verdict v;

	if (m->moved) {
		r->shift = 100 * expm1(m->shift);
		d -= m->shift;
		se = isnan(se) ? NAN : hypot(se, m->shift_se);
	}
	/*
	 * The pair's spread is the error where it is wider. One run's samples
	 * say nothing of the noise between runs: there it is all there is,
	 * on its degrees of freedom. Runs and history do measure that noise
	 * and keep theirs where they are more: the few rows of a pair (0.7
	 * df each) would otherwise set a t quantile of 4 or more and turn a
	 * 30% slowdown, far beyond the noise the history measured, into
	 * UNCERTAIN.
	 */
	if (widens(r, m) && !(se >= m->floor)) {
		se = m->floor;
		df = one_run_only(r) ? m->floor_df : fmax(df, m->floor_df);
	}
	v = gb_compare_judge(&p, d, se, df, r->threshold, o);
	/*
	 * What the verdict rests on beside the row's evidence: a measured
	 * spread is weighed on every call; an assumed one only where neither
	 * judgement is a gate (below), else the samples decided alone.
	 */
	if (widens(r, m))
		r->pair_spread = !m->assumed ? GB_PAIR_SPREAD_MEASURED
			: !may_break(v) && !may_break(as_measured)
			? GB_PAIR_SPREAD_ASSUMED : GB_PAIR_SPREAD_NONE;
	if (v == as_measured)
		return as_measured;
	/*
	 * Where the spread is assumed, one run's samples alone made the call
	 * SLOWER or FASTER (IMPROVED): the noise between runs would not have,
	 * and the call is the wider error's, saying why.
	 */
	/* An assumed spread settles no gate: it calms the other calls. */
	if (m->assumed && (may_break(v) || may_break(as_measured)))
		return as_measured;
	if (!may_break(v) && !may_break(as_measured)) {
		/*
		 * SLOWER, FASTER, IMPROVED against the run's move or the
		 * pair's spread: the milder call stands, saying why (seven
		 * rows "slower" at p=1e-40 where the whole run moved 8% were
		 * the machine, not the code). Doubt only takes claims away:
		 * a call the doubt would make stronger, or turn round, is
		 * left as measured.
		 */
		if (claim(v) * claim(as_measured) < 0 ||
		    abs(claim(v)) >= abs(claim(as_measured)))
			return as_measured;
		take_doubt(r, m, se, df, p, o, true);
		return v;
	}
	take_doubt(r, m, se, df, p, o,
		as_measured != GB_VERDICT_UNCERTAIN || r->why == GB_WHY_NONE);
	return GB_VERDICT_UNCERTAIN;
}

static void classify(gb_compare_row *r, const measure_group *m,
	const gb_compare_options *o)
{
	if (r->verdict == GB_VERDICT_NEW || r->verdict == GB_VERDICT_REMOVED) {
		r->failed = r->over_time;
		return;
	}
	r->verdict = gb_compare_judge(&r->p, r->log_change, r->se, r->df,
		r->threshold, o);
	r->pair_spread = GB_PAIR_SPREAD_NONE;
	r->significant = r->p < o->significance;
	r->why = why_of(r);
	/*
	 * From 0 (hyperfine's mean of a command faster than its shell) to
	 * anything, or between values of different signs: verdicts judge
	 * ratios, and there is none. Never STABLE by default.
	 */
	if (isnan(r->log_change) && !(r->change == 0)) {
		r->verdict = GB_VERDICT_UNCERTAIN;
		r->why = GB_WHY_NO_RATIO;
	}
	r->noise = 100 * r->sigma;
	/*
	 * Counts do not move with the machine's load: a run of them that
	 * moved, or whose changes spread, shows what the code did.
	 */
	if (r->evidence == GB_EVIDENCE_COUNTS ||
	    (m && m->assumed && gb_measure_is_count(r->measure)))
		m = NULL;
	if (m && (m->moved || widens(r, m)) && !isnan(r->log_change))
		r->verdict = doubted(r, m, r->verdict, o);
	else if (m && m->moved)
		r->shift = 100 * expm1(m->shift);
	r->within_noise = r->verdict == GB_VERDICT_STABLE && !r->significant &&
			  fabs(r->worse) > fmin(o->warn_regression, r->threshold);
	interval(r, o);
	r->failed = r->verdict == GB_VERDICT_REGRESSION || r->over_time;
}

/* The strength of a call on the scale worse > 0: REGRESSION strongest. */
static int strength(gb_verdict v)
{
	return v == GB_VERDICT_REGRESSION ? 3 : claim(v);
}

bool gb_compare_doubt_base(gb_compare_row *r, double base_off,
	double level_se, size_t level_commits, double sigma, double df,
	const gb_compare_options *o)
{
	double p, base_se = hypot(sigma, level_se), head_off, head_se;
	gb_verdict against_level;
	int was = strength(r->verdict), now;

	if (!was || r->waiver || isnan(r->log_change) || !(sigma > 0) ||
	    !(df > 0) || isnan(base_off))
		return false;
	/* The baseline off its level the way that makes the call: a slow
	 * run makes the current side look faster, a fast one slower. */
	if ((base_off > 0) == (r->log_change > 0) ||
	    !(gb_stats_t_pvalue(base_off / base_se, df) < o->significance))
		return false;
	head_off = r->log_change + base_off;
	head_se = hypot(sigma / sqrt((double)r->head_runs), level_se);
	against_level = gb_compare_judge(&p, head_off, head_se, df,
		r->threshold, o);
	now = strength(against_level);
	/* The level bears the call out: the odd baseline did not make it. */
	if (against_level == r->verdict ||
	    (now * was > 0 && abs(now) >= abs(was)))
		return false;
	if (may_break(r->verdict) || may_break(against_level))
		r->verdict = GB_VERDICT_UNCERTAIN;
	else
		r->verdict = now * was > 0 ? against_level : GB_VERDICT_STABLE;
	r->why = GB_WHY_BASE_OFF_LEVEL;
	r->base_off_level = 100 * expm1(r->direction == GB_HIGHER_IS_BETTER
						? -base_off : base_off);
	r->level_commits = level_commits;
	r->within_noise = false;
	r->failed = r->verdict == GB_VERDICT_REGRESSION || r->over_time;
	return true;
}

/* The largest move of a whole run, for the summary. */
static int note_shift(gb_comparison *c, const groups *gs)
{
	const measure_group *best = NULL;
	size_t i;

	c->shift = NAN;
	for (i = 0; i < gs->n; i++)
		if (gs->g[i].moved && (!best || fabs(gs->g[i].shift) > fabs(best->shift)))
			best = &gs->g[i];
	for (i = 0; i < c->nrows; i++)
		c->moved += !isnan(c->rows[i].shift);
	if (!best)
		return 0;
	c->shift = 100 * expm1(best->shift);
	c->shift_measure = gb_strndup(best->key, strcspn(best->key, "\n"));
	return c->shift_measure ? 0 : GB_ERROR;
}

int gb_compare_judge_rows(gb_comparison *c, const gb_compare_options *o)
{
	groups gs;
	size_t i;
	int error;

	memset(&gs, 0, sizeof(gs));
	if ((error = group_rows(&gs, c, o)) < 0)
		goto cleanup;
	for (i = 0; i < c->nrows; i++)
		classify(&c->rows[i], gs.of_row[i] == SIZE_MAX ? NULL
			 : &gs.g[gs.of_row[i]], o);
	error = note_shift(c, &gs);
cleanup:
	groups_dispose(&gs);
	return error;
}

/* ---- what a check makes of it --------------------------------------------- */

bool gb_compare_row_fails(const gb_compare_row *row,
	const gb_compare_options *opts)
{
	return row->failed || (row->verdict == GB_VERDICT_UNCERTAIN &&
			       opts->on_uncertain != GB_ON_UNCERTAIN_PASS);
}

bool gb_compare_row_on_samples_alone(const gb_compare_row *row)
{
	return row->verdict == GB_VERDICT_REGRESSION &&
	       row->evidence == GB_EVIDENCE_SAMPLES &&
	       row->pair_spread == GB_PAIR_SPREAD_NONE;
}

size_t gb_comparison_failures(const gb_comparison *c,
	const gb_compare_options *opts)
{
	size_t i, n = 0;

	for (i = 0; i < c->nrows; i++)
		n += gb_compare_row_fails(&c->rows[i], opts);
	return n;
}

/*
 * gb_compare_runs_needed at a spread of one run `sigma`, with the
 * quantiles of t on `df` degrees of freedom (INFINITY: the normal's).
 */
static size_t runs_needed_at(const gb_compare_row *row, double sigma,
	double df, const gb_compare_options *o, bool both)
{
	double budget = log1p(row->threshold / 100), d = row->log_change;
	double target, v, n;

	if (row->verdict != GB_VERDICT_UNCERTAIN)
		return 0;
	if (!(sigma > 0) || isnan(d) || d == budget)
		return SIZE_MAX;
	target = d > budget ? d / gb_stats_t_quantile(1 - o->significance / 2, df)
			    : (budget - d) / gb_stats_t_quantile(o->within_confidence, df);
	v = target * target / (sigma * sigma);
	if (!(v > 0))
		return SIZE_MAX;
	if (both)
		n = 2 / v;
	else if (v > 1.0 / (double)row->base_runs)
		n = 1 / (v - 1.0 / (double)row->base_runs);
	else
		return SIZE_MAX;
	return n > 1e6 ? SIZE_MAX : (size_t)ceil(n);
}

size_t gb_compare_runs_needed(const gb_compare_row *row,
	const gb_compare_options *o, bool both)
{
	/* Large samples: the quantiles tend to the normal's. */
	return runs_needed_at(row, row->sigma, INFINITY, o, both);
}

/* Whether a row's spread is one of the noise between runs. */
static bool spread_between_runs(const gb_compare_row *row)
{
	return row->why == GB_WHY_NOISY_PAIR ||
	       row->evidence == GB_EVIDENCE_RUNS ||
	       row->evidence == GB_EVIDENCE_HISTORY;
}

size_t gb_compare_runs_advised(const gb_compare_row *row,
	const gb_compare_options *o, bool *both)
{
	size_t have = row->head_runs, n;
	double sigma = row->noise / 100, df = row->df > 0 ? row->df : INFINITY;

	*both = false;
	/* The baseline's odd run is what more runs must replace. */
	if (row->verdict == GB_VERDICT_UNCERTAIN &&
	    row->why == GB_WHY_BASE_OFF_LEVEL) {
		*both = true;
		return 3;
	}
	if (row->verdict != GB_VERDICT_UNCERTAIN || row->why == GB_WHY_RUN_MOVED ||
	    row->why == GB_WHY_NO_RATIO || row->why == GB_WHY_NEAR_BUDGET)
		return 0;
	if (!spread_between_runs(row)) {
		n = 2 * (row->base_runs > have ? row->base_runs : have);
		return n < 3 ? 3 : n > GB_MAX_REPEAT ? 0 : n;
	}
	/*
	 * The spread the verdict was weighed against (the widened one), on
	 * the degrees of freedom it has now: more runs only add to them, so
	 * that this many runs are enough unless the spread grows.
	 */
	if ((n = runs_needed_at(row, sigma, df, o, false)) == SIZE_MAX) {
		*both = true;
		if (row->base_runs > have)
			have = row->base_runs;
		n = runs_needed_at(row, sigma, df, o, true);
	}
	/* Decided at these runs already by that rule: the row says not. */
	if (n != SIZE_MAX && n <= have)
		n = 2 * have;
	if (n < 3)
		n = 3;
	return n > GB_MAX_REPEAT ? 0 : n;
}
