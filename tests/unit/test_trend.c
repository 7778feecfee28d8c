/*
 * Trends: runs of a commit pooled into one value, change points found at
 * the commit where a series steps and nowhere on flat noise, settings.
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

static void test_runs_pooled(void **state)
{
	gb_series *s = make_series(5, 1, 0, 0, 99, 0);
	gb_point pts[5] = {
		{ 0, 10, NAN }, { 0, 20, NAN }, { 1, NAN, NAN }, { 2, 5, NAN },
		{ 2, 7, NAN },
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_pooled),
		cmocka_unit_test(test_step_at_its_commit),
		cmocka_unit_test(test_flat_noise),
		cmocka_unit_test(test_min_magnitude),
		cmocka_unit_test(test_settings),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
