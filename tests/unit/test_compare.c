/* Verdicts: class boundaries, each kind of evidence, budgets, summaries. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A run with one result per value, no spread: "bench/<i>". */
static gb_run *bare_run(const double *means, size_t n, gb_direction dir)
{
	git_oid zero;
	gb_run *run;
	size_t i;

	memset(&zero, 0, sizeof(zero));
	run = th_run_make(&zero, n, 1);
	for (i = 0; i < n; i++) {
		run->results[i].mean = means[i];
		run->results[i].stddev = NAN;
		run->results[i].count = 0;
		run->results[i].direction = dir;
	}
	return run;
}

/* Give every result a spread of 0.1% over 100 samples: decidable. */
static gb_run *tight(gb_run *run)
{
	size_t i;

	for (i = 0; i < run->nresults; i++) {
		run->results[i].stddev = 0.001 * run->results[i].mean;
		run->results[i].count = 100;
	}
	return run;
}

static gb_compare_options defaults(void)
{
	gb_compare_options o;

	assert_int_equal(gb_compare_options_init(&o, NULL), 0);
	return o;
}

/* Compare one run against one run; the first row's verdict. */
static const gb_compare_row *one_to_one(gb_comparison *c, gb_run *base,
	gb_run *head, const gb_compare_options *o)
{
	const gb_run *b[1] = { base }, *h[1] = { head };
	gb_compare_input in = { b, 1, h, 1, NULL, NULL };

	assert_int_equal(gb_compare(c, &in, o), 0);
	assert_true(c->nrows >= 1);
	return &c->rows[0];
}

static gb_verdict verdict_of(double base, double head, gb_direction dir,
	gb_evidence *ev)
{
	gb_compare_options o = defaults();
	gb_run *b = bare_run(&base, 1, dir), *h = bare_run(&head, 1, dir);
	gb_comparison c;
	gb_verdict v = one_to_one(&c, b, h, &o)->verdict;

	if (ev)
		*ev = c.rows[0].evidence;
	gb_comparison_dispose(&c);
	gb_run_free(b);
	gb_run_free(h);
	return v;
}

/*
 * With nothing to measure noise by, no change can be shown beyond noise
 * or within budget: beyond warnRegression (5%) worse is UNCERTAIN, the
 * rest STABLE; nothing is called faster.
 */
static void test_no_noise(void **state)
{
	gb_evidence ev;

	(void)state;
	assert_int_equal(verdict_of(100, 110.5, GB_LOWER_IS_BETTER, &ev),
		GB_VERDICT_UNCERTAIN);
	assert_int_equal(ev, GB_EVIDENCE_NONE);
	assert_int_equal(verdict_of(100, 105.5, GB_LOWER_IS_BETTER, NULL),
		GB_VERDICT_UNCERTAIN);
	assert_int_equal(verdict_of(100, 105, GB_LOWER_IS_BETTER, NULL),
		GB_VERDICT_STABLE);
	assert_int_equal(verdict_of(100, 80, GB_LOWER_IS_BETTER, NULL),
		GB_VERDICT_STABLE);
	/* Throughput: lower is worse. */
	assert_int_equal(verdict_of(100, 89, GB_HIGHER_IS_BETTER, NULL),
		GB_VERDICT_UNCERTAIN);
	assert_int_equal(verdict_of(100, 111, GB_HIGHER_IS_BETTER, NULL),
		GB_VERDICT_STABLE);
	/* A zero baseline and zero current (a no-op) is stable. */
	assert_int_equal(verdict_of(0, 0, GB_LOWER_IS_BETTER, NULL),
		GB_VERDICT_STABLE);
}

/*
 * hyperfine gives a mean of 0 for a command faster than its shell: from
 * 0 to 2 ms, or from anything to 0, there is no ratio to judge. It was
 * STABLE, and check passed.
 */
static void test_no_ratio(void **state)
{
	gb_compare_options o = defaults();
	const double pairs[][2] = { { 0, 1.99e6 }, { 100, 0 }, { -5, 10 } };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		gb_run *b = tight(bare_run(&pairs[i][0], 1, GB_LOWER_IS_BETTER));
		gb_run *h = tight(bare_run(&pairs[i][1], 1, GB_LOWER_IS_BETTER));
		gb_comparison c;
		const gb_compare_row *r = one_to_one(&c, b, h, &o);

		assert_int_equal(r->verdict, GB_VERDICT_UNCERTAIN);
		assert_int_equal(r->why, GB_WHY_NO_RATIO);
		assert_string_equal(gb_why_name(r->why), "no-ratio");
		gb_comparison_dispose(&c);
		gb_run_free(b);
		gb_run_free(h);
	}
}

static gb_verdict pooled(const double *base, size_t nb, const double *head,
	size_t nh, gb_compare_row *out)
{
	gb_compare_options o = defaults();
	const gb_run *b[8], *h[8];
	gb_compare_input in = { b, nb, h, nh, NULL, NULL };
	gb_comparison c;
	size_t i;

	for (i = 0; i < nb; i++)
		b[i] = bare_run(&base[i], 1, GB_LOWER_IS_BETTER);
	for (i = 0; i < nh; i++)
		h[i] = bare_run(&head[i], 1, GB_LOWER_IS_BETTER);
	assert_int_equal(gb_compare(&c, &in, &o), 0);
	*out = c.rows[0];
	out->name = out->unit = NULL;
	gb_comparison_dispose(&c);
	for (i = 0; i < nb; i++)
		gb_run_free((gb_run *)b[i]);
	for (i = 0; i < nh; i++)
		gb_run_free((gb_run *)h[i]);
	return out->verdict;
}

/*
 * Three runs a side of a count that repeated exactly (measure
 * --instructions, a run a repetition): the runs' spread is 0, but counts
 * still vary between commits by their known spread, 0.1% a run. +0.95%
 * against the 1% budget: se = 0.001 * sqrt(2/3) = 0.00082, and d = 0.00945
 * plus about one se is beyond ln 1.01 = 0.00995: the budget's edge,
 * UNCERTAIN; with a spread of 0 it was STABLE.
 */
static void test_runs_of_counts(void **state)
{
	gb_compare_options o = defaults();
	const gb_run *b[3], *h[3];
	gb_compare_input in = { b, 3, h, 3, NULL, NULL };
	const gb_compare_row *r = NULL;
	gb_comparison c;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		/* The count, and a time that differs: each run a new one. */
		const double x[2] = { 1000000, 100 + (double)i };
		const double y[2] = { 1009500, 100 + (double)i };
		gb_run *bx = bare_run(x, 2, GB_LOWER_IS_BETTER);
		gb_run *hy = bare_run(y, 2, GB_LOWER_IS_BETTER);

		free(bx->results[0].measure);
		free(hy->results[0].measure);
		bx->results[0].measure = strdup("instructions");
		hy->results[0].measure = strdup("instructions");
		b[i] = bx;
		h[i] = hy;
	}
	assert_int_equal(gb_compare(&c, &in, &o), 0);
	for (i = 0; i < c.nrows; i++)
		if (!strcmp(c.rows[i].measure, "instructions"))
			r = &c.rows[i];
	assert_non_null(r);
	assert_int_equal(r->evidence, GB_EVIDENCE_RUNS);
	assert_true(fabs(r->sigma - GB_COUNT_SPREAD) < 1e-12);
	assert_int_equal(r->verdict, GB_VERDICT_UNCERTAIN);
	gb_comparison_dispose(&c);
	for (i = 0; i < 3; i++) {
		gb_run_free((gb_run *)b[i]);
		gb_run_free((gb_run *)h[i]);
	}
}

