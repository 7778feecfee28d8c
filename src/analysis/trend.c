/* Trends of benchmark series: one value per commit, and its change points. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "gitbench/trend.h"

/* Beyond this a window costs more than it tells (work grows with its square). */
#define WINDOW_MAX 10000

int gb_changepoint_options_load(gb_changepoint_options *o, const gb_config *cfg)
{
	gb_changepoint_options defaults = GB_CHANGEPOINT_OPTIONS_INIT;
	double magnitude = 0;
	long window;
	int error;

	*o = defaults;
	if (!cfg)
		return 0;
	error = gb_config_get_double(&o->max_pvalue, cfg, "bench.changePointPValue");
	if (error == 0 && !(o->max_pvalue > 0 && o->max_pvalue <= 1))
		return gb_error_set(GB_EINVALID,
			"bench.changePointPValue: must be above 0 and at most 1");
	if (error < 0 && error != GB_ENOTFOUND)
		return error;
	error = gb_config_get_int(&window, cfg, "bench.changePointWindow");
	if (error == 0 && (window < (long)(2 * o->min_segment) || window > WINDOW_MAX))
		return gb_error_set(GB_EINVALID,
			"bench.changePointWindow: must be between %zu and %d",
			2 * o->min_segment, WINDOW_MAX);
	if (error == 0)
		o->window = (size_t)window;
	else if (error != GB_ENOTFOUND)
		return error;
	/*
	 * A step smaller than compare would warn about is not one: on a
	 * shared machine whole stretches of unchanged code move by a percent
	 * or two, and those steps are real but not the code's.
	 */
	error = gb_config_get_double(&magnitude, cfg, "bench.changePointMagnitude");
	if (error == GB_ENOTFOUND &&
	    (error = gb_config_get_double(&magnitude, cfg,
		     "bench.warnRegression")) == GB_ENOTFOUND)
		error = 0;
	if (error == 0 && !(magnitude >= 0 && magnitude < 1e6))
		return gb_error_set(GB_EINVALID,
			"bench.changePointMagnitude: must be a percentage >= 0");
	if (error < 0)
		return error;
	o->min_magnitude = magnitude / 100;
	return 0;
}

/* Points of one commit are next to each other: pool each run of them. */
static int pool(gb_trend *t, const gb_series *s)
{
	size_t i;

	if (s->n && !(t->points = gb_calloc(s->n, sizeof(*t->points))))
		return GB_ERROR;
	for (i = 0; i < s->n; i++) {
		const gb_point *p = &s->points[i];
		gb_trend_point *last = t->n ? &t->points[t->n - 1] : NULL;

		if (!isfinite(p->value))
			continue;
		if (last && last->commit == p->commit) {
			last->value += p->value;
			last->runs++;
			continue;
		}
		t->points[t->n].commit = p->commit;
		t->points[t->n].value = p->value;
		t->points[t->n].runs = 1;
		t->n++;
	}
	for (i = 0; i < t->n; i++)
		t->points[i].value /= (double)t->points[i].runs;
	return 0;
}

int gb_trend_compute(gb_trend *out, const gb_series *s,
	const gb_changepoint_options *opts)
{
	double *values = NULL;
	size_t i;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = pool(out, s)) < 0)
		goto cleanup;
	if (out->n && !(values = gb_malloc(out->n * sizeof(double)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < out->n; i++)
		values[i] = out->points[i].value;
	error = gb_changepoints(&out->changes, &out->nchanges, values, out->n,
		opts);
cleanup:
	free(values);
	if (error < 0)
		gb_trend_dispose(out);
	return error;
}

void gb_trend_dispose(gb_trend *t)
{
	if (!t)
		return;
	free(t->points);
	free(t->changes);
	free(t->steps);
	memset(t, 0, sizeof(*t));
}

double gb_trend_last_change(const gb_trend *t)
{
	double before, last;

	if (t->n < 2)
		return NAN;
	before = t->points[t->n - 2].value;
	last = t->points[t->n - 1].value;
	if (before == 0)
		return last == 0 ? 0 : NAN;
	return 100 * (last - before) / fabs(before);
}

/* Runs behind points [from, to) of a trend. */
static size_t runs_in(const gb_trend *t, size_t from, size_t to)
{
	size_t n = 0;

	for (; from < to; from++)
		n += t->points[from].runs;
	return n;
}

static void judge_change(gb_trend_step *st, const gb_trend *t, size_t i,
	const gb_series *s, const gb_noise_estimate *est, double threshold,
	const gb_compare_options *o)
{
	const gb_changepoint *c = &t->changes[i];
	size_t from = i ? t->changes[i - 1].index : 0;
	size_t to = i + 1 < t->nchanges ? t->changes[i + 1].index : t->n;
	double d = NAN, se = NAN;

	if (c->mean_before > 0 && c->mean_after > 0)
		d = log(c->mean_after / c->mean_before);
	if (s->direction == GB_HIGHER_IS_BETTER)
		d = -d;
	if (est)
		se = est->sigma * sqrt(1.0 / (double)runs_in(t, from, c->index) +
				       1.0 / (double)runs_in(t, c->index, to));
	st->df = est ? fmin(est->df, est->tail_df) : NAN;
	st->verdict = gb_compare_judge(&st->p, d, se, st->df, threshold, o);
	st->noise = est ? 100 * est->sigma : NAN;
}

int gb_trend_judge(gb_trend *t, const gb_series *s,
	const gb_noise_estimate *est, const gb_compare_options *o)
{
	const gb_budget *b = gb_budget_for(o->budgets, o->nbudgets, s->name);
	double threshold = b && !isnan(b->max_regression) ? b->max_regression
							  : o->max_regression;
	gb_trend_step *steps;
	size_t i, k = 0;

	free(t->steps);
	t->steps = NULL;
	if (!(steps = gb_calloc(t->nchanges + 1, sizeof(*steps))))
		return GB_ERROR;
	/* Judged on the levels as found, then the STABLE ones dropped. */
	for (i = 0; i < t->nchanges; i++)
		judge_change(&steps[i], t, i, s, est, threshold, o);
	for (i = 0; i < t->nchanges; i++)
		if (steps[i].verdict != GB_VERDICT_STABLE) {
			t->changes[k] = t->changes[i];
			steps[k++] = steps[i];
		}
	t->nchanges = k;
	t->steps = steps;
	return 0;
}
