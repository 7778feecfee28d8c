/*
 * Bisection of one benchmark's change along first parents, judged by the
 * verdicts of compare: stored results first, measured ones through the
 * caller's callback, commits that cannot be judged skipped like
 * `git bisect skip` does.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/baseline.h"
#include "gitbench/bisect.h"
#include "git/graph.h"
#include "gitbench/noise.h"
#include "gitbench/stats.h"
#include "gitbench/trend.h"

struct gb_bisect_judge {
	gb_store *store;
	char *name;
	char *measure;
	char *machine;
	gb_compare_options opts;
	gb_baseline good;
	gb_series_set history;
	char *unit;
	gb_direction direction;
	double bad_level;       /* the bad side's value, NAN until known */
	double level_before;    /* a step's levels, NAN unless bisecting one */
	double level_after;
};

void gb_bisect_judge_free(gb_bisect_judge *j)
{
	if (!j)
		return;
	gb_baseline_dispose(&j->good);
	gb_series_set_dispose(&j->history);
	free(j->name);
	free(j->measure);
	free(j->machine);
	free(j->unit);
	free(j);
}

const git_oid *gb_bisect_judge_good(const gb_bisect_judge *j)
{
	return &j->good.commit;
}

const char *gb_bisect_judge_unit(const gb_bisect_judge *j)
{
	return j->unit;
}

gb_direction gb_bisect_judge_direction(const gb_bisect_judge *j)
{
	return j->direction;
}

/* The unit and direction of the benchmark on the good side. */
static int good_has_name(gb_bisect_judge *j)
{
	char hex[8];
	size_t i;

	for (i = 0; i < j->good.runs.count; i++) {
		const gb_result *r = gb_run_find_measure(j->good.runs.runs[i],
			j->name, j->measure);

		if (r) {
			j->direction = r->direction;
			return (j->unit = gb_strdup(r->unit)) ? 0 : GB_ERROR;
		}
	}
	git_oid_tostr(hex, sizeof(hex), &j->good.commit);
	if (strcmp(j->measure, GB_MEASURE_TIME))
		return gb_error_set(GB_ENOTFOUND, "no results for '%s' in %s "
			"at %s, the good side", j->name, j->measure, hex);
	return gb_error_set(GB_ENOTFOUND, "no results for '%s' at %s, the good side",
		j->name, hex);
}

static int learn_noise(gb_bisect_judge *j, const git_oid *from)
{
	gb_series_options so = GB_SERIES_OPTIONS_INIT;

	so.machine = j->machine;
	/* A name with glob characters would not match itself as a pattern. */
	so.pattern = strpbrk(j->name, "*?[") ? NULL : j->name;
	so.measure = j->measure;
	so.estimator = j->opts.estimator;
	so.max_commits = GB_COMPARE_HISTORY_COMMITS;
	return gb_series_collect(&j->history, j->store, from, &so);
}

/* "name [measure]" is the benchmark in that measure; a name alone, in `in`. */
static int set_name(gb_bisect_judge *j, const char *label, const char *in)
{
	size_t name_len, measure_len;
	const char *measure;

	if (gb_measure_label_split(&name_len, &measure, &measure_len, label,
		    strlen(label))) {
		j->name = gb_strndup(label, name_len);
		j->measure = gb_strndup(measure, measure_len);
	} else {
		j->name = gb_strdup(label);
		j->measure = gb_strdup(in ? in : GB_MEASURE_TIME);
	}
	return j->name && j->measure ? 0 : GB_ERROR;
}

