/*
 * Trends: runs of a commit pooled into one value, change points found at
 * the commit where a series steps and nowhere on flat noise, settings,
 * each step judged by compare's rule.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static uint64_t rng;

static double gaussian(void)
{
	double u[2];
	int i;

	for (i = 0; i < 2; i++) {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		u[i] = ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
	}
	return sqrt(-2 * log(u[0])) * cos(2 * M_PI * u[1]);
}

/* A series of `commits` commits, `runs` points each, `level` + noise. */
static gb_series *make_series(size_t commits, size_t runs, double level,
	double sigma, size_t step_at, double step)
{
	gb_series *s = calloc(1, sizeof(*s));
	size_t c, k;

	s->name = strdup("bench");
	s->unit = strdup("ns");
	s->points = calloc(commits * runs, sizeof(gb_point));
	for (c = 0; c < commits; c++)
		for (k = 0; k < runs; k++) {
			gb_point *p = &s->points[s->n++];

			p->commit = c;
			p->value = level + sigma * gaussian() + (c >= step_at ? step : 0);
			p->stddev = NAN;
		}
	return s;
}

static void free_series(gb_series *s)
{
	free(s->name);
	free(s->unit);
	free(s->points);
	free(s);
}

/*
 * The newest points as a tail: two apart together are one; an outlier
 * before a newest point back at the level is none (averaged, it read as
 * a step of half its size).
 */
static void test_tail_is_a_level(void **state)
{
	gb_series *s;
	gb_trend t;

	(void)state;
	rng = 0x9e3779b97f4a7c15ull;
	s = make_series(30, 1, 100, 0.5, 99, 0);
	s->points[28].value = 131;
	s->points[29].value = 130;
	assert_int_equal(gb_trend_compute(&t, s, NULL), 0);
	assert_int_equal(t.tail, 2);
	assert_true(fabs(t.tail_change - 30.5) < 1.5);
	gb_trend_dispose(&t);
	s->points[28].value = 142;
	s->points[29].value = 100.2;
	assert_int_equal(gb_trend_compute(&t, s, NULL), 0);
	assert_true(t.tail == 0 || fabs(t.tail_change) < 2);
	gb_trend_dispose(&t);
	free_series(s);
}

static void test_runs_pooled(void **state)
{
	gb_series *s = make_series(5, 1, 0, 0, 99, 0);
	gb_point pts[5] = {
		{ .commit = 0, .value = 10, .stddev = NAN },
		{ .commit = 0, .value = 20, .stddev = NAN },
		{ .commit = 1, .value = NAN, .stddev = NAN },
		{ .commit = 2, .value = 5, .stddev = NAN },
		{ .commit = 2, .value = 7, .stddev = NAN },
	};
	gb_trend t;

	(void)state;
	memcpy(s->points, pts, sizeof(pts));
	s->n = 5;
	assert_int_equal(gb_trend_compute(&t, s, NULL), 0);
	/* The commit whose only estimate is missing has no point. */
	assert_int_equal(t.n, 2);
	assert_int_equal(t.points[0].commit, 0);
	assert_true(t.points[0].value == 15);
	assert_int_equal(t.points[0].runs, 2);
	assert_int_equal(t.points[1].commit, 2);
	assert_true(t.points[1].value == 6);
	assert_true(fabs(gb_trend_last_change(&t) + 60) < 1e-9);
	assert_int_equal(t.nchanges, 0);
	gb_trend_dispose(&t);
	free_series(s);
}

/* Three runs per commit, a 10% step at commit 40 of 70: found there. */
static void test_step_at_its_commit(void **state)
{
	gb_series *s;
	gb_trend t;

	(void)state;
	rng = 42;
	s = make_series(70, 3, 1000, 15, 40, 100);
	assert_int_equal(gb_trend_compute(&t, s, NULL), 0);
	assert_int_equal(t.n, 70);
	assert_int_equal(t.nchanges, 1);
	assert_int_equal(t.points[t.changes[0].index].commit, 40);
	assert_true(fabs(t.changes[0].change - 10) < 2);
	assert_true(t.changes[0].pvalue < 0.001);
	gb_trend_dispose(&t);
	free_series(s);
}