/*
 * Several runs per side: a t-test on the logs of the per-run estimates,
 * their spread pooled. {99,100,101} against {110,111,112}: d = 0.104366
 * (ln 111.0 / 100.0 of the geometric means), pooled sigma 0.009518,
 * se = sigma * sqrt(2/3) = 0.007771, t = 13.43 on 4 df: p ~ 1.8e-4, and d
 * beyond ln 1.1 = 0.09531: REGRESSION.
 */
static void test_runs_evidence(void **state)
{
	const double b[] = { 99, 100, 101 }, h[] = { 110, 111, 112 };
	const double nb[] = { 90, 100, 110 }, nh[] = { 100, 110, 120 };
	gb_compare_row r;

	(void)state;
	assert_int_equal(pooled(b, 3, h, 3, &r), GB_VERDICT_REGRESSION);
	assert_int_equal(r.evidence, GB_EVIDENCE_RUNS);
	assert_true(r.p > 1e-4 && r.p < 3e-4);
	assert_true(fabs(r.log_change - 0.104366) < 1e-6);
	assert_true(fabs(r.sigma - 0.009518) < 1e-6);
	assert_true(fabs(r.se - 0.007771) < 1e-6);
	assert_true(r.df == 4);
	assert_true(fabs(r.base - 100) < 1e-12 && fabs(r.head - 111) < 1e-12);
	assert_int_equal(r.base_runs, 3);
	/*
	 * {90,100,110} against {100,110,120}: d = 0.095894, just past the
	 * budget, but sigma 0.095895, se 0.078298, t = 1.22 on 4 df (p =
	 * 0.29): the runs cannot show it beyond noise nor within budget.
	 */
	assert_int_equal(pooled(nb, 3, nh, 3, &r), GB_VERDICT_UNCERTAIN);
	assert_int_equal(r.why, GB_WHY_NOISE);
	assert_false(r.significant);
	assert_true(r.p > 0.28 && r.p < 0.30);
	/* The interval at 1%: d +- t(0.995, 4) se = 4.604 * 0.078298. */
	assert_true(fabs(r.high - 100 * expm1(0.095894 + 4.604095 * 0.078298)) < 1e-3);
}

/*
 * Runs that spread wider than the budget leave a change uncertain; how
 * many more would settle it at that spread. From the first pair above
 * (d = 0.095894, sigma = 0.095895), with both sides growing: the change
 * is past the budget, so it needs se <= d / z(0.995) = 0.037229, n =
 * 2 sigma^2 / se^2 = 13.27: 14 runs a side. The current side alone
 * cannot: with 3 baseline runs, sigma^2 / 3 is already above se^2.
 */
static void test_runs_needed(void **state)
{
	const double nb[] = { 90, 100, 110 }, nh[] = { 100, 110, 120 };
	const double b[] = { 99, 100, 101 }, h[] = { 110, 111, 112 };
	gb_compare_options o = defaults();
	gb_compare_row r;

	(void)state;
	pooled(nb, 3, nh, 3, &r);
	assert_int_equal(gb_compare_runs_needed(&r, &o, true), 14);
	assert_int_equal(gb_compare_runs_needed(&r, &o, false), SIZE_MAX);
	/* Decided rows need no more. */
	pooled(b, 3, h, 3, &r);
	assert_int_equal(gb_compare_runs_needed(&r, &o, true), 0);
}

/* An UNCERTAIN row made by hand: a change, a spread, runs a side, df. */
static gb_compare_row uncertain_row(double change, double noise, size_t nb,
	size_t nh, double df, gb_evidence e, gb_why why)
{
	gb_compare_row r;

	memset(&r, 0, sizeof(r));
	r.verdict = GB_VERDICT_UNCERTAIN;
	r.threshold = 10;
	r.log_change = log1p(change / 100);
	r.noise = noise;
	r.sigma = noise / 100;
	r.base_runs = nb;
	r.head_runs = nh;
	r.df = df;
	r.evidence = e;
	r.why = why;
	return r;
}

/*
 * The runs advised are more than the row has. The pair above, 3 runs a
 * side at 9.6% a run, 4 df: the current side alone cannot decide it
 * (sigma^2 / 3 > se^2), both can at se <= d / t(0.995, 4) = 0.020828,
 * n = 2 sigma^2 / se^2 = 42.4: 43, with the baseline (--interleave).
 * Three runs a side that left +5.3% undecided at 5.5% a run (the pair's
 * spread, 16 df) need 4 of the current side; where that rule says the
 * runs there are enough, twice them; without a spread between runs,
 * twice the runs, at least 3.
 */
static void test_runs_advised(void **state)
{
	const double nb[] = { 90, 100, 110 }, nh[] = { 100, 110, 120 };
	gb_compare_options o = defaults();
	gb_compare_row r;
	bool both;

	(void)state;
	pooled(nb, 3, nh, 3, &r);
	assert_int_equal(r.verdict, GB_VERDICT_UNCERTAIN);
	assert_int_equal(gb_compare_runs_advised(&r, &o, &both), 43);
	assert_true(both);
	r = uncertain_row(5.26, 5.5, 3, 3, 16, GB_EVIDENCE_RUNS,
		GB_WHY_NOISY_PAIR);
	r.sigma = 0.01; /* the pair's spread, not this, is what was judged */
	assert_int_equal(gb_compare_runs_advised(&r, &o, &both), 4);
	assert_false(both);
	r = uncertain_row(5, 5, 10, 10, 100, GB_EVIDENCE_HISTORY, GB_WHY_NOISE);
	assert_int_equal(gb_compare_runs_advised(&r, &o, &both), 20);
	r = uncertain_row(8, 3, 1, 1, 30, GB_EVIDENCE_SAMPLES, GB_WHY_ONE_RUN);
	assert_int_equal(gb_compare_runs_advised(&r, &o, &both), 3);
	assert_false(both);
	r = uncertain_row(8, NAN, 4, 4, NAN, GB_EVIDENCE_NONE, GB_WHY_NO_NOISE);
	assert_int_equal(gb_compare_runs_advised(&r, &o, &both), 8);
	/* The baseline's odd run is replaced by runs of the baseline. */
	r = uncertain_row(30, 2, 1, 1, 30, GB_EVIDENCE_HISTORY,
		GB_WHY_BASE_OFF_LEVEL);
	assert_int_equal(gb_compare_runs_advised(&r, &o, &both), 3);
	assert_true(both);
	/* More than run --repeat takes: no count to advise. */
	r = uncertain_row(9.99, 5, 3, 3, 100, GB_EVIDENCE_RUNS, GB_WHY_NOISE);
	assert_int_equal(gb_compare_runs_advised(&r, &o, &both), 0);
	/* Not what the row lacks, or nothing to settle. */
	r = uncertain_row(8, 2, 3, 3, 16, GB_EVIDENCE_RUNS, GB_WHY_RUN_MOVED);
	assert_int_equal(gb_compare_runs_advised(&r, &o, &both), 0);
	r = uncertain_row(0.5, 0.1, 1, 1, 30, GB_EVIDENCE_COUNTS,
		GB_WHY_NEAR_BUDGET);
	assert_int_equal(gb_compare_runs_advised(&r, &o, &both), 0);
	r.verdict = GB_VERDICT_REGRESSION;
	assert_int_equal(gb_compare_runs_advised(&r, &o, &both), 0);
}

