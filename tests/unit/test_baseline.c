/*
 * Baselines on real repositories: the nearest measured first-parent
 * ancestor, on the machine asked for, within reach; and the revision to
 * compare with when none is named.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store/store_int.h"

typedef th_store_fixture fixture;

static void record(fixture *f, int i, const char *machine)
{
	gb_run *run = th_run_make(&f->c[i], 2, 100);

	if (machine)
		assert_int_equal(gb_run_set_string(&run->machine, machine), 0);
	assert_int_equal(gb_store_append(f->store, &run, 1), 0);
	gb_run_free(run);
}

static void test_at_the_commit(void **state)
{
	fixture *f = *state;
	gb_baseline b;

	record(f, 3, NULL);
	assert_int_equal(gb_baseline_find(&b, f->store, &f->c[3], NULL,
				 GB_BASELINE_MAX_DISTANCE), 0);
	assert_true(git_oid_equal(&b.commit, &f->c[3]));
	assert_true(git_oid_equal(&b.requested, &f->c[3]));
	assert_int_equal(b.distance, 0);
	assert_int_equal(b.runs.count, 1);
	gb_baseline_dispose(&b);
}

static void test_nearest_ancestor(void **state)
{
	fixture *f = *state;
	gb_baseline b;

	record(f, 0, NULL);
	record(f, 1, NULL);
	assert_int_equal(gb_baseline_find(&b, f->store, &f->c[3], NULL,
				 GB_BASELINE_MAX_DISTANCE), 0);
	assert_true(git_oid_equal(&b.commit, &f->c[1]));
	assert_true(git_oid_equal(&b.requested, &f->c[3]));
	assert_int_equal(b.distance, 2);
	gb_baseline_dispose(&b);
}

/* Another machine's results are passed over, as if there were none. */
static void test_machine(void **state)
{
	fixture *f = *state;
	gb_baseline b;

	record(f, 1, "laptop");
	record(f, 2, "ci");
	assert_int_equal(gb_baseline_find(&b, f->store, &f->c[3], "laptop",
				 GB_BASELINE_MAX_DISTANCE), 0);
	assert_true(git_oid_equal(&b.commit, &f->c[1]));
	assert_string_equal(b.runs.runs[0]->machine, "laptop");
	gb_baseline_dispose(&b);
	assert_int_equal(gb_baseline_find(&b, f->store, &f->c[3], "other",
				 GB_BASELINE_MAX_DISTANCE), GB_ENOTFOUND);
	assert_non_null(strstr(gb_error_last()->message,
		"or its first-parent ancestors on machine other"));
}

static void test_out_of_reach(void **state)
{
	fixture *f = *state;
	gb_baseline b;
	char hex[8], want[128];

	record(f, 0, NULL);
	assert_int_equal(gb_baseline_find(&b, f->store, &f->c[3], NULL, 2),
		GB_ENOTFOUND);
	git_oid_tostr(hex, sizeof(hex), &f->c[3]);
	snprintf(want, sizeof(want),
		"no results for %s or its first-parent ancestors", hex);
	assert_string_equal(gb_error_last()->message, want);
	assert_int_equal(b.runs.count, 0);
	/* Three steps back is within a reach of three. */
	assert_int_equal(gb_baseline_find(&b, f->store, &f->c[3], NULL, 3), 0);
	assert_int_equal(b.distance, 3);
	gb_baseline_dispose(&b);
}

/* A note that cannot be read is passed over, and counted. */
static void test_damaged_passed_over(void **state)
{
	fixture *f = *state;
	gb_note_change junk = { .action = GB_NOTE_REPLACE, .data = "junk",
				.len = 4 };
	gb_baseline b;

	record(f, 0, NULL);
	git_oid_cpy(&junk.commit, &f->c[2]);
	assert_int_equal(gb_store_notes_write(f->store, &junk, 1, "junk"), 0);
	assert_int_equal(gb_baseline_find(&b, f->store, &f->c[3], NULL,
				 GB_BASELINE_MAX_DISTANCE), 0);
	assert_true(git_oid_equal(&b.commit, &f->c[0]));
	assert_int_equal(b.skipped, 1);
	gb_baseline_dispose(&b);
}

static void test_default(void **state)
{
	fixture *f = *state;
	gb_buf how = GB_BUF_INIT;
	git_oid out;

	/* No upstream, no setting: say how to name one. */
	assert_int_equal(gb_baseline_default(&out, &how, f->repo, &f->c[3],
				 NULL), GB_ENOTFOUND);
	assert_non_null(strstr(gb_error_last()->message,
		"HEAD has no upstream and bench.baseline is not set"));
	/* bench.baseline: the merge-base with it. */
	assert_int_equal(th_sh(f->dir, "git branch -q old HEAD~2"), 0);
	assert_int_equal(gb_baseline_default(&out, &how, f->repo, &f->c[3],
				 "old"), 0);
	assert_true(git_oid_equal(&out, &f->c[1]));
	assert_string_equal(how.ptr, "merge-base of HEAD and old");
	gb_buf_clear(&how);
	assert_int_equal(gb_baseline_default(&out, &how, f->repo, &f->c[3],
				 "no-such"), GB_ENOTFOUND);
	assert_string_equal(gb_error_last()->message,
		"bench.baseline: unknown revision 'no-such'");
	/* Else the upstream of the branch HEAD is on. */
	assert_int_equal(th_sh(f->dir, "git checkout -q -b topic && "
		"git branch -q --set-upstream-to=old"), 0);
	gb_buf_clear(&how);
	assert_int_equal(gb_baseline_default(&out, &how, f->repo, &f->c[3],
				 NULL), 0);
	assert_true(git_oid_equal(&out, &f->c[1]));
	assert_string_equal(how.ptr, "merge-base of HEAD and old");
	gb_buf_dispose(&how);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TH_LINE_TEST(test_at_the_commit),
		TH_LINE_TEST(test_nearest_ancestor),
		TH_LINE_TEST(test_machine),
		TH_LINE_TEST(test_out_of_reach),
		TH_LINE_TEST(test_damaged_passed_over),
		TH_LINE_TEST(test_default),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
