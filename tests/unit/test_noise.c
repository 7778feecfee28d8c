/* The noise model: replicates, successive commits, steps, copies. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A series "b" of points: commit index and value. */
static gb_series make(gb_point *pts, const size_t *commit, const double *v,
	size_t n)
{
	gb_series s;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.name = "b";
	s.unit = "ns";
	s.points = pts;
	for (i = 0; i < n; i++) {
		pts[i].commit = commit[i];
		pts[i].value = v[i];
		pts[i].stddev = NAN;
	}
	s.n = n;
	return s;
}

static const gb_noise_estimate *learn(gb_noise **n, const size_t *commit,
	const double *v, size_t len)
{
	gb_point pts[64];
	gb_series s = make(pts, commit, v, len);

	assert_int_equal(gb_noise_new(n), 0);
	assert_int_equal(gb_noise_add_series(*n, &s), 0);
	return gb_noise_find(*n, "b");
}

/*
 * Replicates only: commits {e, e*1.02} and {e^2, e^2/1.02... }: logs
 * {1, 1 + ln 1.02} and {2, 2 - ln 1.02}, each pair about its mean
 * deviates by ln(1.02)/2 = 0.0099013: sum of squares 4 * 0.0099013^2 on
 * 2 df: sigma = sqrt(2) * 0.0099013 = 0.0140025. Two commits make one
 * difference: too few for the sequence.
 */
static void test_replicates(void **state)
{
	const size_t commit[] = { 0, 0, 1, 1 };
	const double v[] = { M_E, M_E * 1.02, M_E * M_E, M_E * M_E / 1.02 };
	const gb_noise_estimate *e;
	gb_noise *n = NULL;

	(void)state;
	e = learn(&n, commit, v, 4);
	assert_non_null(e);
	assert_true(e->rep_df == 2);
	assert_true(fabs(e->rep_sigma - 0.0140025) < 1e-6);
	assert_true(isnan(e->seq_sigma));
	assert_true(fabs(e->sigma - 0.0140025) < 1e-6);
	assert_true(e->df == 2);
	gb_noise_free(n);
}

/*
 * One run a commit, logs 0, a, 0, a, ... (a = 0.01): differences +-a,
 * over sqrt(2): 0.0070711 each, seven of them (+,-,+,-,+,-,+): median +,
 * deviations 0 (four) or 2a/sqrt 2 = 0.0141421 (three). The largest
 * left out (7 / 8 rounds to none, but a short series keeps at least one
 * out), the RMS of the six kept is sqrt(2/6) * 0.0141421 = 0.0081650,
 * over the normal's for a cut at 6/7 kept (a = 1.46523: 1 - 2 a phi(a)
 * / (6/7) = 0.533772) square-rooted: 0.0111757, on 0.7 * 7 df.
 */
static void test_sequence(void **state)
{
	const size_t commit[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	double v[8];
	const gb_noise_estimate *e;
	gb_noise *n = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		v[i] = exp(i % 2 ? 0.01 : 0);
	e = learn(&n, commit, v, 8);
	assert_non_null(e);
	assert_int_equal(e->seq_n, 7);
	assert_true(fabs(e->seq_sigma - 0.0111757) < 1e-6);
	assert_true(fabs(e->df - 4.9) < 1e-12);
	assert_true(e->rep_df == 0);
	gb_noise_free(n);
}

/*
 * Seven commits, 1% apart, with an eightfold step at the fifth: the six
 * differences leave the step out (at least one is, in a short series),
 * so the spread is the noise's, not the step's 60% and more.
 */
static void test_short_series_step(void **state)
{
	const size_t commit[] = { 0, 1, 2, 3, 4, 5, 6 };
	double v[7];
	const gb_noise_estimate *e;
	gb_noise *n = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < 7; i++)
		v[i] = (i >= 4 ? 8 : 1) * exp(i % 2 ? 0.01 : 0);
	e = learn(&n, commit, v, 7);
	assert_non_null(e);
	assert_int_equal(e->seq_n, 6);
	assert_true(e->seq_sigma < 0.02);
	gb_noise_free(n);
}

/*
 * A 30% step in gaussian-like noise is not noise: sixteen commits, the
 * same eight noise values before and after a step of ln 1.3 = 0.262.
 * The spread learned stays near the noise's (0.01 scale), far below the
 * step: one large difference among fifteen is left out.
 */
static void test_step_is_not_noise(void **state)
{
	const double noise[] = { 0.004, -0.011, 0.007, -0.002, 0.012, -0.006,
				 0.001, -0.009 };
	size_t commit[16], i;
	double v[16];
	const gb_noise_estimate *e;
	gb_noise *n = NULL;

	(void)state;
	for (i = 0; i < 16; i++) {
		commit[i] = i;
		v[i] = exp(noise[i % 8] + (i >= 8 ? log(1.3) : 0));
	}
	e = learn(&n, commit, v, 16);
	assert_non_null(e);
	assert_true(e->sigma < 0.015);
	assert_true(e->sigma > 0.004);
	gb_noise_free(n);
}

/* Replicates made back to back never make the sequence look quieter. */
static void test_replicates_never_lower(void **state)
{
	const size_t commit[] = { 0, 0, 1, 1, 2, 2, 3, 3, 4, 4 };
	const double v[] = { 1, 1.001, 1.05, 1.051, 1, 1.001, 1.05, 1.051, 1,
			     1.001 };
	const gb_noise_estimate *e;
	gb_noise *n = NULL;

	(void)state;
	e = learn(&n, commit, v, 10);
	assert_non_null(e);
	assert_true(e->rep_sigma < 0.001);
	assert_true(e->seq_sigma > 0.02);
	assert_true(e->sigma == e->seq_sigma);
	assert_true(e->df == e->rep_df + 0.7 * 4);
	gb_noise_free(n);
}