/* Five runs a side: d = 0.179077, sigma 0.014289, t = 19.8 on 8 df. */
static void test_runs_five(void **state)
{
	const double b[] = { 100, 101, 102, 103, 104 };
	const double h[] = { 120, 121, 122, 123, 124 };
	gb_compare_row r;

	(void)state;
	assert_int_equal(pooled(b, 5, h, 5, &r), GB_VERDICT_REGRESSION);
	assert_int_equal(r.evidence, GB_EVIDENCE_RUNS);
	assert_true(r.df == 8);
	assert_true(fabs(r.log_change / r.se - 19.8157) < 1e-3);
}

/* A run recorded twice is one measurement: copies never pool. */
static void test_copies_count_once(void **state)
{
	gb_compare_options o = defaults();
	double v = 100, w = 130;
	gb_run *b = bare_run(&v, 1, GB_LOWER_IS_BETTER);
	gb_run *h1 = bare_run(&w, 1, GB_LOWER_IS_BETTER);
	gb_run *h2 = bare_run(&w, 1, GB_LOWER_IS_BETTER);
	const gb_run *bb[1] = { b }, *hh[2] = { h1, h2 };
	gb_compare_input in = { bb, 1, hh, 2, NULL, NULL };
	gb_comparison c;

	(void)state;
	assert_int_equal(gb_compare(&c, &in, &o), 0);
	assert_int_equal(c.head_runs, 1);
	assert_int_equal(c.head_copies, 1);
	assert_int_equal(c.rows[0].head_runs, 1);
	/* Two copies would have made a spread of zero and a REGRESSION. */
	assert_int_equal(c.rows[0].evidence, GB_EVIDENCE_NONE);
	assert_int_equal(c.rows[0].verdict, GB_VERDICT_UNCERTAIN);
	assert_int_equal(c.rows[0].why, GB_WHY_NO_NOISE);
	gb_comparison_dispose(&c);
	gb_run_free(b);
	gb_run_free(h1);
	gb_run_free(h2);
}

/*
 * One run exported twice, in more or less detail (hyperfine's JSON with
 * its count, its CSV without), is one measurement; a spread or a mean
 * that differs where both give it makes two.
 */
static void test_copies_in_less_detail(void **state)
{
	double v = 100, w = 100.5;
	gb_run *full = tight(bare_run(&v, 1, GB_LOWER_IS_BETTER));
	gb_run *less = bare_run(&v, 1, GB_LOWER_IS_BETTER);
	gb_run *other = tight(bare_run(&w, 1, GB_LOWER_IS_BETTER));
	gb_run *spread = tight(bare_run(&v, 1, GB_LOWER_IS_BETTER));
	const gb_run *runs[4];
	bool copy[4];

	(void)state;
	less->results[0].stddev = full->results[0].stddev;
	spread->results[0].stddev *= 2;
	assert_true(gb_run_same_values(full, less));
	assert_true(gb_run_same_values(less, full));
	assert_false(gb_run_same_values(full, other));
	assert_false(gb_run_same_values(full, spread));
	runs[0] = full;
	runs[1] = other;
	runs[2] = less;
	runs[3] = spread;
	assert_int_equal(gb_runs_mark_copies(copy, runs, 4), 0);
	assert_false(copy[0]);
	assert_false(copy[1]);
	assert_true(copy[2]);
	assert_false(copy[3]);
	gb_run_free(full);
	gb_run_free(less);
	gb_run_free(other);
	gb_run_free(spread);
}

/* One run a side with samples: a t-test on the logs of its samples. */
static gb_run *sampled_run(double level)
{
	gb_run *run = bare_run(&level, 1, GB_LOWER_IS_BETTER);
	double *s = malloc(50 * sizeof(double));
	size_t i;

	for (i = 0; i < 50; i++)
		s[i] = level + 0.1 * (double)(i % 10) - 0.45;
	gb_result_set_samples(&run->results[0], s, 50);
	run->results[0].count = 50;
	run->results[0].stddev = 0.29;
	return run;
}

static void test_samples_evidence(void **state)
{
	gb_compare_options o = defaults();
	gb_run *b = sampled_run(100), *h = sampled_run(112), *s = sampled_run(103);
	gb_comparison c;
	const gb_compare_row *r;

	(void)state;
	r = one_to_one(&c, b, h, &o);
	assert_int_equal(r->evidence, GB_EVIDENCE_SAMPLES);
	assert_int_equal(r->verdict, GB_VERDICT_REGRESSION);
	assert_true(r->p < 1e-10);
	gb_comparison_dispose(&c);
	/* Significant, but 3% is below every threshold. */
	r = one_to_one(&c, b, s, &o);
	assert_int_equal(r->verdict, GB_VERDICT_STABLE);
	assert_true(r->significant);
	assert_false(r->within_noise);
	gb_comparison_dispose(&c);
	/* Without samples, Welch from mean, stddev and count. */
	gb_result_set_samples(&b->results[0], NULL, 0);
	gb_result_set_samples(&h->results[0], NULL, 0);
	r = one_to_one(&c, b, h, &o);
	assert_int_equal(r->evidence, GB_EVIDENCE_SAMPLES);
	assert_int_equal(r->verdict, GB_VERDICT_REGRESSION);
	gb_comparison_dispose(&c);
	gb_run_free(b);
	gb_run_free(h);
	gb_run_free(s);
}

/*
 * Three repetitions a side (Google Benchmark's --benchmark_repetitions=3):
 * an exact Mann-Whitney test on 3 against 3 cannot go below p = 2/20, so a
 * doubling would be called noise; Welch's t-test on the samples sees it.
 * {99, 100, 101} against {199, 200, 201}: t = -122.5 on 4 df.
 */
