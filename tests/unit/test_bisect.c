/*
 * Bisection on real temporary repositories: the commit where a noisy
 * series steps is named exactly, from stored results, through a measuring
 * callback where results are missing, around commits it must skip.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define COMMITS 30
#define STEP_AT 17

typedef struct {
	char *dir;
	git_repository *repo;
	gb_store *store;
	git_oid c[COMMITS];     /* c[0] is the first commit */
	gb_compare_options opts;
	uint64_t rng;
	double step;            /* factor from STEP_AT on */
	bool skip_step;         /* the measuring callback fails at STEP_AT */
	int spike_at;           /* a commit measured 8% slow by chance, or -1 */
	size_t measured;
} fixture;

static double gaussian(fixture *f)
{
	double u[2];
	int i;

	for (i = 0; i < 2; i++) {
		f->rng ^= f->rng << 13;
		f->rng ^= f->rng >> 7;
		f->rng ^= f->rng << 17;
		u[i] = ((double)(f->rng >> 11) + 0.5) / 9007199254740992.0;
	}
	return sqrt(-2 * log(u[0])) * cos(2 * M_PI * u[1]);
}

static int index_of(const fixture *f, const git_oid *id)
{
	int i;

	for (i = 0; i < COMMITS; i++)
		if (git_oid_equal(&f->c[i], id))
			return i;
	return -1;
}

/* A run of commit i: "parse" near 100 ns with 1% noise, "other" flat. */
static void record(fixture *f, int i, const char *machine)
{
	gb_run *run = th_run_make(&f->c[i], 2, 100);

	run->results[0].mean = 100 * (1 + 0.01 * gaussian(f)) *
			       (i >= STEP_AT ? f->step : 1) *
			       (i == f->spike_at ? 1.08 : 1);
	run->results[0].stddev = 2;
	free(run->results[0].name);
	run->results[0].name = strdup("parse");
	if (machine)
		assert_int_equal(gb_run_set_string(&run->machine, machine), 0);
	assert_int_equal(gb_store_append(f->store, &run, 1), 0);
	gb_run_free(run);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	char msg[32];
	int i;

	f->store = th_store_new(&f->repo, &f->dir, &f->c[0]);
	for (i = 1; i < COMMITS; i++) {
		snprintf(msg, sizeof(msg), "c%d", i);
		th_repo_commit(f->repo, msg, &f->c[i]);
	}
	assert_int_equal(gb_compare_options_init(&f->opts, NULL), 0);
	f->rng = 99;
	f->step = 1.3;
	f->spike_at = -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	th_store_dispose(f->store, f->repo, f->dir);
	free(f);
	return 0;
}

static void record_all(fixture *f, int from, int to)
{
	int i;

	for (i = from; i <= to; i++)
		record(f, i, NULL);
}

static int measure_cb(const git_oid *commit, void *payload)
{
	fixture *f = payload;
	int i = index_of(f, commit);

	assert_true(i >= 0);
	if (f->skip_step && i == STEP_AT)
		return GB_ENOTFOUND;
	f->measured++;
	record(f, i, NULL);
	return 0;
}

static void run_bisect(fixture *f, gb_bisect_result *r, int good, int bad,
	bool can_measure)
{
	gb_bisect_options o = GB_BISECT_OPTIONS_INIT;

	o.name = "parse";
	o.machine = "test-machine";
	o.compare = &f->opts;
	o.measure = can_measure ? measure_cb : NULL;
	o.payload = f;
	assert_int_equal(gb_bisect(r, f->store, &f->c[good], &f->c[bad], &o), 0);
}

static int first_bad(const fixture *f, const gb_bisect_result *r)
{
	return index_of(f, &r->path[r->first_bad].id);
}

static void test_stored(void **state)
{
	fixture *f = *state;
	gb_bisect_result r;

	record_all(f, 0, COMMITS - 1);
	run_bisect(f, &r, 0, COMMITS - 1, false);
	assert_true(r.found);
	assert_int_equal(first_bad(f, &r), STEP_AT);
	assert_int_equal(index_of(f, &r.path[r.last_good].id), STEP_AT - 1);
	assert_int_equal(r.hunt, GB_BISECT_WORSE);
	assert_int_equal(r.bad.verdict, GB_VERDICT_REGRESSION);
	assert_int_equal(r.n, COMMITS);
	assert_string_equal(r.unit, "ns");
	assert_true(fabs(r.path[r.first_bad].judgement.change - 30) < 5);
	gb_bisect_result_dispose(&r);
	/* A narrower range around it gives the same answer. */
	run_bisect(f, &r, 10, 20, false);
	assert_true(r.found);
	assert_int_equal(first_bad(f, &r), STEP_AT);
	assert_int_equal(r.n, 11);
	gb_bisect_result_dispose(&r);
}