/* Nothing learned: one commit of one run; an unknown name. */
static void test_nothing_learned(void **state)
{
	const size_t commit[] = { 0 };
	const double v[] = { 5 };
	gb_noise *n = NULL;

	(void)state;
	assert_null(learn(&n, commit, v, 1));
	assert_null(gb_noise_find(n, "other"));
	assert_null(gb_noise_find(NULL, "b"));
	gb_noise_free(n);
	gb_noise_free(NULL);
}

/* Copies of a run recorded twice for a commit are one run in a series. */
static void test_series_drops_copies(void **state)
{
	gb_series_options so = GB_SERIES_OPTIONS_INIT;
	gb_series_set set;
	gb_store *store = NULL;
	git_repository *repo;
	git_oid head;
	gb_run *runs[3];
	char *dir;
	size_t i;

	(void)state;
	repo = th_repo_new(&dir, &head);
	assert_int_equal(gb_store_open(&store, repo, NULL), 0);
	for (i = 0; i < 3; i++) {
		runs[i] = th_run_make(&head, 2, 1);
		/* The third is another measurement: its values differ. */
		runs[i]->results[0].mean = i == 2 ? 11 : 10;
	}
	assert_int_equal(gb_store_append(store, runs, 3), 0);
	assert_int_equal(gb_series_collect(&set, store, &head, &so), 0);
	assert_int_equal(set.commits[0].runs, 2);
	assert_int_equal(set.commits[0].copies, 1);
	assert_int_equal(gb_series_find(&set, runs[0]->results[0].name)->n, 2);
	gb_series_set_dispose(&set);
	for (i = 0; i < 3; i++)
		gb_run_free(runs[i]);
	gb_store_free(store);
	git_repository_free(repo);
	th_tmpdir_remove(dir);
}

/* The series of test_sequence (own spread 0.0111757 on 4.9 df) named `name`. */
static int add_alternating(gb_noise *n, char *name, char *unit,
	double scale)
{
	gb_point pts[8];
	const size_t commit[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	double v[8];
	gb_series s;
	size_t i;

	for (i = 0; i < 8; i++)
		v[i] = exp(i % 2 ? 0.01 * scale : 0);
	s = make(pts, commit, v, 8);
	s.name = name;
	s.unit = unit;
	return gb_noise_add_series(n, &s);
}

/*
 * Five benchmarks of one kind with the same spread: their log variances
 * differ by nothing, less than their 4.9 degrees of freedom explain, so
 * the typical spread is theirs and its weight unbounded: each takes the
 * other four's 4 * 4.9 = 19.6 df. Three of another unit are too few to
 * pool and keep their own. Hand-computed from test_sequence.
 */
static void test_pooled_within_kind(void **state)
{
	static char *names[] = { "a", "b", "c", "d", "e" };
	static char ns[] = "ns", bytes[] = "B";
	const gb_noise_estimate *e;
	gb_noise *n = NULL;
	size_t i;

	(void)state;
	assert_int_equal(gb_noise_new(&n), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(add_alternating(n, names[i], ns, 1), 0);
	for (i = 0; i < 3; i++) {
		char name[8];

		snprintf(name, sizeof(name), "x%zu", i);
		assert_int_equal(add_alternating(n, name, bytes, 1), 0);
	}
	e = gb_noise_find(n, "c");
	assert_non_null(e);
	assert_true(fabs(e->own_sigma - 0.0111757) < 1e-6);
	assert_true(fabs(e->own_df - 4.9) < 1e-12);
	assert_true(fabs(e->prior_df - 19.6) < 1e-9);
	assert_true(fabs(e->df - 24.5) < 1e-9);
	assert_true(fabs(e->sigma - 0.0111757) < 1e-6);
	e = gb_noise_find(n, "x1");
	assert_non_null(e);
	assert_true(isnan(e->prior_df));
	assert_true(fabs(e->df - 4.9) < 1e-12);
	gb_noise_free(n);
}

/*
 * A noisier benchmark among quiet ones is pulled toward them only as far
 * as the kind's spreads agree: four at scale 1 and one at scale 4 differ
 * far more than 4.9 df explain, so the weight is small, and the noisy
 * one keeps most of its own spread; a quiet one is not pulled up past
 * its own either.
 */
static void test_pooling_keeps_a_noisy_one(void **state)
{
	static char *names[] = { "a", "b", "c", "d" };
	static char ns[] = "ns", noisy[] = "noisy";
	const gb_noise_estimate *e;
	gb_noise *n = NULL;
	size_t i;

	(void)state;
	assert_int_equal(gb_noise_new(&n), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(add_alternating(n, names[i], ns, 1), 0);
	assert_int_equal(add_alternating(n, noisy, ns, 4), 0);
	e = gb_noise_find(n, "noisy");
	assert_non_null(e);
	assert_true(e->prior_df < 4.9);
	assert_true(e->sigma > 0.7 * e->own_sigma);
	assert_true(e->sigma < e->own_sigma);
	e = gb_noise_find(n, "a");
	assert_true(e->sigma > e->own_sigma);
	assert_true(e->sigma < 2 * e->own_sigma);
	gb_noise_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replicates),
		cmocka_unit_test(test_sequence),
		cmocka_unit_test(test_short_series_step),
		cmocka_unit_test(test_step_is_not_noise),
		cmocka_unit_test(test_replicates_never_lower),
		cmocka_unit_test(test_nothing_learned),
		cmocka_unit_test(test_series_drops_copies),
		cmocka_unit_test(test_pooled_within_kind),
		cmocka_unit_test(test_pooling_keeps_a_noisy_one),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