static void test_few_samples(void **state)
{
	gb_compare_options o = defaults();
	double b = 100, h = 200;
	gb_run *rb = bare_run(&b, 1, GB_LOWER_IS_BETTER);
	gb_run *rh = bare_run(&h, 1, GB_LOWER_IS_BETTER);
	double *sb = malloc(3 * sizeof(double)), *sh = malloc(3 * sizeof(double));
	gb_comparison c;
	const gb_compare_row *r;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		sb[i] = 99 + i;
		sh[i] = 199 + i;
	}
	gb_result_set_samples(&rb->results[0], sb, 3);
	gb_result_set_samples(&rh->results[0], sh, 3);
	r = one_to_one(&c, rb, rh, &o);
	assert_int_equal(r->evidence, GB_EVIDENCE_SAMPLES);
	assert_int_equal(r->verdict, GB_VERDICT_REGRESSION);
	assert_true(r->p < 1e-5);
	gb_comparison_dispose(&c);
	/*
	 * Three samples, one an outlier at 2x: {99, 100, 101} against
	 * {100, 101, 200}. The mean is 34% up, but the logs of the current
	 * side spread 0.40 (se 0.23 for its mean): t = 1.3 on about 2 df can
	 * reach no significance, so no claim: UNCERTAIN, for want of runs.
	 */
	sh[2] = 200;
	sh[0] = 100;
	sh[1] = 101;
	gb_result_fill_from_samples(&rh->results[0]);
	rh->results[0].mean = (100 + 101 + 200) / 3.0;
	r = one_to_one(&c, rb, rh, &o);
	assert_int_equal(r->evidence, GB_EVIDENCE_SAMPLES);
	assert_int_equal(r->verdict, GB_VERDICT_UNCERTAIN);
	assert_int_equal(r->why, GB_WHY_ONE_RUN);
	assert_false(r->significant);
	gb_comparison_dispose(&c);
	gb_run_free(rb);
	gb_run_free(rh);
}

/*
 * One run a side, with history: the noise model learned from the stored
 * series along the baseline's first parents. History 100 + {0, 1, -1,
 * 2, -2, 1, 0, -1}, one run a commit: the successive differences of the
 * logs over sqrt(2), about their median, with the largest of seven left
 * out, have a trimmed RMS (as test_noise's test_sequence) of 0.021586,
 * on 0.7 * 7 = 4.9 df. The baseline is the last, 99: se = 0.021586 *
 * sqrt(2) = 0.030528.
 *   150: d = 0.41552, t = 13.6: p ~ 5e-5: REGRESSION.
 *   107: d = 0.07771, under ln 1.1 = 0.0953, but d + t(0.84, 4.9) se =
 *        0.0777 + 1.10 * 0.0305 is over it: UNCERTAIN.
 *   103: d = 0.03960, d + 1.10 se = 0.073 stays under: STABLE.
 */
static void test_history_evidence(void **state)
{
	const double noise[] = { 0, 1, -1, 2, -2, 1, 0, -1 };
	const double tests[] = { 150, 107, 103 };
	const gb_verdict expect[] = { GB_VERDICT_REGRESSION, GB_VERDICT_UNCERTAIN,
				      GB_VERDICT_STABLE };
	gb_series_options so = GB_SERIES_OPTIONS_INIT;
	gb_compare_options o = defaults();
	gb_series_set history;
	gb_store *store = NULL;
	gb_runlist base = { 0 };
	gb_comparison c;
	git_repository *repo;
	git_oid head;
	char *dir;
	size_t i;

	(void)state;
	repo = th_repo_new(&dir, &head);
	assert_int_equal(gb_store_open(&store, repo, NULL), 0);
	for (i = 0; i < 8; i++) {
		double v = 100 + noise[i];
		gb_run *run = bare_run(&v, 1, GB_LOWER_IS_BETTER);

		if (i)
			th_repo_commit(repo, "next", &head);
		git_oid_cpy(&run->commit, &head);
		assert_int_equal(gb_store_append(store, &run, 1), 0);
		gb_run_free(run);
	}
	assert_int_equal(gb_series_collect(&history, store, &head, &so), 0);
	assert_int_equal(history.ncommits, 8);
	assert_int_equal(gb_store_read(&base, store, &head, NULL), 0);
	for (i = 0; i < 3; i++) {
		gb_run *h = bare_run(&tests[i], 1, GB_LOWER_IS_BETTER);
		const gb_run *b[1] = { base.runs[0] }, *hh[1] = { h };
		gb_compare_input in = { b, 1, hh, 1, &history, NULL };

		assert_int_equal(gb_compare(&c, &in, &o), 0);
		assert_int_equal(c.rows[0].evidence, GB_EVIDENCE_HISTORY);
		assert_int_equal(c.rows[0].verdict, expect[i]);
		assert_true(fabs(c.rows[0].sigma - 0.021586) < 1e-6);
		assert_true(fabs(c.rows[0].df - 4.9) < 1e-9);
		assert_true(fabs(c.rows[0].noise - 2.1586) < 1e-4);
		gb_comparison_dispose(&c);
		gb_run_free(h);
	}
	gb_runlist_dispose(&base);
	gb_series_set_dispose(&history);
	gb_store_free(store);
	git_repository_free(repo);
	th_tmpdir_remove(dir);
}

/*
 * A whole run that moved: eight benchmarks all 40% slower, save noise, is
 * a machine (or a change to everything) the evidence cannot tell apart:
 * UNCERTAIN, "the whole run moved", not eight REGRESSIONs. One benchmark
 * 40% slower among eight that are not is a REGRESSION.
 */
static void test_run_moved(void **state)
{
	const double bv[] = { 100, 200, 300, 400, 500, 600, 700, 800 };
	const double jitter[] = { 1.00, 1.01, 0.99, 1.02, 0.98, 1.00, 1.01, 0.99 };
	gb_compare_options o = defaults();
	double hv[8], samples_h[8][5], samples_b[8][5];
	gb_run *b = bare_run(bv, 8, GB_LOWER_IS_BETTER), *h;
	gb_comparison c;
	size_t i, k;

	(void)state;
	for (i = 0; i < 8; i++) {
		hv[i] = bv[i] * 1.4 * jitter[i];
		for (k = 0; k < 5; k++) {
			samples_b[i][k] = bv[i] * (1 + 0.001 * (double)k);
			samples_h[i][k] = hv[i] * (1 + 0.001 * (double)k);
		}
	}
	h = bare_run(hv, 8, GB_LOWER_IS_BETTER);
	for (i = 0; i < 8; i++) {
		double *sb = malloc(5 * sizeof(double)), *sh = malloc(5 * sizeof(double));

		memcpy(sb, samples_b[i], sizeof(samples_b[i]));
		memcpy(sh, samples_h[i], sizeof(samples_h[i]));
		gb_result_set_samples(&b->results[i], sb, 5);
		gb_result_set_samples(&h->results[i], sh, 5);
	}
	one_to_one(&c, b, h, &o);
	assert_int_equal(c.count[GB_VERDICT_UNCERTAIN], 8);
	assert_int_equal(c.count[GB_VERDICT_REGRESSION], 0);
	assert_true(fabs(c.shift - 40) < 1.5);
	assert_int_equal(c.moved, 8);
	for (i = 0; i < c.nrows; i++)
		assert_int_equal(c.rows[i].why, GB_WHY_RUN_MOVED);
	gb_comparison_dispose(&c);
	/* Only bench/3 slower: the run did not move; that one regressed. */
	for (i = 0; i < 8; i++)
		h->results[i].mean = bv[i] * jitter[i] * (i == 3 ? 1.4 : 1);
	one_to_one(&c, b, h, &o);
	assert_true(isnan(c.shift));
	assert_int_equal(c.count[GB_VERDICT_REGRESSION], 1);
	assert_string_equal(c.rows[0].name, "bench/3");
	gb_comparison_dispose(&c);
	gb_run_free(b);
	gb_run_free(h);
}

