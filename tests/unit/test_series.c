/* Series: --bench patterns, and collecting a series by its exact name. */
#include <string.h>

#include "helpers.h"

static void test_patterns(void **state)
{
	(void)state;
	assert_true(gb_series_pattern_match(NULL, "parse"));
	assert_true(gb_series_pattern_match("", "parse"));
	assert_true(gb_series_pattern_match("ars", "parse"));
	assert_false(gb_series_pattern_match("sort", "parse"));
	assert_true(gb_series_pattern_match("fib*", "fibonacci/recursive/20"));
	assert_true(gb_series_pattern_match("*/20", "fibonacci/recursive/20"));
	assert_false(gb_series_pattern_match("fib?", "fibonacci"));
	/* Names with glob characters name themselves. */
	assert_true(gb_series_pattern_match("BM_Sort [cpu_time]", "BM_Sort [cpu_time]"));
	assert_false(gb_series_pattern_match("BM_Sort [cpu_time]", "BM_Sort"));
	assert_true(gb_series_pattern_match("test_fib[5]", "test_fib[5]"));
	assert_true(gb_series_pattern_match("test_fib[56]", "test_fib5"));
	assert_true(gb_series_pattern_match("what?", "what?"));
	/* Part of a name with a parameter in brackets: a substring too. */
	assert_true(gb_series_pattern_match("test_fib[15]",
		"test_b.py::test_fib[15]"));
	assert_false(gb_series_pattern_match("test_fib[15]",
		"test_b.py::test_fib[16]"));
	assert_false(gb_series_pattern_match("fib*[15]", "fib[15]x"));
	/* "?" is one character of a UTF-8 name, as a terminal shows it. */
	assert_true(gb_series_pattern_match("caf?/x", "caf\xc3\xa9/x"));
	assert_true(gb_series_pattern_match("??", "\xe6\x97\xa5\xe6\x9c\xac"));
	assert_false(gb_series_pattern_match("???", "\xe6\x97\xa5\xe6\x9c\xac"));
	assert_true(gb_series_pattern_match("[\xc3\xa9" "e]t\xc3\xa9", "\xc3\xa9t\xc3\xa9"));
	/* Bytes that are no UTF-8 still match byte by byte. */
	assert_true(gb_series_pattern_match("a?b", "a\xff" "b"));
}

/* A series is collected by a name with brackets, and only that one. */
static void test_collect_bracketed(void **state)
{
	gb_series_options so = GB_SERIES_OPTIONS_INIT;
	gb_series_set set;
	git_repository *repo;
	gb_store *store = NULL;
	gb_run *run;
	git_oid head;
	char *dir;

	(void)state;
	repo = th_repo_new(&dir, &head);
	assert_int_equal(gb_store_open(&store, repo, NULL), 0);
	run = th_run_make(&head, 2, 10);
	free(run->results[0].name);
	run->results[0].name = strdup("BM_Sort");
	free(run->results[1].name);
	run->results[1].name = strdup("BM_Sort [cpu_time]");
	assert_int_equal(gb_store_append(store, &run, 1), 0);
	so.pattern = "BM_Sort [cpu_time]";
	assert_int_equal(gb_series_collect(&set, store, &head, &so), 0);
	assert_int_equal(set.nseries, 1);
	assert_string_equal(set.series[0].name, "BM_Sort [cpu_time]");
	assert_true(set.series[0].points[0].value == 20);
	gb_series_set_dispose(&set);
	gb_run_free(run);
	gb_store_free(store);
	git_repository_free(repo);
	th_tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_collect_bracketed),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