int gb_bisect_judge_new(gb_bisect_judge **out, gb_store *store,
	const git_oid *good, const git_oid *noise_from, const char *name,
	const char *machine, const gb_compare_options *opts)
{
	gb_bisect_judge *j;
	int error;

	*out = NULL;
	if (!name || !*name || !opts)
		return gb_error_set(GB_EINVALID, "bisect needs a benchmark name and compare options");
	if (!(j = gb_calloc(1, sizeof(*j))))
		return GB_ERROR;
	j->store = store;
	j->bad_level = j->level_before = j->level_after = NAN;
	j->opts = *opts;
	j->opts.pattern = NULL;
	j->opts.measure = NULL;
	if (set_name(j, name, opts->measure) < 0 ||
	    (machine && !(j->machine = gb_strdup(machine)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	if ((error = gb_baseline_find(&j->good, store, good, machine,
		     GB_BASELINE_MAX_DISTANCE)) < 0 ||
	    (error = good_has_name(j)) < 0 ||
	    (error = learn_noise(j, noise_from ? noise_from : good)) < 0)
		goto cleanup;
	*out = j;
	j = NULL;
cleanup:
	gb_bisect_judge_free(j);
	return error;
}

static bool counts_as_bad(gb_verdict v, gb_bisect_hunt hunt)
{
	bool worse = v == GB_VERDICT_REGRESSION || v == GB_VERDICT_SLOWER ||
		     v == GB_VERDICT_UNCERTAIN;
	bool better = v == GB_VERDICT_FASTER || v == GB_VERDICT_IMPROVED;

	return ((hunt & GB_BISECT_WORSE) && worse) ||
	       ((hunt & GB_BISECT_BETTER) && better);
}

void gb_bisect_judge_set_bad(gb_bisect_judge *j, double value)
{
	j->bad_level = value;
}

void gb_bisect_judge_set_levels(gb_bisect_judge *j, double before, double after)
{
	j->level_before = before;
	j->level_after = after;
}

/* Whether v is nearer `after` than `before`, as ratios. */
static bool nearer_after(double v, double before, double after)
{
	if (v > 0 && before > 0 && after > 0)
		return fabs(log(v / after)) < fabs(log(v / before));
	return fabs(v - after) < fabs(v - before);
}

/*
 * Bad: compare's verdict is the one hunted and, once the bad side's value
 * is known, the value is nearer it than the good side's. A noisy commit a
 * few percent off then stays good in the hunt for a large step, even where
 * no history measures the noise and the thresholds alone decide.
 */
static void take_row(gb_bisect_judgement *out, const gb_compare_row *row,
	gb_bisect_hunt hunt, const gb_bisect_judge *j)
{
	double bad_level = j->bad_level;

	out->verdict = row->verdict;
	out->evidence = row->evidence;
	out->good = row->base;
	out->value = row->head;
	out->change = row->change;
	out->p = row->p;
	if (row->verdict == GB_VERDICT_NEW || row->verdict == GB_VERDICT_REMOVED)
		out->state = GB_BISECT_SKIP;
	else if (!isnan(j->level_before))
		/* Bisecting a step: which side of it the value is on. */
		out->state = nearer_after(row->head, j->level_before, j->level_after)
				     ? GB_BISECT_BAD : GB_BISECT_GOOD;
	else if (!counts_as_bad(row->verdict, hunt))
		out->state = GB_BISECT_GOOD;
	else if (isfinite(bad_level) &&
		 !(fabs(row->head - bad_level) < fabs(row->head - row->base)))
		out->state = GB_BISECT_GOOD;
	else
		out->state = GB_BISECT_BAD;
}

int gb_bisect_judge_runs(gb_bisect_judgement *out, gb_bisect_judge *j,
	const gb_runlist *runs, gb_bisect_hunt hunt)
{
	const gb_run **head = gb_calloc(runs->count ? runs->count : 1,
		sizeof(*head));
	gb_compare_input in = { 0 };
	gb_comparison c = { 0 };
	size_t i, n = 0;
	int error = 0;

	memset(out, 0, sizeof(*out));
	out->state = GB_BISECT_SKIP;
	out->good = out->value = out->change = out->p = NAN;
	if (!head)
		return GB_ERROR;
	for (i = 0; i < runs->count; i++) {
		const gb_run *run = runs->runs[i];

		if ((!j->machine || !strcmp(run->machine, j->machine)) &&
		    gb_run_find_measure(run, j->name, j->measure))
			head[n++] = run;
	}
	out->runs = n;
	if (n == 0)
		goto cleanup;
	in.base = (const gb_run *const *)j->good.runs.runs;
	in.nbase = j->good.runs.count;
	in.head = head;
	in.nhead = n;
	in.history = &j->history;
	if ((error = gb_compare(&c, &in, &j->opts)) < 0)
		goto cleanup;
	for (i = 0; i < c.nrows; i++)
		if (!strcmp(c.rows[i].name, j->name) &&
		    !strcmp(c.rows[i].measure, j->measure))
			take_row(out, &c.rows[i], hunt, j);
cleanup:
	gb_comparison_dispose(&c);
	free(head);
	return error;
}

int gb_bisect_judge_commit(gb_bisect_judgement *out, gb_bisect_judge *j,
	const git_oid *commit, gb_bisect_hunt hunt)
{
	gb_runlist runs = { 0 };
	int error = gb_store_read(&runs, j->store, commit, NULL);

	if (error == GB_ENOTFOUND || error == GB_EDAMAGED) {
		/* Nothing to judge by: skipped, as a commit that will not build. */
		gb_error_clear();
		error = 0;
	}
	if (error == 0)
		error = gb_bisect_judge_runs(out, j, &runs, hunt);
	gb_runlist_dispose(&runs);
	return error;
}

/* ---- the search ---------------------------------------------------------- */

typedef struct {
	gb_bisect_result *r;
	gb_store *store;
	gb_bisect_judge *judge;
	const gb_bisect_options *o;
	size_t lo, hi;
	/* The bad side's judgement is told once what it leads to is known. */
	bool hold;
} search;

/* Tell the callback about path[i], judged as `j` (NULL unless JUDGED). */
static void tell_as(const search *s, gb_bisect_event_kind kind, size_t i,
	const gb_bisect_judgement *j)
{
	gb_bisect_event e;

	if (!s->o->progress)
		return;
	e.kind = kind;
	e.commit = &s->r->path[i].id;
	e.left = s->hi - s->lo;
	e.judgement = j;
	e.unit = s->judge ? gb_bisect_judge_unit(s->judge) : NULL;
	s->o->progress(&e, s->o->payload);
}

static void tell(const search *s, gb_bisect_event_kind kind, size_t i)
{
	const gb_bisect_judgement *j = &s->r->path[i].judgement;

	if (kind != GB_BISECT_EVENT_JUDGED)
		tell_as(s, kind, i, NULL);
	else if (!s->hold || j->state == GB_BISECT_SKIP)
		tell_as(s, kind, i, j);
}

/* Ask the callback to measure path[i]: 1 measured, 0 skipped, < 0 error. */
static int measure(search *s, size_t i)
{
	int error;

	tell(s, GB_BISECT_EVENT_MEASURE, i);
	error = s->o->measure(&s->r->path[i].id, s->o->payload);
	if (error == GB_ENOTFOUND) {
		gb_error_clear();
		return 0;
	}
	if (error < 0)
		return error;
	s->r->path[i].measured = true;
	return 1;
}

/* Judge path[i]: stored results, else measured ones, else skipped. */
static int evaluate(search *s, size_t i, gb_bisect_hunt hunt)
{
	gb_bisect_commit *c = &s->r->path[i];
	int error;

	c->judgement.state = GB_BISECT_SKIP;
	if (c->has_note) {
		tell(s, GB_BISECT_EVENT_CHECK, i);
		if ((error = gb_bisect_judge_commit(&c->judgement, s->judge,
			     &c->id, hunt)) < 0)
			return error;
	}
	if (c->judgement.state == GB_BISECT_SKIP && s->o->measure) {
		if ((error = measure(s, i)) < 0)
			return error;
		if (error > 0 && (error = gb_bisect_judge_commit(&c->judgement,
				     s->judge, &c->id, hunt)) < 0)
			return error;
	}
	tell(s, GB_BISECT_EVENT_JUDGED, i);
	return 0;
}

static size_t distance(size_t a, size_t b)
{
	return a > b ? a - b : b - a;
}

/*
 * The untested commit between lo and hi nearest their middle, from the
 * stored ones first (they cost nothing), then, if the callback can
 * measure, from all; n when there is none.
 */
static size_t pick(const search *s)
{
	size_t mid = s->lo + (s->hi - s->lo) / 2, best = s->r->n, i;
	int pass;

	for (pass = 0; pass < (s->o->measure ? 2 : 1) && best == s->r->n; pass++)
		for (i = s->lo + 1; i < s->hi; i++) {
			const gb_bisect_commit *c = &s->r->path[i];

			if (c->judgement.state != GB_BISECT_UNTESTED ||
			    (pass == 0 && !c->has_note))
				continue;
			if (best == s->r->n || distance(i, mid) < distance(best, mid))
				best = i;
		}
	return best;
}

static int narrow(search *s)
{
	size_t i;
	int error;

	while (s->hi - s->lo > 1 && (i = pick(s)) < s->r->n) {
		if ((error = evaluate(s, i, s->r->hunt)) < 0)
			return error;
		if (s->r->path[i].judgement.state == GB_BISECT_BAD)
			s->hi = i;
		else if (s->r->path[i].judgement.state == GB_BISECT_GOOD)
			s->lo = i;
	}
	return 0;
}

/* ---- the range as a series ------------------------------------------------ */

static int series_add(gb_series *ser, size_t *alloc, size_t commit, double v)
{
	if (ser->n == *alloc) {
		size_t n = *alloc ? *alloc * 2 : 64;
		gb_point *p = gb_realloc(ser->points, n * sizeof(*p));

		if (!p)
			return GB_ERROR;
		ser->points = p;
		*alloc = n;
	}
	ser->points[ser->n].commit = (uint32_t)commit;
	ser->points[ser->n].value = v;
	ser->points[ser->n++].stddev = NAN;
	return 0;
}

/* The runs of path[i] that count: this machine's, copies left out. */
static int take_path_runs(gb_series *ser, size_t *alloc, search *s, size_t i)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	gb_runlist runs = { 0 };
	bool *copy = NULL;
	size_t k;
	int error;

	dopts.skip_samples = true;
	if ((error = gb_store_read(&runs, s->store, &s->r->path[i].id, &dopts)) < 0) {
		gb_runlist_dispose(&runs);
		if (error != GB_EDAMAGED && error != GB_ENOTFOUND)
			return error;
		gb_error_clear();
		return 0;
	}
	gb_runlist_keep_machine(&runs, s->o->machine);
	error = GB_ERROR;
	if (!(copy = gb_calloc(runs.count + 1, sizeof(bool))) ||
	    gb_runs_mark_copies(copy, (const gb_run *const *)runs.runs, runs.count) < 0)
		goto cleanup;
	for (k = 0; k < runs.count; k++) {
		const gb_result *r = gb_run_find_measure(runs.runs[k],
			s->judge->name, s->judge->measure);
		double v;

		if (copy[k] || !r || isnan(v = gb_series_estimate(r,
						      s->o->compare->estimator)))
			continue;
		if (series_add(ser, alloc, i, v) < 0)
			goto cleanup;
	}
	error = 0;
cleanup:
	free(copy);
	gb_runlist_dispose(&runs);
	return error;
}

static void changepoint_settings(gb_changepoint_options *cp, const search *s)
{
	gb_changepoint_options defaults = GB_CHANGEPOINT_OPTIONS_INIT;

	if (s->o->changepoint) {
		*cp = *s->o->changepoint;
		return;
	}
	/* As log has it when bench.changePointMagnitude is unset. */
	*cp = defaults;
	cp->min_magnitude = s->o->compare->warn_regression / 100;
}

/* The steps of the series: its change points as compare's rule judges them. */
static int steps_of(search *s, gb_trend *t, const gb_series *ser,
	const gb_noise *noise)
{
	const gb_noise_estimate *est = gb_noise_find(noise, s->judge->name,
		s->judge->measure);
	gb_bisect_result *r = s->r;
	size_t i;
	int error;

	r->noise = est ? 100 * est->sigma : NAN;
	if ((error = gb_trend_judge(t, ser, est, s->o->compare)) < 0)
		return error;
	if (t->nchanges && !(r->steps = gb_calloc(t->nchanges, sizeof(*r->steps))))
		return GB_ERROR;
	for (i = 0; i < t->nchanges; i++) {
		gb_bisect_step *st = &r->steps[r->nsteps++];
		const gb_changepoint *c = &t->changes[i];
		gb_trend_span sp;

		st->verdict = t->steps[i].verdict;
		st->p = t->steps[i].p;
		st->noise = t->steps[i].noise;
		st->df = t->steps[i].df;
		/* The points' commits are indices in the path. */
		gb_trend_span_of(&sp, t, i, NULL);
		st->placed = sp.placed;
		st->before = t->points[sp.older].commit;
		st->after = t->points[sp.newer].commit;
		st->level_before = c->mean_before;
		st->level_after = c->mean_after;
		st->change = c->change;
	}
	return 0;
}

static int cmp_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Where the series between its ends is: the median of its points but the
 * first and the last; of two middle values, the one nearer the first, so
 * that a series half at each level is not taken for one at the last's.
 * NAN without such points.
 */
static int rest_level(double *out, const gb_trend *t)
{
	size_t n = t->n - 2, i;
	double *v;

	*out = NAN;
	if (t->n < 3)
		return 0;
	if (!(v = gb_calloc(n, sizeof(double))))
		return GB_ERROR;
	for (i = 0; i < n; i++)
		v[i] = t->points[i + 1].value;
	qsort(v, n, sizeof(double), cmp_value);
	if (n % 2)
		*out = v[n / 2];
	else
		*out = nearer_after(t->points[0].value, v[n / 2 - 1], v[n / 2])
			? v[n / 2] : v[n / 2 - 1];
	free(v);
	return 0;
}

/* The stored results of the range as a series, and its steps. */
static int find_steps(search *s)
{
	gb_changepoint_options cp;
	gb_series ser;
	gb_trend t;
	gb_noise *noise = NULL;
	size_t i, alloc = 0;
	int error = 0;

	memset(&ser, 0, sizeof(ser));
	memset(&t, 0, sizeof(t));
	ser.name = s->judge->name;
	ser.measure = s->judge->measure;
	changepoint_settings(&cp, s);
	for (i = 0; i < s->r->n && !error; i++)
		if (s->r->path[i].has_note || s->r->path[i].measured)
			error = take_path_runs(&ser, &alloc, s, i);
	if (error < 0 || (error = gb_trend_compute(&t, &ser, &cp)) < 0)
		goto cleanup;
	s->r->measured_commits = t.n;
	s->r->rest_level = NAN;
	if (t.n) {
		s->r->first_level = t.points[0].value;
		s->r->last_level = t.points[t.n - 1].value;
	}
	if ((error = rest_level(&s->r->rest_level, &t)) < 0)
		goto cleanup;
	if (t.n < 2 * cp.min_segment)
		goto cleanup;
	s->r->by_series = true;
	if ((error = gb_noise_new(&noise)) < 0 ||
	    (error = gb_noise_add_series(noise, &ser)) < 0)
		goto cleanup;
	ser.direction = s->r->direction;
	error = steps_of(s, &t, &ser, noise);
cleanup:
	gb_noise_free(noise);
	gb_trend_dispose(&t);
	free(ser.points);
	return error;
}

/*
 * Rounds of measuring again the commits a step the noise cannot place
 * may begin at, and the most commits such a step may span to be measured.
 */
#define PLACE_ROUNDS 2
#define PLACE_MAX_COMMITS 16

/*
 * With a callback that measures: every commit that may begin a step the
 * noise cannot place, measured once more (its runs weigh more in the
 * series). 1 when one was, 0 when there was none to measure.
 */
static int measure_unplaced(search *s)
{
	const gb_bisect_result *r = s->r;
	size_t i, k, lo = s->lo, hi = s->hi;
	int error = 0, any = 0;

	for (i = 0; i < r->nsteps && error >= 0; i++) {
		const gb_bisect_step *st = &r->steps[i];

		if (st->placed || st->after - st->before > PLACE_MAX_COMMITS)
			continue;
		/* What the progress counts: the step's candidates. */
		s->lo = st->before;
		s->hi = st->after;
		for (k = st->before + 1; k <= st->after && error >= 0; k++)
			if ((error = measure(s, k)) > 0)
				any = 1;
	}
	s->lo = lo;
	s->hi = hi;
	return error < 0 ? error : any;
}

/*
 * The steps of the series, placed with more runs where the noise could
 * not place them and the callback can measure: a round measures each
 * candidate once more, then the series is read again.
 */
static int find_placed_steps(search *s)
{
	unsigned round;
	int error;

	if ((error = find_steps(s)) < 0 || !s->o->measure)
		return error;
	for (round = 0; round < PLACE_ROUNDS; round++) {
		if ((error = measure_unplaced(s)) <= 0)
			return error;
		free(s->r->steps);
		s->r->steps = NULL;
		s->r->nsteps = 0;
		s->r->by_series = false;
		if ((error = find_steps(s)) < 0)
			return error;
	}
	return 0;
}

/* The two sides of a step, as judgements of the commits that show them. */
static void mark_side(gb_bisect_commit *c, gb_bisect_state state, double level,
	const gb_bisect_step *st)
{
	if (c->judgement.state != GB_BISECT_UNTESTED && c->judgement.runs)
		return;
	c->judgement.state = state;
	c->judgement.verdict = state == GB_BISECT_BAD ? st->verdict : GB_VERDICT_STABLE;
	c->judgement.evidence = GB_EVIDENCE_HISTORY;
	c->judgement.good = st->level_before;
	c->judgement.value = level;
	c->judgement.change = 100 * (level - st->level_before) / fabs(st->level_before);
	c->judgement.p = st->p;
}

/* Narrow a step to its first commit, measuring what lies between. */
static int bisect_step(search *s, gb_bisect_step *st)
{
	int error;

	gb_bisect_judge_set_levels(s->judge, st->level_before, st->level_after);
	mark_side(&s->r->path[st->before], GB_BISECT_GOOD, st->level_before, st);
	/*
	 * Noise that cannot place the step among measured commits cannot
	 * place it by judging them one by one either: their range is the
	 * answer, with how to narrow it.
	 */
	if (!st->placed) {
		st->last_good = st->before;
		st->first_bad = st->after;
		st->found = false;
		return 0;
	}
	mark_side(&s->r->path[st->after], GB_BISECT_BAD, st->level_after, st);
	s->lo = st->before;
	s->hi = st->after;
	if ((error = narrow(s)) < 0)
		return error;
	st->last_good = s->lo;
	st->first_bad = s->hi;
	st->found = s->hi - s->lo == 1;
	return 0;
}

static bool is_worse(gb_verdict v)
{
	return v == GB_VERDICT_REGRESSION || v == GB_VERDICT_SLOWER ||
	       v == GB_VERDICT_UNCERTAIN;
}

/* Every step bisected; the first one's answer is the result's. */
static int bisect_steps(search *s)
{
	gb_bisect_result *r = s->r;
	gb_bisect_step *st;
	size_t i;
	int error;

	for (i = 0; i < r->nsteps; i++) {
		r->hunt = is_worse(r->steps[i].verdict) ? GB_BISECT_WORSE
							: GB_BISECT_BETTER;
		if ((error = bisect_step(s, &r->steps[i])) < 0)
			return error;
	}
	st = &r->steps[0];
	r->hunt = is_worse(st->verdict) ? GB_BISECT_WORSE : GB_BISECT_BETTER;
	r->last_good = st->last_good;
	r->first_bad = st->first_bad;
	r->found = st->found;
	r->bad = r->path[st->after].judgement;
	r->bad.state = GB_BISECT_BAD;
	r->bad.verdict = st->verdict;
	r->bad.good = st->level_before;
	r->bad.value = st->level_after;
	r->bad.change = st->change;
	r->bad.p = st->p;
	return 0;
}

/* ---- the path and its two ends ------------------------------------------- */

static int path_add(gb_bisect_result *r, size_t *alloc, const git_oid *id)
{
	if (r->n == *alloc) {
		size_t n = *alloc ? *alloc * 2 : 64;
		gb_bisect_commit *p = gb_realloc(r->path, n * sizeof(*p));

		if (!p)
			return GB_ERROR;
		r->path = p;
		*alloc = n;
	}
	memset(&r->path[r->n], 0, sizeof(r->path[0]));
	git_oid_cpy(&r->path[r->n++].id, id);
	return 0;
}

/* Walk first parents from bad back to good, then turn the path around. */
static int walk_path(gb_bisect_result *r, git_repository *repo,
	const git_oid *good, const git_oid *bad)
{
	git_commit *c = NULL;
	git_oid id;
	size_t alloc = 0, i;
	int error = 0;

	git_oid_cpy(&id, bad);
	while (!error && !(error = path_add(r, &alloc, &id)) &&
	       !git_oid_equal(&id, good)) {
		if ((error = git_commit_lookup(&c, repo, &id)) < 0)
			error = gb_error_git(error, "cannot read a commit");
		else if (git_commit_parentcount(c) == 0)
			error = gb_error_set(GB_EINVALID,
				"the good commit is not on the first-parent path of the bad one");
		else
			git_oid_cpy(&id, git_commit_parent_id(c, 0));
		git_commit_free(c);
		c = NULL;
	}
	for (i = 0; !error && i < r->n / 2; i++) {
		gb_bisect_commit t = r->path[i];

		r->path[i] = r->path[r->n - 1 - i];
		r->path[r->n - 1 - i] = t;
	}
	return error;
}

static int build_path(gb_bisect_result *r, gb_store *store,
	const git_oid *good, const git_oid *bad)
{
	git_repository *repo = gb_store_repository(store);
	size_t i;
	int has, error;

	if (git_oid_equal(good, bad))
		return gb_error_set(GB_EINVALID, "the good and the bad commit are the same");
	if ((error = gb_graph_descendant_of(repo, bad, good)) <= 0)
		return error < 0 ? error : gb_error_set(GB_EINVALID,
					   "the good commit is not an ancestor of the bad one");
	if ((error = walk_path(r, repo, good, bad)) < 0)
		return error;
	for (i = 0; i < r->n; i++) {
		if ((has = gb_store_has(store, &r->path[i].id)) < 0)
			return has;
		r->path[i].has_note = has;
	}
	return 0;
}

/*
 * The bad side: the bad commit, measured if it must be and can be, else
 * the newest commit on the path with results. The path ends there.
 */
static int settle_bad(search *s)
{
	size_t i = s->r->n - 1;
	int error;

	for (;;) {
		s->hi = i;
		if ((error = evaluate(s, i, GB_BISECT_EITHER)) < 0)
			return error;
		if (s->r->path[i].judgement.state != GB_BISECT_SKIP)
			break;
		if (s->o->measure || --i == 0)
			return gb_error_set(GB_ENOTFOUND,
				s->o->measure ? "cannot measure the bad commit"
					      : "no results for '%s' after the good commit",
				s->o->name);
	}
	s->r->n = i + 1;
	s->r->bad = s->r->path[i].judgement;
	gb_bisect_judge_set_bad(s->judge, s->r->bad.value);
	s->r->hunt = s->r->bad.verdict == GB_VERDICT_FASTER ||
		     s->r->bad.verdict == GB_VERDICT_IMPROVED ? GB_BISECT_BETTER
							      : GB_BISECT_WORSE;
	return 0;
}

static int check_options(const gb_bisect_options *o)
{
	if (!o || o->version != GB_BISECT_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported bisect options version");
	if (!o->name || !*o->name || !o->compare)
		return gb_error_set(GB_EINVALID, "bisect needs a benchmark name and compare options");
	return 0;
}

/* The good side, measured first if it has no results and can be. */
static int open_judge(search *s, const git_oid *good, const git_oid *bad)
{
	int error;

	if (!s->r->path[0].has_note && s->o->measure &&
	    (error = measure(s, 0)) < 0)
		return error;
	if ((error = gb_bisect_judge_new(&s->judge, s->store, good, bad,
		     s->o->name, s->o->machine, s->o->compare)) < 0)
		return error;
	git_oid_cpy(&s->r->good_results, gb_bisect_judge_good(s->judge));
	s->r->direction = gb_bisect_judge_direction(s->judge);
	s->r->unit = gb_strdup(gb_bisect_judge_unit(s->judge));
	return s->r->unit ? 0 : GB_ERROR;
}

int gb_bisect(gb_bisect_result *out, gb_store *store, const git_oid *good,
	const git_oid *bad, const gb_bisect_options *opts)
{
	search s = { out, store, NULL, opts, 0, 0, false };
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = check_options(opts)) < 0 ||
	    (error = build_path(out, store, good, bad)) < 0)
		goto cleanup;
	s.hi = out->n - 1;
	if ((error = open_judge(&s, good, bad)) < 0)
		goto cleanup;
	out->path[0].judgement.state = GB_BISECT_GOOD;
	if ((error = find_placed_steps(&s)) < 0)
		goto cleanup;
	if (out->nsteps) {
		error = bisect_steps(&s);
		goto cleanup;
	}
	/* No step in the series: do the two ends differ? */
	s.hold = true;
	error = settle_bad(&s);
	s.hold = false;
	if (error < 0)
		goto cleanup;
	/*
	 * They do, and the series shows no step, yet it mostly is where BAD
	 * is: GOOD is off its level (one high reading), and bisecting would
	 * name a noise point. A step too near an end for the series to show
	 * (a gap, or BAD measured once) leaves the rest at GOOD's level.
	 */
	if (out->by_series && out->bad.state == GB_BISECT_BAD &&
	    isfinite(out->rest_level) &&
	    nearer_after(out->rest_level, out->bad.good, out->bad.value))
		out->bad.state = GB_BISECT_GOOD;
	/*
	 * Or they differ by no more than the noise could make (UNCERTAIN),
	 * and the series, long enough to show a step, shows none: a search
	 * would follow noise and name whichever commit read high. More runs
	 * of BAD settle it. A series too short to show a step (a shallow
	 * clone's few commits) is still hunted: its noise, learned from a
	 * handful of points with the step among them, leaves even a 30%
	 * step UNCERTAIN.
	 */
	if (out->by_series && out->bad.state == GB_BISECT_BAD &&
	    out->bad.verdict == GB_VERDICT_UNCERTAIN)
		out->bad.state = GB_BISECT_GOOD;
	/* Told as what it is taken for: bad only when it is bisected. */
	tell_as(&s, GB_BISECT_EVENT_JUDGED, out->n - 1, &out->bad);
	if (out->bad.state == GB_BISECT_BAD && (error = narrow(&s)) < 0)
		goto cleanup;
	out->last_good = s.lo;
	out->first_bad = s.hi;
	out->found = out->bad.state == GB_BISECT_BAD && s.hi - s.lo == 1;
cleanup:
	gb_bisect_judge_free(s.judge);
	if (error < 0)
		gb_bisect_result_dispose(out);
	return error;
}

void gb_bisect_result_dispose(gb_bisect_result *r)
{
	if (!r)
		return;
	free(r->path);
	free(r->unit);
	free(r->steps);
	memset(r, 0, sizeof(*r));
}

bool gb_bisect_result_complete(const gb_bisect_result *r)
{
	size_t i;

	for (i = 0; i < r->nsteps; i++)
		if (!r->steps[i].found)
			return false;
	return r->found;
}
