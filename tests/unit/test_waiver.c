/* Waivers: the trailer's value, git's trailer rules, a range, matching. */
#include <string.h>

#include "helpers.h"

static void test_value(void **state)
{
	gb_waivers w = { 0 };

	(void)state;
	assert_int_equal(gb_waivers_add(&w, "parse*", NULL), 0);
	assert_int_equal(gb_waivers_add(&w, " sort cpu_time -- bigger inputs ",
		NULL), 0);
	assert_int_equal(gb_waivers_add(&w, "fib -- ", NULL), 0);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.v[0].pattern, "parse*");
	assert_null(w.v[0].measure);
	assert_null(w.v[0].reason);
	assert_true(git_oid_is_zero(&w.v[0].commit));
	assert_string_equal(w.v[1].pattern, "sort");
	assert_string_equal(w.v[1].measure, "cpu_time");
	assert_string_equal(w.v[1].reason, "bigger inputs");
	assert_null(w.v[2].reason);
	assert_int_equal(gb_waivers_add(&w, "", NULL), GB_EINVALID);
	assert_int_equal(gb_waivers_add(&w, "-- only a reason", NULL), GB_EINVALID);
	assert_int_equal(gb_waivers_add(&w, "a b c -- why", NULL), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "one pattern and one measure"));
	assert_int_equal(w.n, 3);
	gb_waivers_dispose(&w);
}

static void test_message(void **state)
{
	gb_waivers w = { 0 };
	git_oid id;

	(void)state;
	memset(&id, 0x42, sizeof(id));
	/* The trailers are the last paragraph; a line like one in the body
	 * is not one, and the key is read in any case. */
	assert_int_equal(gb_waivers_read_message(&w,
		"Faster parser\n\nBench-Accept: not-a-trailer\n\nMore text.\n\n"
		"Signed-off-by: A <a@example.com>\n"
		"bench-accept: parse -- the new grammar is slower\n"
		"Bench-Accept:\n"
		"Bench-Accept: sort cpu_time\n", &id), 0);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.v[0].pattern, "parse");
	assert_string_equal(w.v[0].reason, "the new grammar is slower");
	assert_true(git_oid_equal(&w.v[0].commit, &id));
	assert_string_equal(w.v[1].measure, "cpu_time");
	assert_int_equal(gb_waivers_read_message(&w, "No trailers\n", &id), 0);
	assert_int_equal(gb_waivers_read_message(&w, "", &id), 0);
	assert_int_equal(w.n, 2);
	gb_waivers_dispose(&w);
}

static void test_find(void **state)
{
	gb_waivers w = { 0 };
	const gb_waiver *v;

	(void)state;
	assert_null(gb_waivers_find(&w, "parse"));
	assert_int_equal(gb_waivers_add(&w, "BM_Sort cpu_time -- known", NULL), 0);
	assert_int_equal(gb_waivers_add(&w, "fib* -- all of it", NULL), 0);
	assert_null(gb_waivers_find(&w, "BM_Sort"));
	assert_null(gb_waivers_find(&w, "BM_Sort [real_time]"));
	assert_non_null(v = gb_waivers_find(&w, "BM_Sort [cpu_time]"));
	assert_string_equal(v->reason, "known");
	assert_non_null(v = gb_waivers_find(&w, "fibonacci/20"));
	assert_string_equal(v->reason, "all of it");
	assert_non_null(gb_waivers_find(&w, "fibonacci/20 [allocs]"));
	assert_null(gb_waivers_find(&w, "parse"));
	/* pytest's parameters are part of the name, not a measure. */
	assert_non_null(gb_waivers_find(&w, "fib[5]"));
	gb_waivers_dispose(&w);
}

/* The commits of base..head, all parents, each waiver with its commit. */
static void test_range(void **state)
{
	gb_waivers w = { 0 };
	git_repository *repo;
	git_oid c1, c2, c3;
	char *dir;

	(void)state;
	repo = th_repo_new(&dir, &c1);
	th_repo_commit(repo, "Slower parse\n\nBench-Accept: parse -- grammar", &c2);
	th_repo_commit(repo, "Docs\n\nBench-Accept: sort", &c3);
	assert_int_equal(gb_waivers_read_range(&w, repo, &c3, &c1), 0);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.v[0].pattern, "sort");
	assert_true(git_oid_equal(&w.v[0].commit, &c3));
	assert_true(git_oid_equal(&w.v[1].commit, &c2));
	gb_waivers_dispose(&w);
	assert_int_equal(gb_waivers_read_range(&w, repo, &c3, &c2), 0);
	assert_int_equal(w.n, 1);
	gb_waivers_dispose(&w);
	git_repository_free(repo);
	th_tmpdir_remove(dir);
}

/* A hostile history cannot make us keep more than the bound. */
static void test_bounded(void **state)
{
	gb_waivers w = { 0 };
	gb_buf msg = GB_BUF_INIT;
	size_t i;

	(void)state;
	gb_buf_puts(&msg, "Many\n\n");
	for (i = 0; i < GB_WAIVER_MAX + 10; i++)
		gb_buf_printf(&msg, "Bench-Accept: b%zu\n", i);
	assert_int_equal(gb_waivers_read_message(&w, msg.ptr, NULL), 0);
	assert_int_equal(w.n, GB_WAIVER_MAX);
	assert_int_equal(w.dropped, 10);
	gb_waivers_dispose(&w);
	gb_buf_dispose(&msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_bounded),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