/* Every other commit measured: the answer may be either of two. */
static void test_gaps_without_measuring(void **state)
{
	fixture *f = *state;
	gb_bisect_result r;
	int i;

	for (i = 0; i < COMMITS; i += 2)
		record(f, i, NULL);
	record(f, COMMITS - 1, NULL);
	run_bisect(f, &r, 0, COMMITS - 1, false);
	assert_false(r.found);
	assert_int_equal(index_of(f, &r.path[r.last_good].id), STEP_AT - 1);
	assert_int_equal(first_bad(f, &r), STEP_AT + 1);
	assert_int_equal(r.path[STEP_AT].judgement.state, GB_BISECT_UNTESTED);
	gb_bisect_result_dispose(&r);
}

static void test_gaps_measured(void **state)
{
	fixture *f = *state;
	gb_bisect_result r;
	size_t i, measured = 0;

	record(f, 0, NULL);
	record(f, 5, NULL);
	record(f, COMMITS - 1, NULL);
	run_bisect(f, &r, 0, COMMITS - 1, true);
	assert_true(r.found);
	assert_int_equal(first_bad(f, &r), STEP_AT);
	for (i = 0; i < r.n; i++)
		measured += r.path[i].measured;
	assert_int_equal(measured, f->measured);
	/* A binary search of 24 commits: about log2(24) measurements. */
	assert_true(f->measured >= 4 && f->measured <= 6);
	assert_true(r.path[r.first_bad].measured);
	gb_bisect_result_dispose(&r);
	/* Recorded: a second search measures nothing. */
	f->measured = 0;
	run_bisect(f, &r, 0, COMMITS - 1, true);
	assert_true(r.found);
	assert_int_equal(first_bad(f, &r), STEP_AT);
	assert_int_equal(f->measured, 0);
	gb_bisect_result_dispose(&r);
}

/* The regressing commit will not build: it and the next are the answer. */
static void test_skipped(void **state)
{
	fixture *f = *state;
	gb_bisect_result r;

	record(f, 0, NULL);
	record(f, COMMITS - 1, NULL);
	f->skip_step = true;
	run_bisect(f, &r, 0, COMMITS - 1, true);
	assert_false(r.found);
	assert_int_equal(index_of(f, &r.path[r.last_good].id), STEP_AT - 1);
	assert_int_equal(first_bad(f, &r), STEP_AT + 1);
	assert_int_equal(r.path[STEP_AT].judgement.state, GB_BISECT_SKIP);
	gb_bisect_result_dispose(&r);
}

/*
 * A commit measured 8% slow by chance in the middle of the old level is
 * one point off the series, not a step: the search names the real one
 * alone.
 */
static void test_noisy_commit(void **state)
{
	fixture *f = *state;
	gb_bisect_result r;

	f->spike_at = (COMMITS - 1) / 2;
	record_all(f, 0, COMMITS - 1);
	run_bisect(f, &r, 0, COMMITS - 1, false);
	assert_true(r.by_series);
	assert_int_equal(r.nsteps, 1);
	assert_true(r.found);
	assert_int_equal(first_bad(f, &r), STEP_AT);
	gb_bisect_result_dispose(&r);
}

/*
 * A 13% step that the two ends alone cannot show: noise of 4% a run, the
 * ends each one run. The series of 30 measured commits shows it; bisect
 * names its first commit.
 */
static void test_step_hidden_from_ends(void **state)
{
	fixture *f = *state;
	gb_bisect_result r;
	int i;

	f->step = 1.13;
	for (i = 0; i < COMMITS; i++) {
		gb_run *run = th_run_make(&f->c[i], 1, 100);
		double noise[] = { 0.0, 0.03, -0.04, 0.02, -0.01, 0.04, -0.03, 0.01 };

		run->results[0].mean = 100 * exp(noise[i % 8]) *
				       (i >= STEP_AT ? f->step : 1);
		free(run->results[0].name);
		run->results[0].name = strdup("parse");
		assert_int_equal(gb_store_append(f->store, &run, 1), 0);
		gb_run_free(run);
	}
	run_bisect(f, &r, 0, COMMITS - 1, false);
	assert_true(r.by_series);
	assert_true(r.nsteps >= 1);
	assert_true(r.found);
	assert_int_equal(first_bad(f, &r), STEP_AT);
	assert_int_equal(r.hunt, GB_BISECT_WORSE);
	gb_bisect_result_dispose(&r);
}