/* A cache of change points in memory: one entry, and what it was asked. */
typedef struct {
	git_oid key;
	gb_changepoint *points;
	size_t count;
	int held, gets, hits, puts;
} mem_cache;

static int mem_get(gb_changepoint **out, size_t *count, const git_oid *key,
	void *payload)
{
	mem_cache *m = payload;

	m->gets++;
	if (!m->held || !git_oid_equal(&m->key, key))
		return 0;
	m->hits++;
	*count = m->count;
	*out = m->count ? malloc(m->count * sizeof(**out)) : NULL;
	if (m->count)
		memcpy(*out, m->points, m->count * sizeof(**out));
	return 1;
}

static void mem_put(const git_oid *key, const gb_changepoint *points,
	size_t count, void *payload)
{
	mem_cache *m = payload;

	m->puts++;
	free(m->points);
	git_oid_cpy(&m->key, key);
	m->points = count ? malloc(count * sizeof(*points)) : NULL;
	if (count)
		memcpy(m->points, points, count * sizeof(*points));
	m->count = count;
	m->held = 1;
}

/*
 * A trend's change points come from the cache when it holds those of the
 * same points and options, are kept in it when not, and are the same.
 */
static void test_changes_cached(void **state)
{
	gb_changepoint_options o = GB_CHANGEPOINT_OPTIONS_INIT;
	mem_cache m = { 0 };
	gb_changepoint_cache cache = { mem_get, mem_put, &m };
	gb_series *s;
	gb_trend plain, first, again;

	(void)state;
	rng = 7;
	s = make_series(120, 2, 1000, 15, 70, 100);
	assert_int_equal(gb_trend_compute(&plain, s, &o), 0);
	assert_int_equal(plain.nchanges, 1);
	o.cache = &cache;
	assert_int_equal(gb_trend_compute(&first, s, &o), 0);
	assert_int_equal(m.gets, 1);
	assert_int_equal(m.hits, 0);
	assert_int_equal(m.puts, 1);
	assert_int_equal(first.nchanges, plain.nchanges);
	assert_memory_equal(first.changes, plain.changes,
		plain.nchanges * sizeof(*plain.changes));
	assert_int_equal(first.tail, plain.tail);
	assert_int_equal(gb_trend_compute(&again, s, &o), 0);
	assert_int_equal(m.hits, 1);
	assert_int_equal(m.puts, 1);
	assert_memory_equal(again.changes, plain.changes,
		plain.nchanges * sizeof(*plain.changes));
	gb_trend_dispose(&again);
	/* What the cache holds is what is used: it is the source. */
	m.points[0].pvalue = 0.5;
	assert_int_equal(gb_trend_compute(&again, s, &o), 0);
	assert_true(again.changes[0].pvalue == 0.5);
	gb_trend_dispose(&again);
	/* Other options, or other points: another key. */
	o.max_pvalue = 0.0005;
	assert_int_equal(gb_trend_compute(&again, s, &o), 0);
	assert_int_equal(m.hits, 2);
	assert_int_equal(m.puts, 2);
	gb_trend_dispose(&again);
	s->points[3].value += 1e-9;
	assert_int_equal(gb_trend_compute(&again, s, &o), 0);
	assert_int_equal(m.hits, 2);
	assert_int_equal(m.puts, 3);
	gb_trend_dispose(&again);
	gb_trend_dispose(&first);
	gb_trend_dispose(&plain);
	free(m.points);
	free_series(s);
}

/* Long flat stretches of noise: no change point in any of 20 series. */
static void test_flat_noise(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < 20; i++) {
		gb_series *s;
		gb_trend t;

		rng = 1000 + i;
		s = make_series(120, 1, 500, 10, 999, 0);
		assert_int_equal(gb_trend_compute(&t, s, NULL), 0);
		if (t.nchanges)
			fail_msg("series %zu: a change point at %zu (%+.2f%%)", i,
				t.changes[0].index, t.changes[0].change);
		gb_trend_dispose(&t);
		free_series(s);
	}
}