static void add_rate(gb_run **runs, size_t n, size_t i);

/*
 * Two runs a side of nine benchmarks: each base*(1 -+ 0.5%), head*factor;
 * bench/<rate> has a rate of its time too (none: SIZE_MAX).
 */
static void two_a_side_rate(gb_comparison *c, const double *factor,
	const gb_compare_options *o, size_t rate);

static void two_a_side(gb_comparison *c, const double *factor,
	const gb_compare_options *o)
{
	two_a_side_rate(c, factor, o, SIZE_MAX);
}

static void two_a_side_rate(gb_comparison *c, const double *factor,
	const gb_compare_options *o, size_t rate)
{
	const double spread[2] = { 0.995, 1.005 };
	double bv[9], hv[2][9];
	gb_run *b[2], *h[2];
	size_t i, k;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < 9; i++) {
			bv[i] = 100 * (double)(i + 1) * spread[k];
			hv[k][i] = 100 * (double)(i + 1) * spread[1 - k] * factor[i];
		}
		b[k] = bare_run(bv, 9, GB_LOWER_IS_BETTER);
		h[k] = bare_run(hv[k], 9, GB_LOWER_IS_BETTER);
	}
	if (rate != SIZE_MAX) {
		add_rate(b, 2, rate);
		add_rate(h, 2, rate);
	}
	{
		const gb_run *bb[2] = { b[0], b[1] }, *hh[2] = { h[0], h[1] };
		gb_compare_input in = { bb, 2, hh, 2, NULL, NULL };

		assert_int_equal(gb_compare(c, &in, o), 0);
	}
	for (k = 0; k < 2; k++) {
		gb_run_free(b[k]);
		gb_run_free(h[k]);
	}
}

static const gb_compare_row *row_named(const gb_comparison *c,
	const char *name)
{
	size_t i;

	for (i = 0; i < c->nrows; i++)
		if (!strcmp(c->rows[i].name, name))
			return &c->rows[i];
	fail_msg("no row %s", name);
	return NULL;
}

/* A run of Valgrind's counts, one per value: "count/<i>" in instructions. */
static gb_run *count_run(const double *counts, size_t n)
{
	gb_run *run;
	gb_result *r;
	char name[32];
	size_t i;

	assert_int_equal(gb_run_new(&run), 0);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "count/%zu", i);
		assert_int_equal(gb_run_add_measure(&r, run, name, "instructions",
					 "instructions", GB_LOWER_IS_BETTER), 0);
		r->mean = counts[i];
	}
	return run;
}

/*
 * One run a side of instruction counts, nothing stored: counts repeat
 * between runs, so a change of a few percent is a REGRESSION over their
 * 1% budget (it was UNCERTAIN "no measure of noise", which no number of
 * repetitions could settle: identical repeats count once). A change
 * within the counts' spread of the budget stays UNCERTAIN; a time
 * without samples is still judged on nothing.
 */
static void test_counts_evidence(void **state)
{
	gb_compare_options o = defaults();
	/* 2%, 0.3%, 0.9%, 0, and below: 8 rows, a kind of result that moved. */
	const double base[] = { 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6 };
	const double head[] = { 1.02e6, 1.003e6, 1.009e6, 1e6, 1.02e6,
				1.02e6, 1.02e6, 1.02e6 };
	gb_run *b = count_run(base, 8), *h = count_run(head, 8);
	const gb_run *bb[1] = { b }, *hh[1] = { h };
	gb_compare_input in = { bb, 1, hh, 1, NULL, NULL };
	gb_comparison c;
	const gb_compare_row *r;
	gb_evidence ev;

	(void)state;
	assert_true(gb_measure_is_count("instructions"));
	assert_true(gb_measure_is_count("estimated-cycles"));
	assert_false(gb_measure_is_count("time"));
	assert_false(gb_measure_is_count(NULL));
	assert_int_equal(gb_compare(&c, &in, &o), 0);
	r = row_named(&c, "count/0");
	assert_int_equal(r->evidence, GB_EVIDENCE_COUNTS);
	assert_int_equal(r->verdict, GB_VERDICT_REGRESSION);
	assert_true(r->threshold == 1);
	assert_true(fabs(r->noise - 100 * GB_COUNT_SPREAD) < 1e-9);
	/* The run of counts moved +2%: that is the code, not the machine. */
	assert_true(isnan(r->shift));
	assert_int_equal(row_named(&c, "count/1")->verdict, GB_VERDICT_STABLE);
	r = row_named(&c, "count/2");
	assert_int_equal(r->verdict, GB_VERDICT_UNCERTAIN);
	assert_int_equal(r->why, GB_WHY_NEAR_BUDGET);
	assert_string_equal(gb_why_name(r->why), "near-budget");
	assert_string_equal(gb_evidence_name(r->evidence), "counts");
	assert_int_equal(row_named(&c, "count/3")->verdict, GB_VERDICT_STABLE);
	assert_int_equal(c.evidence_count[GB_EVIDENCE_COUNTS], 8);
	assert_int_equal(c.count[GB_VERDICT_REGRESSION], 5);
	gb_comparison_dispose(&c);
	gb_run_free(b);
	gb_run_free(h);
	/* A time with nothing to go by is not a count. */
	assert_int_equal(verdict_of(100, 110.5, GB_LOWER_IS_BETTER, &ev),
		GB_VERDICT_UNCERTAIN);
	assert_int_equal(ev, GB_EVIDENCE_NONE);
}

/*
 * Two real regressions among nine cannot make the others' errors wider:
 * the spread of the changes leaves out the largest quarter, so nothing
 * is "noisier than its evidence" and the seven others stay STABLE.
 */
static void test_regressions_do_not_widen(void **state)
{
	const double f[9] = { 1.002, 0.998, 1.30, 1.001, 0.999, 1.45, 1.0,
			      1.003, 0.997 };
	gb_compare_options o = defaults();
	gb_comparison c;
	size_t i;

	(void)state;
	two_a_side(&c, f, &o);
	assert_int_equal(c.count[GB_VERDICT_REGRESSION], 2);
	assert_int_equal(c.count[GB_VERDICT_STABLE], 7);
	assert_int_equal(c.count[GB_VERDICT_UNCERTAIN], 0);
	for (i = 0; i < c.nrows; i++)
		assert_int_not_equal(c.rows[i].why, GB_WHY_NOISY_PAIR);
	assert_string_equal(row_named(&c, "bench/5")->name, c.rows[0].name);
	gb_comparison_dispose(&c);
}

/*
 * A real regression beside three real improvements, the other five
 * moving 2% at most: the trimmed spread of the changes kept one of the
 * improvements (a quarter left out is two of nine), called the pair
 * noisier than its evidence, widened every error to 12% and let the
 * regression through as UNCERTAIN. Changes beyond budget and far beyond
 * the noise their runs measured are the code's: the spread is the rest's.
 */
