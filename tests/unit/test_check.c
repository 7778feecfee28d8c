/*
 * Checks on real repositories: a revision against its baseline as compare
 * makes it, a push as the pre-push hook judges it, and the benchmark a
 * bisection names.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

typedef th_store_fixture fixture;

/* Three runs of commit i, bench/1 `slower` times as slow. */
static void record(fixture *f, int i, double slower)
{
	int k;

	for (k = 0; k < 3; k++) {
		gb_run *run = th_run_make(&f->c[i], 2, 100 + k);

		run->results[1].mean *= slower;
		assert_int_equal(gb_store_append(f->store, &run, 1), 0);
		gb_run_free(run);
	}
}

static const gb_compare_row *row(const gb_check *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->result.nrows; i++)
		if (!strcmp(c->result.rows[i].name, name))
			return &c->result.rows[i];
	fail_msg("no row %s", name);
	return NULL;
}

static void test_revision(void **state)
{
	fixture *f = *state;
	gb_check c;
	char rev[GIT_OID_HEXSZ + 1];

	record(f, 1, 1);
	record(f, 3, 1.5);
	git_oid_tostr(rev, sizeof(rev), &f->c[2]);
	assert_int_equal(gb_check_revision(&c, f->store, "HEAD", rev, NULL), 0);
	/* c2 has no results: its measured ancestor c1 stands in. */
	assert_true(c.have_base);
	assert_true(git_oid_equal(&c.base.commit, &f->c[1]));
	assert_true(git_oid_equal(&c.base.requested, &f->c[2]));
	assert_int_equal(c.base.distance, 1);
	assert_true(c.base_named);
	assert_string_equal(c.base_how, rev);
	assert_string_equal(c.head_how, "HEAD");
	/* Measured elsewhere: compared on the machine of the runs. */
	assert_string_equal(c.machine, "test-machine");
	assert_int_equal(row(&c, "bench/1")->verdict, GB_VERDICT_REGRESSION);
	assert_int_equal(row(&c, "bench/0")->verdict, GB_VERDICT_STABLE);
	assert_int_equal(c.result.failures, 1);
	gb_check_dispose(&c);
}

/* The options are the settings' with the caller's above them. */
static void test_options(void **state)
{
	fixture *f = *state;
	gb_check_options o = GB_CHECK_OPTIONS_INIT;
	gb_check c;

	record(f, 1, 1);
	record(f, 3, 1.5);
	o.max_regression = 80;
	o.pattern = "bench/1";
	o.estimator = "median";
	assert_int_equal(gb_check_revision(&c, f->store, "HEAD", "HEAD~2", &o),
		0);
	assert_int_equal(c.result.nrows, 1);
	assert_int_equal(c.opts.estimator, GB_ESTIMATOR_MEDIAN);
	assert_int_equal(c.result.failures, 0);
	gb_check_dispose(&c);
	o.estimator = "mode";
	assert_int_equal(gb_check_revision(&c, f->store, "HEAD", "HEAD~2", &o),
		GB_EINVALID);
	gb_check_dispose(&c);
	/* Another machine's results only, and the baseline says so. */
	o.estimator = NULL;
	o.machine = "elsewhere";
	assert_int_equal(gb_check_revision(&c, f->store, "HEAD", "HEAD~2", &o),
		GB_ENOTFOUND);
	assert_non_null(strstr(gb_error_last()->message, "on machine elsewhere"));
	assert_non_null(c.base_how);
	assert_false(c.have_base);
	gb_check_dispose(&c);
}

static void test_no_results(void **state)
{
	fixture *f = *state;
	gb_check c;

	assert_int_equal(gb_check_revision(&c, f->store, "HEAD", "HEAD~1", NULL),
		GB_ENOTFOUND);
	assert_non_null(strstr(gb_error_last()->message, "no results recorded for"));
	gb_check_dispose(&c);
}