/* A minimum magnitude drops steps smaller than it. */
static void test_min_magnitude(void **state)
{
	gb_changepoint_options o = GB_CHANGEPOINT_OPTIONS_INIT;
	gb_series *s;
	gb_trend t;

	(void)state;
	rng = 7;
	s = make_series(60, 1, 1000, 2, 30, 30);
	assert_int_equal(gb_trend_compute(&t, s, &o), 0);
	assert_int_equal(t.nchanges, 1);
	gb_trend_dispose(&t);
	o.min_magnitude = 0.05;
	assert_int_equal(gb_trend_compute(&t, s, &o), 0);
	assert_int_equal(t.nchanges, 0);
	gb_trend_dispose(&t);
	free_series(s);
}

/*
 * Twelve commits of one run, levels 100, 120 from commit 4 and 121.2 from
 * commit 8; each change judged as compare judges one (gb_compare_judge).
 */
static void step_trend(gb_trend *t)
{
	static const double level[] = { 100, 120, 121.2 };
	size_t i;

	memset(t, 0, sizeof(*t));
	t->n = 12;
	t->points = calloc(t->n, sizeof(*t->points));
	for (i = 0; i < t->n; i++) {
		t->points[i].commit = i;
		t->points[i].value = level[i / 4];
		t->points[i].runs = 1;
	}
	t->nchanges = 2;
	t->changes = calloc(2, sizeof(*t->changes));
	for (i = 0; i < 2; i++) {
		t->changes[i].index = 4 * (i + 1);
		t->changes[i].mean_before = level[i];
		t->changes[i].mean_after = level[i + 1];
		t->changes[i].change = 100 * (level[i + 1] / level[i] - 1);
	}
}

static void test_steps_judged(void **state)
{
	gb_compare_options o;
	gb_noise_estimate est = { 0 };
	gb_budget budget = { (char *)"bench", 25, NAN };
	gb_series *s = make_series(1, 1, 0, 0, 99, 0);
	gb_trend t;
	double p;

	(void)state;
	assert_int_equal(gb_compare_options_init(&o, NULL), 0);
	est.sigma = 0.02;
	est.df = 20;
	est.tail_df = INFINITY;
	/*
	 * +20%: d = ln 1.2 = 0.1823, se = 0.02 * sqrt(1/4 + 1/4) = 0.01414,
	 * t = 12.9: a REGRESSION. +1%: d = 0.00995, t = 0.70, and d plus one
	 * standard error is far within ln 1.1: STABLE, so not a step.
	 */
	step_trend(&t);
	assert_int_equal(gb_trend_judge(&t, s, &est, &o), 0);
	assert_int_equal(t.nchanges, 1);
	assert_int_equal(t.changes[0].index, 4);
	assert_int_equal(t.steps[0].verdict, GB_VERDICT_REGRESSION);
	assert_int_equal(gb_compare_judge(&p, log(1.2), 0.02 * sqrt(0.5), 20,
				 10, &o), GB_VERDICT_REGRESSION);
	assert_true(fabs(t.steps[0].p - p) < 1e-12 && p < 1e-9);
	assert_true(t.steps[0].noise == 2 && t.steps[0].df == 20);
	gb_trend_dispose(&t);

	/* Heavy tails weigh as few degrees of freedom, as in compare. */
	est.tail_df = 8;
	step_trend(&t);
	assert_int_equal(gb_trend_judge(&t, s, &est, &o), 0);
	assert_true(t.steps[0].df == 8);
	gb_trend_dispose(&t);

	/* The benchmark's budget: +20% is within 25%, beyond the warning. */
	o.budgets = &budget;
	o.nbudgets = 1;
	step_trend(&t);
	assert_int_equal(gb_trend_judge(&t, s, &est, &o), 0);
	assert_int_equal(t.nchanges, 1);
	assert_int_equal(t.steps[0].verdict, GB_VERDICT_SLOWER);
	gb_trend_dispose(&t);
	o.nbudgets = 0;

	/* Higher is better: the same step is an improvement. */
	s->direction = GB_HIGHER_IS_BETTER;
	step_trend(&t);
	assert_int_equal(gb_trend_judge(&t, s, &est, &o), 0);
	assert_int_equal(t.steps[0].verdict, GB_VERDICT_IMPROVED);
	gb_trend_dispose(&t);
	s->direction = GB_LOWER_IS_BETTER;

	/* No noise known: beyond the warning is UNCERTAIN, never more. */
	step_trend(&t);
	assert_int_equal(gb_trend_judge(&t, s, NULL, &o), 0);
	assert_int_equal(t.nchanges, 1);
	assert_int_equal(t.steps[0].verdict, GB_VERDICT_UNCERTAIN);
	assert_true(isnan(t.steps[0].p) && isnan(t.steps[0].noise));
	gb_trend_dispose(&t);
	free_series(s);
}

