/* Revisions: git's names first, then the labels of recorded runs. */
#include <string.h>

#include "helpers.h"

static void record(th_store_fixture *f, const git_oid *commit,
	const char *label)
{
	gb_run *run = th_run_make(commit, 2, 10.0);

	assert_non_null(run);
	assert_int_equal(gb_run_set_string(&run->label, label), 0);
	assert_int_equal(gb_store_append(f->store, &run, 1), 0);
	gb_run_free(run);
}

static void assert_resolves(th_store_fixture *f, const char *rev,
	const git_oid *want)
{
	git_oid got;

	assert_int_equal(gb_revision_resolve(&got, f->store, rev), 0);
	assert_true(git_oid_equal(&got, want));
}

static void test_label_is_a_revision(void **state)
{
	th_store_fixture *f = *state;

	record(f, &f->c[1], "v0.1.0");
	assert_resolves(f, "v0.1.0", &f->c[1]);
	/* git's steps count back from the label's commit. */
	assert_resolves(f, "v0.1.0~1", &f->c[0]);
	assert_resolves(f, "HEAD~2", &f->c[1]);
}

static void test_ref_wins(void **state)
{
	th_store_fixture *f = *state;
	git_reference *ref = NULL;

	record(f, &f->c[1], "v0.1.0");
	assert_int_equal(git_reference_create(&ref, f->repo, "refs/tags/v0.1.0",
		&f->c[3], 0, NULL), 0);
	git_reference_free(ref);
	assert_resolves(f, "v0.1.0", &f->c[3]);
}

static void test_ambiguous_and_unknown(void **state)
{
	th_store_fixture *f = *state;
	char a[8], b[8], want[128];
	git_oid got;

	record(f, &f->c[1], "nightly");
	record(f, &f->c[2], "nightly");
	git_oid_tostr(a, sizeof(a), &f->c[1]);
	git_oid_tostr(b, sizeof(b), &f->c[2]);
	snprintf(want, sizeof(want),
		"label 'nightly' is on 2 commits (%s and %s): name one", a, b);
	assert_int_equal(gb_revision_resolve(&got, f->store, "nightly"),
		GB_EINVALID);
	assert_string_equal(gb_error_last()->message, want);
	assert_int_equal(gb_revision_resolve(&got, f->store, "nope"),
		GB_ENOTFOUND);
	assert_string_equal(gb_error_last()->message, "unknown revision 'nope'");
	assert_int_equal(gb_revision_resolve(&got, f->store, "-x"),
		GB_ENOTFOUND);
}

static void test_unmeasured_reason(void **state)
{
	th_store_fixture *f = *state;
	char hex[8], want[64];
	char *why = (char *)"unset";

	record(f, &f->c[1], NULL);
	git_oid_tostr(hex, sizeof(hex), &f->c[3]);
	snprintf(want, sizeof(want), "no results recorded for %s", hex);
	/* No remote, not rewritten: nothing more to say. */
	assert_int_equal(gb_revision_unmeasured(f->store, &f->c[3], &why),
		GB_ENOTFOUND);
	assert_string_equal(gb_error_last()->message, want);
	assert_null(why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TH_LINE_TEST(test_label_is_a_revision),
		TH_LINE_TEST(test_ref_wins),
		TH_LINE_TEST(test_ambiguous_and_unknown),
		TH_LINE_TEST(test_unmeasured_reason),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