static gb_check_push_verdict push(fixture *f, const char *line)
{
	gb_check_push_update u;
	gb_check_push_verdict v;
	gb_check c;

	assert_int_equal(gb_check_push_parse(&u, line), 0);
	assert_int_equal(gb_check_push(&v, &c, f->store, &u, "origin"), 0);
	gb_check_dispose(&c);
	return v;
}

static void test_push(void **state)
{
	fixture *f = *state;
	char line[256], c0[GIT_OID_HEXSZ + 1], c2[GIT_OID_HEXSZ + 1];
	char tree[GIT_OID_HEXSZ + 1];
	const char *zero = "0000000000000000000000000000000000000000";
	gb_check_push_update u;
	gb_check_push_verdict v;

	git_oid_tostr(c0, sizeof(c0), &f->c[1]);
	git_oid_tostr(c2, sizeof(c2), &f->c[3]);
	snprintf(line, sizeof(line), "refs/heads/main %s refs/heads/main %s", c2, c0);
	assert_int_equal(push(f, line), GB_CHECK_PUSH_UNMEASURED);
	record(f, 3, 1);
	/* Nothing measured before it: not an error, nothing to compare. */
	assert_int_equal(push(f, line), GB_CHECK_PUSH_UNCOMPARED);
	record(f, 1, 1.0 / 1.5);
	assert_int_equal(push(f, line), GB_CHECK_PUSH_FAILED);
	/* A tag of a commit the remote lacks: judged as a new branch. */
	snprintf(line, sizeof(line), "refs/heads/new %s refs/heads/new %s", c2, zero);
	v = push(f, line);
	assert_int_not_equal(v, GB_CHECK_PUSH_SKIPPED);
	snprintf(line, sizeof(line), "refs/tags/v1 %s refs/tags/v1 %s", c2, zero);
	assert_int_equal(push(f, line), v);
	/* A tag of a tree is no code. */
	{
		git_commit *commit;

		assert_int_equal(git_commit_lookup(&commit, f->repo, &f->c[3]), 0);
		git_oid_tostr(tree, sizeof(tree), git_commit_tree_id(commit));
		git_commit_free(commit);
	}
	snprintf(line, sizeof(line), "refs/tags/t %s refs/tags/t %s", tree, zero);
	assert_int_equal(push(f, line), GB_CHECK_PUSH_SKIPPED);
	snprintf(line, sizeof(line), "(delete) %s refs/heads/old %s", zero, c0);
	assert_int_equal(push(f, line), GB_CHECK_PUSH_SKIPPED);
	assert_int_equal(gb_check_push_parse(&u, "refs/heads/main nope"),
		GB_EINVALID);
	assert_string_equal(gb_error_last()->message,
		"cannot read git's line 'refs/heads/main nope'");
	assert_string_equal(gb_check_push_branch("refs/heads/topic/x"), "topic/x");
	assert_string_equal(gb_check_push_branch("refs/tags/v1"), "refs/tags/v1");
}

static void test_bisect_name(void **state)
{
	const char *names[] = { "parse/small", "parse/large", "render" };
	const char *out = NULL;

	(void)state;
	assert_int_equal(gb_check_bisect_name(&out, names, 3, "render"), 0);
	assert_string_equal(out, "render");
	assert_int_equal(gb_check_bisect_name(&out, names, 3, "lar"), 0);
	assert_string_equal(out, "parse/large");
	assert_int_equal(gb_check_bisect_name(&out, names, 3, "parse/*"),
		GB_EINVALID);
	assert_string_equal(gb_error_last()->message,
		"'parse/*' matches 2 benchmarks (parse/small, parse/large): name one");
	assert_int_equal(gb_check_bisect_name(&out, names, 3, "zzz"), GB_ENOTFOUND);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TH_LINE_TEST(test_revision),
		TH_LINE_TEST(test_options),
		TH_LINE_TEST(test_no_results),
		TH_LINE_TEST(test_push),
		cmocka_unit_test(test_bisect_name),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