static void test_improvements_do_not_hide_a_regression(void **state)
{
	const double f[9] = { 1.30, 0.70, 0.70, 0.70, 1.02, 0.98, 1.01, 0.99,
			      1.0 };
	gb_compare_options o = defaults();
	gb_comparison c;
	const gb_compare_row *r;

	(void)state;
	two_a_side(&c, f, &o);
	r = row_named(&c, "bench/0");
	assert_int_equal(r->verdict, GB_VERDICT_REGRESSION);
	assert_int_equal(r->why, GB_WHY_NONE);
	assert_true(r->low > 10);
	assert_int_equal(c.count[GB_VERDICT_IMPROVED], 3);
	assert_int_equal(c.count[GB_VERDICT_UNCERTAIN], 0);
	gb_comparison_dispose(&c);
}

/*
 * A pair noisier than its evidence (the changes spread +-4% where two
 * runs a side say 0.7%) makes a borderline call UNCERTAIN, "noisy-pair",
 * but a change far beyond budget and that noise stays a REGRESSION.
 */
static void test_noisy_pair_only_doubts(void **state)
{
	const double f[9] = { 1.04, 0.96, 1.60, 1.03, 0.97, 1.085, 0.85, 1.05,
			      0.97 };
	gb_compare_options o = defaults();
	gb_comparison c;
	const gb_compare_row *r;

	(void)state;
	two_a_side(&c, f, &o);
	r = row_named(&c, "bench/2");
	assert_int_equal(r->verdict, GB_VERDICT_REGRESSION);
	assert_int_equal(r->why, GB_WHY_NONE);
	/* +8.5%: beyond warn and noise as measured, within budget: SLOWER,
	 * but the pair's own spread cannot show it within 10%. */
	r = row_named(&c, "bench/5");
	assert_int_equal(r->verdict, GB_VERDICT_UNCERTAIN);
	assert_int_equal(r->why, GB_WHY_NOISY_PAIR);
	assert_int_equal(r->pair_spread, GB_PAIR_SPREAD_MEASURED);
	assert_true(r->noise > 3);
	/* Its interval is the widened error's: it reaches past 10%, as an
	 * UNCERTAIN call's does, and its p-value is that error's. */
	assert_true(r->low < 10 && r->high > 10);
	assert_false(r->significant);
	/* Improved beyond noise as measured, but not beyond the pair's own
	 * spread: the claim is taken back, saying why. */
	r = row_named(&c, "bench/6");
	assert_true(r->verdict == GB_VERDICT_STABLE ||
		    r->verdict == GB_VERDICT_FASTER);
	assert_int_equal(r->why, GB_WHY_NOISY_PAIR);
	assert_true(r->noise > 3);
	gb_comparison_dispose(&c);
}

/* Add to every run of `runs` bench/<i>'s rate: 1000 per its time. */
static void add_rate(gb_run **runs, size_t n, size_t i)
{
	gb_result *r;
	size_t k;

	for (k = 0; k < n; k++) {
		double t = runs[k]->results[i].mean;

		assert_int_equal(gb_run_add_measure(&r, runs[k],
			runs[k]->results[i].name, "throughput", "elem/s",
			GB_HIGHER_IS_BETTER), 0);
		r->mean = 1e12 / t;
	}
}

/*
 * A rate computed from a benchmark's time (Criterion.rs's throughput)
 * changes as the time does and gets the time's verdict: its row is
 * doubted with the time's kind of result, not judged alone in a kind
 * of its own where no pair spread can be told.
 */
static void test_rate_judged_with_its_time(void **state)
{
	const double f[9] = { 1.04, 0.96, 1.60, 1.03, 0.97, 1.085, 0.85, 1.05,
			      0.97 };
	gb_compare_options o = defaults();
	gb_comparison c;
	const gb_compare_row *t, *r;
	size_t i;

	(void)state;
	two_a_side_rate(&c, f, &o, 5);
	for (i = 0, t = r = NULL; i < c.nrows; i++)
		if (!strcmp(c.rows[i].name, "bench/5"))
			*(strcmp(c.rows[i].measure, "time") ? &r : &t) = &c.rows[i];
	assert_non_null(t);
	assert_non_null(r);
	assert_int_equal(t->verdict, GB_VERDICT_UNCERTAIN);
	assert_int_equal(t->why, GB_WHY_NOISY_PAIR);
	assert_int_equal(r->verdict, GB_VERDICT_UNCERTAIN);
	assert_int_equal(r->why, GB_WHY_NOISY_PAIR);
	assert_true(fabs(r->change + 100 * (1 - 1 / 1.085)) < 0.01);
	gb_comparison_dispose(&c);
}

/*
 * History says each benchmark spreads 1% a run (31 commits, alternating
 * +-1%, 71 df); this pair's changes spread +-4% (7% a change, as the
 * pair's trimmed spread has it), so every error widens to that. A 30%
 * slowdown is still beyond it (t = 3.7): the pair's six kept rows (4.2
 * df, a t quantile of 4.4) must not decide where the history measured
 * the noise on 71. +6.5%, not beyond the noise as measured, cannot be
 * shown within 10% at the pair's: UNCERTAIN.
 */
static void test_noisy_pair_keeps_history_df(void **state)
{
	const double f[9] = { 1.30, 1.04, 0.96, 1.04, 0.96, 1.04, 0.96, 1.065,
			      1.0 };
	gb_compare_options o = defaults();
	gb_series ser[9];
	gb_point pts[9][31];
	gb_noise *noise;
	double bv[9], hv[9];
	gb_run *b, *h;
	gb_comparison c;
	const gb_compare_row *r;
	char names[9][16];
	size_t i, k;

	(void)state;
	assert_int_equal(gb_noise_new(&noise), 0);
	for (i = 0; i < 9; i++) {
		snprintf(names[i], sizeof(names[i]), "bench/%zu", i);
		memset(&ser[i], 0, sizeof(ser[i]));
		ser[i].name = names[i];
		ser[i].unit = (char *)"ns";
		ser[i].points = pts[i];
		for (k = 0; k < 31; k++) {
			pts[i][k].commit = k;
			pts[i][k].value = 100 * (double)(i + 1) * (k % 2 ? 1.01 : 0.99);
			pts[i][k].stddev = NAN;
		}
		ser[i].n = 31;
		assert_int_equal(gb_noise_add_series(noise, &ser[i]), 0);
		bv[i] = 100 * (double)(i + 1);
		hv[i] = bv[i] * f[i];
	}
	b = bare_run(bv, 9, GB_LOWER_IS_BETTER);
	h = bare_run(hv, 9, GB_LOWER_IS_BETTER);
	{
		const gb_run *bb[1] = { b }, *hh[1] = { h };
		gb_compare_input in = { bb, 1, hh, 1, NULL, noise };

		assert_int_equal(gb_compare(&c, &in, &o), 0);
	}
	r = row_named(&c, "bench/0");
	assert_int_equal(r->evidence, GB_EVIDENCE_HISTORY);
	assert_true(r->df > 10);
	assert_int_equal(r->verdict, GB_VERDICT_REGRESSION);
	r = row_named(&c, "bench/7");
	assert_int_equal(r->verdict, GB_VERDICT_UNCERTAIN);
	assert_int_equal(r->why, GB_WHY_NOISY_PAIR);
	gb_comparison_dispose(&c);
	gb_run_free(b);
	gb_run_free(h);
	gb_noise_free(noise);
}

