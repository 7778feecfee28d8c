/* Trends of benchmark series: one value per commit, and its change points. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "analysis/changepoint_int.h"
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
	/* A commit measured R times made R points and keeps one. */
	if (t->n && t->n < s->n) {
		gb_trend_point *p = realloc(t->points, t->n * sizeof(*p));

		if (p)
			t->points = p;
	}
	return 0;
}

/* The mean of points [from, to). */
static double level_of(const double *values, size_t from, size_t to)
{
	double sum = 0;
	size_t i;

	for (i = from; i < to; i++)
		sum += values[i];
	return to > from ? sum / (double)(to - from) : NAN;
}

/* The newest points that cannot be a level yet: min_segment - 1. */
static size_t tail_max(const gb_changepoint_options *opts)
{
	gb_changepoint_options defaults = GB_CHANGEPOINT_OPTIONS_INIT;
	size_t k = (opts ? opts->min_segment : defaults.min_segment);

	return k > 1 ? k - 1 : 1;
}

/*
 * The change points of the points, and of the points without the newest
 * min_segment - 1: those cannot be a level yet, and when they stand far
 * from the last level they pull it and can hide a step before them. The
 * change points found without them are kept when they are more.
 */
static int search_changes(gb_trend *t, const double *values,
	const gb_changepoint_options *opts)
{
	size_t k = tail_max(opts), n2;
	gb_split_memo *memo = NULL;
	gb_changepoint *c2 = NULL;
	int error;

	/* The series and the series without its newest points: the splits
	 * of all but the last windows are the same, searched once. */
	if ((error = gb_changepoints_memo(&t->changes, &t->nchanges, values,
		     t->n, opts, &memo)) < 0 ||
	    t->n < 2 * (k + 1) + k)
		goto done;
	if ((error = gb_changepoints_memo(&c2, &n2, values, t->n - k, opts,
		     &memo)) < 0)
		goto done;
	if (n2 > t->nchanges) {
		free(t->changes);
		t->changes = c2;
		t->nchanges = n2;
	} else {
		free(c2);
	}
done:
	gb_split_memo_free(memo);
	return error;
}

/*
 * The name of what search_changes() finds: its points and options, whole,
 * and the method's revision.
 */
static int changes_key(git_oid *key, const double *values, size_t n,
	const gb_changepoint_options *o)
{
	const uint64_t head[] = { GB_CHANGEPOINT_REVISION, o->window,
		o->min_segment, n };
	const double limits[] = { o->max_pvalue, o->min_magnitude };
	gb_buf b = GB_BUF_INIT;
	int error = 0;

	if (gb_buf_puts(&b, "git-bench trend change points\n") < 0 ||
	    gb_buf_put(&b, head, sizeof(head)) < 0 ||
	    gb_buf_put(&b, limits, sizeof(limits)) < 0 ||
	    gb_buf_put(&b, values, n * sizeof(double)) < 0)
		error = GB_ERROR;
	else if (git_odb_hash(key, b.ptr, b.size, GIT_OBJECT_BLOB) < 0)
		error = gb_error_git(-1, "cannot hash a series");
	gb_buf_dispose(&b);
	return error;
}

/* search_changes(), or what it found before for the same points. */
static int find_changes(gb_trend *t, const double *values,
	const gb_changepoint_options *opts)
{
	const gb_changepoint_cache *cache =
		opts && opts->version >= 2 ? opts->cache : NULL;
	git_oid key;
	int error;

	if (!cache || t->n < 2)
		return search_changes(t, values, opts);
	if ((error = changes_key(&key, values, t->n, opts)) < 0 ||
	    (error = cache->get(&t->changes, &t->nchanges, &key,
		     cache->payload)) != 0)
		return error < 0 ? error : 0;
	if ((error = search_changes(t, values, opts)) == 0)
		cache->put(&key, t->changes, t->nchanges, cache->payload);
	return error;
}