/* Two steps in the range: each is named. */
static void test_two_steps(void **state)
{
	fixture *f = *state;
	gb_bisect_result r;
	int i;

	for (i = 0; i < COMMITS; i++) {
		gb_run *run = th_run_make(&f->c[i], 1, 100);

		run->results[0].mean = 100 * (1 + 0.01 * gaussian(f)) *
				       (i >= 8 ? 1.3 : 1) * (i >= 20 ? 1.3 : 1);
		free(run->results[0].name);
		run->results[0].name = strdup("parse");
		assert_int_equal(gb_store_append(f->store, &run, 1), 0);
		gb_run_free(run);
	}
	run_bisect(f, &r, 0, COMMITS - 1, false);
	assert_int_equal(r.nsteps, 2);
	assert_int_equal(index_of(f, &r.path[r.steps[0].first_bad].id), 8);
	assert_int_equal(index_of(f, &r.path[r.steps[1].first_bad].id), 20);
	assert_true(r.steps[0].found && r.steps[1].found);
	assert_int_equal(r.steps[1].verdict, GB_VERDICT_REGRESSION);
	gb_bisect_result_dispose(&r);
}

static void test_improvement(void **state)
{
	fixture *f = *state;
	gb_bisect_result r;

	f->step = 0.7;
	record_all(f, 0, COMMITS - 1);
	run_bisect(f, &r, 0, COMMITS - 1, false);
	assert_true(r.found);
	assert_int_equal(r.hunt, GB_BISECT_BETTER);
	assert_int_equal(first_bad(f, &r), STEP_AT);
	gb_bisect_result_dispose(&r);
}

static void test_no_difference(void **state)
{
	fixture *f = *state;
	gb_bisect_result r;

	f->step = 1.0;
	record_all(f, 0, COMMITS - 1);
	run_bisect(f, &r, 0, COMMITS - 1, false);
	assert_false(r.found);
	assert_int_equal(r.bad.state, GB_BISECT_GOOD);
	assert_int_equal(r.bad.verdict, GB_VERDICT_STABLE);
	/* The figures of a range without a step. */
	assert_true(r.by_series);
	assert_int_equal(r.nsteps, 0);
	assert_int_equal(r.measured_commits, COMMITS);
	assert_true(r.noise > 0.5 && r.noise < 2);
	gb_bisect_result_dispose(&r);
}

/* The bad commit has no results: the newest measured one stands for it. */
static void test_bad_unmeasured(void **state)
{
	fixture *f = *state;
	gb_bisect_result r;

	record_all(f, 0, COMMITS - 4);
	run_bisect(f, &r, 0, COMMITS - 1, false);
	assert_true(r.found);
	assert_int_equal(r.measured_commits, COMMITS - 3);
	assert_int_equal(first_bad(f, &r), STEP_AT);
	gb_bisect_result_dispose(&r);
}

/* Results of another machine are not this machine's good or bad side. */
static void test_other_machine(void **state)
{
	fixture *f = *state;
	gb_bisect_options o = GB_BISECT_OPTIONS_INIT;
	gb_bisect_result r;
	int i;

	for (i = 0; i < COMMITS; i++)
		record(f, i, "elsewhere");
	o.name = "parse";
	o.machine = "test-machine";
	o.compare = &f->opts;
	assert_int_equal(gb_bisect(&r, f->store, &f->c[0], &f->c[COMMITS - 1], &o),
		GB_ENOTFOUND);
	assert_non_null(strstr(gb_error_last()->message, "test-machine"));
	o.machine = NULL;
	assert_int_equal(gb_bisect(&r, f->store, &f->c[0], &f->c[COMMITS - 1], &o), 0);
	assert_true(r.found);
	assert_int_equal(first_bad(f, &r), STEP_AT);
	gb_bisect_result_dispose(&r);
}