/*
 * One benchmark, one run a side, nothing stored: the samples say how
 * steady each run was, not how far the next lands. A 5% change they call
 * FASTER, or 6% SLOWER, is STABLE, for one run a side; a regression far
 * past the budget is still called.
 */
static void test_one_run_small_suite(void **state)
{
	const double b5[] = { 100 }, h5[] = { 95 }, hslow[] = { 106 },
		     h30[] = { 130 };
	const double *heads[] = { h5, hslow, h30 };
	const gb_verdict want[] = { GB_VERDICT_STABLE, GB_VERDICT_STABLE,
		GB_VERDICT_REGRESSION };
	/* The assumed spread calmed the first two; the gate is the samples'. */
	const gb_pair_spread rested[] = { GB_PAIR_SPREAD_ASSUMED,
		GB_PAIR_SPREAD_ASSUMED, GB_PAIR_SPREAD_NONE };
	gb_compare_options o = defaults();
	gb_comparison c;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		gb_run *b = tight(bare_run(b5, 1, GB_LOWER_IS_BETTER));
		gb_run *h = tight(bare_run(heads[i], 1, GB_LOWER_IS_BETTER));
		const gb_compare_row *r = one_to_one(&c, b, h, &o);

		if (r->evidence != GB_EVIDENCE_SAMPLES || r->verdict != want[i] ||
		    (want[i] == GB_VERDICT_STABLE && r->why != GB_WHY_ONE_RUN) ||
		    r->pair_spread != rested[i])
			fail_msg("%zu: evidence %d verdict %d why %d spread %d", i,
				(int)r->evidence, (int)r->verdict, (int)r->why,
				(int)r->pair_spread);
		gb_comparison_dispose(&c);
		gb_run_free(b);
		gb_run_free(h);
	}
}

static void test_budgets(void **state)
{
	const double bv[] = { 100, 100, 100 }, hv[] = { 103, 160, 100 };
	gb_compare_options o;
	gb_config *cfg = NULL;
	gb_run *b = tight(bare_run(bv, 3, GB_LOWER_IS_BETTER));
	gb_run *h = tight(bare_run(hv, 3, GB_LOWER_IS_BETTER));
	const gb_run *bb[1] = { b }, *hh[1] = { h };
	gb_compare_input in = { bb, 1, hh, 1, NULL, NULL };
	gb_comparison c;
	size_t i;

	(void)state;
	assert_int_equal(gb_config_open(&cfg, NULL), 0);
	assert_int_equal(gb_config_override(cfg, "bench.bench/*.maxRegression", "2"), 0);
	assert_int_equal(gb_config_override(cfg, "bench.bench/1.maxtime", "150ns"), 0);
	assert_int_equal(gb_config_override(cfg, "bench.bench/2.maxTime", "1 us"), 0);
	assert_int_equal(gb_compare_options_init(&o, cfg), 0);
	assert_int_equal(gb_budgets_load(&o.budgets, &o.nbudgets, cfg), 0);
	assert_int_equal(o.nbudgets, 3);
	assert_int_equal(gb_compare(&c, &in, &o), 0);
	assert_int_equal(c.failures, 2);
	for (i = 0; i < c.nrows; i++) {
		const gb_compare_row *r = &c.rows[i];

		if (!strcmp(r->name, "bench/0")) {
			/* 3% breaks the pattern's 2% */
			assert_int_equal(r->verdict, GB_VERDICT_REGRESSION);
			assert_string_equal(r->budget->pattern, "bench/*");
			assert_true(r->threshold == 2);
			assert_true(r->failed);
		} else if (!strcmp(r->name, "bench/1")) {
			/* The longest matching pattern applies: 160 ns > 150 ns. */
			assert_string_equal(r->budget->pattern, "bench/1");
			assert_true(r->over_time && r->failed);
		} else {
			assert_string_equal(r->budget->pattern, "bench/2");
			assert_false(r->failed);
		}
	}
	/* Failures come first. */
	assert_true(c.rows[0].failed && c.rows[1].failed && !c.rows[2].failed);
	gb_comparison_dispose(&c);
	gb_budgets_free(o.budgets, o.nbudgets);
	gb_config_free(cfg);
	gb_run_free(b);
	gb_run_free(h);
}

static void expect_config_error(const char *key, const char *value,
	const char *mention)
{
	gb_compare_options o;
	gb_budget *b = NULL;
	size_t n = 0;
	gb_config *cfg = NULL;
	int error;

	assert_int_equal(gb_config_open(&cfg, NULL), 0);
	assert_int_equal(gb_config_override(cfg, key, value), 0);
	error = gb_compare_options_init(&o, cfg);
	if (error == 0)
		error = gb_budgets_load(&b, &n, cfg);
	assert_int_equal(error, GB_EINVALID);
	if (!strstr(gb_error_last()->message, mention))
		fail_msg("'%s' does not mention '%s'", gb_error_last()->message,
			mention);
	gb_config_free(cfg);
}

static void test_bad_settings(void **state)
{
	(void)state;
	expect_config_error("bench.maxRegression", "ten", "bench.maxRegression");
	expect_config_error("bench.warnRegression", "-1", "bench.warnRegression");
	expect_config_error("bench.significance", "1.5", "bench.significance");
	expect_config_error("bench.onUncertain", "maybe", "bench.onUncertain");
	expect_config_error("bench.estimator", "mode", "bench.estimator");
	expect_config_error("bench.parse*.maxTime", "fast", "bench.parse*.maxTime");
	expect_config_error("bench.parse*.maxTime", "10 parsecs", "unknown unit");
	expect_config_error("bench.parse*.maxRegression", "x", "bench.parse*.maxRegression");
}

static void test_new_removed_geomean(void **state)
{
	const double bv[] = { 100, 100, 50 }, hv[] = { 110, 100.0 / 1.1, 7 };
	gb_compare_options o = defaults();
	gb_run *b = bare_run(bv, 3, GB_LOWER_IS_BETTER);
	gb_run *h = bare_run(hv, 3, GB_LOWER_IS_BETTER);
	gb_comparison c;
	size_t i;

	(void)state;
	/* bench/2 only in the baseline, "extra" only now. */
	free(h->results[2].name);
	h->results[2].name = strdup("extra");
	one_to_one(&c, b, h, &o);
	assert_int_equal(c.nrows, 4);
	assert_int_equal(c.count[GB_VERDICT_NEW], 1);
	assert_int_equal(c.count[GB_VERDICT_REMOVED], 1);
	for (i = 0; i < c.nrows; i++) {
		if (!strcmp(c.rows[i].name, "extra"))
			assert_int_equal(c.rows[i].verdict, GB_VERDICT_NEW);
		if (!strcmp(c.rows[i].name, "bench/2"))
			assert_int_equal(c.rows[i].verdict, GB_VERDICT_REMOVED);
	}
	/* +10% and -9.09% (1/1.1) cancel out: the geometric mean is 0. */
	assert_true(fabs(c.geomean) < 1e-9);
	gb_comparison_dispose(&c);
	/* --bench keeps only matching benchmarks. */
	o.pattern = "bench/0";
	one_to_one(&c, b, h, &o);
	assert_int_equal(c.nrows, 1);
	/* Exactly 10%, and nothing measures the noise: it may be over. */
	assert_int_equal(c.rows[0].verdict, GB_VERDICT_UNCERTAIN);
	gb_comparison_dispose(&c);
	gb_run_free(b);
	gb_run_free(h);
}