/*
 * The newest points apart from the last level: the tail, a step that
 * more points must confirm.
 */
static void find_tail(gb_trend *t, const double *values,
	const gb_changepoint_options *opts)
{
	size_t k = tail_max(opts), from, j;
	double level, tail, newest;

	t->tail = 0;
	t->tail_level = t->tail_change = NAN;
	if (t->n < 2 * (k + 1) + k)
		return;
	from = t->nchanges ? t->changes[t->nchanges - 1].index : 0;
	if (from + 2 > t->n - k)
		return; /* the last level is the tail itself */
	level = level_of(values, from, t->n - k);
	if (!(level > 0))
		return;
	/*
	 * The newest points apart from the level, on the newest one's side,
	 * about as far (half to twice): a level of their own. An outlier
	 * before a newest point back at the level is no tail: averaged with
	 * it, one disturbed run read as a step of half its size.
	 */
	newest = values[t->n - 1] - level;
	for (j = 1; j < k; j++) {
		double dev = values[t->n - 1 - j] - level;

		if (dev * newest <= 0 || fabs(dev) < fabs(newest) / 2 ||
		    fabs(dev) > 2 * fabs(newest))
			break;
	}
	level = level_of(values, from, t->n - j);
	tail = level_of(values, t->n - j, t->n);
	if (!(level > 0) || !isfinite(tail))
		return;
	t->tail = j;
	t->tail_level = level;
	t->tail_change = 100 * (tail - level) / level;
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
	if ((error = find_changes(out, values, opts)) == 0)
		find_tail(out, values, opts);
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
	free(t->rolling);
	memset(t, 0, sizeof(*t));
}

/* Ten years, and as many commits as anyone keeps in a window. */
#define WINDOW_MAX_SECONDS (3650 * 86400LL)
#define WINDOW_MAX_COMMITS 100000

int gb_window_parse(gb_window *out, const char *spec)
{
	unsigned long long n = 0;
	const char *p = spec;
	int64_t unit = 0;

	memset(out, 0, sizeof(*out));
	while (p && *p >= '0' && *p <= '9' && n <= WINDOW_MAX_COMMITS * 10ULL)
		n = n * 10 + (unsigned long long)(*p++ - '0');
	if (p && p != spec && p[0] && !p[1])
		unit = *p == 'h' ? 3600 : *p == 'd' ? 86400 : *p == 'w' ? 604800 : 0;
	if (!p || p == spec || n == 0 || (*p && !unit) ||
	    (unit && n * (unsigned long long)unit > WINDOW_MAX_SECONDS) ||
	    (!unit && n > WINDOW_MAX_COMMITS))
		return gb_error_set(GB_EINVALID, "--window: '%.40s' is not a "
			"window (7d, 30d, 2w, 12h, or a number of commits)",
			spec ? spec : "");
	if (unit)
		out->seconds = (int64_t)n * unit;
	else
		out->commits = (size_t)n;
	return 0;
}

int gb_window_name(gb_buf *out, const gb_window *w)
{
	if (w->commits)
		return gb_buf_printf(out, "%zu-commit", w->commits);
	if (w->seconds % 86400 == 0)
		return gb_buf_printf(out, "%lldd", (long long)(w->seconds / 86400));
	return gb_buf_printf(out, "%lldh", (long long)(w->seconds / 3600));
}

/* The values of a window kept sorted, for its median. */
typedef struct {
	double *v;
	size_t n;
} sorted_window;

static size_t lower_bound(const sorted_window *s, double x)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void window_add(sorted_window *s, double x)
{
	size_t at = lower_bound(s, x);

	memmove(&s->v[at + 1], &s->v[at], (s->n - at) * sizeof(double));
	s->v[at] = x;
	s->n++;
}

static void window_remove(sorted_window *s, double x)
{
	size_t at = lower_bound(s, x);

	if (at < s->n && s->v[at] == x) {
		memmove(&s->v[at], &s->v[at + 1], (s->n - at - 1) * sizeof(double));
		s->n--;
	}
}