/*
 * 40 points, 100 then 110 from point 20. At 1% of noise a point moved
 * across costs (ln 1.1)^2 / (2 * 0.01^2) = 45.4: placed at 20. At 5%,
 * 1.82: one point either way is within GB_TREND_PLACE (3), two are not:
 * 19..21. A point 10 times the level at 19 would pull the split back
 * by 2142 at 1%: its cost is bounded at four points' (181.7), so the
 * range reaches back four points, to 15, not to the series' start.
 */
static void test_step_placed(void **state)
{
	gb_compare_options o;
	gb_noise_estimate est = { 0 };
	gb_series *s = make_series(1, 1, 0, 0, 99, 0);
	gb_trend t;
	size_t i, k;

	(void)state;
	assert_int_equal(gb_compare_options_init(&o, NULL), 0);
	est.df = 40;
	est.tail_df = INFINITY;
	for (i = 0; i < 3; i++) {
		static const double sigma[] = { 0.01, 0.05, 0.01 };

		memset(&t, 0, sizeof(t));
		t.n = 40;
		t.points = calloc(t.n, sizeof(*t.points));
		t.changes = calloc(1, sizeof(*t.changes));
		t.nchanges = 1;
		for (k = 0; k < t.n; k++) {
			t.points[k].commit = k;
			t.points[k].value = k < 20 ? 100 : 110;
			t.points[k].runs = 1;
		}
		if (i == 2)
			t.points[19].value = 1000;
		t.changes[0].index = 20;
		t.changes[0].mean_before = 100;
		t.changes[0].mean_after = 110;
		t.changes[0].change = 10;
		est.sigma = sigma[i];
		assert_int_equal(gb_trend_judge(&t, s, &est, &o), 0);
		assert_int_equal(t.nchanges, 1);
		assert_int_equal(t.steps[0].first_from, i == 0 ? 20 : i == 1 ? 19 : 15);
		assert_int_equal(t.steps[0].first_to, i == 1 ? 21 : 20);
		gb_trend_dispose(&t);
	}
	free_series(s);
}

static void test_settings(void **state)
{
	gb_changepoint_options o;
	gb_config *cfg = NULL;

	(void)state;
	assert_int_equal(gb_changepoint_options_load(&o, NULL), 0);
	assert_int_equal(o.window, 50);
	assert_true(o.max_pvalue == 0.001);
	assert_true(o.min_magnitude == 0);
	assert_int_equal(gb_config_open(&cfg, NULL), 0);
	/* Unset, the magnitude is what compare warns about. */
	assert_int_equal(gb_changepoint_options_load(&o, cfg), 0);
	assert_true(fabs(o.min_magnitude - 0.05) < 1e-12);
	assert_int_equal(gb_config_override(cfg, "bench.warnRegression", "3"), 0);
	assert_int_equal(gb_changepoint_options_load(&o, cfg), 0);
	assert_true(fabs(o.min_magnitude - 0.03) < 1e-12);
	assert_int_equal(gb_config_override(cfg, "bench.changePointWindow", "80"), 0);
	assert_int_equal(gb_config_override(cfg, "bench.changepointpvalue", "0.01"), 0);
	assert_int_equal(gb_config_override(cfg, "bench.changePointMagnitude", "2.5"), 0);
	assert_int_equal(gb_changepoint_options_load(&o, cfg), 0);
	assert_int_equal(o.window, 80);
	assert_true(o.max_pvalue == 0.01);
	assert_true(fabs(o.min_magnitude - 0.025) < 1e-12);
	assert_int_equal(gb_config_override(cfg, "bench.changePointWindow", "4"), 0);
	assert_int_equal(gb_changepoint_options_load(&o, cfg), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "bench.changePointWindow"));
	assert_int_equal(gb_config_override(cfg, "bench.changePointWindow", "50"), 0);
	assert_int_equal(gb_config_override(cfg, "bench.changePointPValue", "2"), 0);
	assert_int_equal(gb_changepoint_options_load(&o, cfg), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "bench.changePointPValue"));
	assert_int_equal(gb_config_override(cfg, "bench.changePointPValue", "x"), 0);
	assert_int_equal(gb_changepoint_options_load(&o, cfg), GB_EINVALID);
	assert_int_equal(gb_config_override(cfg, "bench.changePointPValue", "0.001"), 0);
	assert_int_equal(gb_config_override(cfg, "bench.changePointMagnitude", "-1"), 0);
	assert_int_equal(gb_changepoint_options_load(&o, cfg), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "bench.changePointMagnitude"));
	gb_config_free(cfg);
}