static void test_median_estimator(void **state)
{
	gb_compare_options o = defaults();
	double v = 100;
	gb_run *b = tight(bare_run(&v, 1, GB_LOWER_IS_BETTER));
	gb_run *h = tight(bare_run(&v, 1, GB_LOWER_IS_BETTER));
	gb_comparison c;

	(void)state;
	b->results[0].median = 100;
	h->results[0].median = 120; /* a skewed run: the median moved */
	one_to_one(&c, b, h, &o);
	assert_int_equal(c.rows[0].verdict, GB_VERDICT_STABLE);
	gb_comparison_dispose(&c);
	o.estimator = GB_ESTIMATOR_MEDIAN;
	one_to_one(&c, b, h, &o);
	assert_int_equal(c.rows[0].verdict, GB_VERDICT_REGRESSION);
	assert_true(c.rows[0].change == 20);
	gb_comparison_dispose(&c);
	gb_run_free(b);
	gb_run_free(h);
}

/*
 * One benchmark in several measures: a result per measure, each of ten
 * repetitions; times spread by 0.5%, the instruction count not at all.
 */
static gb_run *measures_run(double time, double instructions, double cpu)
{
	gb_run *run;
	gb_result *r;

	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(gb_run_add_measure(&r, run, "prog", "time", "ns",
		GB_LOWER_IS_BETTER), 0);
	r->mean = time;
	r->stddev = 0.005 * time;
	r->count = 10;
	assert_int_equal(gb_run_add_measure(&r, run, "prog", "instructions",
		"instructions", GB_LOWER_IS_BETTER), 0);
	r->mean = instructions;
	r->stddev = 0;
	r->count = 10;
	assert_int_equal(gb_run_add_measure(&r, run, "prog", "cpu_time", "ns",
		GB_LOWER_IS_BETTER), 0);
	r->mean = cpu;
	r->stddev = 0.005 * cpu;
	r->count = 10;
	return run;
}

static const gb_compare_row *row_in(const gb_comparison *c,
	const char *measure)
{
	size_t i;

	for (i = 0; i < c->nrows; i++)
		if (!strcmp(c->rows[i].measure, measure))
			return &c->rows[i];
	fail_msg("no row in %s", measure);
	return NULL;
}

static void test_measure_budgets(void **state)
{
	gb_config *cfg;
	gb_compare_options o;
	gb_run *b = measures_run(100, 1000000, 100);
	gb_run *h = measures_run(103, 1020000, 103);
	const gb_run *bb[1] = { b }, *hh[1] = { h };
	gb_compare_input in = { bb, 1, hh, 1, NULL, NULL };
	gb_comparison c;

	(void)state;
	/* Defaults: 10% for time (+3% is no verdict), 1% for instructions. */
	o = defaults();
	assert_int_equal(gb_compare(&c, &in, &o), 0);
	assert_int_equal(c.nrows, 3);
	assert_int_equal(row_in(&c, "time")->verdict, GB_VERDICT_STABLE);
	assert_int_equal(row_in(&c, "instructions")->verdict,
		GB_VERDICT_REGRESSION);
	assert_string_equal(row_in(&c, "instructions")->budget->pattern,
		"*.instructions");
	assert_true(row_in(&c, "instructions")->threshold == 1);
	gb_comparison_dispose(&c);
	/* A budget for one measure, in either spelling, over the name's. */
	assert_int_equal(gb_config_open(&cfg, NULL), 0);
	assert_int_equal(gb_config_override(cfg, "bench.prog.maxRegression", "2"), 0);
	assert_int_equal(gb_config_override(cfg,
		"bench.prog.instructions.maxRegression", "5"), 0);
	assert_int_equal(gb_config_override(cfg,
		"bench.prog [cpu_time].maxRegression", "50"), 0);
	assert_int_equal(gb_compare_options_init(&o, cfg), 0);
	assert_int_equal(gb_budgets_load(&o.budgets, &o.nbudgets, cfg), 0);
	assert_int_equal(gb_compare(&c, &in, &o), 0);
	assert_int_equal(row_in(&c, "time")->verdict, GB_VERDICT_REGRESSION);
	assert_string_equal(row_in(&c, "time")->budget->pattern, "prog");
	assert_int_equal(row_in(&c, "instructions")->verdict, GB_VERDICT_STABLE);
	assert_string_equal(row_in(&c, "instructions")->budget->pattern,
		"prog.instructions");
	assert_true(row_in(&c, "instructions")->threshold == 5);
	assert_int_equal(row_in(&c, "cpu_time")->verdict, GB_VERDICT_STABLE);
	assert_true(row_in(&c, "cpu_time")->threshold == 50);
	gb_comparison_dispose(&c);
	/* --measure keeps one measure; a label pattern names one too. */
	o.measure = "cpu_time";
	assert_int_equal(gb_compare(&c, &in, &o), 0);
	assert_int_equal(c.nrows, 1);
	assert_string_equal(c.rows[0].measure, "cpu_time");
	gb_comparison_dispose(&c);
	o.measure = NULL;
	o.pattern = "prog [instructions]";
	assert_int_equal(gb_compare(&c, &in, &o), 0);
	assert_int_equal(c.nrows, 1);
	assert_string_equal(c.rows[0].measure, "instructions");
	gb_comparison_dispose(&c);
	o.pattern = "pro";
	assert_int_equal(gb_compare(&c, &in, &o), 0);
	assert_int_equal(c.nrows, 3);
	gb_comparison_dispose(&c);
	gb_budgets_free(o.budgets, o.nbudgets);
	gb_config_free(cfg);
	gb_run_free(b);
	gb_run_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_noise),
		cmocka_unit_test(test_no_ratio),
		cmocka_unit_test(test_runs_evidence),
		cmocka_unit_test(test_runs_of_counts),
		cmocka_unit_test(test_runs_needed),
		cmocka_unit_test(test_runs_advised),
		cmocka_unit_test(test_runs_five),
		cmocka_unit_test(test_copies_count_once),
		cmocka_unit_test(test_copies_in_less_detail),
		cmocka_unit_test(test_counts_evidence),
		cmocka_unit_test(test_run_moved),
		cmocka_unit_test(test_regressions_do_not_widen),
		cmocka_unit_test(test_improvements_do_not_hide_a_regression),
		cmocka_unit_test(test_noisy_pair_only_doubts),
		cmocka_unit_test(test_rate_judged_with_its_time),
		cmocka_unit_test(test_noisy_pair_keeps_history_df),
		cmocka_unit_test(test_samples_evidence),
		cmocka_unit_test(test_few_samples),
		cmocka_unit_test(test_history_evidence),
		cmocka_unit_test(test_one_run_small_suite),
		cmocka_unit_test(test_budgets),
		cmocka_unit_test(test_bad_settings),
		cmocka_unit_test(test_new_removed_geomean),
		cmocka_unit_test(test_median_estimator),
		cmocka_unit_test(test_measure_budgets),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