static void test_bad_input(void **state)
{
	fixture *f = *state;
	gb_bisect_options o = GB_BISECT_OPTIONS_INIT;
	gb_bisect_result r;

	record_all(f, 0, COMMITS - 1);
	o.name = "parse";
	o.compare = &f->opts;
	assert_int_equal(gb_bisect(&r, f->store, &f->c[5], &f->c[5], &o), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "the same"));
	assert_int_equal(gb_bisect(&r, f->store, &f->c[9], &f->c[3], &o), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "not an ancestor"));
	o.name = "nosuch";
	assert_int_equal(gb_bisect(&r, f->store, &f->c[0], &f->c[9], &o), GB_ENOTFOUND);
	assert_non_null(strstr(gb_error_last()->message, "no results for 'nosuch'"));
	o.version = 99;
	assert_int_equal(gb_bisect(&r, f->store, &f->c[0], &f->c[9], &o), GB_EINVALID);
}

/* The judge alone, as bisect-check uses it on runs just measured. */
static void test_judge_runs(void **state)
{
	fixture *f = *state;
	gb_bisect_judge *j = NULL;
	gb_bisect_judgement out;
	gb_runlist runs = { 0 };
	gb_run *run;

	record_all(f, 0, COMMITS - 1);
	assert_int_equal(gb_bisect_judge_new(&j, f->store, &f->c[3], &f->c[29],
				 "parse", "test-machine", &f->opts), 0);
	assert_true(git_oid_equal(gb_bisect_judge_good(j), &f->c[3]));
	run = th_run_make(&f->c[20], 1, 100);
	free(run->results[0].name);
	run->results[0].name = strdup("parse");
	run->results[0].mean = 131;
	gb_runlist_add(&runs, run);
	assert_int_equal(gb_bisect_judge_runs(&out, j, &runs, GB_BISECT_WORSE), 0);
	assert_int_equal(out.state, GB_BISECT_BAD);
	assert_int_equal(out.verdict, GB_VERDICT_REGRESSION);
	assert_int_equal(out.evidence, GB_EVIDENCE_HISTORY);
	assert_int_equal(gb_bisect_judge_runs(&out, j, &runs, GB_BISECT_BETTER), 0);
	assert_int_equal(out.state, GB_BISECT_GOOD);
	run->results[0].mean = 100.5;
	assert_int_equal(gb_bisect_judge_runs(&out, j, &runs, GB_BISECT_WORSE), 0);
	assert_int_equal(out.state, GB_BISECT_GOOD);
	/* Slower beyond noise, but nearer the good side than the bad one. */
	run->results[0].mean = 107;
	assert_int_equal(gb_bisect_judge_runs(&out, j, &runs, GB_BISECT_WORSE), 0);
	/* 7% against one good run: slower, or possibly over the 10% budget. */
	assert_int_equal(out.state, GB_BISECT_BAD);
	assert_true(out.verdict == GB_VERDICT_SLOWER ||
		    out.verdict == GB_VERDICT_UNCERTAIN);
	gb_bisect_judge_set_bad(j, 130);
	assert_int_equal(gb_bisect_judge_runs(&out, j, &runs, GB_BISECT_WORSE), 0);
	assert_int_equal(out.state, GB_BISECT_GOOD);
	/* Bisecting a step: the side of it whose level is nearer, alone. */
	gb_bisect_judge_set_levels(j, 100, 130);
	run->results[0].mean = 112;
	assert_int_equal(gb_bisect_judge_runs(&out, j, &runs, GB_BISECT_WORSE), 0);
	assert_int_equal(out.state, GB_BISECT_GOOD);
	run->results[0].mean = 116;
	assert_int_equal(gb_bisect_judge_runs(&out, j, &runs, GB_BISECT_WORSE), 0);
	assert_int_equal(out.state, GB_BISECT_BAD);
	gb_bisect_judge_set_levels(j, NAN, NAN);
	run->results[0].mean = 120;
	assert_int_equal(gb_bisect_judge_runs(&out, j, &runs, GB_BISECT_WORSE), 0);
	assert_int_equal(out.state, GB_BISECT_BAD);
	assert_int_equal(gb_run_set_string(&run->machine, "elsewhere"), 0);
	assert_int_equal(gb_bisect_judge_runs(&out, j, &runs, GB_BISECT_WORSE), 0);
	assert_int_equal(out.state, GB_BISECT_SKIP);
	assert_int_equal(out.runs, 0);
	gb_runlist_dispose(&runs);
	gb_bisect_judge_free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gaps_without_measuring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gaps_measured, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_noisy_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_hidden_from_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_improvement, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_difference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_unmeasured, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_machine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_judge_runs, setup, teardown),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