/* Windows: days, weeks, hours or commits; anything else named. */
static void test_window_parse(void **state)
{
	static const char *const bad[] = { "", "0", "0d", "d", "7x", "7dd",
		"-3", "3650001", "3651d", "99999999999999999999d", " 7d" };
	gb_window w;
	size_t i;

	(void)state;
	assert_int_equal(gb_window_parse(&w, "7d"), 0);
	assert_true(w.seconds == 7 * 86400 && w.commits == 0);
	assert_int_equal(gb_window_parse(&w, "2w"), 0);
	assert_true(w.seconds == 14 * 86400);
	assert_int_equal(gb_window_parse(&w, "12h"), 0);
	assert_true(w.seconds == 12 * 3600);
	assert_int_equal(gb_window_parse(&w, "10"), 0);
	assert_true(w.seconds == 0 && w.commits == 10);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(gb_window_parse(&w, bad[i]), GB_EINVALID);
		assert_non_null(strstr(gb_error_last()->message,
			"is not a window"));
	}
}

/*
 * Rolling values: by time, each point and those less than the window
 * before it, even where a commit's date is older than the one before
 * (a rebase); the median kept sorted as points come and go.
 */
static void test_rolling(void **state)
{
	gb_series_commit commits[6];
	gb_series_set set;
	gb_series *s = make_series(6, 1, 0, 0, 99, 0);
	static const int64_t days[6] = { 0, 1, 2, 1, 5, 6 };
	static const double values[6] = { 10, 20, 60, 30, 40, 90 };
	static const double mean2d[6] = { 10, 15, 40, 110.0 / 3, 40, 65 };
	static const double median3[6] = { 10, 15, 20, 30, 40, 40 };
	gb_window w;
	gb_trend t;
	size_t i;

	(void)state;
	memset(commits, 0, sizeof(commits));
	memset(&set, 0, sizeof(set));
	for (i = 0; i < 6; i++) {
		commits[i].time = 1700000000 + days[i] * 86400;
		s->points[i].value = values[i];
	}
	set.commits = commits;
	set.ncommits = 6;
	assert_int_equal(gb_trend_compute(&t, s, NULL), 0);
	assert_int_equal(gb_window_parse(&w, "2d"), 0);
	assert_int_equal(gb_trend_rolling(&t, &set, &w, GB_ESTIMATOR_MEAN), 0);
	/* Day 1 after day 2 keeps day 2 in its window: the start never
	 * moves back. */
	for (i = 0; i < 6; i++)
		assert_true(fabs(t.rolling[i] - mean2d[i]) < 1e-12);
	assert_int_equal(gb_window_parse(&w, "3"), 0);
	assert_int_equal(gb_trend_rolling(&t, &set, &w, GB_ESTIMATOR_MEDIAN), 0);
	for (i = 0; i < 6; i++)
		assert_true(t.rolling[i] == median3[i]);
	gb_trend_dispose(&t);
	free_series(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_pooled),
		cmocka_unit_test(test_tail_is_a_level),
		cmocka_unit_test(test_step_at_its_commit),
		cmocka_unit_test(test_changes_cached),
		cmocka_unit_test(test_flat_noise),
		cmocka_unit_test(test_min_magnitude),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_steps_judged),
		cmocka_unit_test(test_step_placed),
		cmocka_unit_test(test_window_parse),
		cmocka_unit_test(test_rolling),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