/* Whether point `first` has left the window that ends at point `last`. */
static bool left_window(const gb_trend *t, const gb_series_set *set,
	const gb_window *w, size_t first, size_t last)
{
	if (w->commits)
		return last - first >= w->commits;
	return set->commits[t->points[first].commit].time <=
	       set->commits[t->points[last].commit].time - w->seconds;
}

int gb_trend_rolling(gb_trend *t, const gb_series_set *set,
	const gb_window *w, gb_estimator estimator)
{
	sorted_window win = { NULL, 0 };
	double sum = 0;
	size_t i, first = 0;

	free(t->rolling);
	t->rolling = NULL;
	if (!t->n || (!w->seconds && !w->commits))
		return 0;
	if (!(t->rolling = gb_malloc(t->n * sizeof(double))) ||
	    !(win.v = gb_malloc(t->n * sizeof(double)))) {
		free(t->rolling);
		t->rolling = NULL;
		return GB_ERROR;
	}
	/* Each point enters once and leaves once: linear, but the median's
	 * sorted inserts (a move of the window's size each). */
	for (i = 0; i < t->n; i++) {
		sum += t->points[i].value;
		window_add(&win, t->points[i].value);
		while (first < i && left_window(t, set, w, first, i)) {
			sum -= t->points[first].value;
			window_remove(&win, t->points[first].value);
			first++;
		}
		if (estimator == GB_ESTIMATOR_MEDIAN)
			t->rolling[i] = win.n % 2 ? win.v[win.n / 2]
				: (win.v[win.n / 2 - 1] + win.v[win.n / 2]) / 2;
		else
			t->rolling[i] = sum / (double)(i - first + 1);
	}
	free(win.v);
	return 0;
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

double gb_trend_range_change(const gb_trend *t)
{
	double first, last;

	if (t->n < 2)
		return NAN;
	first = t->points[0].value;
	last = t->points[t->n - 1].value;
	if (first == 0)
		return last == 0 ? 0 : NAN;
	return 100 * (last - first) / fabs(first);
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

/* The log of point j's value, NAN when it has none. */
static double point_log(const gb_trend *t, size_t j)
{
	double v = t->points[j].value;

	return v > 0 && isfinite(v) ? log(v) : NAN;
}

/*
 * What moving a point at log value x from level `from` to level `to`
 * costs in log-likelihood, at `runs` runs and 1 / (2 sigma^2) `scale`: no
 * more either way than four times what a point sitting at a level costs,
 * so that one far outlier (ten times the level, a run that hung) cannot
 * pin a step by itself. Simulated series of 5% noise and heavy tails
 * never came near that bound.
 */
static double point_cost(double x, double from, double to, size_t runs,
	double scale)
{
	double most = 4 * (to - from) * (to - from);
	double d = (x - to) * (x - to) - (x - from) * (x - from);

	return (double)runs * scale * fmax(-most, fmin(most, d));
}

/*
 * Where change i may begin (gb_trend_step.first_from, first_to): from the
 * split found, each point moved to the other level costs its runs times
 * the difference of its squared distances to the two levels, over twice
 * one run's variance (point_cost); the splits whose total cost stays
 * within GB_TREND_PLACE, keeping a point on each side. One pass over the two
 * segments. At 2.5% of noise a run a 13% step costs about 12 a point
 * moved, and is placed; at 5% a 10% step costs under 2, and one run a
 * commit cannot tell its first commit from the next two.
 */
static void place_change(gb_trend_step *st, const gb_trend *t, size_t i,
	double sigma)
{
	const gb_changepoint *c = &t->changes[i];
	size_t from = i ? t->changes[i - 1].index : 0;
	size_t to = i + 1 < t->nchanges ? t->changes[i + 1].index : t->n;
	double lb, la, x, scale, cost = 0;
	size_t j;

	st->first_from = st->first_to = c->index;
	if (!(sigma > 0) || !(c->mean_before > 0) || !(c->mean_after > 0) ||
	    !isfinite(c->mean_before) || !isfinite(c->mean_after))
		return;
	lb = log(c->mean_before);
	la = log(c->mean_after);
	scale = 1 / (2 * sigma * sigma);
	for (j = c->index; j > from + 1; j--) {
		if (isnan(x = point_log(t, j - 1)))
			break;
		cost += point_cost(x, lb, la, t->points[j - 1].runs, scale);
		if (cost <= GB_TREND_PLACE)
			st->first_from = j - 1;
	}
	cost = 0;
	for (j = c->index; j + 1 < to; j++) {
		if (isnan(x = point_log(t, j)))
			break;
		cost += point_cost(x, la, lb, t->points[j].runs, scale);
		if (cost <= GB_TREND_PLACE)
			st->first_to = j + 1;
	}
}

void gb_trend_span_of(gb_trend_span *out, const gb_trend *t, size_t i,
	const gb_series_set *set)
{
	size_t first = t->changes[i].index, between;

	out->newer = first;
	if (t->steps) {
		first = t->steps[i].first_from;
		out->newer = t->steps[i].first_to;
	}
	out->placed = first == out->newer;
	out->older = first ? first - 1 : 0;
	out->commits = out->unmeasured = 0;
	if (!first || !set)
		return;
	between = gb_series_unmeasured_between(set, t->points[out->older].commit,
		t->points[out->newer].commit);
	/* The measured points between are not unmeasured commits. */
	out->unmeasured = between > out->newer - first
				  ? between - (out->newer - first) : 0;
	out->commits = out->unmeasured + (out->newer - first) + 1;
}

/* The tail against the level before it; no tail when STABLE. */
static void judge_tail(gb_trend *t, const gb_series *s,
	const gb_noise_estimate *est, double threshold,
	const gb_compare_options *o)
{
	gb_trend_step *st = &t->tail_step;
	size_t from = t->nchanges ? t->changes[t->nchanges - 1].index : 0;
	double d, se = NAN;

	if (!t->tail)
		return;
	d = log1p(t->tail_change / 100);
	if (s->direction == GB_HIGHER_IS_BETTER)
		d = -d;
	if (est)
		se = est->sigma * sqrt(1.0 / (double)runs_in(t, from, t->n - t->tail) +
				       1.0 / (double)runs_in(t, t->n - t->tail, t->n));
	st->df = est ? fmin(est->df, est->tail_df) : NAN;
	st->verdict = gb_compare_judge(&st->p, d, se, st->df, threshold, o);
	st->noise = est ? 100 * est->sigma : NAN;
	if (st->verdict == GB_VERDICT_STABLE)
		t->tail = 0;
}

int gb_trend_judge(gb_trend *t, const gb_series *s,
	const gb_noise_estimate *est, const gb_compare_options *o)
{
	const gb_budget *b = gb_budget_for_measure(o->budgets, o->nbudgets,
		s->name, s->measure);
	double threshold = b && !isnan(b->max_regression) ? b->max_regression
							  : o->max_regression;
	gb_trend_step *steps;
	size_t i, k = 0;

	free(t->steps);
	t->steps = NULL;
	if (!(steps = gb_calloc(t->nchanges + 1, sizeof(*steps))))
		return GB_ERROR;
	/* Judged on the levels as found, then the STABLE ones dropped. */
	for (i = 0; i < t->nchanges; i++) {
		judge_change(&steps[i], t, i, s, est, threshold, o);
		place_change(&steps[i], t, i, est ? est->sigma : NAN);
	}
	judge_tail(t, s, est, threshold, o);
	for (i = 0; i < t->nchanges; i++)
		if (steps[i].verdict != GB_VERDICT_STABLE) {
			t->changes[k] = t->changes[i];
			steps[k++] = steps[i];
		}
	t->nchanges = k;
	t->steps = steps;
	return 0;
}
